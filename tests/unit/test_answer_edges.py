"""The readers at their edges: zeros in front, pasted pages, a comma at the end, keys typed with
Caps Lock on, and the time of day a calendar starts its sessions."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.answers import (
    STIFFNESS,
    STIFFNESS_KEYS,
    AnswerError,
    key_letter,
    quoted,
    read_pain,
    read_time,
    read_whole,
    stiffness_key,
    yes_no_key,
)
from tests.ci import examples


@settings(max_examples=examples(100), deadline=None)
@given(zeros=st.integers(0, 20_000), number=st.integers(0, 10))
def test_zeros_in_front_of_a_number_change_nothing(zeros: int, number: int) -> None:
    # int() refuses a string of more than 4,300 digits, zeros in front included.
    typed = "0" * zeros + str(number)
    assert read_pain(typed).pain == number
    assert read_whole(typed) == number
    assert read_whole("-" + typed, low=-10) == -number


def test_a_pasted_page_is_refused_in_one_short_line() -> None:
    with pytest.raises(AnswerError) as refused:
        read_pain("x" * 100_000)
    message = str(refused.value)
    assert "xxxx" in message and len(message) < 200 and "\n" not in message
    with pytest.raises(AnswerError) as refused:
        read_pain("7 " + "y" * 100_000)
    assert len(str(refused.value)) < 200


def test_an_answer_is_quoted_whole_when_short_and_cut_when_long() -> None:
    assert quoted("7 sharp") == "'7 sharp'"
    assert quoted("a" * 41) == repr("a" * 40) + "..."
    assert quoted("\u200b5") == "'\\u200b5'"  # what cannot be seen is spelled out


@pytest.mark.parametrize(
    ("text", "pain", "flags"),
    [("7,", 7, ()), ("7 sharp,", 7, ("sharp",)), ("3 ,, nu", 3, ("numbness",))],
)
def test_a_comma_left_at_the_end_is_not_a_word(
    text: str, pain: int, flags: tuple[str, ...]
) -> None:
    answer = read_pain(text)
    assert (answer.pain, answer.flags) == (pain, flags)


def test_a_comma_between_digits_is_still_refused() -> None:
    with pytest.raises(AnswerError, match="'0' after the number"):
        read_pain("5,0")


@pytest.mark.parametrize(
    ("key", "expected"),
    [("y", True), ("Y", True), ("n", False), ("N", False)]
    + [(key, None) for key in ("ｙ", "Ｎ", "yes", "", None, "1", "\u212a", " ", "q")],
)
def test_a_yes_no_key_in_either_case(key: str | None, expected: bool | None) -> None:
    assert yes_no_key(key) is expected


def test_a_stiffness_key_in_either_case() -> None:
    for name in STIFFNESS:
        letter = STIFFNESS_KEYS[name]
        assert stiffness_key(letter) == stiffness_key(letter.upper()) == name
    assert (
        stiffness_key("0") is None and stiffness_key("ｎ") is None and stiffness_key(None) is None
    )


def test_a_key_letter_is_ascii_only() -> None:
    # The Kelvin sign lower-cases to an ASCII k; the dotted I to i and a combining dot.
    assert key_letter("S") == "s" and key_letter("\u212a") is None and key_letter("\u0130") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30", time(7, 30)), ("7:30", time(7, 30)), (" 23:59\t", time(23, 59)), ("00:00", time())],
)
def test_a_time_of_day(text: str, expected: time) -> None:
    found = read_time(text)
    assert found == expected and found.tzinfo is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("07:30Z", "expected a time as HH:MM"),  # time.fromisoformat takes it, in UTC
        ("07:30+09:00", "expected a time as HH:MM"),  # and this, in a zone of its own
        ("0730", "expected a time as HH:MM"),
        ("07", "expected a time as HH:MM"),
        ("07:30:15", "expected a time as HH:MM"),
        ("07:30,5", "expected a time as HH:MM"),
        ("T07:30", "expected a time as HH:MM"),
        ("24:00", "no such time '24:00'"),
        ("07:60", "no such time '07:60'"),
        ("０７:３０", "digits 0-9"),
        ("07:3٠", "digits 0-9"),
        ("", "expected a time as HH:MM"),
    ],
)
def test_a_time_of_day_refused(text: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        read_time(text)
