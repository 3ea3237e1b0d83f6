"""Whether the red-flag questions were answered today (for `safety.screen: daily`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from player import localday
from player.journal.records import format_utc
from player.journal.store.errors import JournalError
from player.journal.store.store import Journal


def screened_today(journal: Journal, *, now: datetime | None = None) -> bool:
    """Whether a red-flag screen was answered all "no" since local midnight (the zone's own
    midnight, also on the days the clocks change).

    Args:
        journal: An open journal.
        now: The instant to judge "today" by (default: now; naive: local wall time).

    Returns:
        True only when today's journal holds an all-no screen; False when it does not, or when
        the journal cannot tell (asking again is the safe side).
    """
    midnight = localday.midnight(localday.today(now))
    try:
        rows = journal.query(
            "SELECT data FROM events WHERE kind = 'screen' AND wall >= ?", (format_utc(midnight),)
        )
        return any(not any(json.loads(row[0]).get("answers", {}).values()) for row in rows)
    except (JournalError, sqlite3.Error, ValueError):
        return False
