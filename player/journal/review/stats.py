"""Adherence and pain numbers over many sessions: weeks against a target, streaks, pain means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from player import localday
from player.journal.records import SessionSummary
from player.journal.review.query import list_sessions, routine_key, routine_names
from player.journal.store.store import Journal
from player.localday import week_start
from player.session.outcomes import OUTCOMES, RUNNING, outcome_word
from player.textcells import fit_pad


def session_week(session: SessionSummary) -> date:
    """The Monday of the local week a session started in."""
    return week_start(localday.day_of(session.started_at))


@dataclass(frozen=True)
class PainMeans:
    """Mean pain over the sessions that have both an answer before and one at the end.

    Every mean is over the same `sessions`, so the mean highest is never below the mean before
    or at the end; the means are rounded to a tenth, and `change` is `final - baseline` of those
    rounded numbers, so it is what a reader gets subtracting the two printed beside it.
    """

    sessions: int
    baseline: float | None
    highest: float | None
    final: float | None
    change: float | None


def pain_means(sessions: Sequence[SessionSummary]) -> PainMeans:
    """Pain means over the sessions with both a before and an end answer.

    Args:
        sessions: Any sessions; those missing either answer are left out (and not counted).

    Returns:
        The means, each over `PainMeans.sessions` sessions (None when there are none).
    """
    both = [s for s in sessions if s.baseline is not None and s.final is not None]
    if not both:
        return PainMeans(0, None, None, None, None)
    before = round(fmean(s.baseline for s in both if s.baseline is not None), 1)
    end = round(fmean(s.final for s in both if s.final is not None), 1)
    highest = round(
        fmean(max(v for v in (s.highest, s.baseline, s.final) if v is not None) for s in both), 1
    )
    return PainMeans(len(both), before, highest, end, round(end - before, 1))


@dataclass(frozen=True)
class RoutinePain:
    """Sessions and pain for one routine: its file, whatever its title (`routine_key`)."""

    routine: str
    """Its name in the review (`RoutineName.label`)."""
    sessions: int
    completed: int
    pain: PainMeans
    highest: int | None
    """The highest pain of any of its sessions."""
    file: str | None = None
    """The file its newest session was played from, by name (None: no file)."""
    titles: list[str] = field(default_factory=list)
    """Every title its sessions had, the newest first."""


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
            "by_routine": [asdict(item) for item in self.by_routine],
        }


def week_counts(sessions: Sequence[SessionSummary]) -> dict[date, int]:
    """Sessions that count towards the target (completed, or stopped by the rules), per week.

    Args:
        sessions: The sessions to count.

    Returns:
        Monday of each local week that has any, mapped to its count.
    """
    counts: dict[date, int] = {}
    for session in sessions:
        if session.counts:
            week = session_week(session)
            counts[week] = counts.get(week, 0) + 1
    return counts


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


def outcome_counts(sessions: Sequence[SessionSummary]) -> dict[str, int]:
    """How many ended sessions had each outcome, in the order reports list outcomes."""
    found = [s.outcome for s in sessions if s.outcome != RUNNING]
    known = {o: found.count(o) for o in OUTCOMES if o in found}
    return known | {o: found.count(o) for o in sorted(set(found) - set(OUTCOMES))}


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
        routine: Only this routine (its title or file name).
        today: The local date (today when None).

    Returns:
        The stats.
    """
    sessions = list_sessions(
        journal, routine=routine, since=since, include_previews=include_previews
    )
    counts = week_counts(sessions)
    this_week = week_start(today or localday.today())
    listed = [this_week - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    ended = [s for s in sessions if s.outcome != RUNNING]
    outcomes = outcome_counts(ended)
    groups: dict[str, list[SessionSummary]] = {}
    for session in ended:
        groups.setdefault(routine_key(session.routine_name, session.routine_path), []).append(
            session
        )
    names = routine_names(ended)
    by_routine = sorted(
        (
            RoutinePain(
                routine=names[key].label,
                sessions=len(items),
                completed=sum(1 for s in items if s.outcome == "completed"),
                pain=pain_means(items),
                highest=max((s.highest for s in items if s.highest is not None), default=None),
                file=names[key].file,
                titles=names[key].titles,
            )
            for key, items in groups.items()
        ),
        key=lambda item: (-item.sessions, item.routine),
    )
    return Stats(
        target=target,
        weeks=[(week, counts.get(week, 0)) for week in listed],
        streak=streak(counts, target, this_week),
        sessions=len(ended),
        outcomes=outcomes,
        completion_rate=(outcomes.get("completed", 0) / len(ended)) if ended else None,
        by_routine=by_routine,
        include_previews=include_previews,
    )


def number(value: float | None, signed: bool = False) -> str:
    """A mean as shown: one decimal (`+` on a change), `-` when there is none."""
    if value is None:
        return "-"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def outcome_parts(outcomes: dict[str, int]) -> str:
    """Outcome counts in words: `6 completed, 2 stopped: pain, 1 quit`."""
    return ", ".join(f"{n} {outcome_word(name)}" for name, n in outcomes.items())


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
        f"Sessions per week (target {stats.target}; completed or stopped, with some exercise"
        " done, count)"
    ]
    for week, count in stats.weeks:
        mark = "met" if count >= stats.target else ""
        lines.append(f"  week of {week.isoformat()}  {'#' * min(count, 20):<20} {count:>3}  {mark}")
    plural = "week" if stats.streak == 1 else "weeks"
    lines.append(f"Current streak: {stats.streak} {plural} meeting the target")
    if weekly is not None:
        lines = list(weekly)
    if stats.completion_rate is not None:
        lines.append(
            f"Completed: {stats.completion_rate:.0%} of {stats.sessions}"
            f" session{'' if stats.sessions == 1 else 's'}"
            f" ({outcome_parts(stats.outcomes)})"
        )
    lines.append(
        "Pain by routine (0-10): means over the sessions with an answer before and at the end"
    )
    for item in stats.by_routine:
        p = item.pain
        plural = "session" if item.sessions == 1 else "sessions"
        line = f"  {fit_pad(item.routine, 28)} {item.sessions:>4} {plural:<8}"
        if p.sessions:
            line += (
                f"  before {number(p.baseline)}  highest {number(p.highest)}"
                f"  at the end {number(p.final)}  change {number(p.change, signed=True)}"
                f"  (over {p.sessions})"
            )
        else:
            line += "  no session with both answers"
        if item.highest is not None:
            line += f"; highest ever {item.highest}"
        lines.append(line)
        if len(item.titles) > 1:
            lines.append(f"    earlier titled: {', '.join(item.titles[1:])}")
    if not stats.include_previews:
        lines.append("(previews left out; --include-previews counts them)")
    return lines
