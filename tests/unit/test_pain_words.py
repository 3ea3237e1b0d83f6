"""What the player says about pain: the scale's words under a routine's own stop rules, the stop
before the first exercise, and every flag reported."""

from __future__ import annotations

import pytest

from player.conductor.core import Conductor
from player.journal import figures
from player.routine.models import Routine, Safety
from player.session.safety import CheckinAnswer, judge_checkin
from player.session.scale import STOPS, pain_words, scale_legend


def routine(checkin: str = "after_exercise", **safety: object) -> Routine:
    return Routine.model_validate(
        {
            "name": "Core",
            "description": "A test routine.",
            "defaults": {"get_ready": 0, "rest_between_exercises": 0, "checkin": checkin},
            "safety": {"screen": "never", **safety},
            "exercises": [{"name": "Bird dog", "duration": 20}],
        }
    )


@pytest.mark.parametrize("stop_at", range(1, 11))
def test_the_scale_says_the_session_stops_exactly_where_it_does(stop_at: int) -> None:
    safety = Safety(stop_at=stop_at, max_rise=None)
    words = pain_words(safety)
    for pain, word in enumerate(words):
        stops = judge_checkin(CheckinAnswer(pain), None, safety).stops
        assert word.startswith(STOPS) == stops, (pain, word)


def test_with_stop_at_5_the_word_at_5_says_it_stops() -> None:
    words = pain_words(Safety(stop_at=5))
    assert words[4] == "moderate"
    assert words[5] == "the session stops (your stop level is 5)"
    assert scale_legend(words) == (
        "0 no pain, 1-3 mild, 4 moderate, 5-10 the session stops (your stop level is 5)"
    )


@pytest.mark.parametrize("baseline", range(0, 8))
@pytest.mark.parametrize("max_rise", [1, 2, 3])
def test_after_the_baseline_the_rise_that_stops_is_named(baseline: int, max_rise: int) -> None:
    safety = Safety(stop_at=8, max_rise=max_rise)
    words = pain_words(safety, baseline)
    for pain, word in enumerate(words):
        stops = judge_checkin(CheckinAnswer(pain), baseline, safety).stops
        assert word.startswith(STOPS) == stops, (pain, word)
    if baseline + max_rise < 8:
        rise = f"a rise of {max_rise} or more from {baseline}"
        assert rise in words[baseline + max_rise]


def test_the_question_carries_the_words_for_this_routine() -> None:
    c = Conductor(routine(stop_at=5, max_rise=2))
    c.start(0.0)
    assert c.prompt is not None and c.prompt.when == "baseline"
    assert c.prompt.scale[5].startswith(STOPS) and not c.prompt.scale[4].startswith(STOPS)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(100.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    assert c.prompt.scale[3].startswith(STOPS) and not c.prompt.scale[2].startswith(STOPS)


def test_the_last_question_stops_nothing_so_its_words_are_plain() -> None:
    c = Conductor(routine(stop_at=5, checkin="none"))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(100.0)
    assert c.prompt is not None and c.prompt.when == "final"
    assert not any(w.startswith(STOPS) for w in c.prompt.scale)


def test_a_stop_before_the_first_exercise_speaks_of_not_starting() -> None:
    c = Conductor(routine(stop_at=6))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(7))
    said = " ".join(c.message)
    assert c.outcome == "stopped_pain"
    assert "Not starting is the right call" in said
    assert "this way of moving" not in said


def test_a_stop_during_the_session_still_speaks_of_the_movement() -> None:
    c = Conductor(routine(stop_at=6))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(100.0)
    c.answer_pain(100.0, CheckinAnswer(7))
    assert "this way of moving isn't working today" in " ".join(c.message)


def test_a_flag_the_routine_goes_on_with_is_acknowledged() -> None:
    safety = Safety(stop_on=["sharp"])
    verdict = judge_checkin(CheckinAnswer(2, ("numbness",)), 2, safety)
    assert not verdict.stops
    assert verdict.note is not None
    assert "new numbness or tingling" in verdict.note
    assert "keep it easy" in verdict.note


def test_the_app_and_plain_player_show_that_acknowledgement() -> None:
    c = Conductor(routine(stop_on=["sharp"]))
    c.start(0.0)
    notices = c.answer_pain(0.0, CheckinAnswer(2, ("numbness",)))
    assert any("new numbness or tingling" in n.text for n in notices if n.kind == "note")
    assert c.note is not None and "new numbness or tingling" in c.note


def test_a_stop_names_the_other_flags_reported_with_it() -> None:
    safety = Safety(stop_on=["sharp"])
    verdict = judge_checkin(CheckinAnswer(3, ("sharp", "numbness")), 2, safety)
    assert verdict.stops and verdict.reason == "sharp pain"
    assert "new numbness or tingling" in verdict.said
    over = judge_checkin(CheckinAnswer(8, ("spreading",)), 2, Safety(stop_on=[]))
    assert over.stops and "pain spreading down the leg" in over.said


def test_the_last_check_in_is_not_followed_by_the_same_question() -> None:
    c = Conductor(routine())
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(100.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    notices = c.answer_pain(100.0, CheckinAnswer(2))
    assert [n for n in notices if n.kind == "ask"] == []
    assert (c.stage, c.outcome, c.final) == ("done", "completed", 2)
    assert figures.pain(c.record().events).final == 2


def test_without_a_last_check_in_the_end_still_asks() -> None:
    c = Conductor(routine(checkin="none"))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(100.0)
    assert c.prompt is not None and c.prompt.when == "final"


def test_a_flag_at_the_closing_check_in_stays_in_the_closing_words() -> None:
    c = Conductor(routine(stop_on=["sharp"]))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(100.0)
    c.answer_pain(100.0, CheckinAnswer(1, ("numbness",)))
    assert c.outcome == "completed"
    assert "new numbness or tingling" in " ".join(c.message)
    assert c.summary().closing is not None and "numbness" in c.summary().closing
