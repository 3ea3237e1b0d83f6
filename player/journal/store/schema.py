"""The journal's SQLite schema and its forward migrations, counted by `PRAGMA user_version`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from functools import cache

from player.journal.records import event_data_now
from player.journal.store.parts import Migration, SchemaPart


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
    # 3: the program's tables. Made here once; the program has made and migrated them itself
    # since version 7 (a part of the schema, parts.py), so this entry is left empty and an
    # older journal gets them from the program's own migrations.
    (),
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
    # 7: the version of each part of the schema a floor above the journal keeps in this file
    # (parts.py), one row per part.
    ("CREATE TABLE schema_parts (name TEXT PRIMARY KEY, version INTEGER NOT NULL)",),
)


SCHEMA_VERSION = len(MIGRATIONS)
PARTS_SINCE = 7
"""The journal's version that made `schema_parts`."""
PARTS_TABLE = "schema_parts"
"""The table of the parts' versions, one row per part."""


def _apply(conn: sqlite3.Connection, steps: Sequence[Migration]) -> None:
    for statement in steps:
        if callable(statement):
            statement(conn)
        else:
            conn.execute(statement)


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
            _apply(conn, MIGRATIONS[version])
            version += 1
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def recorded_parts(conn: sqlite3.Connection) -> dict[str, object] | None:
    """The parts' versions as the file records them, by name (any value a file may hold).

    Args:
        conn: An open connection.

    Returns:
        Name to version; None when the file has no table of them (a journal before version 7).
    """
    if PARTS_TABLE not in _tables(conn):
        return None
    return {row[0]: row[1] for row in conn.execute(f"SELECT name, version FROM {PARTS_TABLE}")}


@cache
def part_tables(part: SchemaPart, version: int) -> frozenset[str]:
    """The tables a part has at a version, as its migrations make them.

    Args:
        part: The part.
        version: Its version.

    Returns:
        Their names.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        for steps in part.migrations[:version]:
            _apply(conn, steps)
        return frozenset(_tables(conn) & set(part.tables))
    finally:
        conn.close()


def part_version(conn: sqlite3.Connection, part: SchemaPart) -> int:
    """A part's version in a file.

    Its row in `schema_parts`; with no row, `part.adopts` when the file holds every table of
    that version (an older hep made them with the journal's own migrations), else 0.

    Args:
        conn: An open connection.
        part: The part.

    Returns:
        The version.

    Raises:
        ValueError: The file records a version that is not a whole number from 1; the message
            says which (`the program's tables at version 'one'`).
    """
    found = recorded_parts(conn) or {}
    if part.name in found:
        value = found[part.name]
        # A part's row is written once its tables are made (version 1 on): a 0 is none of
        # hep's, and would say that tables the file holds are not there.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{part.tables_word} at version {value!r}")
        return value
    if part.adopts:
        tables = _tables(conn)
        # A file with none of the part's tables (a new journal) is not worth the question.
        if tables & set(part.tables) and part_tables(part, part.adopts) <= tables:
            return part.adopts
    return 0


def _unrecorded(conn: sqlite3.Connection, part: SchemaPart) -> bool:
    """Whether the file could record the part's version and does not."""
    found = recorded_parts(conn)
    return found is not None and part.name not in found


def _record(conn: sqlite3.Connection, part: SchemaPart, version: int) -> None:
    if recorded_parts(conn) is not None:  # a journal before version 7 keeps no versions
        conn.execute(
            f"INSERT INTO {PARTS_TABLE} (name, version) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET version = excluded.version",
            (part.name, version),
        )


def migrate_part(conn: sqlite3.Connection, part: SchemaPart, target: int | None = None) -> int:
    """Bring a part of the schema from its version in the file up to `target`.

    Each step runs in its own transaction with its version's row in `schema_parts` (where the
    file has that table: a restore makes an older journal's parts before it has one). A part
    found made by an older hep (`part.adopts`) gets its row. The connection must be in
    autocommit mode, and the caller must have checked that the part is not newer than this hep.

    Args:
        conn: An open connection in autocommit mode.
        part: The part.
        target: The version to reach (default: the part's newest).

    Returns:
        The part's version in the file afterwards.
    """
    target = part.version if target is None else target
    version = part_version(conn, part)
    while version < target or (version and _unrecorded(conn, part)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if recorded_parts(conn) is not None:
                # Another process may have done it while we waited for the lock. (A file with
                # no versions yet is a restore's own copy, which no one else writes.)
                version = part_version(conn, part)
            if version < target:
                _apply(conn, part.migrations[version])
                version += 1
            if version:
                _record(conn, part, version)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version


def migrate_all(conn: sqlite3.Connection, parts: Sequence[SchemaPart]) -> bool:
    """Bring the journal's own tables and then each part up to this hep's versions.

    Args:
        conn: An open connection in autocommit mode.
        parts: The parts the file keeps.

    Returns:
        True when anything changed.
    """
    before = (schema_version(conn), recorded_parts(conn))
    migrate(conn)
    for part in parts:
        migrate_part(conn, part)
    return (schema_version(conn), recorded_parts(conn)) != before
