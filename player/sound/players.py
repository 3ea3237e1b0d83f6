"""The sound player protocol and the players that make no audio: recording (tests) and bell."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, Protocol

from player.sound.cues import check_cue_name

CallKind = Literal["cue", "say"]


class SoundPlayer(Protocol):
    """What the conductor calls to make cues heard; every method returns at once.

    Attributes:
        notice: One line saying why sound is degraded (no device, no simpleaudio, no espeak-ng
            for --voice), or None while all is well. Set once, when the problem is found.
        muted: True while cues are silenced (`--mute`, the `m` key).
        available: False once the player knows its cues cannot be heard (no device, no
            simpleaudio); faces then show a visual marker for every cue.
    """

    notice: str | None
    muted: bool

    @property
    def available(self) -> bool:
        """False when cues cannot be heard even when unmuted."""
        ...

    def cue(self, name: str, override: Path | None = None) -> None:
        """Start a cue's sound and forget it; it may cut off the cue still playing.

        Args:
            name: One of CUE_NAMES (anything else raises ValueError).
            override: A routine's own WAV file for this cue, played instead of the built-in one.
        """
        ...

    def say(self, text: str) -> None:
        """Speak `text` when voice is on (rendered in the background); a no-op otherwise.

        Args:
            text: What to say: an exercise name, "switch sides", "rest", a cue line.
        """
        ...

    def prepare(self, texts: Iterable[str]) -> None:
        """Render phrases for `say` ahead of time so they start at once later (voice only).

        Args:
            texts: Phrases the session will say.
        """
        ...

    def set_muted(self, muted: bool) -> None:
        """Silence or unsilence cues from now on.

        Args:
            muted: True to silence.
        """
        ...

    def close(self) -> None:
        """Stop playing and release the device and threads; safe to call twice."""
        ...


class RecordingSoundPlayer:
    """A player for tests: records every cue and say call in order and makes no sound.

    Attributes:
        calls: `(kind, name_or_text, override)` tuples in call order, muted or not.
        prepared: Every phrase passed to `prepare`.
    """

    def __init__(self, *, available: bool = True, notice: str | None = None) -> None:
        """Make a recorder.

        Args:
            available: What `available` reports (to test how faces show a missing device).
            notice: What `notice` reports.
        """
        self.calls: list[tuple[CallKind, str, Path | None]] = []
        self.prepared: list[str] = []
        self.notice = notice
        self.muted = False
        self.closed = False
        self._available = available

    @property
    def available(self) -> bool:
        """What the recorder was made with."""
        return self._available

    @property
    def cue_names(self) -> list[str]:
        """Just the cue names, in order (say calls left out)."""
        return [name for kind, name, _ in self.calls if kind == "cue"]

    def cue(self, name: str, override: Path | None = None) -> None:
        """Record a cue (see SoundPlayer.cue)."""
        check_cue_name(name)
        self.calls.append(("cue", name, override))

    def say(self, text: str) -> None:
        """Record a say call (see SoundPlayer.say)."""
        self.calls.append(("say", text, None))

    def prepare(self, texts: Iterable[str]) -> None:
        """Record phrases to prepare (see SoundPlayer.prepare)."""
        self.prepared.extend(texts)

    def set_muted(self, muted: bool) -> None:
        """Record the muted state (see SoundPlayer.set_muted)."""
        self.muted = muted

    def close(self) -> None:
        """Mark the recorder closed."""
        self.closed = True


def terminal_bell() -> None:
    """Ring the terminal bell on the real stdout (the default for bell mode without a face's)."""
    stream = sys.__stdout__
    if stream is not None:
        stream.write("\a")
        stream.flush()


class BellSoundPlayer:
    """`--bell` (rings the terminal bell for every cue) and `--mute` without audio: no device."""

    notice: str | None = None

    def __init__(self, bell: Callable[[], None] | None, *, muted: bool = False) -> None:
        """Make a bell player.

        Args:
            bell: What rings the bell (a face passes its own, e.g. Textual's `App.bell`); None
                means a silent player that never rings.
            muted: Start muted.
        """
        self._bell = bell
        self.muted = muted

    @property
    def available(self) -> bool:
        """True when there is a bell to ring."""
        return self._bell is not None

    def cue(self, name: str, override: Path | None = None) -> None:
        """Ring the bell unless muted (see SoundPlayer.cue)."""
        check_cue_name(name)
        if not self.muted and self._bell is not None:
            self._bell()

    def say(self, text: str) -> None:
        """Do nothing: a bell cannot speak."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Do nothing: a bell cannot speak."""

    def set_muted(self, muted: bool) -> None:
        """Silence or unsilence the bell (see SoundPlayer.set_muted)."""
        self.muted = muted

    def close(self) -> None:
        """Nothing to release."""
