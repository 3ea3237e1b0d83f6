"""The order a plan plays sides, sets and reps in, with relaxes, rests, switches and check-ins.

The expectation is built apart from the plan: the work steps are every (set, side, rep) sorted
by the key the alternation names, and each pause follows from what changes between two of them.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from pydantic import ValidationError

from player.routine.models import Routine
from player.routine.timeline import pain_asked, timeline
from player.session.plan import build_plan

REST, RELAX, SWITCH = 20.0, 3.0, 5.0
SORT_KEYS = {
    "none": lambda set_, side, rep: (side, set_, rep),
    "set": lambda set_, side, rep: (set_, side, rep),
    "rep": lambda set_, side, rep: (set_, rep, side),
}
"""How each alternation orders the work: by side first, by set then side, or by rep then side."""


def make(sides: list[str] | None, alternate: str, reps: list[int], timing: str, checkin: str):
    exercise: dict[str, Any] = {"name": "Bird dog", "reps": reps, timing: 2, "checkin": checkin}
    if sides:
        exercise["sides"] = sides
    if alternate != "none":
        exercise["alternate_sides"] = alternate
    defaults = {"rest": REST, "switch_side": SWITCH, "get_ready": 0}
    return Routine.model_validate(
        {"name": "T", "description": "d", "defaults": defaults, "exercises": [exercise]}
    )


def expected_work(sides: list[str] | None, alternate: str, reps: list[int], timing: str):
    """(set, side index, rep) of each work step; rep 0 stands for a whole counted set."""
    labels = range(len(sides or [None]))
    one_rep_steps = timing == "hold" or alternate == "rep"
    units = [
        (set_, side, rep)
        for set_, count in enumerate(reps, 1)
        for side in labels
        for rep in (range(1, count + 1) if one_rep_steps else [0])
    ]
    return sorted(units, key=lambda u: SORT_KEYS[alternate](*u))


def expected_steps(sides, alternate, reps, timing, checkin) -> list[tuple[str, int, int, int]]:
    work = expected_work(sides, alternate, reps, timing)
    out: list[tuple[str, int, int, int]] = []
    for (set_, side, rep), after in itertools.zip_longest(work, work[1:]):
        out.append(("work", set_, side, rep))
        set_ends = after is None or after[0] != set_ or (alternate != "rep" and after[1] != side)
        side_ends = {
            "none": after is None or after[1] != side,
            "set": set_ends,
            "rep": set_ends,
        }[alternate]
        ends = {"after_set": set_ends, "after_side": side_ends, "after_exercise": after is None}
        if ends.get(checkin):
            out.append(("checkin", set_, side, 0))
        if after is None:
            break
        if after[0] > set_:
            out.append(("rest", set_, side, 0))
        elif after[1] != side and alternate != "rep":
            out.append(("switch_side", after[0], after[1], 0))
        elif timing == "hold":
            out.append(("relax", set_, side, 0))
    return out


CASES = [
    (sides, alternate, reps, timing, checkin)
    for sides in (None, ["left", "right"])
    for alternate in ("none", "rep", "set")
    for reps in ([4], [2], [4, 4, 4], [3, 2, 1])
    for timing in ("hold", "tempo")
    for checkin in ("after_set", "after_side", "after_exercise")
]


@pytest.mark.parametrize(("sides", "alternate", "reps", "timing", "checkin"), CASES)
def test_order_of_work_pauses_and_checkins(sides, alternate, reps, timing, checkin) -> None:
    if alternate != "none" and not sides:
        with pytest.raises(ValidationError, match="needs two or more sides"):
            make(sides, alternate, reps, timing, checkin)
        return
    routine = make(sides, alternate, reps, timing, checkin)
    plan = build_plan(routine)
    labels = sides or [None]
    got = []
    for step in plan.steps:
        side = labels.index(step.side)
        if step.kind in ("hold", "tempo"):
            got.append(("work", step.set, side, step.rep or 0))
        elif step.kind in ("relax", "rest", "switch_side", "checkin"):
            got.append((step.kind, step.set, side, 0))
    assert got == expected_steps(sides, alternate, reps, timing, checkin)
    # One place computes time: the routine, the plan and `hep show` agree.
    assert math.isclose(plan.planned, routine.planned_seconds())
    rows = timeline(routine)
    assert math.isclose(rows[-1].start + rows[-1].seconds, routine.planned_seconds())
    relaxes = sum(1 for s in plan.steps if s.kind == "relax")
    assert routine.planned_seconds() == pytest.approx(
        2 * sum(reps) * len(labels)
        + REST * sum(1 for s in plan.steps if s.kind == "rest")
        + SWITCH * sum(1 for s in plan.steps if s.kind == "switch_side")
        + RELAX * relaxes
    )
    assert (relaxes > 0) == (timing == "hold" and sum(reps) * len(labels) > 1)


def test_tempo_alternating_each_rep_counts_one_rep_a_step_on_each_side() -> None:
    routine = make(["left", "right"], "rep", [2], "tempo", "after_exercise")
    steps = [s for s in build_plan(routine).steps if s.kind == "tempo"]
    assert [(s.side, s.rep) for s in steps] == [
        ("left", 1),
        ("right", 1),
        ("left", 2),
        ("right", 2),
    ]
    cues = [(m.cue, m.count) for s in steps for m in s.marks if m.cue]
    assert cues == [("go", 1), ("next_rep", 1), ("next_rep", 2), ("next_rep", 2)]


def test_self_paced_alternating_each_rep_is_one_set_on_both_sides() -> None:
    routine = Routine.model_validate(
        {
            "name": "T",
            "description": "d",
            "defaults": {"get_ready": 0, "rest": 10},
            "exercises": [
                {
                    "name": "Dead bug",
                    "reps": 6,
                    "sets": 2,
                    "sides": ["L", "R"],
                    "alternate_sides": "rep",
                }
            ],
        }
    )
    plan = build_plan(routine)
    work = [s for s in plan.steps if s.kind == "self_paced"]
    assert [(s.set, s.side, s.alternating) for s in work] == [(1, None, ("L", "R"))] * 1 + [
        (2, None, ("L", "R"))
    ]
    assert work[0].planned == 6 * 2 * 3.0
    assert "6 reps a side, alternating L and R" in work[0].describe()
    assert plan.planned == routine.planned_seconds() == 2 * 36 + 10


def test_relax_lasts_as_set_and_zero_leaves_it_out() -> None:
    def relaxes(**exercise: Any) -> list[float]:
        base = {"name": "Curl-up", "reps": 3, "hold": 8, **exercise}
        r = Routine.model_validate({"name": "T", "description": "d", "exercises": [base]})
        return [s.planned for s in build_plan(r).steps if s.kind == "relax"]

    assert relaxes() == [3.0, 3.0]
    assert relaxes(rest_between_reps="5s") == [5.0, 5.0]
    assert relaxes(rest_between_reps=0) == []


def test_one_self_paced_rep_is_said_in_the_singular() -> None:
    routine = Routine.model_validate(
        {
            "name": "T",
            "description": "d",
            "exercises": [
                {"name": "Lift", "reps": 1},
                {"name": "Dead bug", "reps": 1, "sides": ["L", "R"], "alternate_sides": "rep"},
            ],
        }
    )
    said = [s.describe() for s in build_plan(routine).steps if s.kind == "self_paced"]
    assert said == [
        "Lift: 1 rep at your own pace",
        "Dead bug: 1 rep a side, alternating L and R, at your own pace",
    ]


@pytest.mark.parametrize("alternate", ["none", "set", "rep"])
def test_show_names_each_pause_as_the_session_plays_it(alternate: str) -> None:
    """With no rest between sets and no time to switch sides, held reps go on after a relax:
    `hep show` says relax where the players say Relax, never switch side."""
    routine = Routine.model_validate(
        {
            "name": "T",
            "description": "d",
            "defaults": {"get_ready": 0, "switch_side": 0, "rest_between_reps": 2},
            "exercises": [
                {
                    "name": "Bird dog",
                    "reps": 2,
                    "sets": 2,
                    "hold": 4,
                    "rest": 0,
                    "sides": ["a", "b"],
                    "alternate_sides": alternate,
                }
            ],
        }
    )
    words = {"relax": "relax", "rest": "rest", "switch_side": "switch side"}
    played: dict[float, str] = {}
    start = 0.0
    for step in build_plan(routine).steps:
        if step.kind in words:
            played.setdefault(start, words[step.kind])
        start += step.planned
    shown = [row for row in timeline(routine) if row.what in words.values()]
    assert shown, "a pause starts a row of the timeline"
    assert [(row.start, row.what) for row in shown] == [
        (row.start, played[row.start]) for row in shown
    ]


def test_show_and_the_players_say_a_dose_in_tenths_as_the_routine_gives_it() -> None:
    """A 2.5 s tempo is 2.5 s in `hep show` and in the step the players say, as it plays:
    four reps of it are the 10 s the set lasts."""
    routine = Routine.model_validate(
        {
            "name": "T",
            "description": "d",
            "exercises": [
                {"name": "Clam", "reps": 4, "tempo": "2.5s"},
                {"name": "Press-up", "reps": 3, "rep_phases": {"up": 1.5, "down": 1.5}},
                {"name": "Curl-up", "reps": 2, "hold": 7.5, "rest_between_reps": 2.5},
                {"name": "Stretch", "duration": 10.4},
            ],
        }
    )
    whats = [row.what for row in timeline(routine) if row.exercise and row.what != "get ready"]
    assert whats == [
        "4 reps, 2.5s each",
        "3 reps, 1.5s up + 1.5s down",
        "2 reps, 7.5s hold, 2.5s relax",
        "10.4s timed",
    ]
    said = [s.describe() for s in build_plan(routine).steps if s.is_work or s.kind == "relax"]
    assert said == [
        "Clam: 4 reps, 2.5s each",
        "Press-up: 3 reps, 1.5s up + 1.5s down",
        "Curl-up, rep 1 of 2: hold 7.5s",
        "Relax 2.5s",
        "Curl-up, rep 2 of 2: hold 7.5s",
        "Stretch: 10.4s",
    ]


def test_show_says_where_pain_is_asked_as_the_session_asks_it() -> None:
    """`checkin: after_side` on an exercise with no sides asks once, after the exercise, and
    `hep show` says so rather than "after each side"."""
    routine = Routine.model_validate(
        {
            "name": "T",
            "description": "d",
            "exercises": [
                {"name": "Plank", "duration": 20, "sets": 2, "checkin": "after_side"},
                {
                    "name": "Clam",
                    "reps": 5,
                    "sets": 2,
                    "sides": ["l", "r"],
                    "checkin": "after_side",
                },
            ],
        }
    )
    asked = [s.exercise for s in build_plan(routine).steps if s.kind == "checkin"]
    assert asked.count("Plank") == 1 and asked.count("Clam") == 2
    assert pain_asked(routine) == [
        "before the first exercise",
        "Plank: after the exercise",
        "Clam: after each side",
        "at the end (the last check-in is that answer)",
    ]
