"""A journal as hep kept it at schema version 5, before the program kept its own tables.

`SCHEMA_V5` is every definition `sqlite_master` held in a fresh journal of that version, copied
from one; `made_at_v5` writes such a file with a session, a program followed, a morning check,
the session's program link and the program's decisions, as that hep wrote them.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from player.locations import builtin_programs_dir

PROGRAM_TABLES = ("programs", "mornings", "program_sessions", "program_decisions")
"""The program's tables, parents first."""

SCHEMA_V5: tuple[tuple[str, str, str, str], ...] = (
    (
        "table",
        "sessions",
        "sessions",
        "CREATE TABLE sessions (\n"
        "            id              INTEGER PRIMARY KEY,\n"
        "            routine_name    TEXT NOT NULL,\n"
        "            routine_path    TEXT,\n"
        "            routine_hash    TEXT NOT NULL,\n"
        "            preview         INTEGER NOT NULL,\n"
        "            speed           REAL NOT NULL,\n"
        "            planned_seconds REAL NOT NULL,\n"
        "            plan            TEXT NOT NULL,\n"
        "            started_at      TEXT NOT NULL,\n"
        "            ended_at        TEXT,\n"
        "            outcome         TEXT NOT NULL DEFAULT 'running',\n"
        "            reason          TEXT,\n"
        "            baseline_pain   INTEGER,\n"
        "            highest_pain    INTEGER,\n"
        "            final_pain      INTEGER,\n"
        "            writer_pid      INTEGER,\n"
        "            writer_host     TEXT,\n"
        "            writer_token    TEXT\n"
        "        , elapsed_seconds REAL, exercises_planned INTEGER, "
        "exercises_done INTEGER, exercises_worked INTEGER, answer_seconds REAL)",
    ),
    (
        "table",
        "events",
        "events",
        "CREATE TABLE events (\n"
        "            id         INTEGER PRIMARY KEY,\n"
        "            session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
        "            kind       TEXT NOT NULL,\n"
        "            wall       TEXT NOT NULL,\n"
        "            elapsed    REAL NOT NULL,\n"
        "            data       TEXT NOT NULL\n"
        "        )",
    ),
    (
        "index",
        "events_by_session",
        "events",
        "CREATE INDEX events_by_session ON events(session_id, id)",
    ),
    (
        "index",
        "sessions_by_start",
        "sessions",
        "CREATE INDEX sessions_by_start ON sessions(started_at)",
    ),
    (
        "index",
        "sessions_by_routine",
        "sessions",
        "CREATE INDEX sessions_by_routine ON sessions(routine_name, started_at)",
    ),
    (
        "index",
        "sessions_running",
        "sessions",
        "CREATE INDEX sessions_running ON sessions(outcome) WHERE outcome = 'running'",
    ),
    (
        "table",
        "programs",
        "programs",
        "CREATE TABLE programs (\n"
        "            id          INTEGER PRIMARY KEY,\n"
        "            name        TEXT NOT NULL,\n"
        "            path        TEXT NOT NULL,\n"
        "            source      TEXT NOT NULL,\n"
        "            source_hash TEXT NOT NULL,\n"
        "            started_on  TEXT NOT NULL,\n"
        "            started_at  TEXT NOT NULL,\n"
        "            stopped_on  TEXT,\n"
        "            stopped_at  TEXT\n"
        "        )",
    ),
    (
        "table",
        "mornings",
        "mornings",
        "CREATE TABLE mornings (\n"
        "            id          INTEGER PRIMARY KEY,\n"
        "            day         TEXT NOT NULL,\n"
        "            pain        INTEGER,\n"
        "            stiffness   TEXT,\n"
        "            recorded_at TEXT NOT NULL\n"
        "        )",
    ),
    ("index", "mornings_by_day", "mornings", "CREATE INDEX mornings_by_day ON mornings(day, id)"),
    (
        "table",
        "program_sessions",
        "program_sessions",
        "CREATE TABLE program_sessions (\n"
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        "s"
        "e"
        "s"
        "s"
        "ion_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,\n"
        "            program_id INTEGER NOT NULL REFERENCES programs(id),\n"
        "            day        TEXT NOT NULL,\n"
        "            routine    TEXT NOT NULL\n"
        "        )",
    ),
    (
        "table",
        "program_decisions",
        "program_decisions",
        "CREATE TABLE program_decisions (\n"
        "            id           INTEGER PRIMARY KEY,\n"
        "            program_id   INTEGER NOT NULL REFERENCES programs(id),\n"
        "            day          TEXT NOT NULL,\n"
        "            action       TEXT NOT NULL,\n"
        "            reason       TEXT NOT NULL,\n"
        "            phase        INTEGER NOT NULL,\n"
        "            phase_start  TEXT NOT NULL,\n"
        "            holding      INTEGER NOT NULL,\n"
        "            worse_in_row INTEGER NOT NULL,\n"
        "            complete     INTEGER NOT NULL,\n"
        " "
        " "
        " "
        " "
        " "
        " "
        " "
        "     session_id   INTEGER REFERENCES sessions(id) ON DELETE SET NULL,\n"
        "            morning_id   INTEGER REFERENCES mornings(id),\n"
        "            recorded_at  TEXT NOT NULL\n"
        "        )",
    ),
    (
        "index",
        "decisions_by_program",
        "program_decisions",
        "CREATE INDEX decisions_by_program ON program_decisions(program_id, id)",
    ),
    (
        "index",
        "events_by_kind_wall",
        "events",
        "CREATE INDEX events_by_kind_wall ON events(kind, wall)",
    ),
)
"""(type, name, table, sql) of each table and index, in the order they were made."""


def definitions(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """The (type, name, table, sql) of every table and index in a file."""
    found = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE type IN ('table', 'index') AND sql IS NOT NULL"
    ).fetchall()
    return {tuple(row) for row in found}  # type: ignore[misc]


def program_definitions() -> set[tuple[str, str, str, str]]:
    """The definitions of the program's tables and their indexes at version 5."""
    return {row for row in SCHEMA_V5 if row[2] in PROGRAM_TABLES}


PROGRAM_FILE = builtin_programs_dir() / "back-to-running.yaml"


def made_at_v5(
    path: Path, *, program: bool = True, version: int = 5, start: date = date(2026, 11, 1)
) -> None:
    """Write a journal as hep at schema version 5 left it (3 and 4 had the same program tables).

    Args:
        path: The file to write.
        program: Keep a program followed, with its morning, session link and decisions.
        version: The version to stamp (3, 4 or 5; the sessions' columns are version 5's).
        start: The program's first day; the session and the morning check are the next day's.
    """
    first, second = start.isoformat(), (start + timedelta(days=1)).isoformat()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for _type, _name, _table, sql in SCHEMA_V5:
            conn.execute(sql)
        conn.execute(
            "INSERT INTO sessions (id, routine_name, routine_hash, preview, speed, planned_seconds,"
            " plan, started_at, ended_at, outcome, elapsed_seconds) VALUES (1, 'Core', 'h', 0,"
            f" 1.0, 60.0, '[]', '{second}T08:00:00.000Z', '{second}T08:10:00.000Z',"
            " 'completed', 300.0)"
        )
        conn.execute(
            "INSERT INTO events (session_id, kind, wall, elapsed, data) VALUES"
            f" (1, 'note', '{second}T08:05:00.000Z', 300.0, '{{\"text\": \"kept\"}}')"
        )
        if program:
            conn.execute(
                "INSERT INTO programs (id, name, path, source, source_hash, started_on,"
                f" started_at) VALUES (1, 'Back to running', ?, ?, 'hash', '{first}',"
                f" '{first}T07:00:00.000Z')",
                (str(PROGRAM_FILE), PROGRAM_FILE.read_text(encoding="utf-8")),
            )
            conn.execute(
                "INSERT INTO mornings (id, day, pain, stiffness, recorded_at) VALUES"
                f" (1, '{second}', 2, 'none', '{second}T07:00:00.000Z')"
            )
            conn.execute(
                "INSERT INTO program_sessions (session_id, program_id, day, routine) VALUES"
                f" (1, 1, '{second}', 'core')"
            )
            conn.execute(
                "INSERT INTO program_decisions (id, program_id, day, action, reason, phase,"
                " phase_start, holding, worse_in_row, complete, session_id, morning_id,"
                " recorded_at) VALUES"
                f" (1, 1, '{first}', 'start', 'Started.', 0, '{first}', 0, 0, 0, NULL, NULL,"
                f" '{first}T07:00:00.000Z'),"
                f" (2, 1, '{second}', 'continue', 'Settled.', 0, '{first}', 0, 0, 0, 1, 1,"
                f" '{second}T08:10:00.000Z')"
            )
        conn.execute(f"PRAGMA user_version = {version:d}")
    finally:
        conn.close()


def program_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the program's tables, by table, in id order."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in PROGRAM_TABLES
        }
    finally:
        conn.close()
