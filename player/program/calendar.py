"""The program's planned sessions as an iCalendar file (RFC 5545), for the user's own calendar.

The calendar follows the program as it stands: a held phase at its lighter dose, an overdue one
for as long as fresh evidence takes, then the phases after it. Each event's id is the program,
the day and the routine's place in that day, so a newer file imported into a calendar client
updates its events instead of adding more; a place that no longer has a routine is sent as
cancelled."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, vText

from player import __version__
from player.localday import ONE_DAY
from player.program.dose import DoseError, apply_dose
from player.program.models import Dose, Prescription, Program
from player.program.schedule import planned_on
from player.program.today import ProgramDay
from player.routine.loader import RoutineError
from player.safetext import shown

PRODUCT_ID = f"-//hep//hep {__version__}//EN"
UNKNOWN_SECONDS = 30 * 60.0
"""The length given to a routine that cannot be loaded."""


@dataclass(frozen=True)
class Slot:
    """One routine planned on a day: its place among the day's routines, and its dose."""

    day: date
    place: int
    phase: int
    entry: Prescription
    dose: Dose
    held: bool


def _planned(program: Program, phase: int, day: date) -> list[Prescription]:
    return [e for e in program.phases[phase].routines if planned_on(e, day)]


def slots(today: ProgramDay, first: date) -> list[Slot]:
    """Every routine planned from `first` on, as the program stands on `today.day`.

    The current phase keeps its dose as it is (the lighter one while it holds) until its weeks
    are up; a phase that holds or is overdue stays for at least the evidence window from
    `first` (moving on needs that much fresh evidence), then each later phase lasts its weeks.

    Args:
        today: The program on the day the calendar is made.
        first: The first day to plan.

    Returns:
        The slots, by day and place.
    """
    program = today.program
    s = today.standing
    current = today.plan_phase
    end = s.phase_start + timedelta(days=program.phases[s.phase].days)
    if s.holding or end <= first:
        end = max(end, first + timedelta(days=program.evidence.days))
    if s.complete:
        end = max(end, first + timedelta(days=7 * program.phases[s.phase].weeks))
    out: list[Slot] = []
    day = first
    while day < end:
        for place, entry in enumerate(_planned(program, current, day)):
            dose = entry.dose.plus(program.lighter) if s.holding else entry.dose
            out.append(Slot(day, place, current, entry, dose, s.holding))
        day += ONE_DAY
    if s.complete:
        return out
    for phase in range(s.phase + 1, len(program.phases)):
        for n in range(program.phases[phase].days):
            for place, entry in enumerate(_planned(program, phase, day + n * ONE_DAY)):
                out.append(Slot(day + n * ONE_DAY, place, phase, entry, entry.dose, False))
        day += timedelta(days=program.phases[phase].days)
    return out


def _places(program: Program, day: date) -> int:
    """The most routines any phase plans on `day`'s weekday (the places a day can have)."""
    return max(len(_planned(program, p, day)) for p in range(len(program.phases)))


def event_uid(today: ProgramDay, day: date, place: int) -> str:
    """An event's id: the same program, day and place give the same id in every export."""
    record = today.record
    seed = f"{record.loaded.source_hash}:{record.started_on.isoformat()}:{record.id}"
    key = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
    return f"{key}-{day:%Y%m%d}-{place}@hep"


def calendar_text(
    today: ProgramDay, *, at: time | None = None, stamp: datetime | None = None
) -> str:
    """Every session the program plans from the day on, as the program stands on it.

    Each routine due on a day is one event: all-day, or from `at` for the routine's planned
    length at the day's dose, with a reminder at its start.

    Args:
        today: The program on the first day to plan.
        at: A start time for every session (local, floating), or None for all-day events.
        stamp: When the file is made (default now), for each event's DTSTAMP.

    Returns:
        The calendar, as text with CRLF line ends.
    """
    stamp = stamp or datetime.now(UTC)
    program = today.program
    name = shown(program.name)
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    # An X- property is written as it is given unless it is typed: vText escapes it as TEXT
    # (RFC 5545 3.3.11), the same escaping as SUMMARY and DESCRIPTION.
    cal.add("x-wr-calname", vText(f"hep: {name}"))
    first = max(today.day, today.record.started_on)
    planned = slots(today, first)
    lengths: dict[tuple[str, Dose], tuple[str, float]] = {}
    used: dict[date, int] = {}
    for slot in planned:
        used[slot.day] = max(used.get(slot.day, 0), slot.place + 1)
        key = (slot.entry.routine, slot.dose)
        if key not in lengths:
            try:
                routine = today.routine(slot.entry).routine
                lengths[key] = (routine.name, apply_dose(routine, slot.dose).planned_seconds())
            except (RoutineError, DoseError):
                lengths[key] = (slot.entry.routine, UNKNOWN_SECONDS)
        title, seconds = lengths[key]
        phase = program.phases[slot.phase]
        dose = slot.dose.words()
        held = " (held: the lighter dose)" if slot.held else ""
        event = Event()
        event.add("uid", event_uid(today, slot.day, slot.place))
        event.add("dtstamp", stamp)
        event.add("sequence", int(stamp.timestamp()) // 60 % 2_000_000_000)
        event.add("summary", shown(f"{title}{f' ({dose})' if dose else ''}"))
        event.add(
            "description",
            f"{name}, phase {shown(phase.name)}{held} ({slot.entry.when()}), about "
            f"{math.ceil(seconds / 60)} min.\n"
            "Play it with: hep play --today\n"
            "The morning after, note how it settled: hep morning",
        )
        _when(event, slot.day, at, seconds, title)
        cal.add_component(event)
    if planned:
        day = first
        while day <= planned[-1].day:
            for place in range(used.get(day, 0), _places(program, day)):
                gone = Event()
                gone.add("uid", event_uid(today, day, place))
                gone.add("dtstamp", stamp)
                gone.add("sequence", int(stamp.timestamp()) // 60 % 2_000_000_000)
                gone.add("status", "CANCELLED")
                gone.add("summary", f"hep: no session planned here now ({name})")
                _when(gone, day, at, 60.0, "")
                cal.add_component(gone)
            day += ONE_DAY
    return cal.to_ical().decode("utf-8")


def _when(event: Event, day: date, at: time | None, seconds: float, title: str) -> None:
    if at is None:
        event.add("dtstart", day)
        event.add("dtend", day + ONE_DAY)
        return
    begin = datetime.combine(day, at)
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=max(1, math.ceil(seconds / 60))))
    if title:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", shown(f"hep: {title}"))
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
