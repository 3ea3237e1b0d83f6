"""The one reader per kind of answer: pain with flags, yes/no, stiffness, a date, a count.

Digits are the ASCII 0-9 only: every other character Python calls a digit or a numeral is
refused with a message that says so, never read as a number and never a crash.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.answers import (
    DIGITS_ONLY,
    STIFFNESS,
    STIFFNESS_ANSWERS,
    STIFFNESS_KEYS,
    AnswerError,
    foreign_digits,
    pain_key,
    parse_pain,
    parse_yes_no,
    read_date,
    read_flags,
    read_pain,
    read_stiffness,
    read_whole,
)
from player.routine.loader import RoutineError, load_routine
from player.routine.shape import FLAGS
from player.session.safety import CheckinAnswer
from tests.ci import examples

# Characters that str.isdigit(), isdecimal() or isnumeric() take for a digit, none of them 0-9.
LOOK_ALIKES = [
    "\u00b2",  # superscript two (a key on AZERTY keyboards): isdigit() but int() refuses it
    "\u00b3",  # superscript three
    "\u00b9",  # superscript one
    "\u2070",  # superscript zero
    "\u2082",  # subscript two
    "\u0663",  # Arabic-Indic three: int() reads it as 3
    "\u06f5",  # Extended Arabic-Indic (Persian) five
    "\u0967",  # Devanagari one
    "\uff17",  # full-width seven
    "\u2460",  # circled one
    "\u2168",  # Roman numeral nine
    "\u00bd",  # one half
    "\U0001d7ce",  # mathematical bold zero
    "\u1369",  # Ethiopic one (isdigit but not decimal)
]
ALL_FOREIGN = st.characters(
    categories=["Nd", "No", "Nl"],
    exclude_characters="0123456789",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", CheckinAnswer(0)),
        (" 10 ", CheckinAnswer(10)),
        ("010", CheckinAnswer(10)),
        ("7 sharp", CheckinAnswer(7, ("sharp",))),
        ("3 SPREADING, numb", CheckinAnswer(3, ("spreading", "numbness"))),
        ("2 sharp sharp", CheckinAnswer(2, ("sharp",))),
        ("6,sp,nu", CheckinAnswer(6, ("spreading", "numbness"))),
        ("11", None),
        ("100", None),
        ("-1", None),
        ("+3", None),
        ("seven", None),
        ("", None),
        ("   ", None),
        ("5 ouch", None),
        ("5 s", None),
        ("3.5", None),
        ("1_0", None),
        ("9" * 5000, None),
    ],
)
def test_pain_with_flags(text: str, expected: CheckinAnswer | None) -> None:
    assert parse_pain(text) == expected


KEYS = {"s": "sharp", "d": "spreading", "t": "numbness"}


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        ("sharp", None, ("sharp",)),
        ("SP, nu sp", None, ("spreading", "numbness")),
        ("s", KEYS, ("sharp",)),
        ("S d\n", KEYS, ("sharp", "spreading")),
        ("s", None, None),  # one letter names a flag only where it is a key
        ("x", KEYS, None),
        ("sharpish", None, None),
        ("s 7", KEYS, None),  # a number is `read_pain`'s
        ("\u0455", KEYS, None),  # Cyrillic dze, drawn as s
        ("", KEYS, None),
        (" , ", KEYS, None),
    ],
)
def test_flags_alone(
    text: str, keys: dict[str, Any] | None, expected: tuple[str, ...] | None
) -> None:
    if expected is None:
        with pytest.raises(AnswerError, match="expected any of sharp, spreading, numbness"):
            read_flags(text, keys)
    else:
        assert read_flags(text, keys) == expected


@pytest.mark.parametrize("digit", LOOK_ALIKES)
def test_pain_refuses_every_digit_but_0_to_9_and_says_why(digit: str) -> None:
    for text in (digit, f"{digit} sharp", f"1{digit}", f"{digit}0"):
        assert parse_pain(text) is None
        with pytest.raises(AnswerError, match=DIGITS_ONLY):
            read_pain(text)


def test_the_morning_pain_is_the_number_alone() -> None:
    assert read_pain("4", flags=False).pain == 4
    with pytest.raises(AnswerError, match="after the number"):
        read_pain("4 sharp", flags=False)
    with pytest.raises(AnswerError, match=r"must be at most 10 \(found 11\)"):
        read_pain("11", flags=False)


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("7", "", (7, "7")),
        ("0", "1", (10, "10")),
        ("0", "10", (10, "100")),  # a bounced or held 0 does not turn 10 into 0
        ("0", "100", (0, "0")),  # a second 0 does
        ("3", "10", (3, "3")),
        ("3", "1", (3, "3")),
        ("\u00b2", "", None),
        ("\u0663", "", None),
        ("\uff17", "1", None),
        ("a", "", None),
        (None, "", None),
        ("", "", None),
    ],
)
def test_a_key_on_the_pain_scale(
    key: str | None, typed: str, expected: tuple[int, str] | None
) -> None:
    assert pain_key(key, typed) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("y", True), ("YES", True), (" n ", False), ("no", False), ("maybe", None), ("", None)],
)
def test_yes_no(text: str, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none", "none"),
        ("N", "none"),
        ("0", "none"),
        ("under30", "under30"),
        ("under 30", "under30"),
        ("Under 30 min", "under30"),
        ("u", "under30"),
        ("<30", "under30"),
        ("over30", "over30"),
        ("over 30 minutes", "over30"),
        ("O", "over30"),
        (">30", "over30"),
    ],
)
def test_stiffness(text: str, expected: str) -> None:
    assert read_stiffness(text) == expected


@pytest.mark.parametrize("text", ["", "sometimes", "30", "under \u0663\u0660", "minutes"])
def test_stiffness_refuses_anything_else(text: str) -> None:
    with pytest.raises(AnswerError, match="none, under30 or over30"):
        read_stiffness(text)


def test_every_stiffness_has_its_key_and_every_answer_is_a_stiffness() -> None:
    assert set(STIFFNESS_KEYS) == set(STIFFNESS)
    assert set(STIFFNESS_ANSWERS.values()) == set(STIFFNESS)
    for name, key in STIFFNESS_KEYS.items():
        assert read_stiffness(key) == name and read_stiffness(name) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-01", date(2026, 3, 1)), (" 2024-02-29 ", date(2024, 2, 29))],
)
def test_a_date(text: str, expected: date) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20260301", "YYYY-MM-DD"),  # date.fromisoformat takes it; the option says YYYY-MM-DD
        ("2026-W09-7", "YYYY-MM-DD"),
        ("2026-3-1", "YYYY-MM-DD"),
        ("2026-02-30", "no such day"),
        ("\uff12\uff10\uff12\uff16-03-01", DIGITS_ONLY),
        ("2026-0\u0663-01", DIGITS_ONLY),
        ("", "YYYY-MM-DD"),
    ],
)
def test_a_date_refused(text: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        read_date(text)


@pytest.mark.parametrize(
    ("text", "low", "high", "expected"),
    [("3", 0, None, 3), (" 07 ", 1, 10, 7), ("0", 0, 0, 0), ("1" * 18, 0, None, int("1" * 18))],
)
def test_a_whole_number(text: str, low: int, high: int | None, expected: int) -> None:
    assert read_whole(text, low, high) == expected


@pytest.mark.parametrize(
    ("text", "low", "high", "message"),
    [
        ("-1", 1, None, r"at least 1 \(found -1\)"),
        ("11", 0, 10, r"at most 10 \(found 11\)"),
        ("+3", 0, None, "whole number"),
        ("1_000", 0, None, "whole number"),
        ("2.5", 0, None, "whole number"),
        ("-", 0, None, "whole number"),
        ("", 0, None, "whole number"),
        ("1" * 19, 0, None, "whole number"),  # past what the journal's integers hold
        ("\u0663", 0, None, DIGITS_ONLY),
        ("\u00b2", 0, None, DIGITS_ONLY),
    ],
)
def test_a_whole_number_refused(text: str, low: int, high: int | None, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        read_whole(text, low, high)


def test_foreign_digits_are_found_and_ascii_ones_are_not() -> None:
    assert foreign_digits("0123456789 sharp") == ""
    assert foreign_digits("1\u00b2 \u0663x") == "\u00b2\u0663"


# --- fuzz: Unicode digits and look-alikes anywhere in an answer ----------------------------

FUZZ = settings(max_examples=examples(300), deadline=None, database=None)
_pieces = st.one_of(
    ALL_FOREIGN,
    st.sampled_from(LOOK_ALIKES),
    st.sampled_from(["0", "1", "5", "10", " ", ",", "-", "sharp", "sp", "nu", "y", "no"]),
    st.characters(),
)
answers = st.lists(_pieces, max_size=8).map("".join)


@FUZZ
@given(answers)
def test_every_reader_reads_or_refuses_with_its_own_error(text: str) -> None:
    for read in (read_pain, read_yes_no_or_raise, read_stiffness, read_date, read_whole):
        try:
            value = read(text)
        except AnswerError as exc:
            message = str(exc)
            assert message and "\n" not in message
            if foreign_digits(text) and read in (read_date, read_whole):
                assert DIGITS_ONLY in message, (text, message)
        else:
            # Whatever was read used the digits 0-9 only.
            digits = [c for c in text if c.isdigit() or c.isnumeric()]
            assert all(c in "0123456789" for c in digits), (read.__name__, text, value)


def read_yes_no_or_raise(text: str) -> bool:
    answer = parse_yes_no(text)
    if answer is None:
        raise AnswerError("neither")
    return answer


@FUZZ
@given(st.integers(0, 10), ALL_FOREIGN, st.sampled_from(["", " sharp", ", nu"]))
def test_a_foreign_digit_never_becomes_a_pain(pain: int, digit: str, tail: str) -> None:
    for text in (f"{digit}{tail}", f"{pain}{digit}{tail}", f"{digit}{pain}{tail}"):
        with pytest.raises(AnswerError, match=DIGITS_ONLY):
            read_pain(text)
    answer = read_pain(f"{pain}{tail}")
    assert answer.pain == pain and set(answer.flags) <= set(FLAGS)


@FUZZ
@given(ALL_FOREIGN)
def test_the_look_alike_list_is_what_python_calls_numeric(digit: str) -> None:
    # The strategy draws only what the readers must refuse: Python's own numeric categories.
    assert unicodedata.category(digit)[0] == "N" and digit not in "0123456789"
    assert foreign_digits(digit) == digit


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('reps: "\u00b2x10"', "reps: expected a number of reps"),
        ('duration: "\u00b2x30s"', "duration: expected seconds as a number"),
    ],
)
def test_a_routine_count_in_other_digits_is_its_own_error(
    value: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"name: x\ndescription: d\nexercises:\n  - {{name: a, {value}}}\n")
    with pytest.raises(RoutineError) as error:
        load_routine(str(path))
    assert message in str(error.value) and "int()" not in str(error.value)
