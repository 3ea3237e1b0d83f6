"""What a journal row must hold to be read: the one check for restore and the review.

Any program can write the journal file, and a backup can come from anywhere, so a row is
checked against hep's own schema (types, NOT NULL) and its meaning (dates, JSON, outcomes,
pain on the 0-10 scale, links to rows that exist) before it is copied or shown.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, TypeAlias

from player.journal.store.parts import SchemaPart
from player.journal.store.schema import MIGRATIONS, migrate, migrate_part
from player.session.outcomes import OUTCOMES, RUNNING

Versions: TypeAlias = tuple[tuple[SchemaPart, int], ...]
"""Parts of the schema kept in a file, each with its version there (the journal's own aside)."""
MAX_TEXT = 1_000_000
"""The longest text a cell may hold, in characters (a plan of a long routine is ~100 KB)."""
EVENT_KINDS = frozenset(
    {
        "step_started",
        "step_finished",
        "exercise_done",
        "skip",
        "back",
        "pause",
        "resume",
        "checkin",
        "screen",
        "verdict",
        "note",
    }
)
"""The kinds of event the conductor records."""


def _owner(table: str, parts: Versions) -> SchemaPart:
    """The part a table belongs to (the journal's own tables are `JOURNAL`'s)."""
    if table in JOURNAL.tables:
        return JOURNAL
    for part, _version in parts:
        if table in part.tables:
            return part
    raise KeyError(table)


@cache
def columns(version: int, parts: Versions = ()) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """Each table's columns in hep's own schema: (name, type, NOT NULL).

    Args:
        version: The journal's own schema version.
        parts: The parts of the schema, each at its version.

    Returns:
        Table name to its columns, for the tables that exist at those versions: the journal's
        first, then each part's, parents first.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, version)
        for part, part_version in parts:
            migrate_part(conn, part, part_version)
        found = {}
        for owner in (JOURNAL, *(part for part, _version in parts)):
            for table in owner.tables:
                info = conn.execute(f"PRAGMA table_info({table})").fetchall()
                if info:
                    # A primary key is NOT NULL in meaning although SQLite lets an alias be NULL.
                    found[table] = tuple(
                        (r[1], str(r[2]).upper(), bool(r[3] or r[5])) for r in info
                    )
        return found
    finally:
        conn.close()


# The days a journal row may name. hep wrote nothing before 2000; a program is replayed day by
# day from its first day, so a start in year 1 cost minutes on every command, and a day at the
# calendar's end overflows when a week or a time zone is added to it.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(9000, 12, 31)


def _in_reach(day: date) -> str | None:
    return None if FIRST_DAY <= day <= LAST_DAY else "is a day hep never wrote"


def utc_time(value: str) -> str | None:
    """What is wrong with a time as hep stores it (UTC, with its zone), or None."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "is not a time"
    if moment.tzinfo is None:
        return "is a time without a zone"
    return _in_reach(moment.date())


def calendar_day(value: str) -> str | None:
    """What is wrong with a day as hep stores it (YYYY-MM-DD), or None."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "is not a date"
    return _in_reach(day) if len(value) == 10 else "is not a date as YYYY-MM-DD"


def _json(kind: type) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        try:
            decoded = json.loads(value)
        except (ValueError, RecursionError):
            return "is not JSON"
        if not isinstance(decoded, kind):
            return f"is not a JSON {'list' if kind is list else 'object'}"
        if isinstance(decoded, list) and not all(isinstance(item, dict) for item in decoded):
            return "is not a list of JSON objects"
        return None

    return check


def _one_of(allowed: frozenset[str] | tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda value: None if value in allowed else "is not one hep writes"


JOURNAL = SchemaPart(
    name="journal",
    migrations=MIGRATIONS,
    tables=("sessions", "events"),
    links={"events": {"session_id": "sessions"}},
    meaning={
        ("sessions", "started_at"): utc_time,
        ("sessions", "ended_at"): utc_time,
        ("sessions", "plan"): _json(list),
        ("sessions", "outcome"): _one_of((*OUTCOMES, RUNNING)),
        ("events", "wall"): utc_time,
        ("events", "data"): _json(dict),
        ("events", "kind"): _one_of(EVENT_KINDS),
    },
    pain_columns=frozenset({"baseline_pain", "highest_pain", "final_pain"}),
)
"""The journal's own tables, told as a part (their version is the file's `user_version`, and
`schema.migrate` makes them)."""


def _typed(kind: str, value: Any) -> str | None:
    """What is wrong with `value` for a column declared `kind` (None: fine)."""
    if kind == "INTEGER":
        if isinstance(value, bool) or not isinstance(value, int):
            return "is not a whole number"
        return None if -(2**53) <= value <= 2**53 else "is out of range"
    if kind == "REAL":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "is not a number"
        return None if math.isfinite(value) and abs(value) < 1e12 else "is out of range"
    if not isinstance(value, str):
        return "is not text"
    return None if len(value) <= MAX_TEXT else "is too long"


def _found(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def row_problem(
    table: str,
    row: Mapping[str, Any],
    version: int,
    known: Mapping[str, set[int]] | None = None,
    *,
    partial: bool = False,
    parts: Versions = (),
) -> str | None:
    """What makes a row unreadable, as `column is not a time ('x')`, or None when it is sound.

    Args:
        table: One of the journal's tables, or of a part's.
        row: Column name to value, as SQLite gave it.
        version: The journal's schema version the row was written under.
        known: Ids of the rows kept so far in each table, to check links; None checks none.
        partial: The row holds only some columns (a query's): check those it holds.
        parts: The parts of the schema, each at the version the row was written under.

    Returns:
        The first problem found, or None.
    """
    owner = _owner(table, parts)
    links = owner.links.get(table, {})
    for name, kind, required in columns(version, parts)[table]:
        if partial and name not in row:
            continue
        value = row.get(name)
        if value is None:
            if required:
                return f"{name} is empty"
            continue
        problem = _typed(kind, value)
        if problem is None and name in owner.pain_columns and not 0 <= value <= 10:
            problem = "is not a pain from 0 to 10"
        if problem is None and (table, name) in owner.meaning:
            problem = owner.meaning[table, name](value)
        if problem is None and known is not None and name in links:
            if value not in known.get(links[name], set()):
                problem = f"names a missing {links[name][:-1].replace('_', ' ')}"
        if problem is not None:
            return f"{name} {problem} ({_found(value)})"
    return None


def row_key(table: str, parts: Versions = ()) -> str:
    """The column that names a row of a table (`id`, or a part's own).

    Args:
        table: One of the journal's tables, or of a part's.
        parts: The parts of the schema.

    Returns:
        The column's name.
    """
    return _owner(table, parts).key(table)


def links(table: str, parts: Versions = ()) -> Mapping[str, str]:
    """The columns of a table that name a row of another, and the table each names.

    Args:
        table: One of the journal's tables, or of a part's.
        parts: The parts of the schema.

    Returns:
        Column to table.
    """
    return _owner(table, parts).links.get(table, {})


def row_name(table: str, row: Mapping[str, Any], parts: Versions = ()) -> str:
    """How a row is named in a message: `session 12`, `event 40 of session 12`.

    Args:
        table: Its table.
        row: Its values.
        parts: The parts of the schema (for a part's table).

    Returns:
        The name.
    """
    owner = _owner(table, parts)
    name = f"{owner.noun(table)} {_found(row.get(owner.key(table), '?'))}"
    if table == "events":
        name += f" of session {_found(row.get('session_id'))}"
    return name
