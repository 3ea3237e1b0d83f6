"""`hep play` in a real terminal, its first question decided from the note of the day's facts
that the last `hep` left beside the journal: a stop earlier today still asks "Start anyway?",
and a journal changed since by another program is asked instead of the note."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from player.journal.record.facts import facts_file
from tests.faults.conftest import (
    HEP,
    ROUTINE,
    Tmux,
    app_script,
    hep_env,
    no_traceback,
    pid_from,
    raw_sessions,
    wait_gone,
    write_routine,
)

pytestmark = pytest.mark.slow


def _stopped_for_pain(data: Path, routine: Path) -> None:
    """One session stopped at its first answer (pain 9), in the line player: it closes the
    journal and keeps the day's facts beside it."""
    done = subprocess.run(
        [*HEP, "play", str(routine), "--plain"],
        env=hep_env(data),
        input="9\n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_traceback(done.stderr), done.stderr
    assert done.returncode == 3, done.stdout + done.stderr  # stopped
    note = json.loads(facts_file(data / "journal.sqlite3").read_text())
    assert note["today"]["stop"], note


def test_a_stop_today_asks_start_anyway_from_the_note(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    data = tmp_path / "data"
    routine = write_routine(tmp_path / "routines")
    _stopped_for_pain(data, routine)
    journal = data / "journal.sqlite3"
    before = journal.read_bytes()
    tmux = tmux_factory(hep_env(data))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid = pid_from(tmp_path / "app.pid")
    screen = tmux.wait_for("Start anyway")
    assert "How much pain" not in screen
    tmux.keys("n")
    tmux.wait_for("You chose not to start today")
    tmux.keys("Enter")
    screen = tmux.wait_for("END")
    wait_gone(pid)
    assert "EXIT=" in screen
    assert [s["outcome"] for s in raw_sessions(journal)] == ["stopped_pain"]  # nothing started
    assert journal.read_bytes() == before


def test_a_journal_changed_since_the_note_is_asked_instead(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    """The stop is taken out of the journal by another program after the note was kept, in
    the same file, its old modification time put back (`touch -r`): the note says "stopped
    today", the journal does not, and the journal is right."""
    data = tmp_path / "data"
    routine = write_routine(tmp_path / "routines")
    _stopped_for_pain(data, routine)
    journal = data / "journal.sqlite3"
    before = journal.stat()
    conn = sqlite3.connect(journal)
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM sessions")
    conn.commit()
    conn.close()
    os.utime(journal, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = journal.stat()
    kept = (before.st_ino, before.st_size, before.st_mtime_ns)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == kept  # only its change time differs
    tmux = tmux_factory(hep_env(data))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    screen = tmux.wait_for("How much pain")
    assert "Start anyway" not in screen
    assert "Earlier today" not in screen


def test_the_next_start_after_a_session_in_the_app_uses_its_note(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    """A session played in the app keeps the note when hep ends; the next start shows its
    answer as today's earlier one."""
    data = tmp_path / "data"
    daily = ROUTINE.replace("screen: never", "screen: daily")
    routine = write_routine(tmp_path / "routines", daily)
    tmux = tmux_factory(hep_env(data))
    tmux.start(app_script(routine, tmp_path / "first.pid", "--mute"))
    pid = pid_from(tmp_path / "first.pid")
    tmux.wait_for("Question 1 of")
    tmux.keys(*["n"] * 7)
    tmux.wait_for("How much pain")
    tmux.keys("3", "Enter")
    tmux.wait_for("Calf roll")
    tmux.keys("C-c")
    tmux.wait_for("Quit")
    tmux.keys("y")
    tmux.wait_for("END")
    wait_gone(pid)
    note = json.loads(facts_file(data / "journal.sqlite3").read_text())
    assert note["screened"] is True and "3/10 before" in note["today"]["line"], note
    tmux.close()
    again = tmux_factory(hep_env(data))
    again.start(app_script(routine, tmp_path / "second.pid", "--mute"))
    pid_from(tmp_path / "second.pid")
    screen = again.wait_for("How much pain")  # screened today: no red-flag questions
    assert "3/10 before" in screen, screen
