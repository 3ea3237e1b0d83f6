"""The pain answer at the end of a routine that asks no check-in of its own is read like any
other: a flag is named back, and pain over the routine's limits gets the words and the advice of
a stop, not "well done" alone; left before it, the session is kept as quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from player.session.outcomes import UNCOUNTED_AT_THE_END

ROUTINE = """\
name: One stretch
description: A stretch with no check-in of its own.
defaults: {get_ready: 1s, checkin: none}
safety: {screen: never, stop_on: [sharp], advice: "Call the clinic on 01234 567890."}
exercises:
  - name: Stretch
    duration: 2s
"""


def _play(tmp_path: Path, answers: str) -> str:
    path = tmp_path / "one.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    env = os.environ | {"HEP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "player", "play", str(path), "--plain", "--speed", "60"],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.mark.parametrize("last", ["7", "3 sharp", "9 numbness"])
def test_an_end_answer_over_the_limits_gets_the_stop_words_and_the_advice(
    tmp_path: Path, last: str
) -> None:
    out = _play(tmp_path, f"2\n{last}\n")
    assert "Call the clinic on 01234 567890." in out
    assert "contact your therapist" in out
    assert "Well done" not in out


def test_a_flag_the_routine_goes_on_with_is_named_at_the_end(tmp_path: Path) -> None:
    out = _play(tmp_path, "2\n2 spreading\n")
    assert "pain spreading down the leg" in out
    assert "Call the clinic" not in out


def test_a_calm_end_answer_is_well_done(tmp_path: Path) -> None:
    out = _play(tmp_path, "2\n2\n")
    assert "Session complete. Well done." in out
    assert "Pain is no higher than at the start." in out
    assert "Call the clinic" not in out


def test_input_ending_at_the_closing_question_keeps_the_session_as_quit(tmp_path: Path) -> None:
    """Every exercise done, the input ends before the closing pain answer: kept as quit, as the
    app keeps a quit there, and said not to count (the program's evidence needs that answer)."""
    out = _play(tmp_path, "2\n")
    assert "Input ended before the session finished." in out
    assert UNCOUNTED_AT_THE_END in out and "Kept in the journal as quit." in out
    assert "Well done" not in out
    env = os.environ | {"HEP_DATA_DIR": str(tmp_path / "data")}
    listed = subprocess.run(
        [sys.executable, "-m", "player", "journal", "show", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ", quit" in listed.stdout.splitlines()[0], listed.stdout
