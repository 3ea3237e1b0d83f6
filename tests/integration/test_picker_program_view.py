"""The picker of someone not following a program opens without the program's modules (pydantic
among them); with a program followed it shows the program's day."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from player.cli import cli

CHECK = (
    "import sys\n"
    "from datetime import date\n"
    "from player.tui.run import picker_program\n"
    "day = date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else date.today()\n"
    "with picker_program(day) as (view, on_morning):\n"
    "    due = [e.name for e in view.entries if e.path in view.notes and 'due' in "
    "view.notes[e.path]] if view else None\n"
    "print(due, 'pydantic' in sys.modules, 'player.program.playing' in sys.modules)\n"
)


def _picker(data: Path, *day: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, *day],
        capture_output=True,
        text=True,
        env={**os.environ, "HEP_DATA_DIR": str(data)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_no_program_no_program_modules(isolated_data_dir: Path) -> None:
    assert _picker(isolated_data_dir) == "None False False"


def test_a_program_followed_shows_its_day_in_the_picker(isolated_data_dir: Path) -> None:
    """Started on the last Monday, the picker of that day shows the core routine due (the
    program has it on Mondays, Wednesdays and Fridays: on today's date the test would pass or
    fail by the day of the week)."""
    today = date.today()
    monday = (today - timedelta(days=today.weekday())).isoformat()
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", monday])
    assert started.exit_code == 0, started.output
    due, pydantic, playing = _picker(isolated_data_dir, monday).rsplit(" ", 2)
    assert "core-stabilization" in due and (pydantic, playing) == ("True", "True")
