"""Answers pasted in a real terminal (tmux, bracketed paste) reach each question whole: the
red-flag questions, then the first pain question, where `100` is refused and `10` is 10, never
the 1 of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    ROUTINE,
    Tmux,
    app_script,
    hep_env,
    pid_from,
    raw_sessions,
    write_routine,
)

pytestmark = pytest.mark.slow


def test_answers_pasted_in_a_terminal_are_read_whole(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    routine = write_routine(
        tmp_path / "routines", ROUTINE.replace("screen: never", "screen: always")
    )
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    tmux.wait_for("Question 1 of 7")
    tmux.paste("maybe")
    tmux.wait_for("Press y for yes or n for no")
    for number in range(1, 8):
        tmux.wait_for(f"Question {number} of 7")
        tmux.paste("No\n")
    tmux.wait_for("How much pain do you feel right now?")
    tmux.paste("100")
    tmux.wait_for("Must be at most 10 (found 100)")
    tmux.paste("10\n")
    screen = tmux.wait_for("[10]")
    assert "10/10" in screen, screen
    tmux.keys("Enter")
    tmux.wait_for("Pain is 10 out of 10")  # at the stop level before the start: no session
    tmux.keys("q")
    tmux.wait_for("END")
    (session,) = raw_sessions(tmp_path / "data" / "journal.sqlite3")
    assert session["baseline_pain"] == 10, dict(session)
