"""Long plans: steps built whole, exact running totals, and every look-up along the plan
agreeing with a plain scan of all the steps."""

from __future__ import annotations

import math
from dataclasses import fields, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import ExerciseDone, StepStarted
from player.session.plan import Step, build_plan
from tests.ci import examples

POOL: list[dict[str, Any]] = [
    {"name": "Calves", "duration": 30, "sets": 2, "cues": ["Slow", {"text": "Turn", "at": 10}]},
    {"name": "Bird dog", "reps": [3, 2], "hold": 8, "sides": ["left", "right"], "cues": ["Flat"]},
    {"name": "Curl-up", "reps": 3, "hold": 0.1, "cues": [{"text": "Chin in", "at": 0.15}]},
    {"name": "Dead bug", "reps": 4, "tempo": 2.25, "sides": ["left", "right"]},
    {"name": "Box", "breathing": {"inhale": 4, "hold": 4, "exhale": 4, "cycles": 3}},
    {"name": "Pelvic tilt", "reps": [5, 3], "rest": 0.3},
]
DEFAULTS = st.fixed_dictionaries(
    {
        "checkin": st.sampled_from(["after_set", "after_side", "after_exercise", "none"]),
        "get_ready": st.sampled_from([0, 0.7, 5]),
        "rest_between_exercises": st.sampled_from([0, 0.1, 15]),
        "auto_advance": st.booleans(),
    }
)
PICKS = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=8)


def routine(picks: list[int], defaults: dict[str, Any]) -> Routine:
    exercises = [{**POOL[i], "name": f"{POOL[i]['name']} {n}"} for n, i in enumerate(picks)]
    return Routine.model_validate(
        {
            "name": "Long",
            "description": "A test routine.",
            "defaults": defaults,
            "exercises": exercises,
        }
    )


@settings(max_examples=examples(60), deadline=None)
@given(PICKS, DEFAULTS)
def test_every_step_is_whole_and_equals_one_made_by_its_constructor(
    picks: list[int], defaults: dict[str, Any]
) -> None:
    names = {f.name for f in fields(Step)}
    for step in build_plan(routine(picks, defaults)).steps:
        assert set(vars(step)) <= names, set(vars(step)) - names
        assert replace(step) == step
        with pytest.raises(AttributeError):
            step.planned = 1.0  # type: ignore[misc]


@settings(max_examples=examples(60), deadline=None)
@given(PICKS, DEFAULTS)
def test_an_exercises_steps_are_consecutive(picks: list[int], defaults: dict[str, Any]) -> None:
    order = [s.exercise_index for s in build_plan(routine(picks, defaults)).steps]
    assert order == sorted(order)
    assert set(order) == set(range(len(picks)))


@settings(max_examples=examples(60), deadline=None)
@given(PICKS, DEFAULTS)
def test_running_totals_are_exactly_fsum_of_the_steps_before(
    picks: list[int], defaults: dict[str, Any]
) -> None:
    e = Engine(build_plan(routine(picks, defaults)))
    planned = [s.planned for s in e.steps]
    assert e.planned == math.fsum(planned)
    e.start(0.0)
    for i in range(len(planned)):
        e.index, e._step_start = i, 0.0  # stand at the start of step i
        assert e.elapsed(0.0) == math.fsum(planned[:i])


@settings(max_examples=examples(60), deadline=None)
@given(PICKS, DEFAULTS)
def test_view_and_spans_agree_with_a_scan_of_every_step(
    picks: list[int], defaults: dict[str, Any]
) -> None:
    e = Engine(build_plan(routine(picks, defaults)))
    steps = e.steps
    e.start(0.0)
    for step in steps:
        e.index, e._step_start = step.index, 0.0
        later = [s for s in steps[step.index + 1 :] if s.kind != "checkin"]
        assert e.view(0.0).next_step == (later[0] if later else None)
        same = [s for s in steps if s.exercise_index == step.exercise_index and s.kind != "between"]
        before = math.fsum(s.planned for s in same if s.index < step.index)
        total = math.fsum(s.planned for s in same)
        got_before, got_total = e.exercise_span(step)
        assert got_total == total
        assert abs(got_before - before) < 1e-9


@settings(max_examples=examples(60), deadline=None)
@given(PICKS, DEFAULTS, st.data())
def test_skip_exercise_lands_after_the_exercises_last_work_step(
    picks: list[int], defaults: dict[str, Any], data: st.DataObject
) -> None:
    e = Engine(build_plan(routine(picks, defaults)))
    e.start(0.0)
    at = data.draw(st.integers(0, len(e.steps) - 1))
    e.index, e._step_start = at, 0.0
    here = e.steps[at]
    events = e.skip_exercise(0.0)
    last = [
        s.index for s in e.steps[at:] if s.last_work and s.exercise_index == here.exercise_index
    ]
    started = [ev.step.index for ev in events if isinstance(ev, StepStarted)]
    if last and here.kind not in ("checkin", "between"):
        assert [ev.exercise_index for ev in events if isinstance(ev, ExerciseDone)] == [
            here.exercise_index
        ]
        assert not started or started[0] == last[0] + 1
    else:
        assert not started or started[0] == at + 1
