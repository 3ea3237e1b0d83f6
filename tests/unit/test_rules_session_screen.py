"""What the screen shows of a session, one test per rule: the rep under way in holds and in reps
that alternate sides, a rep's timed phase from its first second, the breath and its phase to the
end of a breathing exercise, cue lines (throughout the exercise, or from their second into each
work period), and the exercise bar's seconds for every step.

Driven by the engine's fake clock; every figure is an oracle written out by hand from the routine.
"""

from __future__ import annotations

from typing import Any

import pytest

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import CueLine
from player.session.plan import build_plan


def routine(*exercises: dict[str, Any], **defaults: Any) -> Routine:
    return Routine.model_validate(
        {
            "name": "Screen",
            "description": "Screen rules.",
            "exercises": list(exercises),
            "defaults": {"checkin": "none", "get_ready": 0, "rest_between_exercises": 0} | defaults,
        }
    )


def engine(*exercises: dict[str, Any], **defaults: Any) -> Engine:
    return Engine(build_plan(routine(*exercises, **defaults)))


# --- reps -----------------------------------------------------------------------------------


def test_a_held_rep_shows_its_own_number() -> None:
    e = engine({"name": "Bird dog", "reps": 3, "hold": 8, "rest_between_reps": 2})
    e.start(0.0)  # holds at 0-8, 10-18, 20-28
    shown = []
    for now in (4.0, 14.0, 27.0):
        e.tick(now)
        view = e.view(now)
        assert view.step is not None and view.step.kind == "hold"
        shown.append(view.rep)
    assert shown == [1, 2, 3]


def test_reps_that_alternate_sides_show_the_rep_under_way_on_each_side() -> None:
    e = engine(
        {
            "name": "Lunge",
            "reps": 3,
            "tempo": 2,
            "sides": ["left", "right"],
            "alternate_sides": "rep",
        }
    )
    e.start(0.0)  # rep 1 left 0-2, right 2-4, rep 2 left 4-6, right 6-8, rep 3 8-12
    shown = []
    for now in (1.0, 3.0, 5.0, 7.0, 9.0, 11.0):
        e.tick(now)
        view = e.view(now)
        assert view.step is not None
        shown.append((view.rep, view.step.side))
    assert shown == [
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
        (3, "left"),
        (3, "right"),
    ]


PHASED = {"name": "Squat", "reps": 2, "rep_phases": {"down": 2, "hold": 1, "up": 3, "rest": 1}}
"""A rep of 7 s: down 0-2, hold 2-3, up 3-6, rest 6-7; rep 2 from 7 s."""


@pytest.mark.parametrize(
    ("into", "phase"),
    [(0.0, "down"), (1.5, "down"), (2.0, "hold"), (3.0, "up"), (5.5, "up"), (6.0, "rest")],
)
def test_a_reps_timed_phase_shows_from_its_first_second(into: float, phase: str) -> None:
    for rep_start in (0.0, 7.0):
        e = engine(PHASED)
        e.start(0.0)
        e.tick(rep_start + into)
        assert e.view(rep_start + into).rep_phase == phase, rep_start + into


def test_a_reps_last_phase_shows_to_the_very_end_of_the_rep() -> None:
    # The rep's length is the exact sum of its phases (3.6 s); added up one after the other in
    # binary they come to 3.5999999999999996, and the last instant of the rep lies past that.
    e = engine({"name": "Squat", "reps": 1, "rep_phases": {"down": 1.0, "hold": 1.3, "up": 1.3}})
    e.start(0.0)
    end = 1.0 + 1.3 + 1.3
    assert end < e.planned
    assert e.view(end).rep_phase == "up"


# --- breathing ------------------------------------------------------------------------------


def test_the_last_breaths_phase_shows_the_seconds_left_to_the_end() -> None:
    e = engine({"name": "Breathe", "breathing": {"inhale": 4, "exhale": 6, "cycles": 2}})
    e.start(0.0)  # in 0-4, out 4-10, in 10-14, out 14-20
    e.tick(15.0)
    view = e.view(15.0)
    assert (view.rep_phase, view.rep_phase_remaining, view.cycle, view.cycles) == (
        "exhale",
        5.0,
        2,
        2,
    )


def test_each_breathing_exercise_shows_its_own_pattern() -> None:
    e = engine(
        {"name": "Slow", "breathing": {"inhale": 4, "exhale": 6, "cycles": 1}},
        {"name": "Box", "breathing": {"inhale": 2, "hold": 1, "exhale": 3, "cycles": 1}},
    )
    e.start(0.0)  # Slow 0-10; Box: in 10-12, hold 12-13, out 13-16
    assert e.view(5.0).rep_phase == "exhale"
    e.tick(12.5)
    view = e.view(12.5)
    assert view.step is not None and view.step.exercise == "Box"
    assert (view.rep_phase, view.rep_phase_remaining) == ("hold", 0.5)


# --- cue lines ------------------------------------------------------------------------------


def test_a_cue_line_without_a_time_shows_throughout_the_exercise_and_nowhere_else() -> None:
    calves = {"name": "Calves", "duration": 10, "get_ready": 5, "cues": ["Knees soft"]}
    e = engine(
        calves,
        {"name": "Quads", "duration": 10},
        auto_advance=False,
        rest_between_exercises=10,
        checkin="after_exercise",
    )
    e.start(0.0)
    seen = [(e.current.kind if e.current else None, e.view(0.0).cue_lines)]  # the wait
    e.done(1.0)  # get-ready 1-6, work 6-16
    for now in (3.0, 10.0, 16.0, 18.0):  # get-ready, work, check-in, check-in
        e.tick(now)
        seen.append((e.current.kind if e.current else None, e.view(now).cue_lines))
    e.checkin_answered(18.0)  # the rest after Calves, 18-28
    seen.append((e.current.kind if e.current else None, e.view(20.0).cue_lines))
    assert seen == [
        ("wait", ()),
        ("get_ready", ("Knees soft",)),
        ("work", ("Knees soft",)),
        ("checkin", ()),
        ("checkin", ()),
        ("between", ()),
    ]


def test_a_timed_cue_line_shows_from_its_second_into_the_work_not_in_the_get_ready() -> None:
    calves = {
        "name": "Calves",
        "duration": 10,
        "get_ready": 5,
        "cues": [{"text": "Breathe out", "at": 2}],
    }
    e = engine(calves)
    events = e.start(0.0) + e.tick(4.0)
    assert e.view(4.0).cue_lines == ()  # 4 s into the get-ready
    events += e.tick(6.5)
    assert e.view(6.5).cue_lines == ()  # 1.5 s into the work
    events += e.tick(7.0)
    assert e.view(7.0).cue_lines == ("Breathe out",)  # 2 s into the work: its second
    assert [(x.at, x.text) for x in events if isinstance(x, CueLine)] == [(7.0, "Breathe out")]


# --- the exercise bar -----------------------------------------------------------------------

TWO = (
    {"name": "Calves", "duration": 20, "sets": 2, "rest": 10, "get_ready": 5},
    {"name": "Bridge", "reps": 2, "hold": 10, "rest_between_reps": 3, "get_ready": 5},
)
SPANS = [
    ("get_ready", (0.0, 55.0)),
    ("work", (5.0, 55.0)),
    ("rest", (25.0, 55.0)),
    ("work", (35.0, 55.0)),
    ("between", (55.0, 55.0)),  # the rest after Calves is not Calves' time
    ("get_ready", (0.0, 28.0)),
    ("hold", (5.0, 28.0)),
    ("relax", (15.0, 28.0)),
    ("hold", (18.0, 28.0)),
]
"""Each step's (seconds of its exercise before it, the exercise's seconds in all)."""


def test_the_exercise_bar_shows_the_exercises_seconds_before_the_step_and_in_all() -> None:
    plan = build_plan(routine(*TWO, rest_between_exercises=15))
    assert [s.kind for s in plan.steps] == [kind for kind, _ in SPANS]
    in_order = Engine(plan)
    for step, (_, span) in zip(plan.steps, SPANS, strict=True):
        # The same on the screen whichever step it is first drawn at.
        assert Engine(plan).exercise_span(step) == span, step.index
        assert in_order.exercise_span(step) == span, step.index
