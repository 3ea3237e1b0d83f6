"""`hep play` on a terminal with a routine that cannot be used: one `file:line:col` line and exit
status 2 before any screen, whether the routine was played (and kept compiled) before or not."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from player.routine import compiled
from player.routine.loader import load_routine

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
]

GOOD = "name: r\ndescription: d\nexercises:\n  - name: a\n    duration: 30s\n    sets: 2\n"


def play_on_a_terminal(routine: Path) -> tuple[int, str, bytes]:
    """Run `hep play ROUTINE --mute` with a pseudo-terminal for its input and output.

    Returns:
        The exit status, standard error, and what reached the terminal.
    """
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "player", "play", str(routine), "--mute"],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
        shown = b""
        while select.select([leader], [], [], 0)[0]:
            chunk = os.read(leader, 65536)
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(follower)
        os.close(leader)
    return done.returncode, done.stderr, shown


@pytest.mark.parametrize("played_before", [False, True], ids=["new", "played-before"])
def test_a_bad_routine_exits_2_with_its_line_and_column_before_any_screen(
    tmp_path: Path, isolated_data_dir: Path, played_before: bool
) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(GOOD, "utf-8")
    if played_before:
        load_routine(routine)
        assert isinstance(load_routine(routine).routine, compiled.Routine)  # kept compiled
    routine.write_text(GOOD.replace("sets: 2", "sets: 99"), "utf-8")
    status, err, shown = play_on_a_terminal(routine)
    assert status == 2
    assert err == f"{routine}:6:11: exercises[0].sets: must be at most 20 (found 99)\n"
    assert b"\x1b[?1049h" not in shown and b"How much pain" not in shown  # no screen at all
    assert not (isolated_data_dir / "journal.sqlite3").exists()  # nor any journal
