"""`hep play NAME --date DAY` killed outright (SIGKILL) while a program is followed: the next
command finds the session unfinished and counts it for DAY, the program day it was played for,
as the session would have been counted had hep ended on its own."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from player import localday
from player.session.questions import RED_FLAG_QUESTIONS
from tests.faults.conftest import HEP, PlainRun, hep_env, no_traceback, raw_sessions

pytestmark = pytest.mark.slow

TODAY = localday.today()
DAY = TODAY - timedelta(days=2)
"""The program day played for: a day before today, after the program's start."""


def _hep(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*HEP, *args], env=hep_env(data), capture_output=True, text=True, timeout=60
    )
    assert no_traceback(done.stderr), done.stderr
    return done


def _links(data: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(data / "journal.sqlite3")
    try:
        return list(conn.execute("SELECT session_id, day FROM program_sessions ORDER BY 1"))
    finally:
        conn.close()


def test_a_session_killed_on_a_day_played_for_is_counted_for_that_day(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    data = tmp_path / "data"
    start = (TODAY - timedelta(days=5)).isoformat()
    started = _hep(data, "program", "start", "back-to-running", "--date", start)
    assert started.returncode == 0, started.stderr
    run = PlainRun(Path("core-stabilization"), data, speed=1, extra=["--date", DAY.isoformat()])
    plain_runs.append(run)
    run.wait_for(RED_FLAG_QUESTIONS[0].text)
    run.type("n", "y")  # a yes at the second question: an emergency sign
    run.wait_for(RED_FLAG_QUESTIONS[2].text)
    run.signal(signal.SIGKILL)
    assert run.finish() == -signal.SIGKILL
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "running"
    shown = _hep(data, "today", "--date", DAY.isoformat())
    assert shown.returncode == 0, shown.stderr
    assert _links(data) == [(session["id"], DAY.isoformat())], "counted for the day played for"
    assert "red-flag" in shown.stdout.lower() or "red flag" in shown.stdout.lower(), shown.stdout
