"""What a program prescribes on a date: the routines due, what is done, and the days ahead."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from player.localday import week_start
from player.program.history import History, SessionFact
from player.program.models import WEEKDAYS, Prescription, Program
from player.session.outcomes import COUNTED


def spread(per_week: int) -> tuple[int, ...]:
    """Weekdays (0 = Monday) that spread `per_week` sessions over a week, for calendars:
    3 a week is Monday, Wednesday, Friday."""
    return tuple(i * 7 // per_week for i in range(per_week))


def planned_on(entry: Prescription, day: date) -> bool:
    """Whether a routine is planned for `day` in a calendar (per_week ones spread out)."""
    if entry.every is not None:
        return True
    if entry.days is not None:
        return WEEKDAYS[day.weekday()] in entry.days
    assert entry.per_week is not None
    return day.weekday() in spread(entry.per_week)


@dataclass(frozen=True)
class Due:
    """One routine of the current phase on a day."""

    entry: Prescription
    due: bool
    """True when it is due on the day and not done yet."""
    done: tuple[SessionFact, ...]
    """Sessions of it played for the day that count (completed, or stopped by the rules)."""
    week_done: int
    """Sessions of it that count, this week up to the day (for `per_week`)."""
    next_day: date | None
    """When it is next due, when not today (for `days`)."""

    @property
    def today(self) -> bool:
        """Whether it belongs to the day at all: due, or done."""
        return self.due or bool(self.done)

    def when(self) -> str:
        """When it is due, with this week's count for `per_week`: `3 a week (1 done)`."""
        text = self.entry.when()
        if self.entry.per_week is not None:
            text += f" ({self.week_done} done)"
        return text


def _counted(history: History, reference: str) -> list[SessionFact]:
    return [
        s
        for s in history.sessions
        if s.routine == reference and s.outcome in COUNTED and not s.nothing_done
    ]


def due_on(program: Program, phase: int, history: History, day: date) -> list[Due]:
    """The routines of a phase on `day`: the ones due first, in the program's order.

    Args:
        program: The program.
        phase: The phase's index.
        history: The program's sessions.
        day: The day.

    Returns:
        One entry per routine of the phase.
    """
    out = []
    monday = week_start(day)
    for entry in program.phases[phase].routines:
        counted = _counted(history, entry.routine)
        done = tuple(s for s in counted if s.day == day)
        week = sum(1 for s in counted if monday <= s.day <= day)
        if entry.per_week is not None:
            due = not done and week < entry.per_week
        else:
            due = not done and planned_on(entry, day)
        following = None
        if not due and entry.days is not None:
            following = next(
                (d for d in _days(day + timedelta(days=1), 7) if planned_on(entry, d)), None
            )
        out.append(Due(entry, due, done, week, following))
    return sorted(out, key=lambda d: not d.due)


def _days(first: date, count: int) -> Iterator[date]:
    for n in range(count):
        yield first + timedelta(days=n)


@dataclass(frozen=True)
class Planned:
    """A routine planned for a day in the phases ahead (for calendars)."""

    day: date
    phase: int
    entry: Prescription


def plan_ahead(program: Program, phase: int, phase_start: date, first: date) -> list[Planned]:
    """Every routine planned from `first` to the end of the program, if each phase from the
    current one lasts exactly its weeks (moving on takes what the phase's rule says).

    Args:
        program: The program.
        phase: The current phase's index.
        phase_start: The day the current phase began.
        first: The first day to plan (earlier days are left out).

    Returns:
        The planned routines, by day.
    """
    out: list[Planned] = []
    start = phase_start
    for index in range(phase, len(program.phases)):
        current = program.phases[index]
        for day in _days(start, current.days):
            if day >= first:
                out += [Planned(day, index, e) for e in current.routines if planned_on(e, day)]
        start += timedelta(days=current.days)
    return out


def prescribed(
    program: Program,
    phase: int,
    days: list[date],
    only: Callable[[Prescription], bool] | None = None,
) -> int:
    """Sessions a phase prescribes over some days of one week (for adherence): every day and
    the named weekdays as they fall; `per_week` at most once a day.

    Args:
        program: The program.
        phase: The phase's index.
        days: Days of one week that the phase covers.
        only: Count only the routines it accepts (`--routine`); None counts them all.

    Returns:
        The number of sessions prescribed.
    """
    total = 0
    for entry in program.phases[phase].routines:
        if only is not None and not only(entry):
            continue
        if entry.per_week is not None:
            total += min(entry.per_week, len(days))
        else:
            total += sum(1 for day in days if planned_on(entry, day))
    return total
