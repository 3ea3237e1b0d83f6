"""The time rules of a session, one test each: paused time never counts, in the session's clock,
in the step times the journal keeps, or in an exercise's time; a skipped or answered step keeps
the active seconds it ran.

Every figure is checked against an oracle written out by hand (the seconds the step really ran
with the pause taken out), not against the engine's own arithmetic.
"""

from __future__ import annotations

from typing import Any

import pytest

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import Event, ExerciseDone, StepFinished, StepStarted
from player.session.plan import build_plan

NO_CHECKIN = {"checkin": "none", "get_ready": 0}


def engine(*exercises: dict[str, Any]) -> Engine:
    routine = Routine.model_validate(
        {
            "name": "Time",
            "description": "Time rules.",
            "exercises": list(exercises),
            "defaults": NO_CHECKIN,
        }
    )
    return Engine(build_plan(routine))


def finished(events: list[Event]) -> list[tuple[str, bool, float]]:
    return [(e.step.kind, e.skipped, e.elapsed) for e in events if isinstance(e, StepFinished)]


def exercise_times(events: list[Event]) -> list[float]:
    return [e.elapsed for e in events if isinstance(e, ExerciseDone)]


@pytest.mark.parametrize("pause", [0.0, 7.5, 40.0])
def test_a_paused_step_that_runs_out_keeps_its_planned_seconds(pause: float) -> None:
    e = engine({"name": "Calves", "duration": 30})
    events = e.start(0.0) + e.tick(10.0) + e.pause(10.0) + e.resume(10.0 + pause)
    events += e.tick(1000.0)
    work = [f for f in finished(events) if f[0] == "work"]
    assert work == [("work", False, 30.0)]
    assert exercise_times(events) == [30.0]
    assert e.clock(1000.0) == 30.0  # the session's active time: the pause left out once


@pytest.mark.parametrize("pause", [5.0, 40.0])
def test_a_step_skipped_after_a_pause_keeps_the_seconds_it_ran(pause: float) -> None:
    e = engine({"name": "Calves", "duration": 30}, {"name": "Quads", "duration": 20})
    events = e.start(0.0) + e.tick(4.0) + e.pause(4.0) + e.resume(4.0 + pause)
    events += e.skip(4.0 + pause + 6.0)  # 4 s before the pause and 6 s after it
    assert finished(events)[0] == ("work", True, 10.0)
    assert exercise_times(events) == [10.0]


def test_a_step_skipped_while_paused_stops_at_the_pause() -> None:
    e = engine({"name": "Calves", "duration": 30}, {"name": "Quads", "duration": 20})
    events = e.start(0.0) + e.tick(12.0) + e.pause(12.0) + e.skip(100.0)
    assert finished(events)[0] == ("work", True, 12.0)


def test_two_pauses_in_one_step_are_both_left_out() -> None:
    e = engine({"name": "Calves", "duration": 30}, {"name": "Quads", "duration": 20})
    events = e.start(0.0)
    events += e.pause(5.0) + e.resume(25.0)  # 20 s paused
    events += e.pause(30.0) + e.resume(60.0)  # 30 s paused
    events += e.skip(70.0)  # ran 5 + 5 + 10 = 20 s
    assert finished(events)[0] == ("work", True, 20.0)


def test_a_self_paced_set_done_after_a_pause_keeps_its_active_seconds() -> None:
    e = engine({"name": "Pelvic tilt", "reps": 5})
    events = e.start(0.0)
    started = [ev for ev in events if isinstance(ev, StepStarted)]
    assert started[-1].step.kind == "self_paced"
    events += e.tick(9.0) + e.pause(9.0) + e.resume(69.0) + e.done(75.0)
    assert finished(events)[0] == ("self_paced", False, 15.0)
    assert exercise_times(events) == [15.0]


def test_an_exercise_time_leaves_out_a_pause_in_its_rest() -> None:
    e = engine({"name": "Calves", "duration": 10, "sets": 2, "rest": 10})
    events = e.start(0.0) + e.tick(15.0) + e.pause(15.0) + e.resume(115.0) + e.tick(1000.0)
    steps = finished(events)
    assert [(kind, elapsed) for kind, _, elapsed in steps] == [
        ("work", 10.0),
        ("rest", 10.0),
        ("work", 10.0),
    ]
    assert exercise_times(events) == [30.0]
