"""The bars show the step they belong to: in the rest between two exercises the first bar is
the rest's own, never a full Exercise bar."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from player.tui.widgets.bars import LabelledBar
from tests.ui.helpers import SHORT, FakeClock, build, playing, run_for, write_routine


async def test_the_rest_between_exercises_has_its_own_bar(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 4)  # into the Calf roll
        bar = playing(app).query_one("#exercise-bar", LabelledBar)
        label, fraction, _ = bar.state
        assert label == "Exercise" and 0 < fraction < 1
        await run_for(pilot, clock, 4)  # the 2 s rest before Breathe
        assert app.conductor is not None
        step = app.conductor.view(clock()).session.step
        assert step is not None and step.kind == "between"
        label, fraction, right = bar.state
        assert label == "Rest" and fraction < 1 and right.endswith("left")


PHASED = """\
name: Hands
description: Hand pumps.
defaults: {get_ready: 0, checkin: none}
safety: {screen: never}
exercises:
  - name: Hand pumps
    reps: 3
    rep_phases: {open: 2s, close: 2s}
"""


async def test_a_rep_in_timed_phases_shows_the_phase(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, PHASED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "enter")
        await run_for(pilot, clock, 1)
        kind = playing(app).query_one("#step-kind", Static)
        assert str(kind.render()) == "OPEN"
        await run_for(pilot, clock, 2)
        assert str(kind.render()) == "CLOSE"
        assert "rep 1 of 3" in str(playing(app).query_one("#where", Static).render())
