"""Counted words agree with their number: `1 point`, `1 exercise`, never `1 points`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.routine.models import Safety
from player.session.safety import CheckinAnswer, judge_checkin
from player.words import ordinal, plural

ONE = """\
name: One
description: A routine of one exercise.
exercises:
  - name: Stretch
    duration: 30s
"""


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 points"), (1, "1 point"), (2, "2 points"), (11, "11 points")]
)
def test_plural_agrees_with_its_number(count: int, expected: str) -> None:
    assert plural(count, "point") == expected


def test_a_rise_of_one_is_one_point() -> None:
    verdict = judge_checkin(CheckinAnswer(pain=4), 3, Safety(stop_at=10, max_rise=1))
    assert verdict.stops
    assert "1 point above" in verdict.reason
    assert "1 point above" in verdict.said
    assert "points" not in verdict.reason + verdict.said


def test_a_rise_of_two_is_two_points() -> None:
    verdict = judge_checkin(CheckinAnswer(pain=5), 3, Safety(stop_at=10, max_rise=2))
    assert "2 points above" in verdict.reason


def test_validate_counts_one_exercise(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(ONE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "(1 exercise, 35s)" in result.output


@pytest.mark.parametrize(
    ("number", "said"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")]
    + [(21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")],
)
def test_a_place_in_order_has_its_english_ending(number: int, said: str) -> None:
    assert ordinal(number) == said
