"""One duration grammar: the JSON Schema editors read and the loader agree on every value."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from player.locations import builtin_routines_dir
from player.routine.durations import format_duration, over_limit_pattern, parse_duration
from player.routine.loader import RoutineError, load_routine
from player.routine.models import MAX_DURATION, Routine
from tests.ci import examples

SCHEMA = json.loads((builtin_routines_dir() / "routine.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

FIELDS = ("duration", "rest")
"""`duration` must be more than 0 seconds, `rest` may be 0: one field of each duration type."""


def _routine(field: str, value: Any) -> dict[str, Any]:
    exercise: dict[str, Any] = {"name": "Calves", "duration": 30}
    exercise[field] = value  # one set, so the rest never adds to the planned time
    return {"name": "r", "description": "d", "exercises": [exercise]}


def schema_takes(field: str, value: Any) -> bool:
    return VALIDATOR.is_valid(_routine(field, value))


def loader_takes(field: str, value: Any) -> bool:
    try:
        Routine.model_validate(_routine(field, value))
    except ValidationError:
        return False
    return True


def _any_case(word: str) -> st.SearchStrategy[str]:
    return st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in word)).map("".join)


UNIT_WORDS = ["h", "hr", "hrs", "hour", "hours", "m", "min", "mins", "minute", "minutes"]
UNIT_WORDS += ["s", "sec", "secs", "second", "seconds", "ms", "sek", "hm", "x", ""]
NUMBERS = st.one_of(
    st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3})?\Z"),
    st.sampled_from(["0", "00", "0.0", "1.", ".5", "-5", "+5", "1e3", "1_0", "٣", "１", "9" * 30]),
)
SPACES = st.sampled_from(["", "", " ", "  ", "\t", "\n", "\u00a0", "\u2003"])
PART = st.tuples(NUMBERS, SPACES, st.sampled_from(UNIT_WORDS).flatmap(_any_case), SPACES).map(
    "".join
)
DURATION_LIKE = st.tuples(SPACES, st.lists(PART, max_size=4), SPACES).map(
    lambda t: t[0] + "".join(t[1]) + t[2]
)
"""Strings near the grammar: numbers and units in any order, case and spacing, near misses."""

VALUES = st.one_of(
    DURATION_LIKE,
    st.text(max_size=12),
    st.text(alphabet="0123456789.hmsinrouecdHMS \t\n-+:", max_size=12),
    st.integers(),
    st.floats(allow_nan=False),  # JSON has no NaN; the loader refuses it (test below)
    st.booleans(),  # (null is "not given", which other rules judge: not a duration value)
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)


@settings(max_examples=examples(1500), deadline=None)
@given(field=st.sampled_from(FIELDS), value=VALUES)
@example(field="duration", value="")
@example(field="duration", value="90")
@example(field="duration", value="0s")
@example(field="rest", value="0s")
@example(field="duration", value="1h30")
@example(field="duration", value="3h")
@example(field="duration", value="90\n")
@example(field="rest", value=" 1 Minute 30 SECS ")
@example(field="duration", value=7200)
@example(field="duration", value=7200.5)
@example(field="duration", value=10**20)
@example(field="duration", value=math.inf)
def test_the_schema_and_the_loader_agree(field: str, value: Any) -> None:
    schema, loader = schema_takes(field, value), loader_takes(field, value)
    if isinstance(value, str) and schema and not loader:
        # A pattern cannot weigh a string: only the loader refuses one over 2 hours.
        assert parse_duration(value) > MAX_DURATION
    else:
        assert schema == loader


@pytest.mark.parametrize(
    ("value", "takes"),
    [("", False), ("  ", False), ("90", True), ("90.5", True), ("0s", False), ("1m 30s", True)],
)
def test_empty_is_no_duration_and_a_plain_number_is_seconds(value: str, takes: bool) -> None:
    assert (schema_takes("duration", value), loader_takes("duration", value)) == (takes, takes)


@pytest.mark.parametrize("value", [math.nan, "nan", "inf", math.inf, -math.inf])
def test_the_loader_refuses_what_json_cannot_say(value: Any) -> None:
    assert not loader_takes("duration", value) and not loader_takes("rest", value)


@settings(max_examples=examples(300), deadline=None)
@given(st.floats(min_value=0, max_value=4 * 3600, allow_nan=False))
def test_every_duration_shown_reads_back(seconds: float) -> None:
    shown = format_duration(seconds)
    whole = max(0, round(seconds))
    assert parse_duration(shown) == (whole if whole < 3600 else whole - whole % 60)


@settings(max_examples=examples(300), deadline=None)
@given(st.integers(min_value=1, max_value=3600 * 10 - 1))
def test_a_dose_shown_to_the_tenth_reads_back_as_written(tenths: int) -> None:
    # A 2.5 s tempo shown as `2s` (or a 1.5 s rep phase as `2s`) says another dose than the
    # one that plays; to the tenth, what `hep show` and the players print is the routine's.
    shown = format_duration(tenths / 10, tenths=True)
    assert parse_duration(shown) == pytest.approx(tenths / 10)
    assert shown == format_duration(tenths / 10) or tenths % 10


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2.5, "2.5s"), (0.5, "0.5s"), (10.4, "10.4s"), (65.5, "1m05.5s"), (8, "8s"), (2.04, "2s")],
)
def test_a_dose_keeps_its_tenth(seconds: float, text: str) -> None:
    assert format_duration(seconds, tenths=True) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "-"),
        (-3, "0s"),
        (0, "0s"),
        (42.4, "42s"),
        (60, "1m"),
        (90, "1m30s"),
        (725, "12m05s"),
        (3600, "1h00m"),
        (3725, "1h02m"),
        (math.inf, "forever"),
        (-math.inf, "0s"),  # below zero, however far, shows as 0s
    ],
)
def test_one_duration_format(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize("hours", [1, 2, 9, 10])
def test_the_schema_refuses_each_part_over_the_limit_and_none_at_or_under_it(hours: int) -> None:
    # The limit is a parameter (hep's is 2 hours): any whole number of hours is kept the same
    # way, each part judged in its own unit against the limit worked out by hand.
    limit = hours * 3600
    over = re.compile(over_limit_pattern(limit))
    for unit, size in (("h", 3600), ("m", 60), ("s", 1), ("", 1)):
        whole = limit // size
        cases = {f"{whole}": False, f"0{whole}": False, f"{whole}.0": False}
        cases |= {f"{whole - 1}.5": False, f"{whole}.5": True, f"{whole + 1}": True}
        for number, is_over in cases.items():
            assert bool(over.search(number + unit)) is is_over, number + unit
    # A whole-limit part with more time after it is over; with nothing more it is not.
    assert over.search(f"{hours}h 5s") and over.search(f"{hours * 60} min 1 s")
    assert not over.search(f"{hours}h 0s") and not over.search(f"{hours - 1}h 59m 59s")


HINT = "expected seconds as a number, or a string like 45s, 2m or 1m30s"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", f"{HINT} (found 'soon')"),
        ("true", f"{HINT} (found true)"),
        (".nan", f"{HINT} (found nan)"),
        # Seconds too many for a float are still a number over the limit, said as written.
        ("1" + "0" * 20, f"must be at most 2 hours (found 1{'0' * 20}); is the unit right?"),
        ("-1" + "0" * 20, f"must be more than 0 seconds (found -1{'0' * 20})"),
    ],
)
def test_a_duration_refused_says_what_was_found(value: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"name: R\ndescription: d\nexercises:\n  - name: a\n    duration: {value}\n")
    with pytest.raises(RoutineError) as refused:
        load_routine(path)
    assert str(refused.value) == f"{path}:5:15: exercises[0].duration: {message}"
