"""Keys that come in the same write as `?` (a paste, a slow link) go to the help it opens, never
to the question behind it: no number chosen and no flag marked unseen."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    Tmux,
    app_script,
    hep_env,
    pid_from,
    raw_sessions,
    write_routine,
)

pytestmark = pytest.mark.slow

QUESTION = "How much pain do you feel right now?"
HELP = "Esc or ? closes this help."


def test_keys_in_one_write_with_question_mark_reach_the_help_not_the_question(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    routine = write_routine(tmp_path / "routines")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    tmux.wait_for(QUESTION)
    for typed, unseen in (("5", "[5]"), ("d", "[x]")):
        tmux.keys("?", typed)  # one send-keys: both bytes in one write to the terminal
        tmux.wait_for(HELP)
        tmux.keys("Escape")
        screen = tmux.wait_for(QUESTION)
        assert HELP not in screen
        assert unseen not in screen, f"{typed!r} reached the question behind the help:\n{screen}"
        assert "type a number 0-10" in screen, screen  # no number chosen
    tmux.keys("q")  # the first question: leave, nothing kept
    assert "EXIT=" in tmux.wait_for("END")


def test_answers_pasted_across_the_safety_questions_and_the_first_pain_question_all_count(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """Seven noes, a 2 and Enter in one write (a paste): each question takes its own, in order,
    and the session starts with pain 2."""
    from tests.faults.conftest import ROUTINE

    screened = ROUTINE.replace("screen: never", "screen: always")
    assert screened != ROUTINE
    routine = write_routine(tmp_path / "routines", screened)
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    tmux.wait_for("Question 1 of 7")
    tmux.keys(*"nnnnnnn2", "Enter")  # one send-keys: one write to the terminal
    tmux.wait_for("GET READY")  # past the pain question: the session is on
    tmux.keys("C-c")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    tmux.wait_for("END")
    (session,) = raw_sessions(tmp_path / "data" / "journal.sqlite3")
    assert session["baseline_pain"] == 2 and session["outcome"] == "quit", dict(session)


def test_a_key_typed_right_after_a_notes_enter_acts_and_is_not_in_the_note(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """`3 Tab cn Enter !` in one write at a check-in: the note is "cn", and `!` asks to stop."""
    routine = write_routine(tmp_path / "routines")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute", "--speed", "30"))
    pid_from(tmp_path / "app.pid")
    tmux.wait_for(QUESTION)
    tmux.keys("2", "Enter")
    tmux.wait_for("Check-in: Calf roll")
    tmux.keys("3", "Tab", "c", "n", "Enter", "!")
    tmux.wait_for("Stop the session")
    tmux.keys("Escape")  # carry on
    tmux.keys("C-c")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    tmux.wait_for("END")
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite3") as conn:
        notes = [r[0] for r in conn.execute("SELECT data FROM events WHERE kind = 'note'")]
    assert len(notes) == 1 and '"cn"' in notes[0], notes
