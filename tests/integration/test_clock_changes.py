"""Real `hep` processes under a wall clock set with libfaketime: a session across midnight and
the morning after it, and a clock stepped back during a session."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from player.routine.durations import parse_duration

LIBFAKETIME = next((str(p) for p in Path("/usr/lib").glob("*/faketime/libfaketime.so.1")), "")
"""libfaketime from the Debian package `faketime`, preloaded into hep."""

pytestmark = pytest.mark.skipif(
    not LIBFAKETIME,
    reason="libfaketime is not installed (Debian package `faketime`; make setup installs it)",
)

SAFE = "n\n" * 7
"""The seven red-flag questions, answered no."""

ROUTINE = """\
name: Tiny
description: One short exercise.
defaults: {get_ready: 1s, rest: 1s, rest_between_exercises: 1s, checkin: none}
safety: {stop_at: 6, max_rise: 2, stop_on: [sharp, spreading, numbness], screen: daily}
exercises:
  - {name: Hold, instructions: Hold it., sets: 2, duration: 2s, checkin: after_exercise}
"""

PROGRAM = """\
name: Short
description: Tiny every day.
phases:
  - name: First
    weeks: 1
    routines:
      - {routine: tiny.yaml, every: day}
  - name: Second
    weeks: 1
    routines:
      - {routine: tiny.yaml, every: day, sets: 1}
"""


def _env(tmp_path: Path, clock: str) -> dict[str, str]:
    """The environment of a hep whose wall clock is `clock` (a libfaketime setting, Berlin
    time); the monotonic clock stays real (faked, Python's timed waits never return)."""
    return {
        **os.environ,
        "TZ": "Europe/Berlin",
        "FAKETIME": clock,
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "PYTHONUNBUFFERED": "1",
        "LD_PRELOAD": LIBFAKETIME,
    }


def _hep(
    tmp_path: Path, wall: str, *args: str, answers: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run hep with the wall clock starting at `wall` (Berlin time) and running on."""
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        input=answers,
        capture_output=True,
        text=True,
        env=_env(tmp_path, f"@{wall}"),
        cwd=tmp_path,
        timeout=120,
    )


@pytest.fixture
def program(tmp_path: Path) -> Path:
    (tmp_path / "tiny.yaml").write_text(ROUTINE, encoding="utf-8")
    path = tmp_path / "short.yaml"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def test_a_morning_noted_a_minute_after_a_stop_past_midnight_leaves_the_day_held(
    tmp_path: Path, program: Path
) -> None:
    started = _hep(tmp_path, "2026-12-03 08:00:00", "program", "start", str(program))
    assert started.returncode == 0, started.stderr
    first = _hep(
        tmp_path,
        "2026-12-03 20:00:00",
        "play",
        "--today",
        "--plain",
        "--mute",
        answers=SAFE + "2\n2\n\n",
    )
    assert first.returncode == 0, first.stdout + first.stderr
    # Begun five seconds before midnight, stopped for pain just after it.
    stop = _hep(
        tmp_path,
        "2026-12-04 23:59:55",
        "play",
        "--today",
        "--plain",
        "--mute",
        answers=SAFE + "2\n8\n\n",
    )
    assert stop.returncode == 3, stop.stdout + stop.stderr
    short = _hep(tmp_path, "2026-12-05 00:00:30", "today", "--short")
    assert "stopped today" in short.stdout
    morning = _hep(tmp_path, "2026-12-05 00:01:00", "morning", "--pain", "2", "--stiffness", "none")
    assert morning.returncode == 0, morning.stderr
    assert "applies from tomorrow" in morning.stdout
    today = _hep(tmp_path, "2026-12-05 00:01:30", "today")
    assert "Tiny (sets -1)" in today.stdout, today.stdout


def test_a_wall_clock_set_back_an_hour_during_a_session_keeps_start_to_end_whole(
    tmp_path: Path, program: Path
) -> None:
    clock = tmp_path / "clock"
    clock.write_text("@2026-12-01 09:00:00\n", encoding="utf-8")
    env = _env(tmp_path, "") | {
        "FAKETIME_TIMESTAMP_FILE": str(clock),
        "FAKETIME_NO_CACHE": "1",
    }
    del env["FAKETIME"]
    play = subprocess.Popen(
        [sys.executable, "-m", "player", "play", "tiny.yaml", "--plain", "--mute"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert play.stdin is not None and play.stdout is not None
    play.stdin.write(SAFE + "2\n2\n\n")
    play.stdin.close()
    for line in play.stdout:
        if line.startswith("Hold, set 1"):
            clock.write_text("@2026-12-01 08:00:00\n", encoding="utf-8")  # back an hour
    assert play.wait(timeout=60) == 0
    shown = _hep(tmp_path, "2026-12-01 08:30:00", "journal", "show", "1")
    assert "09:00 to 08:00" in shown.stdout, shown.stdout
    times = re.search(r"active time (\S+) .*; answering (\S+); start to end (\S+)", shown.stdout)
    assert times is not None, shown.stdout
    active, answering, wall = (parse_duration(t) for t in times.groups())
    assert active > 0
    assert wall >= active + answering - 1, shown.stdout  # each figure rounded to a second
