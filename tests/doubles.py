"""Test doubles shared by the tests: a sound player that records instead of playing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from player.sound.cues import check_cue_name

CallKind = Literal["cue", "say"]


class RecordingSoundPlayer:
    """Records every cue and say call in order and makes no sound (fits SoundPlayer).

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
        """Record a cue."""
        check_cue_name(name)
        self.calls.append(("cue", name, override))

    def say(self, text: str) -> None:
        """Record a say call."""
        self.calls.append(("say", text, None))

    def prepare(self, texts: Iterable[str]) -> None:
        """Record phrases to prepare."""
        self.prepared.extend(texts)

    def set_muted(self, muted: bool) -> None:
        """Record the muted state."""
        self.muted = muted

    def close(self) -> None:
        """Mark the recorder closed."""
        self.closed = True
