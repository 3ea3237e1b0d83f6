"""A day far from today in `--date`, and line separators in file text: bounded and one line."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from player.safetext import shown
from tests.faults.conftest import HEP, hep_env


def _hep(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEP, *args],
        capture_output=True,
        text=True,
        env=hep_env(tmp_path / "data"),
        timeout=60,  # a replay of every day up to year 9999 would run into this
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("today", "--date", "9999-12-31"),
        ("program", "show", "--date", "9999-12-31"),
        ("morning", "--pain", "1", "--date", "0001-01-01"),
    ],
)
def test_a_day_thousands_of_years_away_is_refused_at_once(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Every program command replays the program day by day up to `--date`: a day in year
    9999 (or a start in year 1) would take minutes on every later command."""
    started = _hep(tmp_path, "program", "start", "back-to-running")
    assert started.returncode == 0, started.stderr
    done = _hep(tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr.startswith("hep: --date: ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_program_cannot_be_started_in_year_one(tmp_path: Path) -> None:
    done = _hep(tmp_path, "program", "start", "back-to-running", "--date", "0001-01-01")
    assert done.returncode == 2
    assert done.stderr.startswith("hep: --date: 0001-01-01 is more than")
    assert "No program is being followed" in _hep(tmp_path, "today").stdout


@pytest.mark.slow
def test_a_day_a_few_years_back_still_works(tmp_path: Path) -> None:
    back = (date.today() - timedelta(days=3 * 365)).isoformat()
    done = _hep(tmp_path, "program", "start", "back-to-running", "--date", back)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_alone_becomes_a_space(separator: str) -> None:
    """U+2028 and U+2029 break a line like a newline does (in pagers, some terminals): one
    line from a file stays one line whether or not anything else in it is unsafe."""
    assert shown(f"one{separator}two") == "one two"
    assert shown(f"one{separator}two\x1b[2J") == "one two"
    assert shown(f"one{separator}two", lines=True) == "one two"
