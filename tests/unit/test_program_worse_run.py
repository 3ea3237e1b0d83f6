"""The words of a run of worse mornings count the run as it is, however long."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from player.program.decide import replay
from player.program.history import History, MorningFact
from player.program.loader import resolve_program

FIRST = date(2024, 6, 3)


@pytest.mark.parametrize("phase", [0, 1])
def test_the_third_and_fourth_worse_mornings_in_a_row_are_counted(phase: int) -> None:
    program = resolve_program("back-to-running").program
    pains = [2, 2, 2, 7, 7, 7, 7]
    mornings = tuple(
        MorningFact(n + 1, FIRST + timedelta(days=n), pain, None) for n, pain in enumerate(pains)
    )
    last = FIRST + timedelta(days=len(pains) - 1)
    made = replay(program, FIRST, phase, History((), mornings), last)
    said = {d.day: d.reason for d in made if d.morning_id is not None}
    assert "in a row" not in said[FIRST + timedelta(days=3)]
    assert "the second worse morning in a row" in said[FIRST + timedelta(days=4)]
    assert "3 worse mornings in a row" in said[FIRST + timedelta(days=5)]
    assert "4 worse mornings in a row" in said[last]
    assert "second" not in said[last]
