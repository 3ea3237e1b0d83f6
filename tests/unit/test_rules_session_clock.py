"""The session clock, one test per rule: it counts active seconds only (paused time never
counts), reads 0 before the first step (a red-flag stop or a note before the start is kept at
0), stands still from the moment the session stops or ends, and is what the screen shows beside
the plan's length. And nothing is due while the session waits for an answer.

Driven by the engine's fake clock; every figure is an oracle written out by hand.
"""

from __future__ import annotations

from typing import Any

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import CueDue, CueLine, StepStarted, Stopped
from player.session.plan import build_plan


def engine(*exercises: dict[str, Any], **defaults: Any) -> Engine:
    routine = Routine.model_validate(
        {
            "name": "Clock",
            "description": "Clock rules.",
            "exercises": list(exercises),
            "defaults": {"checkin": "none", "get_ready": 0, "rest_between_exercises": 0} | defaults,
        }
    )
    return Engine(build_plan(routine))


CALVES = {"name": "Calves", "duration": 30, "get_ready": 5}
"""get-ready 0-5, work 5-35: a plan of 35 s."""
QUADS = {"name": "Quads", "duration": 20}


def test_the_session_clock_reads_0_before_the_first_step() -> None:
    e = engine(CALVES)
    assert e.clock(50.0) == 0.0
    assert e.view(50.0).clock == 0.0
    e.start(50.0)
    assert e.clock(53.0) == 3.0


def test_pauses_in_two_steps_are_both_left_out_of_the_session_clock() -> None:
    e = engine(CALVES, QUADS)
    e.start(0.0)
    e.pause(2.0)
    e.resume(12.0)  # 10 s paused in the get-ready
    e.pause(20.0)
    e.resume(50.0)  # 30 s paused in the work
    assert e.clock(60.0) == 20.0
    assert e.view(60.0).clock == 20.0
    e.tick(200.0)
    assert e.status == "finished"
    # The plan ran whole: its 55 s, and the clock stands at the end, 55 s of activity.
    assert e.clock(500.0) == 55.0


def test_the_session_clock_stands_still_from_the_moment_the_session_stops() -> None:
    e = engine(CALVES, QUADS)
    e.start(0.0)
    e.pause(10.0)
    e.resume(30.0)
    e.stop(40.0)  # 20 s of activity
    assert e.clock(40.0) == 20.0
    assert e.clock(400.0) == 20.0
    assert e.view(400.0).clock == 20.0


def test_the_screen_shows_the_plans_length_and_the_active_seconds() -> None:
    e = engine(CALVES, QUADS)
    e.start(100.0)
    e.pause(110.0)
    e.resume(115.0)
    view = e.view(120.0)
    assert view.planned == 55.0
    assert view.clock == 15.0
    assert (view.elapsed, view.remaining) == (15.0, 40.0)


def test_nothing_is_due_while_a_check_in_waits_for_its_answer() -> None:
    e = engine(QUADS, checkin="after_exercise")
    e.start(0.0)
    assert e.next_due(5.0) == 5.0  # the halfway cue, at 10 s
    e.tick(20.0)
    assert e.current is not None and e.current.kind == "checkin"
    assert e.next_due(25.0) is None


def test_nothing_is_due_in_a_self_paced_set_once_its_go_has_sounded() -> None:
    e = engine({"name": "Tilt", "reps": 5})
    e.start(0.0)
    assert e.current is not None and e.current.kind == "self_paced"
    assert e.next_due(1.0) is None


def test_after_a_pause_the_next_cue_is_due_later_by_the_pause() -> None:
    e = engine(QUADS)
    e.start(0.0)
    e.pause(2.0)
    e.resume(12.0)  # 10 s paused: the halfway cue, at 10 active seconds, falls at 20
    assert e.next_due(12.0) == 8.0


def test_every_event_carries_the_session_clock_of_its_moment_and_its_step() -> None:
    calves = {
        "name": "Calves",
        "duration": 20,
        "get_ready": 5,
        "cues": ["Knees soft", {"text": "Breathe out", "at": 3}],
    }
    e = engine(calves, QUADS, checkin="after_exercise")
    # get-ready 0-5; work from 5, paused 8-18, to 35; asked 35-37; Quads from 37; stopped at 45.
    events = e.start(0.0) + e.tick(8.0) + e.pause(8.0) + e.resume(18.0) + e.tick(36.0)
    events += e.checkin_answered(37.0) + e.tick(44.0) + e.stop(45.0)

    def active(at: float) -> float:
        return at if at <= 8.0 else 8.0 if at <= 18.0 else at - 10.0

    assert {type(x).__name__ for x in events} >= {
        "CueDue",
        "CueLine",
        "CheckinRequested",
        "ExerciseDone",
        "Paused",
        "Resumed",
        "Stopped",
    }
    assert [(type(x).__name__, x.clock) for x in events] == [
        (type(x).__name__, active(x.at)) for x in events
    ]
    # Each cue and cue line names the step it sounds in (its sound may be the exercise's own).
    step = None
    for x in events:
        if isinstance(x, StepStarted):
            step = x.step
        elif isinstance(x, CueLine | CueDue | Stopped) and not (
            isinstance(x, CueDue) and x.name == "session_done"
        ):
            assert x.step == step, x


def test_the_events_at_the_end_of_a_session_carry_the_clock_at_its_end() -> None:
    e = engine(QUADS)
    events = e.start(0.0) + e.pause(5.0) + e.resume(15.0) + e.tick(100.0)  # ends at 30
    assert e.status == "finished"
    ending = [x for x in events if x.at == 30.0]
    assert [type(x).__name__ for x in ending] == [
        "StepFinished",
        "ExerciseDone",
        "CueDue",
        "CueDue",
        "SessionDone",
    ]
    assert [x.clock for x in ending] == [20.0] * 5
