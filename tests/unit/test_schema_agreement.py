"""Editors and hep agree on routine files: what the JSON Schema refuses (read the way editors
read YAML, 1.2 through ruamel.yaml) hep refuses, and what it takes hep takes.

The only disagreements allowed are the ones a schema cannot weigh, each named by the loader's
message (see player/routine/schema_rules.py): a cue's `at` past the end of its work, the routine
over 4 hours, a sum of duration parts over the limit.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from player.locations import builtin_routines_dir
from player.routine.files import RoutineError
from player.routine.validation import validate_text
from tests.ci import examples

SCHEMA = json.loads((builtin_routines_dir() / "routine.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
INEXPRESSIBLE = ("past the end of", "the limit is 4 hours", "must be at most 2 hours")
"""Loader messages for the rules a schema cannot weigh."""

DURATIONS = st.one_of(
    st.integers(-2, 40),
    st.sampled_from([0.5, 7200, 7201, 7200.5, 1e9, True, None, "", "soon", "017", "0", "0s"]),
    st.sampled_from(["30s", "45 sec", "2m", "1m30s", "3h", "2h", "2h 5s", "121m", "0.5h"]),
    st.sampled_from(["1h 59m 59s", "7201s", "02h", "1 hour", "90 Minutes", "2x15", "30s x 3"]),
)
PAUSES = st.one_of(st.sampled_from([0, "0s", 3, "2s", None, -1, "no"]), DURATIONS)
REPS = st.one_of(
    st.integers(-1, 202),
    st.lists(st.integers(0, 12), max_size=4),
    st.sampled_from(["10", "2x15", 10.0, 10.5, True, None]),
)
LABELS = st.sampled_from(["left", "right", "yes", "no", "on", "off", "017", "2:3", "~"])
SCALAR_WORDS = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "True",
        "017",
        "0o17",
        "0x1F",
        "2:30",
        "~",
        "null",
        ".inf",
    ]
)
"""Written unquoted: YAML 1.1 and 1.2 read these differently."""
BREATHING = st.one_of(
    st.fixed_dictionaries({"rate": st.sampled_from([6, 1, 31, "6"]), "cycles": st.integers(0, 4)}),
    st.fixed_dictionaries(
        {"inhale": DURATIONS, "exhale": st.sampled_from([4, "6s", 0])},
        optional={"duration": st.sampled_from(["1m", 30]), "cycles": st.sampled_from([3, 0])},
    ),
    st.fixed_dictionaries({"rate": st.just(6), "ratio": st.sampled_from(["2:3", "0:3", 5])}),
)
CUES = st.lists(
    st.one_of(
        st.sampled_from(["Breathe", "Slow"]),
        st.fixed_dictionaries({"text": st.just("Halfway")}, optional={"at": PAUSES}),
    ),
    max_size=2,
)
OPTIONAL_KEYS = {
    "duration": DURATIONS,
    "reps": REPS,
    "breathing": BREATHING,
    "hold": DURATIONS,
    "tempo": DURATIONS,
    "sets": st.one_of(st.integers(0, 21), st.sampled_from(["3", None, 2.0])),
    "sides": st.one_of(st.lists(LABELS, max_size=3), st.just("left")),
    "alternate_sides": st.sampled_from(["none", "rep", "set", "each"]),
    "rest_between_reps": PAUSES,
    "rest": PAUSES,
    "checkin": st.sampled_from(["after_set", "after_side", "none", "sometimes", False]),
    "cues": CUES,
    "right_after": st.sampled_from([True, False, "yes"]),
    "rep_phases": st.sampled_from(
        [{"open": "2s", "close": 2}, {"up": 1, "hold": "3h"}, {"only": 2}, "2s", None]
    ),
}
GOOD_TIMINGS = st.sampled_from(
    [
        {"duration": "45s"},
        {"duration": 60, "sets": 2},
        {"reps": 10},
        {"reps": [5, 3, 1]},
        {"reps": 8, "hold": "8s", "sets": 2},
        {"reps": 10, "tempo": 3},
        {"reps": 6, "rep_phases": {"open": "2s", "close": 2}, "cues": [{"text": "Go", "at": 1}]},
        {"breathing": {"rate": 6, "cycles": 5}},
        {"breathing": {"inhale": 4, "exhale": "6s", "duration": "1m"}},
    ]
)
"""Exercises hep takes; the test changes a few keys of one, so both verdicts come up often."""


@st.composite
def exercises(draw: st.DrawFn) -> dict[str, Any]:
    exercise = {"name": draw(st.sampled_from(["Bird dog", "Calves", "017"])), **draw(GOOD_TIMINGS)}
    for key in draw(st.lists(st.sampled_from(sorted(OPTIONAL_KEYS)), max_size=2, unique=True)):
        exercise[key] = draw(OPTIONAL_KEYS[key])
    return exercise


EXERCISE = exercises()
ROUTINE = st.fixed_dictionaries(
    {
        "name": st.just("r"),
        "description": st.just("d"),
        "exercises": st.lists(EXERCISE, min_size=1, max_size=2),
    },
    optional={
        "safety": st.fixed_dictionaries(
            {},
            optional={
                "stop_at": st.sampled_from([6, "6", 11, 6.0, True]),
                "max_rise": st.sampled_from([2, None, 0]),
            },
        ),
        "defaults": st.fixed_dictionaries(
            {},
            optional={
                "auto_advance": st.sampled_from([True, False, "yes", 1]),
                "rest": PAUSES,
                "checkin": st.sampled_from(["none", "after_set"]),
            },
        ),
    },
)


def to_yaml(data: Any, words: list[str]) -> str:
    """The data as YAML; each `@word@` string is written unquoted, as a person would type it."""
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    text = out.getvalue()
    for word in words:
        text = text.replace(f"'@{word}@'", word)
    return text


def editors_verdict(text: str) -> bool:
    """What an editor says: YAML 1.2 (ruamel.yaml), then the schema."""
    return VALIDATOR.is_valid(YAML(typ="safe", pure=True).load(text))


def heps_verdict(text: str) -> tuple[bool, str]:
    """What hep says, and its message when it refuses."""
    try:
        validate_text(text, "r.yaml", Path("."))
    except RoutineError as error:
        return False, str(error)
    return True, ""


def compare(text: str, tally: dict[str, int]) -> None:
    editor = editors_verdict(text)
    hep, message = heps_verdict(text)
    if editor == hep:
        tally["agree"] += 1
        return
    assert editor and not hep and any(m in message for m in INEXPRESSIBLE), (
        f"editor {'accepts' if editor else 'refuses'}, hep {'accepts' if hep else 'refuses'}:"
        f"\n{text}\n{message}"
    )
    tally["inexpressible"] += 1


TALLY = {"agree": 0, "inexpressible": 0}


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=ROUTINE, word=SCALAR_WORDS, where=st.sampled_from(["name", "sides", "auto"]))
def test_schema_and_loader_agree_on_generated_routines(data: dict, word: str, where: str) -> None:
    exercise = data["exercises"][0]
    if where == "name":
        exercise["name"] = f"@{word}@"
    elif where == "sides":
        exercise["sides"] = ["left", f"@{word}@"]
    else:
        data.setdefault("defaults", {})["auto_advance"] = f"@{word}@"
    compare(to_yaml(data, [word]), TALLY)


@pytest.mark.parametrize(
    ("line", "hep_takes"),
    [
        ("auto_advance: yes", False),  # `yes` is text in YAML 1.2, and auto_advance a boolean
        ("auto_advance: true", True),
        ("auto_advance: 1", False),
        ("stop_at: '6'", False),
        ("stop_at: 6.0", True),
    ],
)
def test_yaml_12_scalars_read_as_editors_read_them(line: str, hep_takes: bool) -> None:
    key, value = line.split(": ")
    section = "defaults" if key == "auto_advance" else "safety"
    text = (
        f"name: r\ndescription: d\n{section}:\n  {key}: {value}\n"
        "exercises:\n  - name: a\n    duration: 017\n    sides: [yes, no]\n"
    )
    assert heps_verdict(text)[0] is hep_takes
    assert editors_verdict(text) is hep_takes


def test_017_is_seventeen_and_yes_no_are_labels() -> None:
    text = "name: r\ndescription: d\nexercises:\n  - name: a\n    duration: 017\n"
    text += "    sides: [yes, no]\n"
    routine = validate_text(text, "r.yaml", Path("."))
    assert routine.exercises[0].duration == 17
    assert routine.exercises[0].sides == ["yes", "no"]
