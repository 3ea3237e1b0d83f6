"""What the journal keeps, as the rest of hep reads it: sessions, events, times as stored.

The bottom of the journal: the store, the review, the reports and the conductor's session log
all use these, and this module imports none of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from player.safetext import shown_deep
from player.session.outcomes import counts_as_session, outcome_word

SUMMARY_COLUMNS = (
    "id, routine_name, routine_path, routine_hash, preview, speed, planned_seconds, started_at,"
    " ended_at, outcome, reason, baseline_pain, highest_pain, final_pain, clock_seconds,"
    " answer_seconds, exercises_planned, exercises_done, exercises_worked"
)


def json_cell(text: str) -> Any:
    """A JSON cell (an event's data, a session's plan) with every string in it safe to show,
    as one line (a name, a side, a note: each is typed as one).

    Args:
        text: The cell as read.

    Returns:
        The decoded value.
    """
    return shown_deep(json.loads(text))


def tenth(seconds: float | None) -> float | None:
    """Seconds as exports give them: rounded to a tenth."""
    return None if seconds is None else round(seconds, 1)


def _less(clock: float | None, answering: float | None) -> float | None:
    """The clock less the answering time (a journal without it keeps the clock)."""
    return None if clock is None else max(0.0, clock - (answering or 0.0))


def event_data_now(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An event's data as this hep writes it, from data any hep wrote.

    Before schema version 6 a verdict said `"action": "stop"` (or `"continue"`); it says
    `"stops": true` (or false) since. Other data is returned as it is.

    Args:
        kind: The event's kind.
        data: Its data, as kept.

    Returns:
        The data in today's words (a new dict when it changed).
    """
    if kind != "verdict" or "action" not in data or "stops" in data:
        return data
    return {
        ("stops" if key == "action" else key): (value == "stop" if key == "action" else value)
        for key, value in data.items()
    }


def utc_now() -> datetime:
    """The wall time now, in UTC (the one wall clock of sessions and the journal)."""
    return datetime.now(UTC)


def format_utc(moment: datetime) -> str:
    """Format an aware datetime the way the journal stores times.

    Args:
        moment: A timezone-aware datetime.

    Returns:
        The UTC time as `YYYY-MM-DDTHH:MM:SS.mmmZ`, which sorts as time does.
    """
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_utc(text: str) -> datetime:
    """Read a time as the journal stores it.

    Args:
        text: `YYYY-MM-DDTHH:MM:SS.mmmZ`.

    Returns:
        An aware datetime in UTC.

    Raises:
        ValueError: Not such a time, or one with no UTC day (9999-12-31T23:00-05:00).
    """
    moment = datetime.fromisoformat(text)
    try:
        return moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is past the calendar's end in UTC") from None


@dataclass(frozen=True)
class Event:
    """One recorded event."""

    id: int
    kind: str
    wall: datetime
    clock: float
    """The session's clock when it happened (`Event.clock` of player.session.events)."""
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The event as JSON-ready values."""
        return {
            "id": self.id,
            "kind": self.kind,
            "wall": format_utc(self.wall),
            "clock": self.clock,
            "data": self.data,
        }


@dataclass(frozen=True)
class SessionSummary:
    """One session row, as the list and stats show it."""

    id: int
    routine_name: str
    routine_path: str | None
    routine_hash: str
    preview: bool
    speed: float
    planned_seconds: float
    started_at: datetime
    ended_at: datetime | None
    outcome: str
    reason: str | None
    baseline: int | None
    highest: int | None
    final: int | None
    active_seconds: float | None
    """Active time: exercise time, paused time and answering time left out (the journal keeps
    the clock and the answering time when the session ends; `figures.active_seconds` over its
    events)."""
    answer_seconds: float | None = None
    """Time spent answering check-ins during the session (`figures.answer_seconds`)."""
    exercises_planned: int | None = None
    """Exercises in the plan (None while running)."""
    exercises_done: int | None = None
    """Exercises done whole (None while running)."""
    exercises_worked: int | None = None
    """Exercises with some work done (None while running, or with no plan to tell by)."""

    @classmethod
    def from_row(cls, row: Any) -> SessionSummary:
        """Build from a row selected with `SUMMARY_COLUMNS`."""
        return cls(
            id=row["id"],
            routine_name=row["routine_name"],
            routine_path=row["routine_path"],
            routine_hash=row["routine_hash"],
            preview=bool(row["preview"]),
            speed=row["speed"],
            planned_seconds=row["planned_seconds"],
            started_at=parse_utc(row["started_at"]),
            ended_at=parse_utc(row["ended_at"]) if row["ended_at"] else None,
            outcome=row["outcome"],
            reason=row["reason"],
            baseline=row["baseline_pain"],
            highest=row["highest_pain"],
            final=row["final_pain"],
            active_seconds=_less(row["clock_seconds"], row["answer_seconds"]),
            answer_seconds=row["answer_seconds"],
            exercises_planned=row["exercises_planned"],
            exercises_done=row["exercises_done"],
            exercises_worked=row["exercises_worked"],
        )

    @property
    def counts(self) -> bool:
        """Whether the session counts towards the week's target (`counts_as_session`)."""
        return counts_as_session(self.outcome, self.exercises_worked)

    def counted(self, previews: bool = False) -> bool:
        """Whether the review counts the session towards the week's target: `counts`, and a
        preview only when previews are counted (asked for with --include-previews, as `stats`
        and the report count them then; never otherwise, wherever the session is listed).

        Args:
            previews: Previews are counted too.

        Returns:
            True when it counts.
        """
        return self.counts and (previews or not self.preview)

    @property
    def wall_seconds(self) -> float | None:
        """Wall time: seconds from the start to the end, pauses included (None while running).

        Never less than the active and answering time the session's own clock measured: a
        wall clock set back during the session (the system's time corrected) cannot make it
        shorter than its parts. A preview's clock runs faster than the wall, so it has no
        such floor."""
        if self.ended_at is None:
            return None
        wall = (self.ended_at - self.started_at).total_seconds()
        if not self.preview:
            wall = max(wall, (self.active_seconds or 0.0) + (self.answer_seconds or 0.0))
        return max(0.0, wall)

    def to_json(self, previews_counted: bool = False) -> dict[str, Any]:
        """The summary as JSON-ready values (times in UTC, ISO 8601).

        Args:
            previews_counted: Previews were asked for (`counted`): a preview's `counts`.
        """
        return {
            "id": self.id,
            "routine": self.routine_name,
            "routine_path": self.routine_path,
            "routine_hash": self.routine_hash,
            "preview": self.preview,
            "speed": self.speed,
            "planned_seconds": self.planned_seconds,
            "started_at": format_utc(self.started_at),
            "ended_at": format_utc(self.ended_at) if self.ended_at else None,
            "active_seconds": tenth(self.active_seconds),
            "answer_seconds": tenth(self.answer_seconds),
            "wall_seconds": tenth(self.wall_seconds),
            "exercises": {
                "planned": self.exercises_planned,
                "done": self.exercises_done,
                "worked": self.exercises_worked,
            },
            "counts": self.counted(previews_counted),
            "outcome": self.outcome,
            "outcome_words": outcome_word(self.outcome),
            "reason": self.reason,
            "pain": {"baseline": self.baseline, "highest": self.highest, "final": self.final},
        }


@dataclass(frozen=True)
class SessionDetail:
    """A session with its plan and all its events."""

    summary: SessionSummary
    plan: list[dict[str, Any]]
    events: list[Event] = field(default_factory=list)
