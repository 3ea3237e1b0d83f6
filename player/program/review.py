"""The program in the journal's review: around a session, in stats and in the exports."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from functools import partial
from typing import Any

from player.journal.reports.clinic import ProgramWeeks
from player.journal.reports.clinic_text import Block, Heading, Table
from player.journal.reports.report import preview_words
from player.journal.review.query import list_sessions, routine_matches
from player.journal.store.store import Journal
from player.localday import day_text, week_start
from player.program import store
from player.program.history import MorningFact, SessionFact
from player.program.models import Prescription
from player.program.report import ACTION_WORDS, STIFFNESS_WORDS, decision_line
from player.program.schedule import prescribed
from player.program.today import ProgramDay, on_day
from player.routine.loader import RoutineError
from player.safetext import shown
from player.session.outcomes import COUNTED, outcome_word
from player.words import plural


def session_lines(journal: Journal, session_id: int) -> list[str]:
    """`hep journal show`: the program day a session counted for, the decision after it, and
    the next morning's check with its decision.

    Args:
        journal: The open journal.
        session_id: The session.

    Returns:
        Lines to print after the session (none when it did not count for a program).
    """
    rows = journal.query(
        "SELECT p.day, p.program_id, g.name FROM program_sessions p"
        " JOIN programs g ON g.id = p.program_id WHERE p.session_id = ?",
        (session_id,),
    )
    if not rows:
        return []
    day, program_id = date.fromisoformat(rows[0]["day"]), rows[0]["program_id"]
    history = store.history(journal, program_id)
    fact = next((s for s in history.sessions if s.session_id == session_id), None)
    lines = ["", f"  Program {rows[0]['name']!r}: {counted_words(fact, day)}"]
    decisions = store.decisions(journal, program_id)
    lines += [f"    {decision_line(d)}" for d in decisions if d.session_id == session_id]
    morning = history.morning_on(day + timedelta(days=1))
    if morning is not None:
        lines.append(f"    next morning: {morning_words(morning.pain, morning.stiffness)}")
        lines += [f"    {decision_line(d)}" for d in decisions if d.morning_id == morning.id]
    return lines


def counted_words(fact: SessionFact | None, day: date) -> str:
    """Whether a session linked to a program day counted for it, by the one rule the program
    and the stats count with (`SessionFact.counts`): `counted for Mon 2024-06-03`, or `played
    for Mon 2024-06-03, not counted (quit)`.

    Args:
        fact: The session as the program knows it (None: not among its sessions).
        day: The program day it was played for.

    Returns:
        The words.
    """
    if fact is None or fact.counts():
        return f"counted for {day_text(day)}"
    if fact.outcome not in COUNTED:
        why = outcome_word(fact.outcome)  # quit, interrupted, nothing done
    elif fact.nothing_done and fact.outcome == "completed":
        why = outcome_word("nothing_done")
    elif fact.nothing_done:
        why = f"{outcome_word(fact.outcome)}, before any exercise work"
    else:
        why = f"{preview_words(fact.speed)}, which marks the day done"
    return f"played for {day_text(day)}, not counted ({why})"


def morning_words(pain: int | None, stiffness: str | None) -> str:
    """A morning check in words: `pain 2/10, stiff under 30 min` or `skipped`."""
    if pain is None:
        return "skipped"
    stiff = f", {STIFFNESS_WORDS.get(stiffness, stiffness)}" if stiffness else ""
    return f"pain {pain}/10{stiff}"


def morning_weeks(
    journal: Journal, today: date, weeks: int, *, since: date | None = None
) -> list[tuple[date, list[int]]]:
    """The answered mornings' pain per week (Monday), oldest week first.

    Args:
        journal: The open journal.
        today: The last day to look at.
        weeks: How many recent weeks to list.
        since: Only mornings from this day on (`--since`), listed from its week.

    Returns:
        (Monday, the pains answered that week) per week.
    """
    this_week = week_start(today)
    listed = [this_week - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    if since is not None:
        listed = [week for week in listed if week >= week_start(since)]
    found: dict[date, list[int]] = {week: [] for week in listed}
    for morning in _mornings(journal, since):
        week = week_start(morning.day)
        if week in found and morning.pain is not None and morning.day <= today:
            found[week].append(morning.pain)
    return list(found.items())


def _mornings(journal: Journal, since: date | None) -> tuple[MorningFact, ...]:
    """Every morning check from `since` on (all when None), oldest first."""
    return tuple(m for m in store.mornings(journal) if since is None or m.day >= since)


def adherence(
    journal: Journal,
    today: date,
    weeks: int,
    include_previews: bool = False,
    *,
    since: date | None = None,
    routine: str | None = None,
) -> list[tuple[date, int, int]]:
    """For the program followed: per week (Monday), sessions prescribed and sessions that
    counted (`SessionFact.counts`; previews only with `include_previews`), from its first day
    to `today`, oldest first. Empty with no program.

    Args:
        journal: The open journal.
        today: The last day to measure.
        weeks: How many recent weeks to list.
        include_previews: Count previews too.
        since: Measure from this day on (`--since`): the prescription and the sessions alike.
        routine: Only this routine (`--routine`, matched as the journal matches it): its
            prescription and its sessions.

    Returns:
        (Monday, prescribed, done) per week.
    """
    state = on_day(journal, today)
    if state is None or not state.started:
        return []
    first = max(state.record.started_on, week_start(today) - timedelta(days=7 * (weeks - 1)))
    if since is not None:
        first = max(first, since)
    chosen = None if routine is None else {s.id for s in list_sessions(journal, routine=routine)}
    only = None if routine is None else partial(_names, state, routine=routine)
    days: dict[date, list[date]] = {}
    day = first
    while day <= today:
        days.setdefault(week_start(day), []).append(day)
        day += timedelta(days=1)
    out = []
    for week, in_week in days.items():
        phase = on_day(journal, in_week[0])
        assert phase is not None
        wanted = prescribed(phase.program, phase.standing.phase, in_week, only)
        done = sum(
            1
            for s in state.history.sessions
            if in_week[0] <= s.day <= in_week[-1]
            and s.counts(include_previews)
            and (chosen is None or s.session_id in chosen)
        )
        out.append((week, wanted, done))
    return out


def _names(day: ProgramDay, entry: Prescription, *, routine: str) -> bool:
    """Whether `--routine` names a routine the program prescribes: its title or its file, as
    the journal matches a session's (a routine that cannot be loaded, by its file only)."""
    try:
        loaded = day.routine(entry)
    except RoutineError:
        return routine_matches(routine, "", entry.routine)
    return routine_matches(routine, loaded.routine.name, loaded.path or entry.routine)


def weekly_lines(
    journal: Journal,
    today: date,
    weeks: int,
    include_previews: bool = False,
    *,
    since: date | None = None,
    routine: str | None = None,
) -> list[str] | None:
    """`hep journal stats`' weekly block measured against the program's own prescription, or
    None when no program is followed (the fixed target is used then).

    Args:
        journal: The open journal.
        today: The last day to measure.
        weeks: How many recent weeks to list.
        include_previews: Count previews too.
        since: Measure from this day on (`--since`).
        routine: Only this routine (`--routine`).

    Returns:
        The lines, or None.
    """
    state = on_day(journal, today)
    if state is None or not state.started:
        return None
    rows = adherence(journal, today, weeks, include_previews, since=since, routine=routine)
    narrowed = [f"only the routine {shown(routine)!r}"] if routine is not None else []
    if since is not None:
        narrowed.append(f"from {since.isoformat()}")
    lines = [
        f"Sessions per week against the program {state.program.name!r} "
        f"({'; '.join(['done/prescribed', *narrowed])})"
    ]
    for week, wanted, done in rows:
        mark = "met" if _met(wanted, done) else ""
        bar = "#" * min(done, 20)
        lines.append(f"  week of {week.isoformat()}  {bar:<20} {done:>3}/{wanted:<3} {mark}")
    if not rows and since is not None:
        lines.append(f"  no program day from {since.isoformat()} to {today.isoformat()}")
    return lines


def weekly_json(
    journal: Journal,
    today: date,
    weeks: int,
    include_previews: bool = False,
    *,
    since: date | None = None,
    routine: str | None = None,
) -> list[dict[str, Any]] | None:
    """`weekly_lines` as JSON-ready values: per week, sessions prescribed and done; None when
    no program is followed (arguments as `weekly_lines`)."""
    state = on_day(journal, today)
    if state is None or not state.started:
        return None
    rows = adherence(journal, today, weeks, include_previews, since=since, routine=routine)
    return [
        {"week": week.isoformat(), "prescribed": wanted, "done": done, "met": _met(wanted, done)}
        for week, wanted, done in rows
    ]


MOST_WEEKS = 5218
"""Weeks enough to reach any program's first day (a hundred years)."""


def program_weeks(
    journal: Journal,
    since: date | None,
    include_previews: bool,
    *,
    today: date,
    routine: str | None = None,
) -> ProgramWeeks | None:
    """The report's weeks planned as the program followed prescribed them, from its first day
    (or `since`) to `today`, measured as `weekly_lines` measures them; None with no program.

    Args:
        journal: The open journal.
        since: The report's first day (`--since`), if any.
        include_previews: Count previews too.
        today: The report's last day.
        routine: Only this routine (`--routine`).

    Returns:
        The program's name and (prescribed, done) per week.
    """
    state = on_day(journal, today)
    if state is None or not state.started:
        return None
    rows = adherence(journal, today, MOST_WEEKS, include_previews, since=since, routine=routine)
    return ProgramWeeks(state.program.name, {week: (wanted, done) for week, wanted, done in rows})


def _met(wanted: int, done: int) -> bool:
    """Whether a week met the program's prescription (a week with none prescribed did not)."""
    return bool(wanted) and done >= wanted


def mornings_lines(
    journal: Journal, today: date, weeks: int, *, since: date | None = None
) -> list[str]:
    """The mornings trend for stats: per week, the median morning pain and how many (the
    weeks and mornings of `morning_weeks`)."""
    rows = morning_weeks(journal, today, weeks, since=since)
    if not any(pains for _, pains in rows):
        return []
    lines = ["Morning pain per week (0-10, the median of the checks):"]
    for week, pains in rows:
        middle = f"{statistics.median(pains):g}" if pains else "-"
        lines.append(f"  week of {week.isoformat()}  {middle:>4}  ({plural(len(pains), 'check')})")
    return lines


def mornings_json(
    journal: Journal, today: date, weeks: int, *, since: date | None = None
) -> list[dict[str, Any]]:
    """`mornings_lines` as JSON-ready values (empty when it shows nothing)."""
    rows = morning_weeks(journal, today, weeks, since=since)
    if not any(pains for _, pains in rows):
        return []
    return [
        {
            "week": week.isoformat(),
            "median": statistics.median(pains) if pains else None,
            "checks": len(pains),
        }
        for week, pains in rows
    ]


def to_json(journal: Journal, since: date | None = None) -> dict[str, Any]:
    """Programs, their decisions and every morning check, for the JSON export and stats.

    Args:
        journal: The open journal.
        since: Only decisions and mornings from this day on (`--since`; all when None).

    Returns:
        `programs` (each with its decisions) and `mornings`.
    """
    programs = []
    for row in journal.query("SELECT id, name, path, started_on, stopped_on FROM programs"):
        decisions = store.decisions(journal, row["id"])
        programs.append(
            {
                "name": row["name"],
                "path": row["path"],
                "started_on": row["started_on"],
                "stopped_on": row["stopped_on"],
                "decisions": [
                    {
                        "day": d.day.isoformat(),
                        "action": d.action,
                        "reason": d.reason,
                        "phase": d.standing.phase + 1,
                        "holding": d.standing.holding,
                        "session_id": d.session_id,
                    }
                    for d in decisions
                    if since is None or d.day >= since
                ],
            }
        )
    mornings = [
        {"day": m.day.isoformat(), "pain": m.pain, "stiffness": m.stiffness}
        for m in _mornings(journal, since)
    ]
    return {"programs": programs, "mornings": mornings}


def report_blocks(journal: Journal, since: date | None = None) -> list[Block]:
    """The clinic report's section on the program: its decisions and the mornings.

    Args:
        journal: The open journal.
        since: Only decisions and mornings from this day on (the report's `--since`).

    Returns:
        Blocks that the Markdown and HTML reports both render (none without a program or a
        morning check).
    """
    data = to_json(journal, since)
    if not data["programs"] and not data["mornings"]:
        return []
    blocks: list[Block] = [Heading(2, "Program and next-morning checks")]
    for program in data["programs"]:
        until = f" to {program['stopped_on']}" if program["stopped_on"] else " (followed now)"
        blocks.append(Heading(3, f"{program['name']}, from {program['started_on']}{until}"))
        rows = [
            [
                d["day"],
                ACTION_WORDS.get(d["action"], d["action"]),
                str(d["phase"]),
                " ".join(d["reason"].split()),
            ]
            for d in program["decisions"]
        ]
        headers = ["day", "decision", "phase", "reason"]
        blocks.append(Table(headers, rows, [False, False, True, False]))
    if data["mornings"]:
        rows = [
            [
                m["day"],
                "skipped" if m["pain"] is None else f"{m['pain']}/10",
                STIFFNESS_WORDS.get(m["stiffness"], "-") if m["stiffness"] else "-",
            ]
            for m in data["mornings"]
        ]
        blocks.append(Table(["morning", "pain", "stiffness"], rows, [False, True, False]))
    return blocks
