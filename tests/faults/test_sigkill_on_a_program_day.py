"""`hep play` killed outright (SIGKILL) while a program is followed: the next command finds the
session unfinished and counts it as it would have been counted had hep ended on its own: for
DAY when played with `--date DAY`, and for its routine when it was played by a path relative to
where hep ran then (`hep play back.yaml`) and the next command runs elsewhere."""

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


PROGRAM = """\
name: Mine
description: One routine every day.
phases:
  - name: One
    weeks: 2
    routines:
      - {routine: back.yaml, every: day}
    advance_when: {sessions: 16, max_pain: 3, good_mornings: 3}
"""
BACK = """\
name: Back
description: One long exercise, the red-flag questions first.
safety: {screen: always}
exercises:
  - name: Stand
    duration: 60s
"""


def test_a_session_killed_when_played_by_a_relative_path_is_counted_from_elsewhere(
    tmp_path: Path, plain_runs: list[PlainRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, folder = tmp_path / "data", tmp_path / "mine"
    folder.mkdir()
    (folder / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    (folder / "back.yaml").write_text(BACK, encoding="utf-8")
    started = _hep(data, "program", "start", str(folder / "program.yaml"))
    assert started.returncode == 0, started.stderr
    monkeypatch.chdir(folder)
    run = PlainRun(Path("back.yaml"), data, speed=1)  # run in the routine's folder
    plain_runs.append(run)
    run.wait_for(RED_FLAG_QUESTIONS[0].text)
    run.type("n", "y")
    run.wait_for(RED_FLAG_QUESTIONS[2].text)
    run.signal(signal.SIGKILL)
    assert run.finish() == -signal.SIGKILL
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert Path(session["routine_path"]) == folder / "back.yaml", "kept whole"
    monkeypatch.chdir(tmp_path)  # the next command runs elsewhere
    shown = _hep(data, "today")
    assert shown.returncode == 0, shown.stderr
    assert _links(data) == [(session["id"], TODAY.isoformat())]
    assert "stopped at the red-flag questions" in shown.stdout, shown.stdout
    assert "holds at sets -1" in shown.stdout, "the program holds on the stop"
