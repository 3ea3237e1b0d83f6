"""Routine keys handouts need: advice on every stop, and an exercise right after the previous."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player.conductor.core import Conductor
from player.routine.compiled import compiled_routine, routine_data
from player.routine.loader import RoutineError, load_routine
from player.routine.models import Routine, Safety
from player.routine.timeline import timeline
from player.session.plan import build_plan
from player.session.safety import CheckinAnswer, judge_checkin

ADVICE = "Call the clinic on 01234 567890."


def routine(*exercises: dict[str, object], **safety: object) -> Routine:
    return Routine.model_validate(
        {
            "name": "Handout",
            "description": "From a clinic's sheet.",
            "defaults": {"get_ready": 5, "rest_between_exercises": 15},
            "safety": {"screen": "never", **safety},
            "exercises": list(exercises)
            or [{"name": "Prone lying", "duration": 60}, {"name": "Press-up", "duration": 30}],
        }
    )


@pytest.mark.parametrize("how", ["level", "flag", "stop key", "before the start"])
def test_the_advice_ends_every_stop_message(how: str) -> None:
    c = Conductor(routine(advice=ADVICE))
    c.start(0.0)
    if how == "before the start":
        c.answer_pain(0.0, CheckinAnswer(8))
    else:
        c.answer_pain(0.0, CheckinAnswer(1))
        if how == "stop key":
            c.tick(20.0)
            c.stop(20.0)
            c.answer_pain(20.0, CheckinAnswer(2))
        else:
            c.tick(100.0)
            answer = CheckinAnswer(7) if how == "level" else CheckinAnswer(1, ("sharp",))
            c.answer_pain(100.0, answer)
    assert c.outcome == ("stopped_user" if how == "stop key" else "stopped_pain")
    assert c.message[-1] == ADVICE


def test_the_advice_ends_a_red_flag_stop_too() -> None:
    c = Conductor(routine(advice=ADVICE, screen="always"))
    c.start(0.0)
    c.answer_yes_no(0.0, True)
    while c.prompt is not None and c.prompt.kind == "yes_no":
        c.answer_yes_no(0.0, False)
    assert c.outcome == "stopped_red_flag" and c.message[-1] == ADVICE


def test_without_advice_nothing_is_added() -> None:
    c = Conductor(routine())
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(8))
    assert ADVICE not in c.message and all(c.message)


def test_right_after_has_no_rest_and_no_get_ready_before_it() -> None:
    r = routine(
        {"name": "Prone lying", "duration": 60, "checkin": "none"},
        {"name": "Press-up", "reps": 3, "tempo": 3, "right_after": True},
    )
    kinds = [(s.kind, s.exercise) for s in build_plan(r).steps]
    first_press_up = kinds.index(("tempo", "Press-up"))
    assert kinds[first_press_up - 1] == ("work", "Prone lying")
    assert r.planned_seconds() == 5 + 60 + 9 == build_plan(r).planned
    assert [row.what for row in timeline(r)] == ["get ready", "1m timed", "3 reps, 3s each"]


def test_the_first_exercise_cannot_follow_anything(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    sheet = "name: R\ndescription: x\nexercises:\n  - name: A\n    duration: 5s\n"
    path.write_text(sheet + "    right_after: true\n")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert "no exercise before it to follow" in str(caught.value)


def test_max_rise_stops_at_a_rise_of_exactly_the_setting_as_the_guide_says() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text()
    assert "an answer of 3 (a rise of exactly 2) stops, 2 does not" in guide
    assert judge_checkin(CheckinAnswer(3), 1, Safety(max_rise=2, stop_at=10)).stops
    assert not judge_checkin(CheckinAnswer(2), 1, Safety(max_rise=2, stop_at=10)).stops
    assert "with `stop_at: 6`, an answer of 6 stops, 5 does not" in guide
    assert judge_checkin(CheckinAnswer(6), None, Safety(stop_at=6)).stops
    assert not judge_checkin(CheckinAnswer(5), None, Safety(stop_at=6)).stops


def test_the_compiled_form_keeps_both_keys() -> None:
    r = routine(
        {"name": "Prone lying", "duration": 60},
        {"name": "Press-up", "reps": 3, "tempo": 3, "right_after": True},
        advice=ADVICE,
    )
    plain = compiled_routine(json.loads(json.dumps(routine_data(r))))
    assert plain.safety.advice == ADVICE
    assert [e.right_after for e in plain.exercises] == [False, True]
    assert plain.planned_seconds() == r.planned_seconds()
