"""Fuzz of the YAML loader: any text loads as a Routine or raises RoutineError, one line each.

About 10,500 inputs in all, spread over five generators: structured routines built from the real
keys (then serialised and sometimes mutated), random text, random bytes, anchors/aliases/tags, and
deep nesting with huge or odd numbers. Odd unicode (right-to-left marks, emoji, combining marks,
control characters, line separators) is mixed into every generator.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.cues import CUE_NAMES
from player.routine.loader import RoutineError
from player.routine.models import Routine
from player.routine.validation import validate_text

DISPLAY = "fuzz.yaml"
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Lone control characters a terminal would act on: C0 except tab, DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")

ODD_TEXT = [
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd",  # RTL mark + Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # emoji with zero-width joiners
    "\U0001f9d8\U0001f3fd",  # emoji with skin tone
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\ufeffbom",
    "\x85nel",
    "a\u2028b\u2029c",
    "\u0663\u0660s",  # Arabic-Indic digits with a unit: 30s
    "\uff11\uff12",  # full-width digits
    "\x1b[31mred\x1b[0m",
    "[bold]markup[/bold] [@click=app.quit]x[/]",
    "\x00nul",
    "\x07bell\x08",
    "tab\there",
    "line\nbreak",
    "cr\rreturn",
    "x" * 300,
    "",
    " ",
]

HUGE_NUMBERS = [
    "9" * 40,
    "9" * 400,
    "9" * 5000,  # past Python's int-to-str digit limit
    "-" + "9" * 30,
    "1.0e400",
    "-1.0e400",
    "1e400",
    ".inf",
    "-.inf",
    ".nan",
    "0x" + "f" * 60,
    "0o777",
    "0b101",
    "1_000_000",
    "190:20:30",  # YAML 1.1 sexagesimal
    "0.0000000000000000001",
    "1.7976931348623157e308",
    "-0",
    "2h",
    "1h59m60s",
    "9999h",
    "1" + "0" * 20 + "s",
    "9" * 400 + "s",
    "1.5m",
    "00:00:01",
]

TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!binary",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!map",
    "!!seq",
    "!!merge",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!local",
    "!",
    "!<tag:yaml.org,2002:str>",
    "!<tag:example.com,2000:x>",
    "!<%0A%1B>",  # URI escapes decode to a newline and ESC inside the tag
    "!e!x",
    "!\u202etag",
]


def check(text: str) -> Routine | None:
    """Validate `text`; assert the outcome keeps the loader's promise.

    Returns:
        The routine when the text loads, None when it was refused with RoutineError.
    """
    try:
        routine = validate_text(text, DISPLAY, Path("."))
    except RoutineError as exc:
        assert exc.lines, "a RoutineError with no lines"
        for line in exc.lines:
            assert isinstance(line, str)
            assert line.startswith(DISPLAY + ":"), line
            assert not _CONTROL.search(line), f"not one clean line: {line!r}"
        return None
    assert isinstance(routine, Routine)
    assert routine.exercises
    return routine


# --- Regressions: inputs the fuzz once found crashing the loader. -----------------------


def _minimal(exercise: dict[str, Any]) -> str:
    return yaml.safe_dump({"name": "R", "description": "d", "exercises": [exercise]})


def test_huge_integer_duration_is_refused_with_routine_error() -> None:
    with pytest.raises(RoutineError):
        validate_text(_minimal({"name": "a", "duration": 10**400}), DISPLAY, Path("."))


def test_duration_string_overflowing_to_infinity_is_refused_with_routine_error() -> None:
    with pytest.raises(RoutineError):
        validate_text(_minimal({"name": "a", "duration": "9" * 400 + "s"}), DISPLAY, Path("."))


@pytest.mark.parametrize("text", ["!!int\n", "!!float ''\n", "name: !!int '+'\n", "!!bool x\n"])
def test_explicit_scalar_tag_on_a_bad_value_is_refused_with_routine_error(text: str) -> None:
    with pytest.raises(RoutineError):
        validate_text(text, DISPLAY, Path("."))


@pytest.mark.parametrize("text", ['"\\U00110000"\n', 'name: "\\UFFFFFFFF"\n'])
def test_escape_past_the_last_code_point_is_refused_with_routine_error(text: str) -> None:
    with pytest.raises(RoutineError):
        validate_text(text, DISPLAY, Path("."))


@pytest.mark.parametrize(
    "text",
    [
        'name: R\ndescription: d\n"bad\\nkey": 1\nexercises: [{name: a, duration: 5}]\n',
        'name: R\ndescription: d\nexercises: [{name: "a\\e[31m", reps: 5, duration: 5}]\n',
        "name: !<%0A> R\ndescription: d\nexercises: [{name: a, duration: 5}]\n",
    ],
    ids=["key-newline", "name-escape", "tag-newline"],
)
def test_error_lines_never_carry_control_characters(text: str) -> None:
    with pytest.raises(RoutineError) as caught:
        validate_text(text, DISPLAY, Path("."))
    for line in caught.value.lines:
        assert not _CONTROL.search(line), repr(line)


# --- Generators -----------------------------------------------------------------------------

odd_text = st.sampled_from(ODD_TEXT) | st.text(
    st.characters(exclude_categories=["Cs"]), max_size=20
)
small_text = st.sampled_from(["a", "Bird dog", "left", "right", "hi"]) | odd_text
huge = st.sampled_from(HUGE_NUMBERS)
duration = st.one_of(
    st.integers(-5, 8000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["45s", "2m", "1m30s", "1h", "0", "-5s", "90", "5 min", "1.5s", "s", "m"]),
    st.integers(min_value=10**300, max_value=10**320) | st.integers(max_value=-(10**300)),
    huge,
    st.none(),
    st.booleans(),
)
wild = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    small_text,
    st.lists(st.integers(-3, 300), max_size=4),
    st.dictionaries(small_text, st.integers(), max_size=2),
)


def _field(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly plausible values for a key, sometimes anything at all."""
    return st.one_of(good, good, good, wild)


reps = st.one_of(
    st.integers(-2, 250), st.lists(st.integers(-1, 210), max_size=25), duration, st.just([])
)
cue = st.one_of(small_text, st.fixed_dictionaries({"text": small_text}, optional={"at": duration}))
sound = st.dictionaries(
    st.sampled_from(CUE_NAMES) | small_text,
    st.sampled_from(["", ".", "..", "missing.wav", "a\x00b.wav", "/dev/null", "x" * 5000])
    | small_text,
    max_size=2,
)
breathing = st.fixed_dictionaries(
    {},
    optional={
        "inhale": duration,
        "hold": duration,
        "exhale": duration,
        "hold_after": duration,
        "cycles": _field(st.integers(-1, 600)),
        "duration": duration,
    },
)
checkin = st.sampled_from(["after_exercise", "after_set", "after_side", "none", "After_Set"])
exercise = st.fixed_dictionaries(
    {"name": _field(small_text)},
    optional={
        "instructions": _field(odd_text),
        "cues": _field(st.lists(cue, max_size=4)),
        "duration": duration,
        "reps": reps,
        "hold": duration,
        "tempo": duration,
        "breathing": _field(breathing),
        "sets": _field(st.integers(-1, 25)),
        "sides": _field(st.lists(small_text, max_size=5)),
        "rest": duration,
        "get_ready": duration,
        "checkin": _field(checkin),
        "sound": _field(sound),
        "side": wild,  # near-miss key
    },
)
routine = st.fixed_dictionaries(
    {},
    optional={
        "name": _field(small_text),
        "description": _field(odd_text),
        "author": _field(small_text),
        "equipment": _field(st.lists(small_text, max_size=3)),
        "defaults": _field(
            st.fixed_dictionaries(
                {},
                optional={
                    "get_ready": duration,
                    "rest": duration,
                    "rest_between_exercises": duration,
                    "switch_side": duration,
                    "checkin": _field(checkin),
                    "auto_advance": _field(st.booleans()),
                },
            )
        ),
        "safety": _field(
            st.fixed_dictionaries(
                {},
                optional={
                    "stop_at": _field(st.integers(-1, 12)),
                    "max_rise": _field(st.integers(-1, 12) | st.none()),
                    "stop_on": _field(
                        st.lists(st.sampled_from(["sharp", "spreading", "numbness", "itch"]))
                    ),
                    "screen": _field(st.sampled_from(["always", "daily", "never", "weekly"])),
                },
            )
        ),
        "sound": _field(sound),
        "exercises": _field(st.lists(exercise, max_size=6)),
        "exercise": wild,  # near-miss key
    },
)


good_text = st.sampled_from(["Bird dog", "Calves", "a", *ODD_TEXT[:11]])
good_seconds = st.integers(1, 90) | st.sampled_from(["45s", "1m", "1m30s", "20 sec", "2.5"])
good_timing = st.one_of(
    st.fixed_dictionaries({"duration": good_seconds}, optional={"sets": st.integers(1, 3)}),
    st.fixed_dictionaries({"reps": st.integers(1, 12)}, optional={"hold": good_seconds}),
    st.fixed_dictionaries({"reps": st.lists(st.integers(1, 8), min_size=1, max_size=3)}),
    st.fixed_dictionaries(
        {"breathing": st.fixed_dictionaries({"inhale": good_seconds, "exhale": good_seconds})}
    ).map(lambda d: {"breathing": {**d["breathing"], "cycles": 3}}),
)
good_exercise = st.builds(
    lambda name, timing, extra: {"name": name, **timing, **extra},
    good_text,
    good_timing,
    st.fixed_dictionaries(
        {},
        optional={
            "instructions": odd_text,
            "cues": st.lists(good_text, max_size=3),
            "sides": st.sampled_from([["left", "right"], ["\u05e9", "\U0001f9b5"]]),
            "rest": st.integers(0, 30),
            "checkin": checkin.filter(lambda c: c.islower()),
        },
    ),
)
good_routine = st.fixed_dictionaries(
    {
        "name": good_text,
        "description": good_text,
        "exercises": st.lists(good_exercise, min_size=1, max_size=5),
    },
    optional={"author": good_text, "equipment": st.lists(good_text, max_size=2)},
)


@st.composite
def serialised(draw: st.DrawFn) -> str:
    """A routine-shaped value as YAML, in block or flow style, sometimes then mutated."""
    data = draw(good_routine | routine)
    text = yaml.safe_dump(
        data,
        default_flow_style=draw(st.sampled_from([False, True, None])),
        allow_unicode=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
        width=draw(st.sampled_from([80, 20, 10_000])),
    )
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "cut"]))
        if action == "insert":
            piece = draw(st.sampled_from([*TAGS, *HUGE_NUMBERS, "&a ", "*a", ": ", "- ", "\n"]))
            text = text[:where] + piece + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 10)) :]
        elif action == "duplicate":
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines.insert(i, lines[i])
            text = "".join(lines)
        else:
            text = text[:where]
    return text


FRAGMENTS = [
    "name: R\n",
    "description: d\n",
    "exercises:\n",
    "  - name: a\n",
    "    duration: 30\n",
    "    reps: [5, 3, 1]\n",
    "    hold: 8s\n",
    "    breathing: {inhale: 4, exhale: 6, cycles: 3}\n",
    "    cues: [hi, {text: x, at: 5}]\n",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    "#",
    "|\n",
    ">-\n",
    "'",
    '"',
    "\\",
    "\t",
    "\n",
    "  ",
]
text_part = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(ODD_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    st.text(st.characters(max_codepoint=0x7F), max_size=12),
)


@st.composite
def anchored(draw: st.DrawFn) -> str:
    """A routine whose values are built from anchors, aliases, tags, merges and bombs."""
    value = draw(st.sampled_from(["30", "1m30s", "[5, 3, 1]", "{inhale: 4, exhale: 4}", "x", ""]))
    tag = draw(st.sampled_from(["", *TAGS])) + " "
    shape = draw(st.integers(0, 5))
    if shape == 0:  # anchor used as a value elsewhere
        return (
            f"name: &n {tag}{value}\ndescription: *n\nexercises:\n"
            f"  - name: *n\n    duration: &d {value}\n    rest: *d\n"
        )
    if shape == 1:  # alias to an undefined or later anchor
        return f"name: *{draw(st.sampled_from(['x', 'n', 'é', '']))}\nexercises: []\nx: &x 1\n"
    if shape == 2:  # self-referencing collections
        return draw(
            st.sampled_from(
                [
                    "&a [*a]\n",
                    "&a {x: *a}\n",
                    "name: R\ndescription: d\nexercises: &e [*e]\n",
                    "name: R\ndescription: d\nexercises:\n  - &e {name: a, cues: [*e]}\n",
                ]
            )
        )
    if shape == 3:  # alias bomb of random width and depth
        width = draw(st.integers(2, 12))
        depth = draw(st.integers(1, 4 if width > 4 else 9))  # some just past MAX_NODES
        lines = ["l0: &l0 [x, x]"]
        for i in range(1, depth + 1):
            lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
        return "\n".join(lines) + f"\nname: R\ndescription: d\nexercises: *l{depth}\n"
    if shape == 4:  # merge keys
        return (
            "base: &b {duration: 30, name: a}\nname: R\ndescription: d\n"
            f"exercises:\n  - <<: {draw(st.sampled_from(['*b', '[*b]', tag + value]))}\n"
        )
    # a tag on a random key or value of a valid routine
    lines = [
        "name: R",
        "description: d",
        "exercises:",
        "  - name: a",
        "    duration: 30",
        "    sides: [left, right]",
    ]
    i = draw(st.integers(0, len(lines) - 1))
    key, sep, rest = lines[i].partition(":")
    lines[i] = f"{key}{sep} {tag}{rest.strip()}" if draw(st.booleans()) else f"{tag}{lines[i]}"
    return "\n".join(lines) + "\n"


@st.composite
def nested_or_numeric(draw: st.DrawFn) -> str:
    """Deep nesting in every YAML style, and huge or odd numbers in every numeric key."""
    depth = draw(st.integers(1, 120) | st.integers(35, 45))  # deeper: test_very_deep_nesting
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return "exercises: " + "[" * depth + "]" * depth + "\n"
    if shape == 1:
        return "name: R\ndescription: d\nexercises: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if shape == 2:
        depth = min(depth, 200)
        return "".join("  " * i + "- \n" for i in range(depth)) + "  " * depth + "x\n"
    if shape == 3:
        depth = min(depth, 200)
        return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "x\n"
    number = draw(huge | st.integers().map(str) | st.floats().map(repr))
    key = draw(
        st.sampled_from(
            [
                "duration",
                "reps",
                "hold",
                "tempo",
                "sets",
                "rest",
                "get_ready",
                "breathing: {inhale: 4, exhale: 4, cycles",
                "breathing: {inhale: 4, exhale: 4, duration",
                "breathing: {exhale: 4, cycles: 2, inhale",
            ]
        )
    )
    body = f"{key}: {number}" + ("}" if key.startswith("breathing") else "")
    extra = "" if key in ("duration", "rest", "get_ready") or "breathing" in key else "duration: 5"
    if key in ("hold", "tempo"):
        extra = "reps: 3"
    lines = ["name: R", "description: d", "exercises:", "  - name: a", f"    {body}"]
    if extra:
        lines.append(f"    {extra}")
    return "\n".join(lines) + "\n"


@settings(FUZZ, max_examples=4000)
@given(serialised())
def test_structured_routines_load_or_raise_routine_error(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=2000)
@given(st.lists(text_part, max_size=30).map("".join))
def test_random_text_loads_or_raises_routine_error(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=1500)
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "latin-1", "utf-16-le"]))
def test_random_bytes_load_or_raise_routine_error(raw: bytes, codec: str) -> None:
    text = raw.decode(codec, errors="replace")
    check(text)


@settings(FUZZ, max_examples=1500)
@given(anchored())
def test_anchors_aliases_and_tags_load_or_raise_routine_error(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=1500)
@given(nested_or_numeric())
def test_deep_nesting_and_huge_numbers_load_or_raise_routine_error(text: str) -> None:
    check(text)


@pytest.mark.parametrize("depth", [200, 1000, 3000, 20_000])
def test_very_deep_nesting_is_refused_with_routine_error(depth: int) -> None:
    for text in ("[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth):
        with pytest.raises(RoutineError) as caught:
            validate_text(text, DISPLAY, Path("."))
        assert "nested more than" in caught.value.lines[0]


def test_fuzz_generators_reach_both_outcomes() -> None:
    """The structured generator is worth running only if it makes routines that load."""
    loaded = refused = 0

    @settings(max_examples=300, deadline=None, database=None)
    @given(serialised())
    def sample(text: str) -> None:
        nonlocal loaded, refused
        if check(text) is None:
            refused += 1
        else:
            loaded += 1

    sample()
    assert refused > 0
    assert loaded > 0
