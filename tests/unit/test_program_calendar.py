"""The calendar follows the program as it stands: held and overdue phases as they are, lengths at
the day's dose, ids that stay the same from one export to the next, and any text safe."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar

from player.journal.store.store import Journal
from player.program.calendar import calendar_text, slots
from player.program.dose import apply_dose
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
STAMP = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _events(text: str) -> list[dict[str, object]]:
    return [
        {
            "uid": str(e["UID"]),
            "summary": str(e["SUMMARY"]),
            "start": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "status": str(e.get("STATUS", "")),
            "description": str(e.get("DESCRIPTION", "")),
        }
        for e in Calendar.from_ical(text).walk("VEVENT")
    ]


def test_a_held_overdue_phase_is_exported_as_it_is(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 12)
    sim.morning(MONDAY + 12 * DAY, 6)  # a worse morning: holding Settle
    today = sim.on(MONDAY + 16 * DAY)  # the weeks ran out two days ago
    assert today.standing.holding and today.phase.name == "Settle"
    events = [e for e in _events(calendar_text(today, at=time(7, 30))) if not e["status"]]
    first_days = [e for e in events if e["start"].date() < MONDAY + 23 * DAY]  # type: ignore[union-attr]
    assert first_days and all("phase Settle (held" in str(e["description"]) for e in first_days)
    core = next(e for e in first_days if str(e["summary"]).startswith("Core stabilization"))
    assert core["summary"] == "Core stabilization (sets -2)"
    routine = today.routine(today.phase.routines[1]).routine
    minutes = math.ceil(
        apply_dose(routine, today.dose("core-stabilization")).planned_seconds() / 60
    )  # type: ignore[arg-type]
    assert core["end"] - core["start"] == timedelta(minutes=minutes)  # type: ignore[operator]
    assert any("phase Build" in str(e["description"]) for e in events), "then the next phase"


def test_the_same_routine_twice_on_a_day_has_two_ids_and_a_reexport_keeps_them(
    journal: Journal, tmp_path: Path
) -> None:
    program = tmp_path / "twice.yaml"
    program.write_text(
        "name: Twice\ndescription: d\nphases:\n  - name: A\n    weeks: 1\n    routines:\n"
        "      - {routine: relaxation, every: day}\n"
        "      - {routine: relaxation, days: [mon], reps_scale: 0.7}\n"
        "  - name: B\n    weeks: 1\n    routines:\n      - {routine: relaxation, every: day}\n"
    )
    sim = Sim(journal, program)
    first = _events(calendar_text(sim.on(MONDAY), stamp=STAMP))
    uids = [e["uid"] for e in first]
    assert len(uids) == len(set(uids)) == 7 + 1 + 7 + 1  # B's Monday: its second place cancelled
    monday = [e for e in first if e["start"] == MONDAY]
    assert len(monday) == 2 and monday[0]["uid"] != monday[1]["uid"]
    again = _events(calendar_text(sim.on(MONDAY), stamp=STAMP + DAY))
    assert [e["uid"] for e in again] == uids


def test_a_phase_that_changes_updates_the_same_events_and_cancels_the_rest(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    before = {e["uid"]: e for e in _events(calendar_text(sim.on(MONDAY), stamp=STAMP))}
    sim.follow(MONDAY, 14)
    sim.morning(MONDAY + 14 * DAY, 2)  # Build from Monday 17 June
    after = _events(calendar_text(sim.on(MONDAY + 14 * DAY), stamp=STAMP + DAY))
    assert all(e["uid"] in before for e in after if e["start"] < MONDAY + 42 * DAY)  # type: ignore[operator]
    cancelled = [e for e in after if e["status"] == "CANCELLED"]
    assert all(e["uid"] in before or e["start"] >= MONDAY + 42 * DAY for e in cancelled)  # type: ignore[operator]
    uids = [e["uid"] for e in after]
    assert len(uids) == len(set(uids))


def test_any_text_in_a_program_is_safe_in_the_calendar(journal: Journal, tmp_path: Path) -> None:
    program = tmp_path / "evil.yaml"
    program.write_text(
        'name: "Evil\\nname\\u001b]52;c;AAAA\\u0007"\ndescription: "a\\rb"\nphases:\n'
        '  - name: "A\\nB"\n    weeks: 1\n    routines:\n'
        "      - {routine: relaxation, every: day}\n"
    )
    sim = Sim(journal, program)
    text = calendar_text(sim.on(MONDAY), at=time(8, 0))
    assert "\x1b" not in text and "\x07" not in text
    cal = Calendar.from_ical(text)
    assert str(cal["X-WR-CALNAME"]) == "hep: Evil name"
    assert all("A B" in str(e["DESCRIPTION"]) for e in cal.walk("VEVENT"))


def test_the_plan_starts_on_the_day_asked_and_never_before_the_program(journal: Journal) -> None:
    sim = Sim(journal, start=MONDAY + 7 * DAY)
    planned = slots(sim.on(MONDAY), MONDAY + 7 * DAY)
    assert planned[0].day == MONDAY + 7 * DAY
    assert {s.phase for s in planned} == {0, 1, 2}
    assert date(2024, 7, 22) > planned[-1].day >= date(2024, 7, 14)


_TEXT_PROPERTIES = {"PRODID", "UID", "STATUS", "SUMMARY", "DESCRIPTION", "X-WR-CALNAME"}
# RFC 5545 3.3.11: TEXT is characters other than backslash, semicolon and comma, or the escapes
# \\ \; \, \n (\N); a line break is written as \n.
_TEXT = re.compile(r"(?:[^\\;,]|\\[\\;,nN])*")


def _unescaped(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_every_text_property_is_escaped_as_ical_text(journal: Journal, tmp_path: Path) -> None:
    program = tmp_path / "escaped.yaml"
    program.write_text(
        'name: "Back; core, week\\\\3"\ndescription: d\nphases:\n'
        '  - name: "Build; 2, \\\\x"\n    weeks: 1\n    routines:\n'
        "      - {routine: relaxation, every: day}\n"
    )
    sim = Sim(journal, program)
    text = calendar_text(sim.on(MONDAY), at=time(8, 0), stamp=STAMP)
    lines = _unfolded(text)
    assert "X-WR-CALNAME:hep: Back\\; core\\, week\\\\3" in lines
    checked = 0
    for line in lines:
        name, _, value = line.partition(":")
        if name.split(";")[0] not in _TEXT_PROPERTIES:
            continue
        checked += 1
        assert _TEXT.fullmatch(value), line
    assert checked > 3
    assert any("phase Build\\; 2\\, \\\\x" in line for line in lines)
    calname = Calendar.from_ical(text)["X-WR-CALNAME"].to_ical().decode("utf-8")
    assert _unescaped(calname) == "hep: Back; core, week\\3"


def test_a_long_program_name_is_folded_at_75_octets_between_characters(
    journal: Journal, tmp_path: Path
) -> None:
    name = "Rücken und Schulter; Woche für Woche, " * 2 + "é" * 24  # 100 characters, the most
    program = tmp_path / "long.yaml"
    program.write_text(
        f'name: "{name}"\ndescription: d\nphases:\n  - name: A\n    weeks: 1\n    routines:\n'
        "      - {routine: relaxation, every: day}\n"
    )
    sim = Sim(journal, program)
    raw = calendar_text(sim.on(MONDAY), at=time(8, 0), stamp=STAMP).encode("utf-8")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character is cut in two by a fold
    cal = Calendar.from_ical(raw)
    assert _unescaped(cal["X-WR-CALNAME"].to_ical().decode("utf-8")) == f"hep: {name}"
