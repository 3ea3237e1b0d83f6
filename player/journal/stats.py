"""Adherence and pain numbers, computed with SQL aggregates over session rows (never events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from player.journal.query import where_clause
from player.journal.store import Journal
from player.session.outcomes import COUNTED, RUNNING

ANY_PROGRAM_SQL = "SELECT EXISTS (SELECT 1 FROM programs) OR EXISTS (SELECT 1 FROM mornings)"
"""Whether the journal holds a program or a morning check (then stats show them too)."""
_COUNTED_SQL = "outcome IN ({})".format(", ".join(f"'{outcome}'" for outcome in COUNTED))
# date(..., '-6 days', 'weekday 1'): back six days, then on to a Monday: the week's Monday.
_WEEK_SQL = "date(started_at, 'localtime', '-6 days', 'weekday 1')"


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class RoutinePain:
    """Pain before and after, for one routine."""

    routine: str
    sessions: int
    completed: int
    before: float | None
    after: float | None
    change: float | None
    """Mean of (after - before) over sessions that have both."""
    highest: int | None


@dataclass(frozen=True)
class Stats:
    """The numbers `hep journal stats` shows."""

    target: int
    weeks: list[tuple[date, int]]
    """The last weeks (Monday, sessions counted), oldest first, the current week last."""
    streak: int
    sessions: int
    outcomes: dict[str, int]
    completion_rate: float | None
    by_routine: list[RoutinePain]
    include_previews: bool

    def to_json(self) -> dict[str, Any]:
        """The stats as JSON-ready values."""
        return {
            "target": self.target,
            "weeks": [{"week": day.isoformat(), "sessions": n} for day, n in self.weeks],
            "streak": self.streak,
            "sessions": self.sessions,
            "outcomes": self.outcomes,
            "completion_rate": self.completion_rate,
            "include_previews": self.include_previews,
            "by_routine": [vars(item) for item in self.by_routine],
        }


def week_counts(
    journal: Journal,
    *,
    include_previews: bool = False,
    since: datetime | None = None,
    routine: str | None = None,
) -> dict[date, int]:
    """Sessions that count towards the target, per local week.

    Returns:
        Monday of each week that has any, mapped to its count.
    """
    where, params = where_clause(routine, since, include_previews)
    where = (where + " AND " if where else " WHERE ") + _COUNTED_SQL
    rows = journal.query(
        f"SELECT {_WEEK_SQL} AS week, COUNT(*) FROM sessions{where} GROUP BY week", params
    )
    return {date.fromisoformat(row[0]): int(row[1]) for row in rows if row[0]}


def streak(counts: dict[date, int], target: int, this_week: date) -> int:
    """Weeks in a row meeting the target, up to now.

    The current week counts once it meets the target; until then it does not break the streak.

    Args:
        counts: Sessions per week (Monday).
        target: Sessions a week.
        this_week: The current week's Monday.

    Returns:
        The number of weeks.
    """
    weeks = 0
    week = this_week
    if counts.get(week, 0) < target:
        week -= timedelta(days=7)
    while counts.get(week, 0) >= target:
        weeks += 1
        week -= timedelta(days=7)
    return weeks


def compute(
    journal: Journal,
    *,
    target: int = 3,
    weeks: int = 8,
    include_previews: bool = False,
    since: datetime | None = None,
    routine: str | None = None,
    today: date | None = None,
) -> Stats:
    """Work out the stats.

    Args:
        journal: The open journal.
        target: Sessions a week to aim for.
        weeks: How many recent weeks to list.
        include_previews: Count sessions played at another speed too.
        since: Only sessions from this moment on.
        routine: Only this routine.
        today: The local date (today when None).

    Returns:
        The stats.
    """
    counts = week_counts(journal, include_previews=include_previews, since=since, routine=routine)
    this_week = week_start(today or date.today())
    listed = [this_week - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    where, params = where_clause(routine, since, include_previews)
    where = (where + " AND " if where else " WHERE ") + f"outcome != '{RUNNING}'"
    outcomes = {
        row[0]: int(row[1])
        for row in journal.query(
            f"SELECT outcome, COUNT(*) FROM sessions{where} GROUP BY outcome", params
        )
    }
    total = sum(outcomes.values())
    by_routine = [
        RoutinePain(
            routine=row[0],
            sessions=int(row[1]),
            completed=int(row[2]),
            before=row[3],
            after=row[4],
            change=row[5],
            highest=row[6],
        )
        for row in journal.query(
            f"""
            SELECT routine_name, COUNT(*), SUM(outcome = 'completed'), AVG(baseline_pain),
                AVG(final_pain),
                AVG(CASE WHEN baseline_pain IS NOT NULL AND final_pain IS NOT NULL
                    THEN final_pain - baseline_pain END),
                MAX(highest_pain)
            FROM sessions{where} GROUP BY routine_name ORDER BY COUNT(*) DESC, routine_name
            """,
            params,
        )
    ]
    return Stats(
        target=target,
        weeks=[(week, counts.get(week, 0)) for week in listed],
        streak=streak(counts, target, this_week),
        sessions=total,
        outcomes=outcomes,
        completion_rate=(outcomes.get("completed", 0) / total) if total else None,
        by_routine=by_routine,
        include_previews=include_previews,
    )


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def stats_lines(stats: Stats, weekly: list[str] | None = None) -> list[str]:
    """The stats as lines of text for people.

    Args:
        stats: The stats.
        weekly: Lines that take the place of the weekly target and streak (a program's own
            prescription, from player/program/review.py), or None.

    Returns:
        The lines.
    """
    lines = [
        f"Sessions per week (target {stats.target}; completed or stopped by the pain rules count)"
    ]
    for week, count in stats.weeks:
        mark = "met" if count >= stats.target else ""
        lines.append(f"  week of {week.isoformat()}  {'#' * min(count, 20):<20} {count:>3}  {mark}")
    plural = "week" if stats.streak == 1 else "weeks"
    lines.append(f"Current streak: {stats.streak} {plural} meeting the target")
    if weekly is not None:
        lines = list(weekly)
    if stats.completion_rate is not None:
        parts = ", ".join(f"{n} {name}" for name, n in sorted(stats.outcomes.items()))
        lines.append(
            f"Completed: {stats.completion_rate:.0%} of {stats.sessions} sessions ({parts})"
        )
    lines.append("Pain before and after, by routine (0-10, means):")
    for item in stats.by_routine:
        lines.append(
            f"  {item.routine[:28]:<28} {item.sessions:>5} sessions  before {_num(item.before)}"
            f"  after {_num(item.after)}  change {_num(item.change, signed=True)}"
            f"  highest {item.highest if item.highest is not None else '-'}"
        )
    if not stats.include_previews:
        lines.append("(previews left out; --include-previews counts them)")
    return lines
