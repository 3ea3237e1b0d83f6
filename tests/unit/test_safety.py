"""Pain safety verdicts and messages: pure functions, readable reasons."""

from __future__ import annotations

import pytest

from player.routine.models import Safety
from player.session.safety import (
    EASY_NOTE,
    NOTE_MAX,
    RED_FLAG_QUESTIONS,
    CheckinAnswer,
    clean_note,
    final_note,
    judge_checkin,
    judge_screen,
    judge_stop,
    stop_message,
)

DEFAULT = Safety()


@pytest.mark.parametrize(
    ("pain", "flags", "baseline", "stops", "rule"),
    [
        (0, (), 0, False, None),
        (3, (), 2, False, None),
        (5, (), 5, False, None),
        (6, (), 5, True, "stop_at"),
        (10, (), None, True, "stop_at"),
        (4, (), 2, True, "max_rise"),
        (3, (), 2, False, None),
        (1, ("sharp",), 1, True, "stop_on"),
        (1, ("spreading",), 1, True, "stop_on"),
        (1, ("numbness",), 1, True, "stop_on"),
        (4, (), None, False, None),
    ],
)
def test_judge_checkin_defaults(
    pain: int, flags: tuple, baseline: int | None, stops: bool, rule: str | None
) -> None:
    verdict = judge_checkin(CheckinAnswer(pain, flags), baseline, DEFAULT)
    assert (verdict.stops, verdict.rule) == (stops, rule)
    assert verdict.said.endswith(".")
    assert "you" not in verdict.reason.lower().split()


def test_reasons_read_in_the_third_person_and_what_is_said_in_the_second() -> None:
    v = judge_checkin(CheckinAnswer(7), 1, DEFAULT)
    assert v.said == "Pain is 7 out of 10, at or above your stop level of 6."
    assert v.reason == "at or above the stop level of 6"
    v = judge_checkin(CheckinAnswer(4), 2, DEFAULT)
    assert v.said == "Pain is 4 out of 10, 2 points above the 2 you had at the start."
    assert v.reason == "2 points above the 2/10 before the session"
    v = judge_checkin(CheckinAnswer(2, ("sharp", "numbness")), 2, DEFAULT)
    assert v.said == "You reported sharp pain and new numbness or tingling."
    assert v.reason == "sharp pain and new numbness or tingling"
    assert judge_checkin(CheckinAnswer(1), 1, DEFAULT).journal_data() == {
        "stops": False,
        "rule": None,
        "reason": "within the limits",
    }


@pytest.mark.parametrize(
    ("answer", "baseline", "reason", "said"),
    [
        (CheckinAnswer(2), 2, "chose to stop", "You stopped the session."),
        (
            CheckinAnswer(3, ("spreading",)),
            2,
            "pain spreading down the leg",
            "You stopped the session: pain spreading down the leg.",
        ),
        (
            CheckinAnswer(7),
            2,
            "at or above the stop level of 6",
            "You stopped the session with pain at 7 out of 10, at or above your stop level of 6.",
        ),
        (
            CheckinAnswer(5),
            2,
            "3 points above the 2/10 before the session",
            "You stopped the session with pain at 5 out of 10, 3 points above the 2 you had at "
            "the start.",
        ),
    ],
)
def test_the_stop_key_always_stops_and_its_reason_records_the_answer(
    answer: CheckinAnswer, baseline: int, reason: str, said: str
) -> None:
    verdict = judge_stop(answer, baseline, DEFAULT)
    assert (verdict.stops, verdict.rule, verdict.reason, verdict.said) == (
        True,
        "user",
        reason,
        said,
    )
    assert stop_message(verdict)[0] == said


def test_a_flag_the_routine_does_not_stop_on_is_still_the_stop_reason() -> None:
    lenient = Safety(stop_on=[])
    assert judge_stop(CheckinAnswer(1, ("sharp",)), 1, lenient).reason == "sharp pain"
    assert not judge_checkin(CheckinAnswer(1, ("sharp",)), 1, lenient).stops


def test_a_stop_for_nerve_symptoms_says_when_to_get_urgent_care() -> None:
    spreading = stop_message(judge_stop(CheckinAnswer(3, ("spreading",)), 2, DEFAULT))
    assert "urgent care" in " ".join(spreading)
    assert "urgent care" not in " ".join(stop_message(judge_stop(CheckinAnswer(3), 2, DEFAULT)))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  hips  tight\n today ", "hips tight today"),
        ("bell\x07 and \x1b[31mred", "bell and red"),
        ("over\u202ereversed\u202c and\u2028on", "overreversed and on"),
    ],
)
def test_notes_are_kept_as_one_clean_line(typed: str | None, kept: str | None) -> None:
    assert clean_note(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "family 👨\u200d👩\u200d👧 and 🏳\ufe0f\u200d🌈",
        "Persian: می\u200cخواهم",
        "Hebrew with a mark: כאב 7\u200f (חד)",
        "a newer emoji: \U0001fae8",
    ],
)
def test_a_note_keeps_the_joiners_and_marks_of_its_writing(typed: str) -> None:
    """A joiner (emoji sequences, Persian and Indic words), a left-to-right or right-to-left
    mark, an emoji newer than this Python: kept as typed, not turned into spaces."""
    assert clean_note(typed) == typed


def test_a_pasted_paragraph_is_kept_whole() -> None:
    day = "Knee ached on the stairs after the bridges, less than on Monday; slept well. "
    paragraph = day * 20
    assert len(paragraph) > 1500
    assert clean_note(paragraph) == paragraph.strip()


def test_a_long_note_is_cut_to_the_limit_with_an_ellipsis() -> None:
    note = clean_note("word " * NOTE_MAX)
    assert note is not None and len(note) == NOTE_MAX and note.endswith("…")


def test_higher_but_allowed_pain_gets_a_note() -> None:
    v = judge_checkin(CheckinAnswer(3), 2, DEFAULT)
    assert not v.stops and v.note == EASY_NOTE
    assert judge_checkin(CheckinAnswer(2), 2, DEFAULT).note is None


def test_routine_settings_change_the_rules() -> None:
    lenient = Safety(stop_at=8, max_rise=None, stop_on=["numbness"])
    assert not judge_checkin(CheckinAnswer(7, ("sharp",)), 0, lenient).stops
    assert judge_checkin(CheckinAnswer(8), 0, lenient).rule == "stop_at"
    assert judge_checkin(CheckinAnswer(0, ("numbness",)), 0, lenient).rule == "stop_on"


def test_screen_verdicts_and_urgency() -> None:
    assert not judge_screen({q.id: False for q in RED_FLAG_QUESTIONS}).stops
    v = judge_screen({"fever": True})
    assert (v.rule, v.urgency) == ("red_flag", "soon")
    v = judge_screen({"fever": True, "bladder_bowel": True})
    assert v.urgency == "emergency"
    text = " ".join(stop_message(v))
    assert "emergency" in text and "bladder" in text
    assert "see your doctor" in " ".join(stop_message(judge_screen({"fall": True})))


def test_stop_messages_say_what_happened_that_it_was_right_and_what_next() -> None:
    v = judge_checkin(CheckinAnswer(7), 1, DEFAULT)
    lines = stop_message(v)
    assert lines[0] == v.said
    assert "right call" in lines[1]
    assert "therapist" in " ".join(lines)
    assert "right call" in " ".join(stop_message(judge_stop(CheckinAnswer(2), 2, DEFAULT)))
    assert "urgent care" in " ".join(
        stop_message(judge_checkin(CheckinAnswer(1, ("sharp",)), 1, DEFAULT))
    )


def test_final_note() -> None:
    assert final_note(None, 2) is None
    assert "settle by tomorrow" in (final_note(4, 2) or "")
    assert final_note(2, 3) == "Pain is no higher than at the start."
