"""Keys typed while the app starts, before its first frame, answer the first question."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import Tmux, app_script, hep_env, pid_from, write_routine

pytestmark = pytest.mark.slow


def test_an_answer_typed_during_start_up_is_kept(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    routine = write_routine(tmp_path / "routines")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    tmux.keys("3")  # long before Python has even imported Textual
    tmux.keys("Enter")
    screen = tmux.wait_for("Slow rolls")  # the first exercise, so the question was answered
    assert "How much pain" not in screen
    tmux.keys("q")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    tmux.wait_for("END")
