"""Whether a program is being followed: one quick read-only look before a session."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from player.journal.store.store import Journal


FOLLOWED = "SELECT EXISTS (SELECT 1 FROM programs WHERE stopped_at IS NULL)"
"""Whether a program is followed: one started and not stopped."""


def followed_in(journal: Journal) -> bool:
    """Whether the open journal holds a program that has not been stopped (True when it
    cannot tell: the program's own check then runs)."""
    try:
        with journal.connection() as conn:
            try:
                row = conn.execute(FOLLOWED).fetchone()
            except sqlite3.OperationalError as exc:
                return "no such table" not in str(exc)
    except Exception:
        return True
    return bool(row and row[0])


def program_followed(journal: Path) -> bool:
    """Whether the journal holds a program that has not been stopped.

    A session with no program to follow should not pay for the program's code or a second
    opening of the journal before it starts; this look costs about a millisecond.

    Args:
        journal: The journal file.

    Returns:
        False when there is no journal, no program table or no program being followed; True
        when one is, or when this quick look cannot tell (the full check then runs and reports
        any problem), a journal that is not a regular file (a FIFO) among them.
    """
    try:
        if not stat.S_ISREG(journal.stat().st_mode):
            return True  # a pipe would hold this look up for good: the full check says what it is
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        conn = sqlite3.connect(f"{journal.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = conn.execute(FOLLOWED).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        return "no such table" not in str(exc)
    except sqlite3.Error:
        return True
    return bool(row[0])
