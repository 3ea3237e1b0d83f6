"""The controls of a session, one test per rule: skip, skip the exercise, back, done and stop, and
what each leaves in the step times the journal keeps (a step cut short keeps the active seconds
it ran, paused time left out, and is kept as skipped).

Driven by the engine's fake clock; every figure is an oracle written out by hand from the plan
(get-ready 5 s, sets, rests), not the engine's own arithmetic.
"""

from __future__ import annotations

from typing import Any

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import (
    CheckinRequested,
    Event,
    ExerciseDone,
    StepFinished,
    StepStarted,
    WentBack,
)
from player.session.plan import build_plan


def engine(*exercises: dict[str, Any], **defaults: Any) -> Engine:
    routine = Routine.model_validate(
        {
            "name": "Controls",
            "description": "Control rules.",
            "exercises": list(exercises),
            "defaults": {"checkin": "none", "get_ready": 0, "rest_between_exercises": 0} | defaults,
        }
    )
    return Engine(build_plan(routine))


def finished(events: list[Event]) -> list[tuple[str, bool, float]]:
    """(step kind, skipped, active seconds) of every step that ended, in order."""
    return [(e.step.kind, e.skipped, e.elapsed) for e in events if isinstance(e, StepFinished)]


def started(events: list[Event]) -> list[tuple[str, int]]:
    """(step kind, exercise index) of every step that began, in order."""
    return [(e.step.kind, e.step.exercise_index) for e in events if isinstance(e, StepStarted)]


def exercise_times(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.exercise, e.elapsed) for e in events if isinstance(e, ExerciseDone)]


def exercises_skipped(events: list[Event]) -> list[tuple[str, bool]]:
    return [(e.exercise, e.skipped) for e in events if isinstance(e, ExerciseDone)]


TWO_SETS = {"name": "Calves", "duration": 20, "sets": 2, "rest": 10, "get_ready": 5}
"""get-ready 0-5, set 1 5-25, rest 25-35, set 2 35-55."""


# --- skip the exercise ----------------------------------------------------------------------


def test_skipping_the_exercise_keeps_the_seconds_the_set_ran_without_the_pause() -> None:
    e = engine(TWO_SETS, {"name": "Quads", "duration": 20})
    events = e.start(0.0) + e.tick(9.0) + e.pause(9.0) + e.resume(29.0)  # 4 s, then 20 paused
    events += e.skip_exercise(32.0)  # 3 s more: set 1 ran 7 s
    assert finished(events) == [
        ("get_ready", False, 5.0),
        ("work", True, 7.0),
        ("work", True, 0.0),  # set 2, passed over
    ]
    assert started(events)[-1] == ("work", 1)  # Quads next
    assert exercise_times(events) == [("Calves", 12.0)]
    assert [e.skipped for e in events if isinstance(e, ExerciseDone)] == [True]


def test_skipping_the_exercise_at_the_first_second_of_a_set_keeps_no_seconds() -> None:
    e = engine(TWO_SETS, {"name": "Quads", "duration": 20})
    events = e.start(0.0) + e.tick(5.0) + e.skip_exercise(5.0)
    assert finished(events)[1:] == [("work", True, 0.0), ("work", True, 0.0)]


def test_skip_at_a_check_in_between_sets_skips_the_check_in_only() -> None:
    e = engine(TWO_SETS, {"name": "Quads", "duration": 20}, checkin="after_set")
    events = e.start(0.0) + e.tick(25.0)
    assert isinstance(events[-1], CheckinRequested)
    after = e.skip_exercise(26.0)
    # The rest and set 2 of Calves still come: only the question was passed over.
    assert started(after) == [("rest", 0)]
    assert finished(after) == [("checkin", True, 1.0)]
    assert not any(isinstance(x, ExerciseDone) for x in after)


# --- back -----------------------------------------------------------------------------------


def test_back_passes_over_a_check_in_to_the_step_before_it() -> None:
    e = engine(TWO_SETS, checkin="after_set")
    e.start(0.0)
    e.tick(25.0)
    e.checkin_answered(27.0)  # the rest starts at 27
    events = e.back(30.0)
    (went,) = [x for x in events if isinstance(x, WentBack)]
    assert (went.step.kind, went.to.kind, went.to.set) == ("rest", "work", 1)
    assert started(events) == [("work", 0)]


def test_back_passes_over_the_wait_before_an_exercise() -> None:
    e = engine({"name": "Calves", "duration": 20}, TWO_SETS, auto_advance=False)
    e.start(0.0)
    e.done(0.0)  # ready for Calves: 0-20
    e.tick(20.0)  # the wait before the second exercise
    e.done(24.0)  # ready: its get-ready runs 24-29
    events = e.back(27.0)
    assert started(events) == [("work", 0)]


def test_back_from_the_wait_before_an_exercise_goes_to_the_exercise_before_it() -> None:
    e = engine({"name": "Calves", "duration": 20}, TWO_SETS, auto_advance=False)
    e.start(0.0)
    e.done(0.0)
    events = e.tick(20.0) + e.back(26.0)  # in the wait for 6 s, then back
    assert started(events) == [("wait", 1), ("work", 0)]
    assert finished(events)[-1] == ("wait", True, 6.0)


def test_going_back_keeps_the_seconds_the_step_ran_without_the_pause_as_skipped() -> None:
    e = engine(TWO_SETS)
    e.start(0.0)
    events = e.tick(9.0) + e.pause(9.0) + e.resume(29.0) + e.back(32.0)  # set 1 ran 4 + 3 s
    assert finished(events)[-1] == ("work", True, 7.0)
    (went,) = [x for x in events if isinstance(x, WentBack)]
    # The journal keeps the session clock of the moment: 32 s less the 20 s paused.
    assert went.clock == 12.0
    assert [x.clock for x in events if isinstance(x, StepFinished)] == [5.0, 12.0]


def test_going_back_at_the_first_second_of_a_step_keeps_no_seconds() -> None:
    e = engine(TWO_SETS)
    events = e.start(0.0) + e.tick(5.0) + e.back(5.0)
    assert finished(events) == [("get_ready", False, 5.0), ("work", True, 0.0)]
    assert started(events)[-1] == ("get_ready", 0)


def test_an_exercise_left_by_going_back_counts_its_time_again_from_its_new_start() -> None:
    e = engine(
        {"name": "Calves", "duration": 10}, {"name": "Quads", "duration": 10, "get_ready": 5}
    )
    events = e.start(0.0) + e.tick(12.0)  # Calves 0-10; Quads' get-ready from 10
    events += e.back(12.0)  # Calves again, 12-22; Quads' get-ready 22-27, work 27-37
    events += e.tick(100.0)
    assert exercise_times(events) == [("Calves", 10.0), ("Calves", 10.0), ("Quads", 15.0)]
    assert exercises_skipped(events) == [("Calves", False), ("Calves", False), ("Quads", False)]


def test_an_exercise_redone_whole_after_going_back_is_not_kept_as_skipped() -> None:
    e = engine(TWO_SETS, {"name": "Quads", "duration": 20, "get_ready": 5})
    events = e.start(0.0) + e.tick(40.0) + e.skip(40.0)  # set 2 of Calves cut at 5 s of 20
    events += e.back(42.0)  # from Quads' get-ready: set 2 again, 42-62, whole
    events += e.tick(62.0)
    assert exercises_skipped(events) == [("Calves", True), ("Calves", False)]


def test_an_exercise_counts_its_time_from_when_the_user_is_ready_not_from_the_wait() -> None:
    e = engine({"name": "Calves", "duration": 20, "get_ready": 5}, auto_advance=False)
    events = e.start(0.0) + e.done(30.0) + e.tick(100.0)  # ready after 30 s: 30-55
    assert exercise_times(events) == [("Calves", 25.0)]


def test_the_rest_after_an_exercise_never_counts_in_its_time_even_after_going_back() -> None:
    e = engine(
        {"name": "Calves", "duration": 10},
        {"name": "Quads", "duration": 10},
        rest_between_exercises=20,
    )
    events = e.start(0.0) + e.tick(15.0)  # Calves 0-10, the rest from 10
    events += e.back(15.0) + e.tick(25.0)  # Calves again, 15-25
    assert exercise_times(events) == [("Calves", 10.0), ("Calves", 10.0)]


def test_the_check_in_after_an_exercise_never_counts_in_its_time_even_after_going_back() -> None:
    e = engine(
        {"name": "Calves", "duration": 10},
        {"name": "Quads", "duration": 10},
        checkin="after_exercise",
    )
    events = e.start(0.0) + e.tick(18.0)  # Calves 0-10, asked from 10
    events += e.back(18.0) + e.tick(28.0)  # Calves again, 18-28
    assert exercise_times(events) == [("Calves", 10.0), ("Calves", 10.0)]


# --- done -----------------------------------------------------------------------------------


def test_done_ends_a_self_paced_set_or_a_wait_and_nothing_else() -> None:
    e = engine({"name": "Calves", "duration": 20}, {"name": "Tilt", "reps": 5})
    e.start(0.0)
    assert e.done(3.0) == []  # a timed set runs its time
    assert e.current is not None and e.current.kind == "work"
    events = e.tick(20.0)
    assert e.current is not None and e.current.kind == "self_paced"
    events += e.done(31.0)
    assert finished(events) == [("work", False, 20.0), ("self_paced", False, 11.0)]
    assert e.status == "finished"
    assert e.done(40.0) == []  # after the end: nothing


# --- stop -----------------------------------------------------------------------------------


def test_a_stop_keeps_the_seconds_the_step_ran_without_the_pause() -> None:
    e = engine(TWO_SETS)
    events = e.start(0.0) + e.tick(9.0) + e.pause(9.0) + e.resume(29.0) + e.stop(32.0)
    assert finished(events)[-1] == ("work", True, 7.0)
    # Plan time behind: the get-ready and the 7 s of the set; the session clock 12 s.
    assert e.elapsed(32.0) == 12.0
    assert e.clock(32.0) == 12.0


def test_a_stop_at_the_first_second_of_a_step_keeps_no_seconds() -> None:
    e = engine(TWO_SETS)
    events = e.start(0.0) + e.tick(5.0) + e.stop(5.0)
    assert finished(events)[-1] == ("work", True, 0.0)
    assert e.elapsed(5.0) == 5.0
