"""The program day each process plays for, kept before its sessions start: a session the
process could not count (killed, the power lost) is counted later for that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from player.journal.records import format_utc, utc_now
from player.journal.store import writer
from player.journal.store.store import Journal

KEPT_FOR = timedelta(days=8)
"""How long a turn is kept: longer than a session not counted is still counted later."""


@dataclass(frozen=True)
class TurnDay:
    """The program day a session was played for, as its process kept it."""

    day: date
    chosen: bool
    """True when played as the day's session (`hep play --today`): a preview counts then."""


def keep_turn(journal: Journal, day: date, *, chosen: bool, after: int) -> None:
    """Keep the day this process plays for, before its sessions start (older turns go).

    Args:
        journal: The open journal.
        day: The program day.
        chosen: True for `hep play --today`.
        after: The newest session id before the turn: this process's sessions come after it.
    """
    me = writer.current()
    now = utc_now()
    with journal.connection() as conn:
        conn.execute("DELETE FROM program_turns WHERE begun_at < ?", (format_utc(now - KEPT_FOR),))
        conn.execute(
            "INSERT INTO program_turns (day, chosen, after_id, writer_pid, writer_host,"
            " writer_token, begun_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), int(chosen), after, me.pid, me.host, me.token, format_utc(now)),
        )


def turn_of(journal: Journal, session_id: int) -> TurnDay | None:
    """The program day a session was played for: its process's latest turn begun before it.

    Args:
        journal: The open journal.
        session_id: The session.

    Returns:
        The day and whether it was chosen; None when its process kept no turn (a hep from
        before turns were kept, or a session played with no program followed).
    """
    rows = journal.query(
        "SELECT t.day, t.chosen FROM program_turns t JOIN sessions s ON s.id = ?"
        " WHERE t.writer_pid = s.writer_pid AND t.writer_host IS s.writer_host"
        " AND t.writer_token IS s.writer_token AND t.after_id < s.id"
        " AND t.begun_at <= s.started_at ORDER BY t.after_id DESC, t.id DESC LIMIT 1",
        (session_id,),
    )
    if not rows:
        return None
    return TurnDay(date.fromisoformat(rows[0]["day"]), bool(rows[0]["chosen"]))
