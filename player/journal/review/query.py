"""Reading the journal back: session summaries, one session's events, dates in local time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from player import localday
from player.answers import AnswerError, read_date
from player.journal.store.store import Journal, format_utc
from player.safetext import shown_deep
from player.session.outcomes import counts_as_session, outcome_word

SUMMARY_COLUMNS = (
    "id, routine_name, routine_path, routine_hash, preview, speed, planned_seconds, started_at,"
    " ended_at, outcome, reason, baseline_pain, highest_pain, final_pain, elapsed_seconds,"
    " answer_seconds, exercises_planned, exercises_done, exercises_worked"
)


def json_cell(text: str) -> Any:
    """A JSON cell (an event's data, a session's plan) with every string in it safe to show.

    Args:
        text: The cell as read.

    Returns:
        The decoded value.
    """
    return shown_deep(json.loads(text), lines=True)


def tenth(seconds: float | None) -> float | None:
    """Seconds as exports give them: rounded to a tenth."""
    return None if seconds is None else round(seconds, 1)


def _less(clock: float | None, answering: float | None) -> float | None:
    """The clock less the answering time (a journal without it keeps the clock)."""
    return None if clock is None else max(0.0, clock - (answering or 0.0))


def parse_utc(text: str) -> datetime:
    """Read a time as the journal stores it.

    Args:
        text: `YYYY-MM-DDTHH:MM:SS.mmmZ`.

    Returns:
        An aware datetime in UTC.
    """
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    """The same moment in the user's time zone (with the offset it had at that moment)."""
    return localday.at(moment)


_RELATIVE = re.compile(r"([0-9]{1,5})([dw])")


def parse_since(text: str, today: date | None = None) -> datetime:
    """Read a `--since` value: a local date `YYYY-MM-DD`, or `Nd` / `Nw` days or weeks back.

    Args:
        text: What the user typed.
        today: The local date to count back from (today when None).

    Returns:
        The start of that local day, as an aware datetime.

    Raises:
        ValueError: The text is neither form; the message says what is expected.
    """
    text = text.strip()
    match = _RELATIVE.fullmatch(text)
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        day = (today or localday.today()) - timedelta(days=days)
    else:
        try:
            day = read_date(text)
        except AnswerError:
            raise ValueError(
                f"bad date {text!r}: give YYYY-MM-DD, or a number of days or weeks back (7d, 4w)"
            ) from None
    return localday.midnight(day)


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
    """Exercises with some work done (None while running, or with no events to tell by)."""

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
            active_seconds=_less(row["elapsed_seconds"], row["answer_seconds"]),
            answer_seconds=row["answer_seconds"],
            exercises_planned=row["exercises_planned"],
            exercises_done=row["exercises_done"],
            exercises_worked=row["exercises_worked"],
        )

    @property
    def counts(self) -> bool:
        """Whether the session counts towards the week's target (`counts_as_session`)."""
        return counts_as_session(self.outcome, self.exercises_worked)

    @property
    def wall_seconds(self) -> float | None:
        """Wall time: seconds from the start to the end, pauses included (None while running)."""
        if self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.started_at).total_seconds())

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-ready values (times in UTC, ISO 8601)."""
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
            "counts": self.counts,
            "outcome": self.outcome,
            "outcome_words": outcome_word(self.outcome),
            "reason": self.reason,
            "pain": {"baseline": self.baseline, "highest": self.highest, "final": self.final},
        }


@dataclass(frozen=True)
class Event:
    """One recorded event."""

    id: int
    kind: str
    wall: datetime
    elapsed: float
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The event as JSON-ready values."""
        return {
            "id": self.id,
            "kind": self.kind,
            "wall": format_utc(self.wall),
            "elapsed": self.elapsed,
            "data": self.data,
        }


@dataclass(frozen=True)
class SessionDetail:
    """A session with its plan and all its events."""

    summary: SessionSummary
    plan: list[dict[str, Any]]
    events: list[Event] = field(default_factory=list)


# The routine file's name (its path after the last `/`), in SQL: rtrim strips every character
# but `/` from the right, leaving the folder, which replace then takes off the front.
_FILE_NAME_SQL = "replace(routine_path, rtrim(routine_path, replace(routine_path, '/', '')), '')"


def routine_clause(routine: str) -> tuple[str, list[Any]]:
    """The SQL test (and parameters) for `--routine`: the routine's title, or the file it was
    played from by name (`si-joint` or `si-joint.yaml` for `.../si-joint.yaml`), in any case.

    Args:
        routine: What the user typed.

    Returns:
        A parenthesised condition and its parameters.
    """
    text = routine.strip()
    stem = text.rsplit("/", 1)[-1]
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    names = [stem, f"{stem}.yaml", f"{stem}.yml"]
    marks = ", ".join("?" for _ in names)
    clause = f"(routine_name = ? COLLATE NOCASE OR {_FILE_NAME_SQL} COLLATE NOCASE IN ({marks}))"
    return clause, [text, *names]


def where_clause(
    routine: str | None, since: datetime | None, include_previews: bool
) -> tuple[str, list[Any]]:
    """The SQL `WHERE` part (maybe empty) and its parameters for the review filters."""
    clauses: list[str] = []
    params: list[Any] = []
    if routine is not None:
        clause, values = routine_clause(routine)
        clauses.append(clause)
        params += values
    if since is not None:
        clauses.append("started_at >= ?")
        params.append(format_utc(since))
    if not include_previews:
        clauses.append("preview = 0")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params


def list_sessions(
    journal: Journal,
    *,
    routine: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    include_previews: bool = True,
    newest_first: bool = True,
) -> list[SessionSummary]:
    """Sessions matching the filters.

    Args:
        journal: The open journal.
        routine: Only this routine: its title or its file's name, any case.
        since: Only sessions started at or after this moment.
        limit: At most this many (None: all).
        include_previews: Include sessions played at another speed.
        newest_first: Order by start time, newest first (else oldest first).

    Returns:
        The summaries.
    """
    where, params = where_clause(routine, since, include_previews)
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT {SUMMARY_COLUMNS} FROM sessions{where} ORDER BY started_at {order}, id {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [SessionSummary.from_row(row) for row in journal.query(sql, params)]


def count_sessions(journal: Journal) -> int:
    """How many sessions the journal holds, previews included."""
    return int(journal.query("SELECT COUNT(*) FROM sessions")[0][0])


def _event(row: Any) -> Event:
    return Event(
        row["id"], row["kind"], parse_utc(row["wall"]), row["elapsed"], json_cell(row["data"])
    )


def get_session(journal: Journal, session_id: int) -> SessionDetail | None:
    """One session with its plan and events, or None if there is no such session."""
    rows = journal.query(
        f"SELECT {SUMMARY_COLUMNS}, plan FROM sessions WHERE id = ?", (session_id,)
    )
    if not rows:
        return None
    events = journal.query(
        "SELECT id, kind, wall, elapsed, data FROM events WHERE session_id = ? ORDER BY id",
        (session_id,),
    )
    return SessionDetail(
        SessionSummary.from_row(rows[0]), json_cell(rows[0]["plan"]), [_event(e) for e in events]
    )


def load_details(journal: Journal, sessions: list[SessionSummary]) -> list[SessionDetail]:
    """Plans and events for many sessions (for exports), in the order given."""
    if not sessions:
        return []
    ids = [s.id for s in sessions]
    plans: dict[int, list[dict[str, Any]]] = {}
    events: dict[int, list[Event]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in journal.query(f"SELECT id, plan FROM sessions WHERE id IN ({marks})", chunk):
            plans[row["id"]] = json_cell(row["plan"])
        for row in journal.query(
            "SELECT session_id, id, kind, wall, elapsed, data FROM events"
            f" WHERE session_id IN ({marks}) ORDER BY session_id, id",
            chunk,
        ):
            events[row["session_id"]].append(_event(row))
    return [SessionDetail(s, plans.get(s.id, []), events[s.id]) for s in sessions]
