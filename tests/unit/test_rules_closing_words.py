"""The words after "Session complete", one test per rule: the pain answer at the end is read by
the same rules as a check-in (docs/clinical-basis.md, "How much pain is acceptable during
exercise", "A rise of 2 points", "Stop at once"), and pain higher than at the start should settle
by the next morning ("The next morning").

The session is over by then, so nothing is stopped: an answer over the limits gets a stop's calm
words (rest, note how it feels tomorrow, when to talk to the therapist) and the routine's advice;
an answer within them gets the end-of-session note and the word for a flag the routine goes on
with.
"""

from __future__ import annotations

import pytest

from player.routine.models import Safety
from player.session.safety import (
    EASY_NOTE,
    URGENT_CARE,
    CheckinAnswer,
    closing_words,
    flag_note,
    judge_checkin,
    stop_message,
)

DEFAULT = Safety()

OVER_THE_LIMITS = [
    "That is over your routine's limits. Rest, move gently, and note how it feels tomorrow "
    "morning.",
    "If the pain is not back to your usual level by then, or lasts more than a week or two, "
    "contact your therapist.",
]
"""What follows the pain said back, when the answer at the end is over the routine's limits."""

ADVICE = ("Call the clinic: 555 0100.", "", "Ice for 10 min.")
"""A routine's advice lines, one of them blank (blank lines are never shown)."""


def test_pain_at_the_stop_level_at_the_end_gets_a_stops_calm_words_and_the_advice() -> None:
    words = closing_words(CheckinAnswer(7), 5, DEFAULT, ADVICE)
    assert words == [
        "Pain is 7 out of 10, at or above your stop level of 6.",
        *OVER_THE_LIMITS,
        "Call the clinic: 555 0100.",
        "Ice for 10 min.",
    ]


def test_a_rise_over_the_start_at_the_end_is_read_by_the_rise_rule() -> None:
    # 4/10 is under the stop level: only the rise of 2 over the 2/10 at the start is over.
    words = closing_words(CheckinAnswer(4), 2, DEFAULT)
    assert words == [
        "Pain is 4 out of 10, 2 points above the 2 you had at the start.",
        *OVER_THE_LIMITS,
    ]
    # One point less is within the limits: the end-of-session note instead.
    assert closing_words(CheckinAnswer(3), 2, DEFAULT)[0].startswith("Pain is 1 above where")


@pytest.mark.parametrize("flag", ["spreading", "numbness"])
def test_a_nerve_sign_at_the_end_names_the_signs_that_need_urgent_care(flag: str) -> None:
    words = closing_words(CheckinAnswer(2, (flag,)), 2, DEFAULT, ADVICE)
    assert words[1:] == [
        *OVER_THE_LIMITS,
        URGENT_CARE,
        "Call the clinic: 555 0100.",
        "Ice for 10 min.",
    ]
    assert words[0].startswith("You reported ")


def test_sharp_pain_at_the_end_names_the_urgent_signs_as_a_stop_for_it_does() -> None:
    # "When hep stops for one of these [sharp, spreading, numb], it also names the signs that
    # need urgent care": the answer at the end is read by the same rules as a check-in.
    words = closing_words(CheckinAnswer(2, ("sharp",)), 2, DEFAULT, ADVICE)
    during = stop_message(judge_checkin(CheckinAnswer(2, ("sharp",)), 2, DEFAULT))
    assert URGENT_CARE in words and URGENT_CARE in during
    assert words[1:] == [*OVER_THE_LIMITS, URGENT_CARE, *filter(None, ADVICE)]
    lenient = Safety(stop_on=["spreading", "numbness"])  # sharp does not stop this routine
    assert URGENT_CARE not in closing_words(CheckinAnswer(2, ("sharp",)), 2, lenient)


def test_pain_alone_over_the_limits_at_the_end_does_not_name_the_urgent_signs() -> None:
    assert URGENT_CARE not in closing_words(CheckinAnswer(8), 1, DEFAULT)


def test_pain_above_the_start_at_the_end_says_it_should_settle_by_the_next_morning() -> None:
    # Within the limits (3 is 1 above the start): the note of "The next morning", and only it;
    # the check-in's "keep it easy" is for a session still going, not one that has ended.
    assert closing_words(CheckinAnswer(3), 2, DEFAULT, ADVICE) == [
        "Pain is 1 above where you started. It should settle by tomorrow morning; if it "
        "doesn't, do less next time."
    ]
    assert EASY_NOTE not in closing_words(CheckinAnswer(3), 2, DEFAULT)


def test_pain_no_higher_than_at_the_start_at_the_end_says_so() -> None:
    assert closing_words(CheckinAnswer(2), 2, DEFAULT) == ["Pain is no higher than at the start."]


def test_without_a_pain_before_the_session_the_end_has_nothing_to_compare() -> None:
    assert closing_words(CheckinAnswer(3), None, DEFAULT) == []


def test_a_flag_the_routine_goes_on_with_is_named_back_at_the_end() -> None:
    only_numb = Safety(stop_on=["numbness"])
    words = closing_words(CheckinAnswer(2, ("sharp",)), 2, only_numb, ADVICE)
    assert words == ["Pain is no higher than at the start.", flag_note(("sharp",))]
    assert flag_note(("sharp",)).startswith("Noted: sharp pain.")
