"""A session's record as the conductor makes it: kept in memory and passed on to the journal.

The summary at the end of a session reads the figures from this in-memory copy, so it tells the
truth even when the journal file could not be written; the journal stores the same events, and
the review commands run the same figures over them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from player.journal import figures
from player.journal.records import Event, SessionDetail, SessionSummary, format_utc, utc_now
from player.journal.work import tallies
from player.session.kept import SessionEnd, SessionStart
from player.session.ports import RecorderLike


class SessionLog:
    """Records one session's events through a recorder, keeping a copy of each."""

    def __init__(self, recorder: RecorderLike, wall: Callable[[], datetime] = utc_now) -> None:
        """Record through `recorder`.

        Args:
            recorder: The journal recorder (it never raises; a problem stops it writing).
            wall: The wall clock, timezone-aware (tests pass a fixed one).
        """
        self.recorder = recorder
        self.wall = wall
        self.events: list[Event] = []
        """Every event recorded in this session, in order."""
        self.session: SessionStart | None = None
        """What the session was started with (routine, plan, planned time...)."""
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.outcome: str | None = None
        self.reason: str | None = None
        """How it ended, as one third-person sentence (None for a completed session)."""

    @property
    def started(self) -> bool:
        """True once `start` was called."""
        return self.started_at is not None

    def start(self, session: SessionStart) -> None:
        """Start the session (as `Journal.start_session`). The journal hears of it
        with its first event: a session left at its first question, before any answer, is
        not kept at all (nothing to report, nothing counted)."""
        self.session = session
        self.started_at = self.wall()

    @property
    def kept(self) -> bool:
        """True once the journal has the session (its first event was recorded)."""
        return bool(self.events)

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> None:
        """Record one event at the session's active clock `clock`."""
        if not self.started:
            return
        if not self.events and self.session is not None:
            # The journal's start is the session's, not its first answer's: both faces and the
            # journal then give the same start to end.
            at = self.session.started_at or format_utc(self.started_at or self.wall())
            self.recorder.start(replace(self.session, started_at=at))
        self.events.append(Event(len(self.events) + 1, kind, self.wall(), clock, data))
        self.recorder.record(kind, clock, data)

    def finish(self, outcome: str, reason: str | None) -> figures.Pain:
        """Close the session: its pain figures and its ending sentence come from the events.

        Args:
            outcome: The outcome code.
            reason: Why it ended, for a quit or an interruption (stops are told by their events).

        Returns:
            The session's pain figures, as kept.
        """
        pain = figures.pain(self.events)
        self.outcome = outcome
        self.reason = figures.ending(outcome, self.events, reason)
        self.ended_at = self.wall()
        if self.kept:
            self.recorder.finish(
                SessionEnd(outcome, self.reason, pain.baseline, pain.highest, pain.final)
            )
        return pain

    def detail(self) -> SessionDetail:
        """The session as the journal would read it back (id 0 when it has none)."""
        s = self.session or SessionStart("", None, "", False, 1.0, 0.0, [])
        started = self.started_at or self.wall()
        pain = figures.pain(self.events)
        plan = list(s.plan)
        work = tallies.work_figures(plan, self.events, ended=self.ended_at is not None)
        summary = SessionSummary(
            id=int(getattr(self.recorder, "session_id", None) or 0),
            routine_name=s.routine_name,
            routine_path=s.routine_path,
            routine_hash=s.routine_hash,
            preview=s.preview,
            speed=s.speed,
            planned_seconds=s.planned_seconds,
            started_at=started,
            ended_at=self.ended_at,
            outcome=self.outcome or "running",
            reason=self.reason,
            baseline=pain.baseline,
            highest=pain.highest,
            final=pain.final,
            active_seconds=figures.active_seconds(self.events),
            answer_seconds=work.answer_seconds,
            exercises_planned=work.planned,
            exercises_done=work.done,
            exercises_worked=work.worked,
        )
        return SessionDetail(summary, plan, list(self.events))
