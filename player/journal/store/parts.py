"""Tables a higher floor keeps in the journal file: a part of the schema with its own version.

The journal knows its own tables (sessions and events). A floor above it that keeps rows of its
own in the same file (the program) declares them as a `SchemaPart`: their migrations, and what
a restore must know to check and copy their rows. The code that puts hep together (the command
line, the tests' setup) declares the parts once with `declare`, before any journal is opened;
every journal the process opens then makes or migrates them, each counted by its own row in the
file's `schema_parts` table. The journal never imports the floors that declare them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from player.journal.store import later

if TYPE_CHECKING:
    import sqlite3

Migration: TypeAlias = "str | Callable[[sqlite3.Connection], None]"
"""One step of a migration: an SQL statement, or a function run on the connection."""

Check: TypeAlias = Callable[[Any], "str | None"]
"""What is wrong with a cell's value beyond its column's type (None: nothing)."""


@dataclass(frozen=True, eq=False)
class SchemaPart:
    """Tables kept in the journal file by a floor above it, with their own migrations."""

    name: str
    """Its row in `schema_parts`, and its name in messages (`the program's tables`)."""
    migrations: Sequence[Sequence[Migration]]
    """Entry i moves the part from version i to i + 1 (entry 0 makes version 1). Never edit a
    released entry: add one. Each entry runs in one transaction with its version's row."""
    tables: tuple[str, ...]
    """Its tables, parents first: a row's links point to the journal's tables or to tables
    earlier in the list. A restore copies their rows, and nothing else of the part's."""
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Table to (column to the table whose row it names)."""
    meaning: Mapping[tuple[str, str], Check] = field(default_factory=dict)
    """(table, column) to the check of a text column's meaning (dates, times)."""
    pain_columns: frozenset[str] = frozenset()
    """Columns that hold a pain on the 0-10 scale."""
    nouns: Mapping[str, str] = field(default_factory=dict)
    """Table to how a row is named before its key (`morning check`); by default the table's
    name without its last letter, underscores as spaces."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Table to the column that names a row, when it is not `id`."""
    adopts: int = 0
    """The version of the part an older hep made with the journal's own migrations, before
    parts had versions of their own: a file with no version row for the part but all of that
    version's tables holds that version. 0: none."""

    @property
    def version(self) -> int:
        """The version this hep makes: the number of its migrations."""
        return len(self.migrations)

    @property
    def tables_word(self) -> str:
        """How messages name its tables: `the program's tables`."""
        return f"the {self.name}'s tables"

    def key(self, table: str) -> str:
        """The column that names a row of `table`."""
        return self.keys.get(table, "id")

    def noun(self, table: str) -> str:
        """How one row of `table` is named before its key."""
        return self.nouns.get(table, table.replace("_", " ")[:-1])


_declared: tuple[SchemaPart, ...] = ()


def declare(*parts: SchemaPart) -> None:
    """Make every journal this process opens from now on keep these parts.

    A part declared again under the same name replaces the earlier one.

    Args:
        parts: The parts, in the order their tables may link to each other.
    """
    global _declared
    kept = {part.name: part for part in _declared}
    kept.update((part.name, part) for part in parts)
    _declared = tuple(kept.values())


def declared() -> tuple[SchemaPart, ...]:
    """The parts declared so far, in the order they were first declared (those named by
    `declare_later` imported now, the first time)."""
    while later.NAMED:
        module, name = later.NAMED.pop(0)
        declare(getattr(importlib.import_module(module), name))
    return _declared
