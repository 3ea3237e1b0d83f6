"""The program's rows through the journal's own commands, as a user runs them: a backup and a
restore keep the program followed, an old backup brings its program back, and deleting a session
takes its program link with it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from player import locations
from tests.journal_v5 import made_at_v5, program_rows

pytestmark = pytest.mark.slow

START = date.today() - timedelta(days=20)
"""The program's first day, three weeks back, so every day of the test is a day gone by."""


def hep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=240,
    )


def on(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


def test_an_old_backup_brings_its_program_back(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    made_at_v5(old, start=START)
    restored = hep("journal", "restore", str(old), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored 1 session" in restored.stdout
    assert program_rows(locations.journal_path()) == program_rows(old)
    today = hep("today", "--date", on(2))
    assert "Phase 1 of 3: Settle, day 3 of 14" in today.stdout, today.stdout + today.stderr
    stats = hep("journal", "stats")
    assert "against the program" in stats.stdout and "Morning pain per week" in stats.stdout


def test_a_backup_keeps_the_program_a_restore_brings_back(tmp_path: Path) -> None:
    assert hep("program", "start", "back-to-running", "--date", on(0)).returncode == 0
    assert hep("morning", "--pain", "2", "--stiffness", "none", "--date", on(1)).returncode == 0
    copy = tmp_path / "copy.sqlite3"
    assert hep("journal", "backup", str(copy)).returncode == 0
    kept = program_rows(copy)
    assert [len(kept["programs"]), len(kept["mornings"])] == [1, 1]
    assert hep("program", "stop", "--date", on(2)).returncode == 0
    assert hep("today", "--date", on(2)).stdout.startswith("No program is being followed")
    restored = hep("journal", "restore", str(copy), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert program_rows(locations.journal_path()) == kept
    assert "Phase 1 of 3: Settle" in hep("today", "--date", on(2)).stdout


def test_deleting_a_session_takes_its_program_link_and_keeps_the_decisions(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    made_at_v5(old, start=START)
    assert hep("journal", "restore", str(old), "--yes").returncode == 0
    deleted = hep("journal", "delete", "1", "--yes")
    assert deleted.returncode == 0, deleted.stderr
    after = program_rows(locations.journal_path())
    assert after["program_sessions"] == []
    conn = sqlite3.connect(locations.journal_path())
    try:
        linked = conn.execute("SELECT id, session_id FROM program_decisions ORDER BY id").fetchall()
    finally:
        conn.close()
    assert linked == [(1, None), (2, None)]
    assert len(after["programs"]) == 1 and len(after["mornings"]) == 1
