"""`hep play` in a real terminal after the journal was written over in place by another program
and given its old modification time back (`touch -r`): the note of the day's facts beside it is
out of date, and the first question must be the journal's own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    HEP,
    Tmux,
    app_script,
    hep_env,
    no_traceback,
    pid_from,
    write_routine,
)

pytestmark = pytest.mark.slow


def test_a_journal_written_in_place_with_its_old_time_is_asked_not_the_note(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    data = tmp_path / "data"
    routine = write_routine(tmp_path / "routines")
    done = subprocess.run(  # stopped at the first answer: the note says "start anyway?"
        [*HEP, "play", str(routine), "--plain"],
        env=hep_env(data),
        input="9\n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3 and no_traceback(done.stderr), done.stdout + done.stderr
    journal = data / "journal.sqlite3"
    before = journal.stat()
    conn = sqlite3.connect(journal)  # the stop taken out, in the same file
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM sessions")
    conn.commit()
    conn.close()
    os.utime(journal, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -r
    after = journal.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    tmux = tmux_factory(hep_env(data))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    screen = tmux.wait_for("How much pain")
    assert "Start anyway" not in screen
    assert "Earlier today" not in screen
