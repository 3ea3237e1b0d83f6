"""The program's rows in the journal: the program followed, mornings, session links, decisions."""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from player.journal.records import (
    SUMMARY_COLUMNS,
    Event,
    SessionSummary,
    format_utc,
    parse_utc,
    utc_now,
)
from player.journal.review.query import load_details
from player.journal.store import rows
from player.journal.store.errors import JournalError
from player.journal.store.schema import SCHEMA_VERSION
from player.journal.store.store import Journal
from player.locations import builtin_programs_dir
from player.program.decide import Decision, Standing
from player.program.history import History, MorningFact, SessionFact
from player.program.loader import LoadedProgram, ProgramError, program_from_text
from player.program.schema import CURRENT
from player.session.outcomes import counts_as_session


@dataclass(frozen=True)
class ProgramRecord:
    """A program as the journal keeps it: the text it was started with, and when."""

    id: int
    loaded: LoadedProgram
    started_on: date
    stopped_on: date | None


@functools.lru_cache(maxsize=8)
def _kept_program(source: str, path: Path, name: str) -> LoadedProgram:
    """The journal's copy of a program, read once per process (it never changes)."""
    builtin = path.parent == builtin_programs_dir().resolve()
    display = path.stem if builtin else str(path)
    try:
        return program_from_text(source, display, path, builtin=builtin, check_routines=False)
    except ProgramError as exc:  # only a journal edited by hand gets here
        copy = f"the journal's copy of the program {name!r}"
        way_out = "hep program stop stops following it (its sessions and mornings stay)"
        raise ProgramError([f"{copy}: {exc.lines[0]}; {way_out}"], in_file=False) from None


def _record(row: sqlite3.Row, journal: Path) -> ProgramRecord:
    found = {name: row[name] for name in ("id", "started_on", "stopped_on")}
    problem = rows.row_problem("programs", found, SCHEMA_VERSION, partial=True, parts=CURRENT)
    if problem is not None:  # only a journal edited by hand or a disk fault gets here
        raise JournalError(
            journal, f"the program it follows cannot be read (program {row['id']}: {problem})"
        )
    loaded = _kept_program(row["source"], Path(row["path"]), row["name"])
    stopped = date.fromisoformat(row["stopped_on"]) if row["stopped_on"] else None
    return ProgramRecord(row["id"], loaded, date.fromisoformat(row["started_on"]), stopped)


def active(journal: Journal) -> ProgramRecord | None:
    """The program being followed (the latest one started and not stopped), if any."""
    rows = journal.query("SELECT * FROM programs WHERE stopped_at IS NULL ORDER BY id DESC LIMIT 1")
    return _record(rows[0], journal.path) if rows else None


def stop_unreadable(journal: Journal, day: date) -> str | None:
    """Stop following a program whose copy in the journal can no longer be read (edited by
    hand, or refused by a stricter hep): no decision can be replayed for it, so only its end
    is noted.

    Returns:
        The program's name, or None when none is followed.
    """
    with journal.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute(
                "SELECT id, name FROM programs WHERE stopped_at IS NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is not None:
                conn.execute(
                    "UPDATE programs SET stopped_on = ?, stopped_at = ? WHERE id = ?",
                    (day.isoformat(), format_utc(utc_now()), row[0]),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return None if row is None else str(row[1])


def latest(journal: Journal) -> ProgramRecord | None:
    """The program started last, stopped or not."""
    rows = journal.query("SELECT * FROM programs ORDER BY id DESC LIMIT 1")
    return _record(rows[0], journal.path) if rows else None


def _insert_decisions(conn: sqlite3.Connection, program_id: int, decisions: list[Decision]) -> None:
    for d in decisions:
        s = d.standing
        conn.execute(
            """
            INSERT INTO program_decisions (program_id, day, action, reason, phase, phase_start,
                holding, worse_in_row, complete, session_id, morning_id, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                program_id,
                d.day.isoformat(),
                d.action,
                d.reason,
                s.phase,
                s.phase_start.isoformat(),
                int(s.holding),
                s.worse_in_row,
                int(s.complete),
                d.session_id,
                d.morning_id,
                format_utc(utc_now()),
            ),
        )


def start(journal: Journal, loaded: LoadedProgram, first: Decision) -> int:
    """Keep a program as started, with its text and its first decision, in one transaction.

    Args:
        journal: The open journal.
        loaded: The program.
        first: The `start` decision (its day is the program's first day).

    Returns:
        The program's id.
    """
    with journal.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                """
                INSERT INTO programs (name, path, source, source_hash, started_on, started_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                (
                    loaded.program.name,
                    str(loaded.path),
                    loaded.source,
                    loaded.source_hash,
                    first.day.isoformat(),
                    format_utc(utc_now()),
                ),
            )
            assert cursor.lastrowid is not None
            _insert_decisions(conn, cursor.lastrowid, [first])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return cursor.lastrowid


def stop(journal: Journal, program_id: int, last: Decision) -> None:
    """Mark a program stopped, with its last decision (`stop`).

    Args:
        journal: The open journal.
        program_id: The program.
        last: The `stop` decision.
    """
    with journal.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "UPDATE programs SET stopped_on = ?, stopped_at = ? WHERE id = ?",
                (last.day.isoformat(), format_utc(utc_now()), program_id),
            )
            _insert_decisions(conn, program_id, [last])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def add_morning(journal: Journal, day: date, pain: int | None, stiffness: str | None) -> int:
    """Keep a morning check (pain None: the question was skipped).

    Returns:
        The morning's id.
    """
    with journal.connection() as conn:
        cursor = conn.execute(
            "INSERT INTO mornings (day, pain, stiffness, recorded_at) VALUES (?, ?, ?, ?)",
            (day.isoformat(), pain, stiffness, format_utc(utc_now())),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def link_session(
    journal: Journal, program_id: int, session_id: int, day: date, routine: str
) -> bool:
    """Count a session for a program day (once; a second link is ignored).

    Returns:
        True when the link is new.
    """
    with journal.connection() as conn:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO program_sessions (session_id, program_id, day, routine)"
            " VALUES (?, ?, ?, ?)",
            (session_id, program_id, day.isoformat(), routine),
        )
    return cursor.rowcount == 1


def last_decision(journal: Journal, program_id: int) -> int:
    """The id of the program's newest decision (0: none yet), to write after it only."""
    rows = journal.query(
        "SELECT COALESCE(MAX(id), 0) FROM program_decisions WHERE program_id = ?", (program_id,)
    )
    return int(rows[0][0])


def record_decisions(
    journal: Journal, program_id: int, decisions: list[Decision], after: int | None = None
) -> bool:
    """Write decisions, all in one transaction.

    Args:
        journal: The open journal.
        program_id: The program.
        decisions: What to write.
        after: The newest decision when they were made (`last_decision`): when another
            process wrote one since (two commands at once), these are not written, since they
            were made from a record that changed. None: written in any case.

    Returns:
        True when written (or nothing to write).
    """
    if not decisions:
        return True
    with journal.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if after is not None:
                newest = conn.execute(
                    "SELECT COALESCE(MAX(id), 0) FROM program_decisions WHERE program_id = ?",
                    (program_id,),
                ).fetchone()[0]
                if newest != after:
                    conn.execute("ROLLBACK")
                    return False
            _insert_decisions(conn, program_id, decisions)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return True


def decisions(journal: Journal, program_id: int) -> list[Decision]:
    """A program's decisions as they were shown, in the order they were made (revised ones
    included, each revision marked by a `revise` decision)."""
    rows = journal.query(
        "SELECT * FROM program_decisions WHERE program_id = ? ORDER BY id", (program_id,)
    )
    return [
        Decision(
            day=date.fromisoformat(row["day"]),
            action=row["action"],
            reason=row["reason"],
            standing=Standing(
                phase=row["phase"],
                phase_start=date.fromisoformat(row["phase_start"]),
                holding=bool(row["holding"]),
                worse_in_row=row["worse_in_row"],
                complete=bool(row["complete"]),
            ),
            session_id=row["session_id"],
            morning_id=row["morning_id"],
        )
        for row in rows
    ]


def in_force(log: list[Decision]) -> list[Decision]:
    """The decisions of a log that still stand: a `revise` decision of day D sets aside the
    decisions of D and after that came before it."""
    out: list[Decision] = []
    for decision in log:
        if decision.action == "revise":
            out = [d for d in out if d.day < decision.day or d.action == "start"]
            continue
        out.append(decision)
    return out


def _flags(events: list[Event]) -> tuple[str, ...]:
    found: list[str] = []
    for event in events:
        if event.kind == "checkin":
            for flag in event.data.get("flags") or []:
                if isinstance(flag, str) and flag not in found:
                    found.append(flag)
    return tuple(found)


def history(journal: Journal, program_id: int) -> History:
    """A program's sessions (oldest first) and every morning check."""
    rows = journal.query(
        f"""
        SELECT {", ".join(f"s.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))}, p.day, p.routine
        FROM program_sessions p JOIN sessions s ON s.id = p.session_id
        WHERE p.program_id = ? ORDER BY p.day, s.started_at, s.id
        """,
        (program_id,),
    )
    details = load_details(journal, [SessionSummary.from_row(row) for row in rows])
    facts = []
    for row, detail in zip(rows, details, strict=True):
        summary = detail.summary
        facts.append(
            SessionFact(
                session_id=summary.id,
                day=date.fromisoformat(row["day"]),
                routine=row["routine"],
                routine_name=summary.routine_name,
                outcome=summary.outcome,
                highest=summary.highest,
                preview=summary.preview,
                speed=summary.speed,
                # The journal's one definition (`counts_as_session`): no work, never counted.
                nothing_done=not counts_as_session("completed", summary.exercises_worked),
                flags=_flags(detail.events),
                started=summary.started_at,
                ended=summary.ended_at,
            )
        )
    return History(tuple(facts), mornings(journal))


def mornings(journal: Journal) -> tuple[MorningFact, ...]:
    """Every morning check, oldest first."""
    return tuple(
        MorningFact(
            row["id"],
            date.fromisoformat(row["day"]),
            row["pain"],
            row["stiffness"],
            parse_utc(row["recorded_at"]),
        )
        for row in journal.query("SELECT * FROM mornings ORDER BY day, id")
    )


def notice_given(journal: Journal) -> bool:
    """Whether the journal holds a notice already (each is said once, whatever the program)."""
    return bool(journal.query("SELECT 1 FROM program_decisions WHERE action = 'notice' LIMIT 1"))
