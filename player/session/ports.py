"""What the conductor needs of sound and journal, and what it hands its faces.

The sound and journal packages fit these protocols; the Null versions stand in when a session
plays without them. Faces read `Prompt`, `Notice` and `ConductorView`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from player.session import events as ev
from player.session.engine import View
from player.session.first import Prompt as Prompt
from player.session.kept import SessionEnd, SessionStart
from player.session.outcomes import Outcome

Stage = Literal["ready", "confirm", "screen", "baseline", "running", "final", "done"]
"""Where a session is, as the conductor runs it (its `stage`): `ready`, `confirm` (start anyway
after a stop earlier today?), `screen` (red-flag questions), `baseline` (pain before), `running`,
`final` (a last pain answer), `done`. Not a program's phase, nor a rep phase."""


class SoundPlayer(Protocol):
    """What the conductor calls to make cues heard; every method returns at once.

    The one sound-player protocol: the conductor, the session resources, both faces and the
    tests use it; player.sound's players and NullSound fit it.

    Attributes:
        notice: One line saying why sound is degraded (no device, no simpleaudio, the sound
            worker crashed, no espeak-ng for --voice), or None while all is well. Set once,
            when the problem is found.
        muted: True while cues are silenced (`--mute`, the `m` key).
        available: False once the player knows its cues cannot be heard (no device, no
            simpleaudio, the worker gave out); faces then show a visual marker for every cue.
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
        """Stop playing and release the device, threads and processes; safe to call twice."""
        ...


class RecorderLike(Protocol):
    """What the conductor needs of a journal recorder (player.journal's recorders fit). What
    `start`, `record` and `finish` return is the recorder's own business."""

    @property
    def problem(self) -> str | None:
        """One line on the first problem writing the journal, or None while all is well."""
        ...

    def take_notices(self) -> list[str]:
        """Notices that do not stop recording (the journal made private), each returned once."""
        ...

    def start(self, start: SessionStart) -> object: ...  # noqa: D102

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> object: ...  # noqa: D102

    def finish(self, end: SessionEnd) -> object: ...  # noqa: D102

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything recorded so far is written; False when `timeout` ran out."""
        ...

    def close(self) -> None: ...  # noqa: D102


class NullSound:
    """The silent player: makes no sound and shows every cue on screen (no `sound` given)."""

    notice: str | None = None
    muted: bool = False
    available: bool = False
    """Nothing can be heard: faces show cues on screen."""

    def cue(self, name: str, override: Path | None = None) -> None:
        """Do nothing."""

    def set_muted(self, muted: bool) -> None:
        """Remember the setting (nothing to silence)."""
        self.muted = muted

    def say(self, text: str) -> None:
        """Do nothing."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Do nothing."""

    def close(self) -> None:
        """Do nothing."""


class NullRecorder:
    """A recorder that keeps nothing (no journal given); also the base of test recorders."""

    problem: str | None = None

    def start(self, start: SessionStart) -> int | None:
        """Keep nothing."""
        return None

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> int | None:
        """Keep nothing."""
        return None

    def finish(self, end: SessionEnd) -> bool:
        """Keep nothing."""
        return False

    def take_notices(self) -> list[str]:
        """Nothing to tell."""
        return []

    def flush(self, timeout: float | None = None) -> bool:
        """Nothing to write."""
        return True

    def close(self) -> None:
        """Do nothing."""


@dataclass(frozen=True)
class Notice:
    """Something to show as it happens (the plain player prints most of these as lines)."""

    kind: str
    """`start`, `step`, `cue`, `count`, `rep` (a counted rep starts: `Rep 4 of 15`), `line`,
    `rep_phase`, `exercise_done`, `note`, `ask`, `paused`, `resumed`, `skip`, `back`, `stop` (lines:
    the stop message), `done`, `left` (a quit, the end of input, a start declined), `problem`."""
    text: str
    """One line of text (data from the routine is plain text, never markup)."""
    lines: tuple[str, ...] = ()
    """More lines, for `stop` and `done` messages."""
    event: ev.Event | None = None
    """The engine event behind it, if any."""


@dataclass(frozen=True)
class ConductorView:
    """Everything a screen shows at one moment."""

    stage: Stage
    prompt: Prompt | None
    session: View
    """The engine's view: step, times, next step, cue lines, rep phase."""
    baseline: int | None
    last_pain: int | None
    note: str | None
    """The latest safety note, e.g. pain a little higher than at the start."""
    outcome: Outcome | None
    message: tuple[str, ...]
    """The stop or closing message, once the session has ended."""
