"""A morning noted after that day's session: the day's plan, played already, stays as it was."""

from __future__ import annotations

from pathlib import Path

from player.journal.store.store import Journal
from tests.program_scenarios import DAY
from tests.program_sim import MONDAY, Sim
from tests.unit.test_program_scenarios import _program


def test_a_worse_morning_noted_after_the_days_session_leaves_that_days_plan(
    journal: Journal, tmp_path: Path
) -> None:
    sim = Sim(journal, _program(tmp_path))
    sim.play_due(MONDAY)
    sim.morning(MONDAY + DAY, 2)
    sim.play_due(MONDAY + DAY)
    wednesday = MONDAY + 2 * DAY
    sim.play_due(wednesday)
    played = sim.on(wednesday)
    sim.morning(wednesday, 6)
    after = sim.on(wednesday)
    assert after.standing == played.standing, "the session was played at the full dose"
    assert sim.on(wednesday + DAY).standing.holding, "the worse morning holds from the next day"
