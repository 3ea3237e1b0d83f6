"""The program's tables in the journal file, as the journal's own commands ask about them."""

from __future__ import annotations

from player.journal.store.store import Journal

IN_USE_SQL = "SELECT EXISTS (SELECT 1 FROM programs) OR EXISTS (SELECT 1 FROM mornings)"


def in_use(journal: Journal) -> bool:
    """Whether the journal holds a program or a morning check (then `hep journal stats` shows
    them too).

    Args:
        journal: An open journal.

    Returns:
        True when a program was started or a morning answered.
    """
    return bool(journal.query(IN_USE_SQL)[0][0])
