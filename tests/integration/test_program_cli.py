"""The program commands as a user runs them, in a subprocess, with `--date`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.slow

START = date.today() - timedelta(days=20)
"""A start three weeks back, so every day of the test is a day gone by."""


def hep(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=240,
    )


def on(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


def test_a_program_day_by_day(tmp_path: Path) -> None:
    done = hep("program", "start", "back-to-running", "--date", on(0))
    assert done.returncode == 0 and "at phase Settle" in done.stdout
    again = hep("program", "start", "back-to-running", "--date", on(0))
    assert again.returncode == 2 and again.stderr.startswith("hep: already following")

    today = hep("today", "--date", on(0))
    assert "Phase 1 of 3: Settle, day 1 of 14" in today.stdout
    assert "[ ] Relaxation and breathing" in today.stdout

    answers = "n\n" * 7 + "1\n" * 40
    played = hep("play", "--today", "--plain", "--speed", "60", "--date", on(0), stdin=answers)
    assert played.returncode == 0, played.stdout + played.stderr
    assert "Program: Relaxation and breathing played as a preview" in played.stdout

    short = hep("today", "--short", "--date", on(0))
    assert short.stdout.startswith("hep: Settle 1/14") and "relaxation" not in short.stdout

    morning = hep("morning", "--pain", "5", "--stiffness", "under30", "--date", on(1))
    assert morning.returncode == 0
    assert "Noted: morning pain 5/10, stiff under 30 min" in morning.stdout
    assert "first morning check" in morning.stdout
    asked = hep("morning", "--date", on(2), stdin="6\no\n")
    assert (
        "Pain this morning, 0-10?" in asked.stdout and "Decision: Morning pain 6/10" in asked.stdout
    )
    bad = hep("morning", "--pain", "11", "--date", on(3))
    assert bad.returncode == 2 and bad.stderr == "hep: --pain: must be at most 10 (found 11)\n"
    ahead = hep("morning", "--pain", "1", "--date", (date.today() + timedelta(days=1)).isoformat())
    assert ahead.returncode == 2 and "is still to come" in ahead.stderr

    shown = hep("program", "show", "--date", on(2))
    assert "> 1. Settle (2 weeks)" in shown.stdout and "Decisions, latest last:" in shown.stdout

    plan = tmp_path / "plan.ics"
    cal = hep("program", "calendar", "--output", str(plan), "--date", on(2), "--at", "07:30")
    assert cal.returncode == 0 and stat.S_IMODE(plan.stat().st_mode) == 0o600
    events = Calendar.from_ical(plan.read_bytes()).walk("VEVENT")
    assert str(events[0]["SUMMARY"]).startswith("Relaxation and breathing")
    assert len(events) > 14 * 2

    stats = hep("journal", "stats")
    assert "against the program" in stats.stdout and "Morning pain per week" in stats.stdout

    stopped = hep("program", "stop", "--date", on(3))
    assert "Stopped 'Low back and SI" in stopped.stdout
    assert hep("today").stdout.startswith("No program is being followed")
    assert hep("today", "--short").stdout == ""


def test_nothing_due_exits_5(tmp_path: Path) -> None:
    program = tmp_path / "p.yaml"
    program.write_text(
        "name: Fridays\ndescription: d\nphases:\n  - name: Only\n    weeks: 1\n"
        "    routines:\n      - {routine: relaxation, days: [fri]}\n"
    )
    monday = START - timedelta(days=START.weekday())
    assert hep("program", "start", str(program), "--date", monday.isoformat()).returncode == 0
    done = hep("play", "--today", "--plain", "--date", monday.isoformat())
    assert done.returncode == 5
    assert done.stderr.startswith("hep: nothing is due on ") and "a rest day" in done.stderr


def test_bad_program_files_are_one_line_each(tmp_path: Path) -> None:
    program = tmp_path / "p.yaml"
    program.write_text(
        "name: x\ndescription: d\nphases:\n  - name: A\n    weeks: 1\n    routines:\n"
        "      - {routine: relaxation, every: day, days: [mon]}\n"
        "      - {routine: ../elsewhere.yaml, per_week: 2}\n"
        "      - {routine: nope, per_week: 2}\n"
    )
    done = hep("validate", str(program))
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{program}:7:9: phases[0].routines[0]: routine 'relaxation' needs")
    assert len(lines) == 1, "the schema errors come first; routines are checked after"
    program.write_text(program.read_text().replace(", days: [mon]", ""))
    lines = hep("validate", str(program)).stderr.splitlines()
    assert lines[0].startswith(f"{program}:8:19: phases[0].routines[1].routine: leads to ")
    assert "outside the program's folder" in lines[0]
    assert lines[1] == (
        f"{program}:9:19: phases[0].routines[2].routine: no routine called 'nope' "
        "(known: core-stabilization, foam-roller, relaxation)"
    )


def test_the_programs_stop_advice_is_shown_at_every_stop(tmp_path: Path) -> None:
    advice = "Call the clinic on 01234 567890 if the pain has not settled by tomorrow."
    program = tmp_path / "p.yaml"
    program.write_text(
        f"name: Clinic\ndescription: d\non_stop: {advice}\nphases:\n  - name: Only\n"
        "    weeks: 1\n    routines:\n      - {routine: relaxation, every: day}\n"
    )
    assert hep("program", "start", str(program), "--date", on(0)).returncode == 0
    assert advice in hep("today", "--date", on(0)).stdout
    answers = "n\n" * 7 + "2\n" + "8\n" * 40
    played = hep("play", "--today", "--plain", "--speed", "60", "--date", on(0), stdin=answers)
    assert played.returncode == 3, played.stdout + played.stderr
    before, _, after = played.stdout.partition("Program: ")
    assert advice in before, "in the session's stop message"
    assert advice in after, "and in what the program says after it"
