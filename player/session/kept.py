"""What the journal keeps of a session's start and end: one value each, from the conductor's
session log through the recorders to the journal's store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SessionStart:
    """What a session is started with."""

    routine_name: str
    """The routine's name as shown to the user."""
    routine_path: str | None
    """The routine file, or None for a routine that has no file."""
    routine_hash: str
    """A hash of the routine file's content, to tell edited versions apart."""
    preview: bool
    """True when played at a speed other than 1 (left out of stats by default)."""
    speed: float
    """Session seconds per real second."""
    planned_seconds: float
    """The planned length of the whole session."""
    plan: list[dict[str, Any]]
    """One dict per exercise (index, exercise, kind, planned_seconds, sets, sides, reps)."""
    started_at: str | None = None
    """When it started, as the journal stores times (None: when the journal writes it)."""


@dataclass(frozen=True)
class SessionEnd:
    """How a session ended, with its pain figures."""

    outcome: str
    """One of the outcome codes (`player.session.outcomes.OUTCOMES`)."""
    reason: str | None
    """Why it ended, in words (None for a completed session)."""
    baseline: int | None
    """Pain reported before the session (0-10)."""
    highest: int | None
    """The highest pain reported during it."""
    final: int | None
    """Pain reported at the end."""
    ended_at: str | None = None
    """When it ended, as the journal stores times (None: when the journal writes it)."""
