"""The JSON Schema and the loader agree on the prescription forms: breathing rate and ratio,
alternating sides, the relax between reps, pictures and links."""

from __future__ import annotations

import json
import math
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from player.locations import builtin_routines_dir
from player.routine.models import Routine
from tests.ci import examples

SCHEMA = json.loads((builtin_routines_dir() / "routine.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _routine(exercise: dict[str, Any]) -> dict[str, Any]:
    return {"name": "r", "description": "d", "exercises": [{"name": "Bird dog", **exercise}]}


def agree(exercise: dict[str, Any]) -> tuple[bool, bool]:
    data = _routine(exercise)
    try:
        Routine.model_validate(data)
        loader = True
    except ValidationError:
        loader = False
    return VALIDATOR.is_valid(data), loader


NUMBERS = st.one_of(
    st.integers(-5, 40),
    st.floats(-5, 40, allow_nan=False),
    st.sampled_from([2, 30, 1.99, 30.01, 6, 5.5, math.inf, True, False]),
)
RATIOS = st.one_of(
    st.from_regex(r"\A ?[0-9]{1,2}(\.[0-9])? ?: ?[0-9]{1,2}(\.[0-9])? ?\Z"),
    st.sampled_from(["2:3", "1:1", "0:3", "2:0", "2/3", "2:3:4", ":3", "2:", "", " 2 : 3 ", "a:b"]),
    st.integers(0, 200),
    st.floats(0, 5, allow_nan=False),
)
OTHER = st.one_of(st.none(), st.text(max_size=6), st.lists(st.integers(), max_size=2))


@settings(max_examples=examples(600), deadline=None)
@given(rate=st.one_of(NUMBERS, OTHER), ratio=st.one_of(st.just("-"), RATIOS, OTHER))
@example(rate=6, ratio="2:3")
@example(rate=40, ratio="2:3")
@example(rate=1, ratio="-")
@example(rate="6", ratio="-")
@example(rate=6, ratio=123)
@example(rate=6, ratio="0:3")
def test_breathing_rate_and_ratio(rate: Any, ratio: Any) -> None:
    breathing: dict[str, Any] = {"rate": rate, "cycles": 3}
    if ratio != "-":
        breathing["ratio"] = ratio
    if rate is None:
        breathing["inhale"] = breathing["exhale"] = 4
    schema, loader = agree({"breathing": breathing})
    assert schema == loader


@pytest.mark.parametrize(
    "breathing",
    [
        {"rate": 6, "inhale": 4, "cycles": 3},
        {"rate": 6, "exhale": 4, "cycles": 3},
        {"inhale": 4, "exhale": 6, "ratio": "2:3", "cycles": 3},
        {"inhale": 4, "cycles": 3},
        {"rate": 6},
        {"rate": 6, "cycles": 3, "duration": "1m"},
    ],
)
def test_breathing_forms_both_refuse(breathing: dict[str, Any]) -> None:
    assert agree({"breathing": breathing}) == (False, False)


@settings(max_examples=examples(300), deadline=None)
@given(
    alternate=st.one_of(
        st.sampled_from(["none", "rep", "set", "each", "REP", "", "side"]), st.integers(), OTHER
    ),
    relax=st.one_of(
        st.sampled_from(["0", "0s", "3s", "2.5", "1m", "soon", "", "-1"]),
        st.integers(-3, 2800),  # five relaxes (alternating each rep) of more pass the 4-hour limit
        st.just(7201),
        st.floats(-1, 10, allow_nan=False),
        OTHER,
    ),
)
@example(alternate="rep", relax="3s")
@example(alternate="both", relax=3)
def test_alternate_sides_and_relax_between_reps(alternate: Any, relax: Any) -> None:
    # Held reps on two sides: where both keys mean something, only their values can be wrong.
    exercise = {"reps": 3, "hold": 8, "sides": ["left", "right"]}
    schema, loader = agree({**exercise, "alternate_sides": alternate, "rest_between_reps": relax})
    assert schema == loader


@settings(max_examples=examples(300), deadline=None)
@given(
    image=st.one_of(
        st.sampled_from(["a.png", "b.JPG", "c.jpeg", "d.gif", "png", ".png", "e.png.txt", ""]),
        st.text(max_size=8).map(lambda t: t + ".png"),
        OTHER,
    ),
    link=st.one_of(
        st.sampled_from(
            ["https://example.org/v", "http://x", "HTTPS://X.ORG", "ftp://x", "https://", "x.org"]
        ),
        st.text(max_size=8).map(lambda t: "https://" + t),
        OTHER,
    ),
)
def test_picture_and_link_forms(image: Any, link: Any) -> None:
    # Only the form: whether the picture exists is the loader's to check, with the file at hand.
    schema, loader = agree({"duration": 30, "image": image, "link": link})
    assert schema == loader
