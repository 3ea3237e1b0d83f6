"""The program's planned sessions as an iCalendar file (RFC 5545), for the user's own calendar."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from player import __version__
from player.program.schedule import plan_ahead
from player.program.today import ProgramDay
from player.routine.loader import RoutineError

PRODUCT_ID = f"-//hep//hep {__version__}//EN"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "routine"


def calendar_text(
    today: ProgramDay, *, at: time | None = None, stamp: datetime | None = None
) -> str:
    """Every session the program plans from the day on, as if each phase lasts its weeks.

    Each routine due on a day is one event: all-day, or from `at` for the routine's planned
    length with a reminder at its start. `per_week` routines are spread over the week (3 a
    week: Monday, Wednesday, Friday). Event ids stay the same from one export to the next, so
    importing a newer file updates the events instead of doubling them.

    Args:
        today: The program on the first day to plan.
        at: A start time for every session (local, floating), or None for all-day events.
        stamp: When the file is made (default now), for each event's DTSTAMP.

    Returns:
        The calendar, as text with CRLF line ends.
    """
    stamp = stamp or datetime.now(UTC)
    program = today.program
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"hep: {program.name}")
    standing = today.standing
    first = max(today.day, today.record.started_on)
    for planned in plan_ahead(program, standing.phase, standing.phase_start, first):
        entry = planned.entry
        phase = program.phases[planned.phase]
        dose = entry.dose.words()
        try:
            routine = today.routine(entry).routine
            name, seconds = routine.name, routine.planned_seconds()
        except RoutineError:
            name, seconds = entry.routine, 30 * 60.0
        event = Event()
        event.add("uid", f"{today.record.id}-{planned.day.isoformat()}-{_slug(entry.routine)}@hep")
        event.add("dtstamp", stamp)
        event.add("summary", f"{name}{f' ({dose})' if dose else ''}")
        event.add(
            "description",
            f"{program.name}, phase {phase.name} ({entry.when()}).\n"
            "Play it with: hep play --today\n"
            "The morning after, note how it settled: hep morning",
        )
        if at is None:
            event.add("dtstart", planned.day)
            event.add("dtend", planned.day + timedelta(days=1))
        else:
            begin = datetime.combine(planned.day, at)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=math.ceil(seconds / 60)))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"hep: {name}")
            alarm.add("trigger", timedelta(0))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
