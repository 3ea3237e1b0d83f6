"""Whether the red-flag questions were answered today (for `safety.screen: daily`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from player import localday
from player.journal.records import format_utc
from player.journal.store.errors import JournalError
from player.journal.store.store import Journal
from player.session.questions import screen_clears


def screened_today(journal: Journal, *, now: datetime | None = None) -> bool:
    """Whether the last red-flag screen answered since local midnight (the zone's own midnight,
    also on the days the clocks change) was all "no": a yes later in the day takes the
    clearance back, as a yes means no exercise today.

    Args:
        journal: An open journal.
        now: The instant to judge "today" by (default: now; naive: local wall time).

    Returns:
        True only when today's latest screen is all no, every question answered
        (`screen_clears`); False when there is none, when it has a yes, when it was left
        unfinished, or when the journal cannot tell (asking again is the safe side).
    """
    midnight = localday.midnight(localday.today(now))
    try:
        rows = journal.query(
            "SELECT data FROM events WHERE kind = 'screen' AND wall >= ?"
            " ORDER BY wall DESC, id DESC LIMIT 1",
            (format_utc(midnight),),
        )
        return bool(rows) and screen_clears(json.loads(rows[0][0]).get("answers", {}))
    except (JournalError, sqlite3.Error, ValueError, AttributeError):  # not a mapping: ask
        return False
