"""Real `hep` processes under a wall clock set with libfaketime: a session across midnight and
the morning after it, and a clock stepped back during a session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("faketime") is None,
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


def _hep(
    tmp_path: Path, wall: str, *args: str, answers: str = "", timestamps: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run hep with the wall clock starting at `wall` (Berlin time) and running on; the
    monotonic clock stays real (faked, Python's timed waits never return). With
    `timestamps`, the clock is read from that file instead, and may be stepped while it runs."""
    env = {
        **os.environ,
        "TZ": "Europe/Berlin",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
    command = ["faketime", "-f", f"@{wall}"]
    if timestamps is not None:
        timestamps.write_text(f"@{wall}\n", encoding="utf-8")
        env |= {"FAKETIME_TIMESTAMP_FILE": str(timestamps), "FAKETIME_NO_CACHE": "1"}
        command = ["faketime", "-f", ""]
    return subprocess.run(
        [*command, sys.executable, "-m", "player", *args],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
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
