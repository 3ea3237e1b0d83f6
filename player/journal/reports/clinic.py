"""The report for the clinic, as data: the period, weeks planned against done, each exercise's
pain before and after it, every stop, the notes and the pain per session. `markdown.py` and
`html.py` write the same report from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from player import __version__, localday
from player.journal import figures
from player.journal.records import Event, SessionDetail
from player.journal.review.query import local, routine_key, routine_names
from player.journal.review.stats import PainMeans, outcome_counts, pain_means, session_week
from player.journal.work.exercises import ExerciseResult, exercise_results
from player.localday import week_start
from player.session.outcomes import LEFT, RUNNING, STOPPED, USER_STOP
from player.words import ordinal


@dataclass(frozen=True)
class Week:
    """One week of the period: sessions planned (the target) against done."""

    monday: date
    planned: int
    done: int
    """Sessions that count (`counts_as_session`): completed or stopped, with some exercise
    work done."""
    stopped: int
    """Sessions stopped by the pain rules or a red flag."""
    user_stopped: int
    """Sessions stopped by the user's own choice, no rule broken."""
    left: int
    """Sessions quit or interrupted (not counted)."""
    pain: PainMeans
    current: bool = False
    """The week the period ends in, still under way."""

    @property
    def met(self) -> bool:
        """Whether the week's done sessions reached its plan (a week with none planned did
        not: nothing was asked of it)."""
        return self.planned > 0 and self.done >= self.planned

    @property
    def judged(self) -> bool:
        """Whether the week can be said to have met its plan or not (a week under way that has
        not met it yet cannot)."""
        return self.met or not self.current


@dataclass(frozen=True)
class ProgramWeeks:
    """The weeks a program followed prescribed: what the report plans them at."""

    name: str
    """The program's name."""
    weeks: dict[date, tuple[int, int]]
    """Monday to (sessions prescribed, sessions it counted), as `hep journal stats` measures
    them; weeks it did not cover are planned at the target."""


@dataclass
class ExerciseRow:
    """One exercise across the period's sessions of its routine."""

    routine: str
    exercise: str
    sessions: int = 0
    """Sessions whose plan had it."""
    statuses: dict[str, int] = field(default_factory=dict)
    before: list[int] = field(default_factory=list)
    """Pain before it (the last answer before it began), in sessions with an answer after it."""
    after: list[int] = field(default_factory=list)
    """Pain after it (its own last check-in), paired with `before`."""
    rose: int = 0
    """Sessions in which pain rose from the answer before one of its check-ins to that one."""
    compared: int = 0
    """Sessions with at least one of its check-ins after an earlier answer."""


@dataclass(frozen=True)
class StopRow:
    """A session stopped (by the pain rules, a red flag or the user) or ended early."""

    started_at: datetime
    routine: str
    sentence: str
    """`Stopped at 7/10 during Bird dog, left: sharp pain.`"""
    preview_speed: float | None = None
    """The speed of a preview (None for a session at real speed)."""


@dataclass(frozen=True)
class NoteRow:
    """A note the user wrote."""

    wall: datetime
    routine: str
    place: str
    text: str
    preview_speed: float | None = None
    """The speed of the preview it was written in (None for a session at real speed)."""


@dataclass(frozen=True)
class Point:
    """One session's pain, for the chart and its table."""

    started_at: datetime
    routine: str
    outcome: str
    pain: figures.Pain
    active_seconds: float | None = None
    """Active time (exercise time, pauses and answering left out)."""
    exercises_done: int | None = None
    exercises_planned: int | None = None
    preview_speed: float | None = None
    """The speed of a preview (None for a session at real speed)."""


@dataclass
class ClinicReport:
    """Everything the report says."""

    version: str
    first: date
    last: date
    target: int
    sessions: int
    outcomes: dict[str, int]
    routines: dict[str, int]
    weeks: list[Week]
    exercises: list[ExerciseRow]
    stops: list[StopRow]
    """Sessions stopped by the pain rules or a red flag."""
    user_stops: list[StopRow]
    """Sessions stopped by the user's own choice, no rule broken."""
    left: list[StopRow]
    """Sessions quit or interrupted, with their reasons."""
    notes: list[NoteRow]
    points: list[Point]
    previews_included: bool
    program: str | None = None
    """The program whose prescription some weeks are planned at (`ProgramWeeks`), if any."""

    @property
    def weeks_met(self) -> int:
        """Weeks that met the target."""
        return sum(1 for week in self.weeks if week.met)

    @property
    def weeks_judged(self) -> int:
        """Weeks over (or already met): the ones `weeks_met` is out of."""
        return sum(1 for week in self.weeks if week.judged)


def _weeks(first: date, last: date) -> list[date]:
    weeks: list[date] = []
    week = week_start(first)
    while week <= last:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def _pain(event: Event) -> int | None:
    value = event.data.get("pain")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def row_names(results: Sequence[ExerciseResult]) -> dict[int, str]:
    """Each exercise's row in the report, by its index in the plan: its name, and for a name
    that comes again in the routine its place among them (`Breathing (2nd)`), so a session
    counts once in each row.

    Args:
        results: A session's exercises in the plan's order.

    Returns:
        The row name of each exercise index.
    """
    seen: dict[str, int] = {}
    names: dict[int, str] = {}
    for result in results:
        seen[result.exercise] = seen.get(result.exercise, 0) + 1
        place = seen[result.exercise]
        names[result.index] = (
            result.exercise if place == 1 else f"{result.exercise} ({ordinal(place)})"
        )
    return names


def _exercise_pain(
    detail: SessionDetail,
    rows: dict[tuple[str, str], ExerciseRow],
    names: dict[int, str],
    name: str,
) -> None:
    """Add one session's pain before and after each of its exercises (`names`: their rows, by
    index) to `rows`, under its routine's `name`."""
    last: int | None = None
    before: dict[int, int | None] = {}
    after: dict[int, int] = {}
    rose: set[int] = set()
    compared: set[int] = set()
    for event in detail.events:
        index = event.data.get("exercise_index")
        if event.kind == "step_started" and isinstance(index, int) and index not in before:
            if event.data.get("step") != "between":
                before[index] = last
        if event.kind != "checkin" or (value := _pain(event)) is None:
            continue
        if isinstance(index, int) and event.data.get("when") != "baseline":
            after[index] = value
            if last is not None:
                compared.add(index)
                if value > last:
                    rose.add(index)
        last = value
    for index, exercise in names.items():
        row = rows.setdefault((name, exercise), ExerciseRow(name, exercise))
        ahead = before.get(index)
        if ahead is not None and index in after:
            row.before.append(ahead)
            row.after.append(after[index])
        row.rose += index in rose
        row.compared += index in compared


def build(
    details: Sequence[SessionDetail],
    *,
    target: int = 3,
    since: datetime | None = None,
    today: date | None = None,
    previews_included: bool = False,
    program: ProgramWeeks | None = None,
) -> ClinicReport:
    """Gather the report from the period's sessions.

    Args:
        details: The sessions with plans and events, oldest first.
        target: Sessions planned a week.
        since: The start of the period asked for, if any.
        today: The local date the period ends on (today when None).
        previews_included: Whether previews are among the sessions.
        program: The weeks a program followed prescribed: those are planned (and their done
            sessions counted) as the program measures them; the period starts no later than
            its first.

    Returns:
        The report.
    """
    today = today or localday.today()
    ended = [d for d in details if d.summary.outcome != RUNNING]
    summaries = [d.summary for d in ended]
    if since is not None:
        first = local(since).date()
    elif summaries:
        first = local(summaries[0].started_at).date()
    else:
        first = today
    prescribed = program.weeks if program is not None else {}
    if since is None and prescribed:
        first = min(first, min(prescribed))
    per_week: dict[date, list[SessionDetail]] = {}
    for detail in ended:
        per_week.setdefault(session_week(detail.summary), []).append(detail)
    weeks = []
    for monday in _weeks(first, today):
        items = [d.summary for d in per_week.get(monday, [])]
        planned, done = prescribed.get(monday, (target, sum(1 for s in items if s.counts)))
        weeks.append(
            Week(
                monday=monday,
                planned=planned,
                done=done,
                stopped=sum(1 for s in items if s.outcome in STOPPED),
                user_stopped=sum(1 for s in items if s.outcome == USER_STOP),
                left=sum(1 for s in items if s.outcome in LEFT),
                pain=pain_means(items),
                current=monday == week_start(today),
            )
        )
    rows: dict[tuple[str, str], ExerciseRow] = {}
    stops: list[StopRow] = []
    user_stops: list[StopRow] = []
    left: list[StopRow] = []
    notes: list[NoteRow] = []
    points: list[Point] = []
    called = routine_names(summaries)
    for detail in ended:
        s = detail.summary
        routine = called[routine_key(s.routine_name, s.routine_path)].label
        results, _ = exercise_results(detail.plan, detail.events)
        names = row_names(results)
        for result in results:
            exercise = names[result.index]
            row = rows.setdefault((routine, exercise), ExerciseRow(routine, exercise))
            row.sessions += 1
            row.statuses[result.status] = row.statuses.get(result.status, 0) + 1
        _exercise_pain(detail, rows, names, routine)
        sentence = figures.ending(s.outcome, detail.events, s.reason)
        speed = s.speed if s.preview else None
        if sentence and s.outcome in STOPPED:
            stops.append(StopRow(s.started_at, routine, sentence, speed))
        elif sentence and s.outcome == USER_STOP:
            user_stops.append(StopRow(s.started_at, routine, sentence, speed))
        elif sentence and s.outcome in LEFT:
            left.append(StopRow(s.started_at, routine, sentence, speed))
        notes += [
            NoteRow(n.wall, routine, n.place, n.text, speed) for n in figures.notes(detail.events)
        ]
        points.append(
            Point(
                s.started_at,
                routine,
                s.outcome,
                figures.pain(detail.events),
                active_seconds=s.active_seconds,
                exercises_done=sum(1 for r in results if r.status == "done"),
                exercises_planned=len(results),
                preview_speed=speed,
            )
        )
    routines: dict[str, int] = {}
    for s in summaries:
        routine = called[routine_key(s.routine_name, s.routine_path)].label
        routines[routine] = routines.get(routine, 0) + 1
    return ClinicReport(
        version=__version__,
        first=first,
        last=today,
        target=target,
        sessions=len(ended),
        outcomes=outcome_counts(summaries),
        routines=routines,
        weeks=weeks,
        exercises=list(rows.values()),
        stops=stops,
        user_stops=user_stops,
        left=left,
        notes=notes,
        points=points,
        previews_included=previews_included,
        program=program.name if prescribed and program is not None else None,
    )


def mean_text(values: Sequence[int]) -> str:
    """A mean to one decimal, `-` for none."""
    return f"{sum(values) / len(values):.1f}" if values else "-"
