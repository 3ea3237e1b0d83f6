"""The journal's SQLite schema and its forward migrations, counted by `PRAGMA user_version`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from player.journal.records import event_data_now


def _backfill(conn: sqlite3.Connection) -> None:
    from player.journal.work import tallies  # it reads the journal back: imported when run

    tallies.backfill(conn)


def _verdicts_say_stops(conn: sqlite3.Connection) -> None:
    """Each verdict event's `"action": "stop"` (or `"continue"`) becomes `"stops": true` (or
    false); data that does not read as a JSON object is left for the checks that read it."""
    changed = []
    for event_id, text in conn.execute("SELECT id, data FROM events WHERE kind = 'verdict'"):
        try:
            data = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            continue
        if isinstance(data, dict) and (now := event_data_now("verdict", data)) is not data:
            changed.append((json.dumps(now, ensure_ascii=False, separators=(",", ":")), event_id))
    conn.executemany("UPDATE events SET data = ? WHERE id = ?", changed)


Migration = str | Callable[[sqlite3.Connection], None]
"""One step of a migration: an SQL statement, or a function run on the connection."""

# Each entry moves the schema from version i to version i + 1 (entry 0 makes version 1): SQL
# statements, and functions for what SQL alone cannot work out.
# Never edit a released entry: add a new one. Every statement runs in one transaction with
# the `PRAGMA user_version` bump, so a migration is applied whole or not at all.
MIGRATIONS: Sequence[Sequence[Migration]] = (
    # 1: sessions and their events.
    (
        """
        CREATE TABLE sessions (
            id              INTEGER PRIMARY KEY,
            routine_name    TEXT NOT NULL,
            routine_path    TEXT,
            routine_hash    TEXT NOT NULL,
            preview         INTEGER NOT NULL,
            speed           REAL NOT NULL,
            planned_seconds REAL NOT NULL,
            plan            TEXT NOT NULL,
            started_at      TEXT NOT NULL,
            ended_at        TEXT,
            outcome         TEXT NOT NULL DEFAULT 'running',
            reason          TEXT,
            baseline_pain   INTEGER,
            highest_pain    INTEGER,
            final_pain      INTEGER,
            writer_pid      INTEGER,
            writer_host     TEXT,
            writer_token    TEXT
        )
        """,
        """
        CREATE TABLE events (
            id         INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            kind       TEXT NOT NULL,
            wall       TEXT NOT NULL,
            elapsed    REAL NOT NULL,
            data       TEXT NOT NULL
        )
        """,
    ),
    # 2: indexes for the review (list by date, a session's events, finding running sessions)
    # and the session-elapsed time at the end, so durations need no scan of the events.
    (
        "CREATE INDEX events_by_session ON events(session_id, id)",
        "CREATE INDEX sessions_by_start ON sessions(started_at)",
        "CREATE INDEX sessions_by_routine ON sessions(routine_name, started_at)",
        "CREATE INDEX sessions_running ON sessions(outcome) WHERE outcome = 'running'",
        "ALTER TABLE sessions ADD COLUMN elapsed_seconds REAL",
        """
        UPDATE sessions SET elapsed_seconds =
            (SELECT MAX(e.elapsed) FROM events e WHERE e.session_id = sessions.id)
        WHERE outcome != 'running'
        """,
    ),
    # 3: programs over weeks (player/program/): the program followed, the next-morning checks,
    # which sessions counted for which program day, and every decision with its reason. A
    # deleted session takes its program link with it and leaves its decisions unlinked.
    (
        """
        CREATE TABLE programs (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            path        TEXT NOT NULL,
            source      TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            started_on  TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            stopped_on  TEXT,
            stopped_at  TEXT
        )
        """,
        """
        CREATE TABLE mornings (
            id          INTEGER PRIMARY KEY,
            day         TEXT NOT NULL,
            pain        INTEGER,
            stiffness   TEXT,
            recorded_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX mornings_by_day ON mornings(day, id)",
        """
        CREATE TABLE program_sessions (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            program_id INTEGER NOT NULL REFERENCES programs(id),
            day        TEXT NOT NULL,
            routine    TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE program_decisions (
            id           INTEGER PRIMARY KEY,
            program_id   INTEGER NOT NULL REFERENCES programs(id),
            day          TEXT NOT NULL,
            action       TEXT NOT NULL,
            reason       TEXT NOT NULL,
            phase        INTEGER NOT NULL,
            phase_start  TEXT NOT NULL,
            holding      INTEGER NOT NULL,
            worse_in_row INTEGER NOT NULL,
            complete     INTEGER NOT NULL,
            session_id   INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            morning_id   INTEGER REFERENCES mornings(id),
            recorded_at  TEXT NOT NULL
        )
        """,
        "CREATE INDEX decisions_by_program ON program_decisions(program_id, id)",
    ),
    # 4: events by kind and time, for the daily red-flag check before each session
    # (screening.py), which otherwise reads every event ever kept.
    ("CREATE INDEX events_by_kind_wall ON events(kind, wall)",),
    # 5: each session's work figures beside its outcome (tallies.py): exercises planned, done
    # and worked, and the time spent answering check-ins; worked out for the sessions kept so
    # far, whose outcome then says what happened: a stop by the user's own choice (no rule
    # broken) is `stopped_user`, and a session played to its end with nothing done is not
    # `completed`.
    (
        "ALTER TABLE sessions ADD COLUMN exercises_planned INTEGER",
        "ALTER TABLE sessions ADD COLUMN exercises_done INTEGER",
        "ALTER TABLE sessions ADD COLUMN exercises_worked INTEGER",
        "ALTER TABLE sessions ADD COLUMN answer_seconds REAL",
        _backfill,
    ),
    # 6: one word per idea: the session's clock (active seconds, paused time left out) is
    # `clock`, as the engine calls it, not `elapsed` (time gone by within a step, an exercise or
    # the plan); a verdict says whether it `stops`, not an `action` (a program decision's word).
    (
        "ALTER TABLE events RENAME COLUMN elapsed TO clock",
        "ALTER TABLE sessions RENAME COLUMN elapsed_seconds TO clock_seconds",
        _verdicts_say_stops,
    ),
)


SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """Read the schema version stored in the file.

    Args:
        conn: An open connection.

    Returns:
        The `PRAGMA user_version` value (0 for a new, empty file).
    """
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations from the file's version up to `target`, each in its own transaction.

    The caller must have checked that the file is not newer than this hep. The connection must
    be in autocommit mode (`isolation_level=None`).

    Args:
        conn: An open connection in autocommit mode.
        target: The version to reach; the tests use a lower one to build old journals.

    Returns:
        The version the file is at afterwards.
    """
    version = schema_version(conn)
    while version < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            version = schema_version(conn)
            if version >= target:
                conn.execute("COMMIT")
                break
            for statement in MIGRATIONS[version]:
                if callable(statement):
                    statement(conn)
                else:
                    conn.execute(statement)
            version += 1
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
