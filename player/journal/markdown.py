"""The Markdown report a person hands to their therapist: adherence, pain trend, stops, notes."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from statistics import mean

from player import __version__
from player.journal.query import SessionSummary, load_details, local, parse_utc
from player.journal.report import pain_triple
from player.journal.stats import streak, week_start
from player.journal.store import Journal, format_utc
from player.session.outcomes import COUNTED, OUTCOMES, RUNNING, outcome_word


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell (one line, no pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _mean(values: list[int]) -> str:
    return f"{mean(values):.1f}" if values else "-"


def _weeks(first: date, last: date) -> list[date]:
    weeks: list[date] = []
    week = week_start(first)
    while week <= last:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def markdown_report(
    journal: Journal,
    sessions: list[SessionSummary],
    *,
    target: int = 3,
    since: datetime | None = None,
    today: date | None = None,
) -> str:
    """Write the report.

    Args:
        journal: The open journal (for notes and check-in flags).
        sessions: The sessions to report on, oldest first.
        target: Sessions a week to aim for.
        since: The start of the period asked for, if any.
        today: The local date the period ends on (today when None).

    Returns:
        Markdown text.
    """
    today = today or date.today()
    lines = ["# Home exercise journal", ""]
    if not sessions:
        lines += ["No sessions in this period.", ""]
        return "\n".join(lines)
    first = local(since).date() if since else local(sessions[0].started_at).date()
    lines += [
        f"Period: {first.isoformat()} to {today.isoformat()} (local dates). "
        f"Made by hep {__version__}, which guides a program and does not diagnose.",
        "",
        "## Summary",
        "",
    ]
    finished = [s for s in sessions if s.outcome != RUNNING]
    outcomes = {name: sum(1 for s in finished if s.outcome == name) for name in OUTCOMES}
    parts = ", ".join(f"{outcome_word(k)} {n}" for k, n in outcomes.items() if n)
    per_week: dict[date, list[SessionSummary]] = {}
    for s in finished:
        per_week.setdefault(week_start(local(s.started_at).date()), []).append(s)
    counted = {
        week: sum(1 for s in items if s.outcome in COUNTED) for week, items in per_week.items()
    }
    weeks = _weeks(first, today)
    met = sum(1 for week in weeks if counted.get(week, 0) >= target)
    routines: dict[str, int] = {}
    for s in finished:
        routines[s.routine_name] = routines.get(s.routine_name, 0) + 1
    lines += [
        f"- Sessions: {len(finished)} ({parts})",
        f"- Weekly target: {target} sessions; met in {met} of {len(weeks)} weeks; "
        f"current streak {streak(counted, target, week_start(today))} weeks",
        "- Routines: " + ", ".join(f"{_cell(name)} ({n})" for name, n in routines.items()),
        "",
        "## Adherence and pain per week",
        "",
        "Sessions that count: completed, or stopped by the pain rules. "
        "Pain is 0-10, the mean of the sessions that week.",
        "",
        "| week of | sessions | target met | pain before | highest | at the end |",
        "| --- | ---: | :---: | ---: | ---: | ---: |",
    ]
    for week in weeks:
        items = per_week.get(week, [])
        lines.append(
            f"| {week.isoformat()} | {counted.get(week, 0)} "
            f"| {'yes' if counted.get(week, 0) >= target else 'no'} "
            f"| {_mean([s.baseline for s in items if s.baseline is not None])} "
            f"| {_mean([s.highest for s in items if s.highest is not None])} "
            f"| {_mean([s.final for s in items if s.final is not None])} |"
        )
    lines += ["", "## Stops and their reasons", ""]
    stopped = [s for s in finished if s.outcome != "completed"]
    if not stopped:
        lines.append("Every session was completed.")
    else:
        details = {d.summary.id: d for d in load_details(journal, stopped)}
        lines += [
            "| date | routine | outcome | reason | pain before/highest/end | flags |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for s in stopped:
            flags = sorted(
                {
                    str(flag)
                    for event in details[s.id].events
                    if event.kind == "checkin"
                    for flag in event.data.get("flags") or []
                }
            )
            lines.append(
                f"| {local(s.started_at).strftime('%Y-%m-%d %H:%M')} | {_cell(s.routine_name)} "
                f"| {outcome_word(s.outcome)} | {_cell(s.reason or '-')} "
                f"| {pain_triple(s.baseline, s.highest, s.final)} "
                f"| {_cell(', '.join(flags) or '-')} |"
            )
    lines += ["", "## Notes", ""]
    notes = _notes(journal, sessions)
    lines += notes or ["No notes."]
    lines.append("")
    return "\n".join(lines)


def _notes(journal: Journal, sessions: list[SessionSummary]) -> list[str]:
    by_id = {s.id: s for s in sessions}
    first = min(s.started_at for s in sessions)
    out: list[str] = []
    rows = journal.query(
        "SELECT e.session_id, e.wall, e.data FROM events e JOIN sessions s ON s.id = e.session_id"
        " WHERE e.kind = 'note' AND s.started_at >= ? ORDER BY e.session_id, e.id",
        (format_utc(first),),
    )
    for row in rows:
        session = by_id.get(row["session_id"])
        if session is None:
            continue
        text = json.loads(row["data"]).get("text", "")
        moment = local(parse_utc(row["wall"])).strftime("%Y-%m-%d %H:%M")
        out.append(f"- {moment}, {_cell(session.routine_name)}: {_cell(text)}")
    return out
