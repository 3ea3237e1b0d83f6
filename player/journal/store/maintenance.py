"""Deleting sessions for good: no trace of their text left in the journal's files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from player.journal.records import SUMMARY_COLUMNS, SessionSummary, format_utc
from player.journal.store import writer
from player.journal.store.errors import JournalError
from player.journal.store.store import RUNNING, Journal

CHUNK = 500
"""Ids per `IN (...)` list, well under SQLite's limit on parameters."""
LIST_HINT = "`hep journal` lists them"


@dataclass(frozen=True)
class Deleted:
    """What `delete_sessions` removed."""

    sessions: list[int]
    """The ids of the sessions deleted."""
    events: int
    """How many of their events went with them."""
    wal_cleared: bool
    """False when another program held the write-ahead log open, so it could not be emptied
    (SQLite empties it when the last program using the journal closes it)."""


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))


def being_played(conn: sqlite3.Connection) -> list[int]:
    """Sessions still running whose writing process is alive (or on another machine).

    Args:
        conn: The journal's connection.

    Returns:
        Their ids, oldest first.
    """
    rows = conn.execute(
        "SELECT id, writer_pid, writer_host, writer_token FROM sessions WHERE outcome = ?"
        " ORDER BY id",
        (RUNNING,),
    ).fetchall()
    return [row[0] for row in rows if not writer.is_gone(row[1], row[2], row[3])]


def _playing_error(path: Path, ids: Sequence[int], what: str) -> JournalError:
    which = ", ".join(str(i) for i in ids)
    plural = "s" if len(ids) > 1 else ""
    return JournalError(
        path,
        f"session{plural} {which} {'are' if plural else 'is'} being played right now; "
        f"let {'them' if plural else 'it'} finish, then try again: nothing {what}",
    )


def refuse_while_playing(journal: Journal, what: str, among: Sequence[int] | None = None) -> None:
    """Raise when a session is being played (all of them, or those `among` some ids).

    Args:
        journal: The open journal.
        what: The word for what did not happen (`deleted`, `restored`).
        among: Only these sessions matter; None: any session does.

    Raises:
        JournalError: Naming the sessions being played.
    """
    with journal.connection() as conn:
        playing = being_played(conn)
    if among is not None:
        playing = [i for i in playing if i in set(among)]
    if playing:
        raise _playing_error(journal.path, playing, what)


def sessions_by_id(journal: Journal, ids: Sequence[int]) -> list[SessionSummary]:
    """The sessions with these ids, in the order given.

    Args:
        journal: The open journal.
        ids: Session ids, as the user typed them (repeats are dropped).

    Returns:
        Their summaries.

    Raises:
        JournalError: Some ids are not in the journal (all of them are named).
    """
    wanted = list(dict.fromkeys(ids))
    found: dict[int, SessionSummary] = {}
    for chunk in _chunks(wanted):
        sql = f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE id IN ({_marks(chunk)})"
        for row in journal.query(sql, chunk):
            found[row["id"]] = SessionSummary.from_row(row)
    missing = [i for i in wanted if i not in found]
    if missing:
        names = ", ".join(str(i) for i in missing)
        plural = "s" if len(missing) > 1 else ""
        raise JournalError(
            journal.path,
            f"no session{plural} {names} in the journal ({LIST_HINT}): nothing deleted",
        )
    return [found[i] for i in wanted]


def sessions_before(journal: Journal, before: datetime) -> list[SessionSummary]:
    """The sessions started before a moment, oldest first.

    Args:
        journal: The open journal.
        before: An aware datetime (the start of a local day, from `query.parse_since`).

    Returns:
        Their summaries.
    """
    sql = f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE started_at < ? ORDER BY started_at, id"
    return [SessionSummary.from_row(row) for row in journal.query(sql, (format_utc(before),))]


@contextmanager
def _pragmas(conn: sqlite3.Connection, **values: str) -> Iterator[None]:
    """Set connection pragmas for a block, then put the previous values back."""
    before = {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in values}
    for name, value in values.items():
        conn.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        for name, value in before.items():
            conn.execute(f"PRAGMA {name} = {value}")


def scrub(conn: sqlite3.Connection) -> bool:
    """Leave no deleted content in the journal's files: rebuild it, then empty the log.

    VACUUM rewrites the database without its free pages (its working copy kept in memory, not
    in a temporary file); a TRUNCATE checkpoint copies the log into the database and cuts the
    `-wal` file to nothing, so older page images holding deleted text go too.

    Args:
        conn: The journal's connection, in autocommit mode.

    Returns:
        True when the `-wal` file was emptied; False when another program kept the journal
        busy (SQLite empties the log when the last program using the journal closes it).
    """
    try:
        with _pragmas(conn, temp_store="MEMORY"):
            conn.execute("VACUUM")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:  # busy beyond the timeout: secure_delete still zeroed rows
        return False
    return int(busy) == 0


def delete_sessions(journal: Journal, ids: Sequence[int]) -> Deleted:
    """Delete sessions and all their events, overwriting their content in the files.

    All or nothing: with an unknown id, or a session being played, nothing is deleted.

    Args:
        journal: The open journal.
        ids: The sessions to delete.

    Returns:
        What was deleted.

    Raises:
        JournalError: An id is not in the journal, a session is being played, or SQLite failed.
    """
    wanted = list(dict.fromkeys(ids))
    sessions_by_id(journal, wanted)
    events = 0
    with journal.connection() as conn, _pragmas(conn, secure_delete="ON"):
        conn.execute("BEGIN IMMEDIATE")
        try:
            playing = [i for i in being_played(conn) if i in set(wanted)]
            if playing:
                raise _playing_error(journal.path, playing, "deleted")
            for chunk in _chunks(wanted):
                marks = _marks(chunk)
                events += conn.execute(
                    f"DELETE FROM events WHERE session_id IN ({marks})", chunk
                ).rowcount
                conn.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chunk)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        cleared = scrub(conn)
    return Deleted(wanted, events, cleared)
