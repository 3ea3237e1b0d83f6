"""Today's earlier sessions, as the next one starts: the answers and stops to show before the
pain question, and the stop that makes starting again ask first."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from player import localday
from player.journal import figures
from player.journal.records import SessionDetail, SessionSummary
from player.journal.review.query import list_sessions, load_details, local
from player.journal.store.errors import JournalError
from player.journal.store.store import Journal
from player.session.first import NOTHING as NOTHING
from player.session.first import Today as Today
from player.session.outcomes import STOPPED, outcome_word
from player.session.questions import FLAG_WORDS, Urgency
from player.session.safety import red_flag_care, screen_stop

SHOWN = 4
"""At most this many of today's latest sessions without a stop are named (every stop is)."""


SPAN = timedelta(days=1)
"""How long before midnight a session that ended today may have begun (a routine lasts at most
4 hours; a pause can stretch it)."""

TODAY_READS = frozenset({"checkin", "verdict", "screen"})
"""The events `session_phrase` and `seriousness` read of a session (its pain answers, its stop
and its red-flag answers): the rest of its record, and its plan, are not read before the first
question."""


def _time_of_day(moment: datetime) -> str:
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
        (2/10 before, 3/10 at the end)`, `stopped at 7/10 in a preview at 08:05 (sharp pain)`.
    """
    return _phrase(detail, " in a preview" if detail.summary.preview else "")


def _phrase(detail: SessionDetail, where: str) -> str:
    s = detail.summary
    at = _time_of_day(s.ended_at or s.started_at)
    stop = figures.stop(detail.events) if s.outcome in STOPPED else None
    if stop is not None and stop.red_flag:
        return f"stopped at the red-flag questions{where} at {at} ({stop.reason})"
    if stop is not None:
        level = f" at {stop.pain}/10" if stop.pain is not None else ""
        return f"stopped{level}{where} at {at} ({stop.reason})"
    figured = figures.pain(detail.events)
    return f"{outcome_word(s.outcome)} at {at}{_pain_words(figured.baseline, figured.final)}"


def seriousness(detail: SessionDetail) -> tuple[int, int]:
    """How serious a stopped session's stop was, for ordering (smaller is more serious): a
    red flag (one that needs emergency care first), then pain spreading down the leg or new
    numbness, then sharp pain, then a pain level, then a rise, then a stop of your own; a
    higher pain first within each.

    Args:
        detail: A stopped session with its events.

    Returns:
        A sort key.
    """
    verdicts = [e.data for e in detail.events if e.kind == "verdict"]
    stop: dict[str, object] = next((v for v in reversed(verdicts) if v.get("stops") is True), {})
    rule = str(stop.get("rule") or "")
    reason = str(stop.get("reason") or "")
    if rule == "red_flag":
        return 0, 0 if _red_flag_urgency(detail) == "emergency" else 1
    if FLAG_WORDS["spreading"] in reason or FLAG_WORDS["numbness"] in reason:
        rank = 1
    elif FLAG_WORDS["sharp"] in reason:
        rank = 2
    else:
        rank = {"stop_at": 3, "max_rise": 4}.get(rule, 5)
    found = figures.stop(detail.events)
    pain = found.pain if found is not None and found.pain is not None else -1
    return rank, -pain


def _red_flag_urgency(detail: SessionDetail) -> Urgency | None:
    """How soon a red-flag stop said to get care, from the answers the session kept (the
    conductor's own rule); None when it kept none."""
    verdict = screen_stop(figures.screen_answers(detail.events))
    return verdict.urgency if verdict is not None else None


def _played(detail: SessionDetail) -> str:
    """`a preview` or `a session`, as the words on a stop name what was stopped."""
    return "a preview" if detail.summary.preview else "a session"


def _read(journal: Journal, sessions: list[SessionSummary]) -> list[SessionDetail]:
    return load_details(journal, sessions, kinds=TODAY_READS, plans=False)


def earlier_today(journal: Journal, *, now: datetime | None = None) -> Today:
    """Read today's sessions for the next session's first questions: every stop by the rules,
    most serious first, then the latest other sessions.

    A preview's stop by the rules counts as a session's does (named as a preview): a yes at
    the red-flag questions, or a pain answer that meets a rule, is an answer about the body
    whatever the speed (docs/clinical-basis.md, "The next morning"). A preview's other endings
    are left out.

    Args:
        journal: The open journal.
        now: The instant to judge "today" by (default: now; naive: local wall time).

    Returns:
        The context; `NOTHING` when today has no session or the journal cannot tell.
    """
    midnight = localday.midnight(localday.today(now))
    try:
        # A session begun before midnight that ended after it ended today (a stop at 00:05).
        sessions = [
            s
            for s in list_sessions(journal, since=midnight - SPAN)
            if s.ended_at is not None and s.ended_at >= midnight
        ]
        stops = [s for s in sessions if s.outcome in STOPPED]
        others = [s for s in sessions if s.outcome not in STOPPED and not s.preview]
        others = others[:SHOWN][::-1]
        stopped = sorted(_read(journal, stops[::-1]), key=seriousness)
        details = _read(journal, others)
    except (JournalError, sqlite3.Error, ValueError):
        return NOTHING
    if not details and not stopped:
        return NOTHING
    line = "Earlier today: " + "; ".join(session_phrase(d) for d in [*stopped, *details])
    if not stopped:
        return Today(line=line)
    worst = stopped[0]
    stop = figures.stop(worst.events)
    if stop is not None and stop.red_flag:
        at = _time_of_day(worst.summary.ended_at or worst.summary.started_at)
        care = red_flag_care(_red_flag_urgency(worst))
        why = (
            f"Earlier today, at {at}, the red-flag questions stopped {_played(worst)} "
            f"({stop.reason}). " + care
        )
        return Today(line=line, stop=why, care=care)
    why = (
        f"Earlier today {_played(worst)} {_phrase(worst, '')}. After a stop, rest is usually the "
        "better choice: start again only if the pain has settled."
    )
    return Today(line=line, stop=why)
