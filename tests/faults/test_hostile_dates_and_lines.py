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


def test_a_time_at_the_end_of_the_calendar_is_a_bad_time_not_a_crash() -> None:
    """`9999-12-31T23:59:59-05:00` is a valid time with a zone, past the last UTC day: read
    as UTC it overflowed, a traceback in every command once a backup brought it in."""
    from player.journal.records import parse_utc
    from player.journal.store import rows
    from player.journal.store.schema import SCHEMA_VERSION

    with pytest.raises(ValueError):
        parse_utc("9999-12-31T23:59:59-05:00")
    event = {"id": 1, "session_id": 1, "kind": "note", "clock": 0.0, "data": "{}"}
    late = {**event, "wall": "9999-12-31T23:59:59-05:00"}
    assert rows.row_problem("events", late, SCHEMA_VERSION, partial=True)


@pytest.mark.slow
def test_a_restored_program_from_year_one_is_left_out(tmp_path: Path) -> None:
    """A backup whose program began in year 1: every program command replayed (or overflowed
    on) two thousand years of days. The restore leaves the row out and names it."""
    import sqlite3

    assert _hep(tmp_path, "program", "start", "back-to-running").returncode == 0
    backup = tmp_path / "old.sqlite3"
    assert _hep(tmp_path, "journal", "backup", str(backup)).returncode == 0
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE programs SET started_on = '0001-01-01'")
    conn.execute("UPDATE program_decisions SET day = '0001-01-02', phase_start = '0001-01-01'")
    conn.commit()
    conn.close()
    restored = _hep(tmp_path, "journal", "restore", "--yes", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "0001-01-01" in restored.stdout + restored.stderr
    today = _hep(tmp_path, "today")
    assert "Traceback" not in today.stderr
    assert today.returncode == 0, today.stderr


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a full disk)")
@pytest.mark.parametrize("args", [("list",), ("show", "relaxation"), ("schema",)])
def test_standard_output_on_a_full_disk_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`hep list > file` on a full disk: one line that says so, a failing status, no traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*HEP, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=hep_env(tmp_path / "data"),
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "full" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("started_on", ["0001-01-01", "not a day"])
def test_a_program_row_with_a_bad_first_day_is_one_line(tmp_path: Path, started_on: str) -> None:
    """A journal whose program row names year 1 or no day at all (a disk fault, an edit):
    `hep today` says which row, once, with no traceback and no endless replay."""
    import sqlite3

    assert _hep(tmp_path, "program", "start", "back-to-running").returncode == 0
    conn = sqlite3.connect(tmp_path / "data" / "journal.sqlite3")
    conn.execute("UPDATE programs SET started_on = ?", (started_on,))
    conn.commit()
    conn.close()
    today = _hep(tmp_path, "today")
    assert "Traceback" not in today.stderr
    assert today.returncode == 2
    assert "started_on" in today.stderr
    assert today.stderr.count("\n") == 1, today.stderr
