"""Commands given answers at the readers' edges, in a subprocess: zeros in front of a number, the
calendar's first day east of UTC, a start time with a zone. One line and exit 2, or the answer
read as typed; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.slow

ZEROS = "0" * 5000
"""More digits than int() takes from a string (4,300), all of them zeros in front."""
PAST = (date.today() - timedelta(days=2)).isoformat()


def hep(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_zeros_in_front_are_read_as_the_number_by_every_command() -> None:
    noted = hep("morning", "--pain", ZEROS + "5", "--stiffness", "none", "--date", PAST)
    assert noted.returncode == 0 and "Noted: morning pain 5/10" in noted.stdout, noted.stderr
    listed = hep("journal", "--limit", ZEROS + "3")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    shown = hep("journal", "show", ZEROS + "1")
    assert (
        shown.returncode == 2
        and shown.stderr.startswith("hep: ")
        and "Traceback" not in (shown.stderr)
    )
    phase = hep("program", "start", "back-to-running", "--phase", ZEROS + "2", "--date", PAST)
    assert phase.returncode == 0 and "at phase Build" in phase.stdout, phase.stderr


def test_a_long_refused_answer_is_quoted_in_one_short_line() -> None:
    done = hep("morning", "--pain", "x" * 100_000)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and len(done.stderr) < 200


@pytest.mark.parametrize("command", [(), ("stats",), ("export",)])
def test_since_the_calendars_first_day_east_of_utc(command: tuple[str, ...]) -> None:
    # Its midnight in Tokyo is 0000-12-31 15:00 UTC, a year Python's dates do not have.
    done = hep("journal", *command, "--since", "0001-01-01", TZ="Asia/Tokyo")
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.parametrize("at", ["07:30Z", "07:30+09:00", "0730", "24:00"])
def test_a_calendar_start_time_is_a_local_hh_mm(at: str) -> None:
    assert hep("program", "start", "back-to-running", "--date", PAST).returncode == 0
    done = hep("program", "calendar", "--at", at)
    assert done.returncode == 2 and done.stderr.startswith("hep: --at: "), done.stderr
    assert "TZID" not in done.stdout


@pytest.mark.parametrize("weeks", ["190000", "10000000", "999999999999999999"])
def test_weeks_back_past_the_calendars_first_day_are_one_line(weeks: str) -> None:
    done = hep("journal", "stats", "--weeks", weeks)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"hep: --weeks: must be at most 5218 (found {weeks})\n"


def test_a_hundred_years_of_weeks_are_listed() -> None:
    done = hep("journal", "stats", "--weeks", "5218")
    assert done.returncode == 0 and done.stderr == ""
