"""Per-exercise truth: done, partly done (how much), skipped, not reached, from real plans played
through the conductor with a fake clock, and from journals an earlier hep wrote."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from player.conductor.core import Conductor
from player.journal.records import Event
from player.journal.work.exercises import ExerciseResult, exercise_results, tally
from player.routine.models import Routine
from player.session.safety import CheckinAnswer

WALL = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)


def routine(*exercises: dict[str, Any]) -> Routine:
    return Routine.model_validate(
        {
            "name": "Test",
            "description": "A test routine.",
            "defaults": {"get_ready": 0, "rest": 10, "rest_between_exercises": 0},
            "safety": {"screen": "never"},
            "exercises": list(exercises),
        }
    )


def started(*exercises: dict[str, Any], checkin: str = "none") -> Conductor:
    r = routine(*({"checkin": checkin} | e for e in exercises))
    c = Conductor(r)
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    return c


def test_tempo_reps_done_are_the_whole_reps_its_clock_ran() -> None:
    c = started({"name": "Dead bug", "reps": 12, "sets": 3, "tempo": 4})
    c.tick(30.0)  # 7.5 reps of the first set
    c.quit(30.0)
    (dead_bug,) = c.exercise_results()
    assert (dead_bug.status, dead_bug.reps_done, dead_bug.reps_planned) == ("partly_done", 7, 36)
    assert (dead_bug.sets_done, dead_bug.sets_planned) == (0, 3)
    assert dead_bug.words() == "partly done: 0 of 3 sets, 7 of 36 reps, 30s of 2m24s"


def test_a_foam_roll_stopped_partway_is_stopped_during_with_its_seconds() -> None:
    c = started({"name": "Calf roll", "duration": 60, "sides": ["left", "right"]})
    c.tick(65.0)  # the left side (60 s), the 5 s switch
    c.tick(95.0)  # 30 s into the right side
    c.stop(95.0)
    c.answer_pain(96.0, CheckinAnswer(3))
    (roll,) = c.exercise_results()
    assert roll.status == "stopped_during"
    # One set on both sides is one set, as the routine counts it: not done on the right.
    assert (roll.sides_done, roll.sets_done, roll.sets_planned, roll.work_done) == (1, 0, 1, 90.0)
    assert roll.words() == "stopped during: 1 of 2 sides, 1m30s of 2m"


def test_going_back_and_doing_a_step_again_counts_it_once() -> None:
    c = started({"name": "Bridge", "reps": 2, "hold": 10})
    c.tick(10.0)  # the first hold done
    c.back(12.0)  # back to it, 2 s into the second
    c.tick(40.0)
    (bridge,) = c.exercise_results()
    assert (bridge.status, bridge.reps_done, bridge.work_done) == ("done", 2, 20.0)


def test_an_exercise_passed_over_at_once_is_skipped_and_the_rest_not_reached() -> None:
    c = started(
        {"name": "One", "duration": 20},
        {"name": "Two", "duration": 20},
        {"name": "Three", "duration": 20},
    )
    c.tick(0.5)
    c.skip_exercise(0.5)  # half a second in: nothing done
    c.tick(10.0)
    c.quit(10.0)
    assert [r.status for r in c.exercise_results()] == ["skipped", "partly_done", "not_reached"]
    assert tally(c.exercise_results()) == (
        "0 of 3 exercises done, 1 partly done, 1 skipped, 1 not reached"
    )


def test_self_paced_sets_count_when_said_done() -> None:
    c = started({"name": "Cat-camel", "reps": 8, "sets": 2, "rest": 0})
    c.done(5.0)
    c.quit(6.0)
    (cat,) = c.exercise_results()
    assert (cat.status, cat.sets_done, cat.reps_done) == ("partly_done", 1, 8)


def test_only_work_steps_count_whatever_other_kinds_a_plan_has() -> None:
    plan = [
        {
            "index": 0,
            "exercise": "Bird dog",
            "kind": "reps",
            "sets": 1,
            "sides": None,
            "reps": [2],
            "work_steps": 2,
            "work_seconds": 16.0,
        }
    ]
    where = {"exercise": "Bird dog", "exercise_index": 0, "set": 1, "side": None}

    def run(kind: str, rep: int, clock: float) -> list[Event]:
        data = where | {"step": kind, "rep": rep, "planned": 8.0}
        return [
            Event(0, "step_started", WALL, clock, data),
            Event(0, "step_finished", WALL, clock + 8, data | {"elapsed": 8.0, "skipped": False}),
        ]

    played = [*run("hold", 1, 0.0), *run("relax", 1, 8.0), *run("hold", 2, 16.0)]
    (bird_dog,), _ = exercise_results(plan, played)
    assert (bird_dog.status, bird_dog.reps_done, bird_dog.work_done) == ("done", 2, 16.0)


@pytest.mark.parametrize(
    ("elapsed", "status"), [(30.0, "done"), (20.0, "partly_done"), (0.0, "skipped")]
)
def test_journals_from_before_steps_said_how_they_ended_are_read_by_their_clock(
    elapsed: float, status: str
) -> None:
    plan = [
        {
            "index": 0,
            "exercise": "Calves",
            "kind": "duration",
            "planned_seconds": 35.0,
            "sets": 1,
            "sides": None,
            "reps": None,
        }
    ]
    data = {
        "exercise": "Calves",
        "exercise_index": 0,
        "step": "work",
        "set": 1,
        "side": None,
        "rep": None,
        "planned": 30.0,
    }
    played = [
        Event(1, "step_started", WALL, 5.0, data),
        Event(2, "step_finished", WALL, 5.0 + elapsed, data),
        Event(3, "exercise_done", WALL, 5.0 + elapsed, {"exercise": "Calves", "exercise_index": 0}),
    ]
    (calves,), _ = exercise_results(plan, played)
    assert calves.status == status


def test_a_self_paced_set_skipped_after_a_while_is_skipped_not_partly_done() -> None:
    c = started({"name": "Cat-camel", "reps": 8}, {"name": "Calves", "duration": 20})
    c.tick(15.0)
    c.skip(15.0)  # 15 s into a set with no clock: nothing says any rep was done
    c.tick(40.0)
    cat, calves = c.exercise_results()
    assert (cat.status, cat.words()) == ("skipped", "skipped")
    assert calves.status == "done"


def test_a_rest_or_get_ready_skipped_is_no_step_of_the_exercise_skipped() -> None:
    r = Routine.model_validate(
        {
            "name": "Test",
            "description": "A test routine.",
            "defaults": {"get_ready": 5, "rest": 10, "rest_between_exercises": 15},
            "safety": {"screen": "never"},
            "exercises": [
                {"name": "Plank", "duration": 5, "checkin": "none"},
                {"name": "Side plank", "duration": 5, "checkin": "none"},
            ],
        }
    )
    c = Conductor(r)
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.skip(1.0)  # the get-ready before the plank
    c.tick(3.0)
    c.tick(8.0)  # the plank is over: the rest before the side plank
    c.skip(9.0)  # the rest, not the side plank
    for t in range(10, 40):
        c.tick(float(t))
    plank, side = c.exercise_results()
    assert (plank.status, side.status) == ("done", "done")
    assert (plank.skips, side.skips) == (0, 0)


@pytest.mark.parametrize("value", ["x", None, True, float("nan"), [1]])
def test_a_planned_time_the_journal_cannot_read_as_a_number_is_no_planned_time(
    value: object,
) -> None:
    plan = [{"exercise": "Bridge", "planned_seconds": value, "work_seconds": value}]
    (bridge,), loose = exercise_results(plan, [])
    assert (bridge.exercise, bridge.planned_seconds, bridge.work_planned) == ("Bridge", None, None)
    assert loose == []


def test_one_planned_rep_is_said_in_the_singular() -> None:
    lift = ExerciseResult(0, "Lift", "reps", None, 1, [], [1], status="stopped_during")
    lift.worked = True
    assert lift.progress() == ["0 of 1 rep"]
