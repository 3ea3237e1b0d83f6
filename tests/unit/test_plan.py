"""The plan: a routine's steps in order, with cue marks, check-ins and planned time."""

from __future__ import annotations

from typing import Any

import pytest

from player.routine.models import Routine
from player.session.plan import build_plan


def routine(*exercises: dict[str, Any], **top: Any) -> Routine:
    return Routine.model_validate(
        {"name": "Test", "description": "A test routine.", "exercises": list(exercises), **top}
    )


def shape(r: Routine) -> list[str]:
    out = []
    for s in build_plan(r).steps:
        label = s.kind
        if s.side:
            label += f":{s.side}"
        if s.set is not None and s.kind not in ("checkin",):
            label += f":s{s.set}"
        if s.rep is not None:
            label += f":r{s.rep}"
        out.append(label)
    return out


def test_sides_sets_rests_and_checkins() -> None:
    r = routine(
        {"name": "Bird dog", "reps": [2, 1], "hold": 8, "sides": ["left", "right"]},
        {"name": "Calves", "duration": 60},
        defaults={"checkin": "after_side", "rest": 20},
    )
    assert shape(r) == [
        "get_ready",
        "hold:left:s1:r1",
        "relax:left:s1",
        "hold:left:s1:r2",
        "rest:left:s1",
        "hold:left:s2:r1",
        "checkin:left",
        "switch_side:right:s1",
        "hold:right:s1:r1",
        "relax:right:s1",
        "hold:right:s1:r2",
        "rest:right:s1",
        "hold:right:s2:r1",
        "checkin:right",
        "between",
        "get_ready",
        "work:s1",
        "checkin",
    ]


@pytest.mark.parametrize(
    ("checkin", "count"),
    [("after_set", 4), ("after_side", 2), ("after_exercise", 1), ("none", 0)],
)
def test_checkin_placement(checkin: str, count: int) -> None:
    r = routine(
        {"name": "Side bridge", "duration": 10, "sets": 2, "sides": ["L", "R"], "checkin": checkin}
    )
    steps = build_plan(r).steps
    assert sum(1 for s in steps if s.kind == "checkin") == count
    if count:
        assert steps[-1].kind == "checkin" and steps[-1].checkin == checkin


def test_zero_rests_and_get_ready_are_left_out_and_wait_added() -> None:
    r = routine(
        {"name": "A", "duration": 10, "sets": 2, "rest": 0, "get_ready": 0},
        {"name": "B", "reps": 5},
        defaults={"rest_between_exercises": 0, "auto_advance": False, "checkin": "none"},
    )
    assert shape(r) == ["wait", "work:s1", "work:s2", "wait", "get_ready", "self_paced:s1"]


@pytest.mark.parametrize(
    "exercise",
    [
        {"name": "Roll", "duration": "1m30s", "sets": 3, "sides": ["left", "right"]},
        {"name": "Curl-up", "reps": [5, 3, 1], "hold": 10},
        {"name": "Dead bug", "reps": 12, "tempo": 2, "sets": 3, "rest": 0},
        {"name": "Tilt", "reps": 10},
        {"name": "4-7-8", "breathing": {"inhale": 4, "hold": 7, "exhale": 8, "cycles": 4}},
        {"name": "Slow", "breathing": {"inhale": 4, "exhale": 6, "duration": "5m"}},
    ],
)
def test_planned_matches_the_routine(exercise: dict[str, Any]) -> None:
    r = routine(exercise, {"name": "Calves", "duration": 45})
    plan = build_plan(r)
    assert plan.planned == pytest.approx(r.planned_seconds(), abs=1e-9)


def test_last_work_marks_exactly_one_step_per_exercise() -> None:
    r = routine(
        {"name": "A", "reps": [3, 2], "hold": 5, "sides": ["L", "R"]}, {"name": "B", "reps": 4}
    )
    steps = build_plan(r).steps
    last = [s for s in steps if s.last_work]
    assert [(s.exercise_index, s.side, s.set, s.rep) for s in last] == [
        (0, "R", 2, 2),
        (1, None, 1, None),
    ]


def test_marks_of_a_timed_set() -> None:
    r = routine({"name": "Roll", "duration": 60, "cues": [{"text": "Outer side", "at": 30}]})
    work = [s for s in build_plan(r).steps if s.kind == "work"][0]
    assert [(m.offset, m.cue, m.count, m.line) for m in work.marks] == [
        (0.0, "go", None, None),
        (30.0, "halfway", None, None),
        (30.0, None, None, "Outer side"),
        (57.0, "count", 3, None),
        (58.0, "count", 2, None),
        (59.0, "count", 1, None),
    ]


def test_timed_cue_lands_in_the_right_hold_rep() -> None:
    r = routine(
        {"name": "Bird dog", "reps": 3, "hold": 8, "cues": [{"text": "Reach long", "at": 5}]}
    )
    holds = [s for s in build_plan(r).steps if s.kind == "hold"]
    assert [m.offset for m in holds[0].marks if m.line] == [5.0]
    assert [m.line for m in holds[1].marks if m.line] == []
    assert holds[1].period_offset == 8.0


def test_journal_rows_and_describe() -> None:
    r = routine({"name": "Curl-up", "reps": [5, 3, 1], "hold": 10, "sides": None})
    plan = build_plan(r)
    assert plan.journal_rows() == [
        {
            "index": 0,
            "exercise": "Curl-up",
            "kind": "reps",
            "planned_seconds": r.exercises[0].planned_seconds(r.defaults),
            "sets": 3,
            "sides": None,
            "reps": [5, 3, 1],
            "work_steps": 9,  # one hold step a rep: 5 + 3 + 1
            "work_seconds": 90.0,
        }
    ]
    hold = [s for s in plan.steps if s.kind == "hold"][0]
    assert hold.describe() == "Curl-up, set 1 of 3, rep 1 of 5: hold 10s"
    assert hold.journal_data() == {
        "exercise": "Curl-up",
        "exercise_index": 0,
        "step": "hold",
        "set": 1,
        "side": None,
        "rep": 1,
        "planned": 10.0,
    }
