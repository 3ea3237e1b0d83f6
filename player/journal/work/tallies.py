"""A session's work figures, kept beside its outcome: exercises done and worked, answering time.

The journal works them out from a session's plan and events when the session ends (and, for
sessions an earlier hep wrote, when the journal is upgraded), so the list, the stats, the report
and the program rules read them from the session's row without going through its events.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from player.journal import figures
from player.journal.records import Event, event_data_now, parse_utc
from player.journal.work.exercises import exercise_results, worked_count
from player.session.outcomes import USER_CHOICE, USER_STOP

ClockColumn = Literal["clock", "elapsed"]
"""The events' clock column: `clock`, or `elapsed` in a journal before schema version 6."""


@dataclass(frozen=True)
class WorkFigures:
    """What a session's exercises came to."""

    planned: int
    """Exercises in the plan."""
    done: int
    """Exercises done whole."""
    worked: int | None
    """Exercises with some work done (None when the session keeps no plan to tell by)."""
    answer_seconds: float
    """Time spent answering check-ins on the session's clock (`figures.answer_seconds`)."""


def work_figures(
    plan: Sequence[dict[str, Any]], events: Sequence[Event], *, ended: bool = True
) -> WorkFigures:
    """The work figures of a session.

    Args:
        plan: One row per exercise, as the journal keeps the plan.
        events: The session's events in order.
        ended: Whether the session is over.

    Returns:
        The figures.
    """
    results, _ = exercise_results(plan, events, ended=ended)
    return WorkFigures(
        planned=len(results),
        done=sum(1 for r in results if r.status == "done"),
        worked=worked_count(results) if results else None,
        answer_seconds=figures.answer_seconds(events),
    )


def _loads(text: Any, default: Any) -> Any:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


def stored_figures(
    conn: sqlite3.Connection, session_id: int, *, clock_column: ClockColumn = "clock"
) -> WorkFigures:
    """The work figures of a stored session, from its plan and events (a row that does not
    read is left out, never raised).

    Args:
        conn: An open connection to the journal.
        session_id: The session.
        clock_column: The events' clock column: `elapsed` before schema version 6 (the
            migration to version 5 reads a journal of that time).

    Returns:
        The figures.
    """
    row = conn.execute("SELECT plan FROM sessions WHERE id = ?", (session_id,)).fetchone()
    plan = [item for item in _loads(row[0] if row else None, []) if isinstance(item, dict)]
    events: list[Event] = []
    for event_id, kind, wall, reading, data in conn.execute(
        f"SELECT id, kind, wall, {clock_column}, data FROM events WHERE session_id = ? ORDER BY id",
        (session_id,),
    ):
        try:
            moment = parse_utc(wall)
            seconds = float(reading)
        except (TypeError, ValueError):
            continue
        kept = event_data_now(str(kind), _loads(data, {}))
        events.append(Event(event_id, str(kind), moment, seconds, kept))
    return work_figures(plan, events)


def store_figures(
    conn: sqlite3.Connection, session_id: int, *, clock_column: ClockColumn = "clock"
) -> None:
    """Work out a stored session's figures and keep them in its row.

    Args:
        conn: An open connection to the journal, in a transaction.
        session_id: The session.
        clock_column: The events' clock column (see `stored_figures`).
    """
    found = stored_figures(conn, session_id, clock_column=clock_column)
    conn.execute(
        "UPDATE sessions SET exercises_planned = ?, exercises_done = ?, exercises_worked = ?,"
        " answer_seconds = ? WHERE id = ?",
        (found.planned, found.done, found.worked, found.answer_seconds, session_id),
    )


def backfill(conn: sqlite3.Connection) -> None:
    """Keep the figures of every ended session an earlier hep wrote (the migration to schema
    version 5, so it reads the journal as it was then: the events' clock named `elapsed`).

    Args:
        conn: An open connection to the journal, in the migration's transaction.
    """
    rows = conn.execute("SELECT id, outcome FROM sessions WHERE outcome != 'running'").fetchall()
    for session_id, outcome in rows:
        store_figures(conn, session_id, clock_column="elapsed")
        if outcome in ("completed", "stopped_pain"):
            now = _outcome_now(conn, session_id, outcome)
            if now != outcome:
                conn.execute("UPDATE sessions SET outcome = ? WHERE id = ?", (now, session_id))


def _outcome_now(conn: sqlite3.Connection, session_id: int, outcome: str) -> str:
    """A kept session's outcome as this hep words it: `nothing_done` for a session completed
    with no work, `stopped_user` for a stop key answered with no flag and no rule met."""
    if outcome == "completed":
        row = conn.execute(
            "SELECT exercises_worked FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return "nothing_done" if row is not None and row[0] == 0 else outcome
    verdicts = [
        event_data_now("verdict", _loads(row[0], {}))
        for row in conn.execute(
            "SELECT data FROM events WHERE session_id = ? AND kind = 'verdict' ORDER BY id",
            (session_id,),
        )
    ]
    stops = [v for v in verdicts if v.get("stops") is True]
    if stops and stops[-1].get("rule") == "user" and stops[-1].get("reason") == USER_CHOICE:
        return USER_STOP
    return outcome
