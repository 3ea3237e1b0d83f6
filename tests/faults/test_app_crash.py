"""An error in the app that nobody foresaw: hep ends with status 1 (an error), never 0, which
promises a session played to its end, and the journal keeps the session as interrupted."""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    Tmux,
    hep_env,
    integrity,
    pid_from,
    raw_sessions,
    wait_gone,
    write_routine,
)

pytestmark = pytest.mark.slow
BASELINE = "How much pain do you feel right now?"
# hep itself, with the pause key made to fail as a fault in hep would.
BROKEN = (
    "import sys; import player.tui.screens.playing as p; "
    "p.PlayingScreen.action_pause = lambda self: 1 / 0; "
    "sys.argv[0] = 'hep'; from player.start import main; main()"
)


def test_an_error_in_the_app_ends_hep_with_status_1_and_the_session_interrupted(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    routine = write_routine(tmp_path / "routines")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    pidfile = tmp_path / "app.pid"
    app = shlex.join([sys.executable, "-c", BROKEN, "play", str(routine), "--mute"])
    inner = f"echo $$ > {shlex.quote(str(pidfile))}; exec {app}"
    tmux.start(f'sh -c {shlex.quote(inner)}\necho "EXIT=$?"\necho END\nsleep 600\n')
    pid = pid_from(pidfile)
    tmux.wait_for(BASELINE)
    tmux.keys("2", "Enter")
    tmux.wait_for("Calf roll")
    tmux.keys("Space")
    wait_gone(pid)
    screen = tmux.wait_for("END").replace("\n", "")
    found = re.search(r"EXIT=(\d+)", screen)
    assert found is not None, screen
    assert int(found.group(1)) == 1, f"an error, not a session played to its end: {screen}"
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"]
    from player.journal import Journal

    with Journal.open(path) as journal:  # closes the session its writer left running
        (row,) = journal.query("SELECT outcome, baseline_pain FROM sessions")
    assert (row["outcome"], row["baseline_pain"]) == ("interrupted", 2)
    assert raw_sessions(path)[0]["outcome"] == "interrupted"
