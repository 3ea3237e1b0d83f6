"""Today's earlier sessions, as the next one starts: the answers and stops to show before the
pain question, and the stop that makes starting again ask first."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from player import localday
from player.journal.review import figures
from player.journal.review.query import SessionDetail, list_sessions, load_details, local
from player.journal.store.errors import JournalError
from player.journal.store.store import Journal
from player.session.outcomes import STOPPED, outcome_word

SHOWN = 4
"""At most this many of today's latest sessions are named."""


@dataclass(frozen=True)
class Today:
    """What today's journal says before a session starts."""

    line: str | None = None
    """`Earlier today: stopped at 5/10 at 09:12 (pain spreading down the leg)`, or None."""
    stop: str | None = None
    """When a session stopped for pain or a red flag today: why starting again asks first."""


NOTHING = Today()
"""No earlier session today (or no journal to ask)."""


def _clock(moment: datetime) -> str:
    return local(moment).strftime("%H:%M")


def _pain_words(before: int | None, end: int | None) -> str:
    parts = [f"{before}/10 before"] if before is not None else []
    if end is not None:
        parts.append(f"{end}/10 at the end")
    return f" ({', '.join(parts)})" if parts else ""


def session_phrase(detail: SessionDetail) -> str:
    """One earlier session in a few words.

    Args:
        detail: The session with its events.

    Returns:
        E.g. `stopped at 5/10 at 09:12 (pain spreading down the leg)`, `completed at 07:30
        (2/10 before, 3/10 at the end)`.
    """
    s = detail.summary
    at = _clock(s.ended_at or s.started_at)
    stop = figures.stop(detail.events) if s.outcome in STOPPED else None
    if stop is not None and stop.red_flag:
        return f"stopped at the red-flag questions at {at} ({stop.reason})"
    if stop is not None:
        level = f" at {stop.pain}/10" if stop.pain is not None else ""
        return f"stopped{level} at {at} ({stop.reason})"
    figured = figures.pain(detail.events)
    return f"{outcome_word(s.outcome)} at {at}{_pain_words(figured.before, figured.end)}"


def earlier_today(journal: Journal, *, now: datetime | None = None) -> Today:
    """Read today's sessions (previews left out) for the next session's first questions.

    Args:
        journal: The open journal.
        now: The instant to judge "today" by (default: now; naive: local wall time).

    Returns:
        The context; `NOTHING` when today has no session or the journal cannot tell.
    """
    midnight = localday.midnight(localday.today(now))
    try:
        sessions = [
            s
            for s in list_sessions(journal, since=midnight, include_previews=False)
            if s.ended_at is not None
        ]
        details = load_details(journal, sessions[:SHOWN][::-1])
    except (JournalError, sqlite3.Error, ValueError):
        return NOTHING
    if not details:
        return NOTHING
    line = "Earlier today: " + "; ".join(session_phrase(d) for d in details)
    stopped = [d for d in details if d.summary.outcome in STOPPED]
    if not stopped:
        return Today(line=line)
    last = stopped[-1]
    stop = figures.stop(last.events)
    if stop is not None and stop.red_flag:
        why = (
            f"Earlier today, at {_clock(last.summary.ended_at or last.summary.started_at)}, the "
            f"red-flag questions stopped a session ({stop.reason}). Please see your doctor or "
            "therapist before you exercise."
        )
    else:
        why = (
            f"Earlier today a session {session_phrase(last)}. After a stop, rest is usually the "
            "better choice: start again only if the pain has settled."
        )
    return Today(line=line, stop=why)
