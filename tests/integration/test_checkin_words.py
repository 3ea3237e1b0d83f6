"""A check-in after one side or one set says which, so a question after the left side does not
read as if the whole exercise were done."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROUTINE = """\
name: Sides
description: Check-ins at each side or set.
defaults: {{get_ready: 1s, rest: 1s, rest_between_exercises: 1s}}
safety: {{screen: never}}
exercises:
  - name: Lunge
    duration: 1s
    sides: [left, right]
    sets: {sets}
    checkin: {checkin}
"""


def _play(tmp_path: Path, checkin: str, sets: int, answers: int) -> str:
    path = tmp_path / "sides.yaml"
    path.write_text(ROUTINE.format(checkin=checkin, sets=sets), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "player", "play", str(path), "--plain", "--speed", "60"],
        input="1\n" * answers,
        capture_output=True,
        text=True,
        env=os.environ | {"HEP_DATA_DIR": str(tmp_path / "data")},
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("checkin", "sets", "asked"),
    [
        ("after_side", 1, ["Check-in after Lunge, left:", "Check-in after Lunge, right:"]),
        (
            "after_set",
            2,
            [
                "Check-in after Lunge, left, set 1 of 2:",
                "Check-in after Lunge, left, set 2 of 2:",
                "Check-in after Lunge, right, set 2 of 2:",
            ],
        ),
        ("after_exercise", 2, ["Check-in after Lunge:"]),
    ],
)
def test_a_check_in_names_its_side_and_set(
    tmp_path: Path, checkin: str, sets: int, asked: list[str]
) -> None:
    out = _play(tmp_path, checkin, sets, answers=8)
    for question in asked:
        assert question in out, out
