"""The program's tables in the journal file: made and migrated by the program, as its own part
of the journal's schema (player/journal/store/parts.py), with what a restore needs to check
their rows."""

from __future__ import annotations

from collections.abc import Sequence

from player.journal.store.parts import Migration, SchemaPart
from player.journal.store.rows import Versions, calendar_day, utc_time

# Each entry moves the program's tables from version i to i + 1 (entry 0 makes version 1),
# counted by the program's row in the journal's `schema_parts`. Never edit a released entry:
# add a new one.
MIGRATIONS: Sequence[Sequence[Migration]] = (
    # 1 (the journal's version 3 until its version 7): the program followed, the next-morning
    # checks, which sessions counted for which program day, and every decision with its
    # reason. A deleted session takes its program link with it and leaves its decisions
    # unlinked (the journal turns foreign keys on).
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
    # 2: the program day each process plays for (`hep play --date`, the picker's day), kept
    # before its first session starts, so a session the process could not count (killed, the
    # power lost) is counted later for that day, not for the day it was found.
    (
        """
        CREATE TABLE program_turns (
            id           INTEGER PRIMARY KEY,
            day          TEXT NOT NULL,
            chosen       INTEGER NOT NULL,
            after_id     INTEGER NOT NULL,
            writer_pid   INTEGER NOT NULL,
            writer_host  TEXT,
            writer_token TEXT,
            begun_at     TEXT NOT NULL
        )
        """,
    ),
)

PROGRAM = SchemaPart(
    name="program",
    migrations=MIGRATIONS,
    tables=("programs", "mornings", "program_sessions", "program_decisions", "program_turns"),
    links={
        "program_sessions": {"session_id": "sessions", "program_id": "programs"},
        "program_decisions": {
            "program_id": "programs",
            "session_id": "sessions",
            "morning_id": "mornings",
        },
    },
    meaning={
        ("programs", "started_on"): calendar_day,
        ("programs", "started_at"): utc_time,
        ("programs", "stopped_on"): calendar_day,
        ("programs", "stopped_at"): utc_time,
        ("mornings", "day"): calendar_day,
        ("mornings", "recorded_at"): utc_time,
        ("program_sessions", "day"): calendar_day,
        ("program_decisions", "day"): calendar_day,
        ("program_decisions", "phase_start"): calendar_day,
        ("program_decisions", "recorded_at"): utc_time,
        ("program_turns", "day"): calendar_day,
        ("program_turns", "begun_at"): utc_time,
    },
    pain_columns=frozenset({"pain"}),
    nouns={
        "mornings": "morning check",
        "program_sessions": "program link of session",
        "program_turns": "program day of a process",
    },
    keys={"program_sessions": "session_id"},
    # The journal's own migration 3 made version 1 before the program kept its tables.
    adopts=1,
)
"""The program's part of the journal's schema: the composition root declares it
(`player.journal.store.parts.declare`) before any journal is opened."""

CURRENT: Versions = ((PROGRAM, PROGRAM.version),)
"""The program's part at this hep's version, for checking rows read from an open journal."""
