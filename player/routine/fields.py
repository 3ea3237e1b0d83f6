"""The values a routine file holds: durations, reps, breathing rates, pictures and links."""

from __future__ import annotations

import ast
import inspect
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema

from player.routine.durations import (
    describe,
    duration_pattern,
    format_duration,
    over_limit_pattern,
    parse_duration,
)
from player.routine.shape import (  # noqa: F401
    BREATH_RATES,
    FLAGS,
    MAX_DURATION,
    MAX_EXERCISES,
    MAX_IMAGE_BYTES,
    MAX_REPS,
    MAX_ROUTINE,
    MAX_SETS,
    RELAX_BETWEEN_HOLDS,
    AlternateSides,
    CheckinWhen,
    Flag,
    ratio_text,
)

# The format's limits and words are defined without pydantic (`player.routine.shape`, so a
# routine played before starts without it); named here too, where they were always imported.
from player.routine.sheethints import small_number

TIMES_SIGNS = "xX\u00d7*"
"""The signs between two things multiplied: `2x15`, `30s x 3`, `3 × 30s`, `3*30s`."""


def _times(text: str) -> tuple[str, str] | None:
    """`2x15` as its two sides (`2`, `15`), split at the first sign after the first character.

    A scan, not a regular expression: a pattern with two open-ended parts took quadratic time
    on a long value with no sign in it.
    """
    text = text.strip()
    for index in range(1, len(text)):
        if text[index] in TIMES_SIGNS:
            first, second = text[:index].strip(), text[index + 1 :].strip()
            if first and second and "\n" not in first and "\n" not in second:
                return first, second
            return None
    return None


def _sets_hint(value: Any, key: str) -> str | None:
    """For `reps: 2x15` or `duration: 30s x 3`: the two keys it means, or None."""
    parts = _times(value) if isinstance(value, str) else None
    if parts is None:
        return None
    first, second = parts
    # Counts as a sheet writes them: a few digits 0-9 (not a superscript two, which int()
    # refuses, nor 5,000 digits, nor 0: `0x10s` is no sheet's 10 s).
    sets, reps = small_number(first), small_number(second)
    if key == "reps" and sets and reps:
        return f"write sets and reps as two keys: reps: {reps} with sets: {sets}"
    for count, length in ((second, first), (first, second)):
        try:
            seconds = parse_duration(length)
        except ValueError:
            continue
        bare = length.strip().isascii() and length.strip().isdigit()
        if small_number(count) and not bare and seconds > 0:
            return (
                f"write the time and the sets as two keys: {key}: {format_duration(seconds)} "
                f"with sets: {small_number(count)}"
            )
    return None


def _duration_validator(*, allow_zero: bool) -> Any:
    def check(value: Any) -> float:
        try:
            seconds = parse_duration(value)
        except ValueError:
            hint = _sets_hint(value, "duration")
            if hint is None:
                raise
            raise ValueError(f"{hint} (found {describe(value)})") from None
        if seconds < 0 or (seconds == 0 and not allow_zero):
            bound = "0 or more" if allow_zero else "more than 0"
            raise ValueError(f"must be {bound} seconds (found {describe(value)})")
        if seconds > MAX_DURATION:
            found = format_duration(seconds) if math.isfinite(seconds) else describe(value)
            raise ValueError(f"must be at most 2 hours (found {found}); is the unit right?")
        return seconds

    return check


def _duration_schema(*, allow_zero: bool) -> dict[str, Any]:
    """A duration in the JSON Schema: a number in range, or a string in the duration grammar
    with no part over the limit (`3h` is refused; a sum such as `1h 90m` only by the loader)."""
    number: dict[str, Any] = {"type": "number", "maximum": MAX_DURATION}
    number["minimum" if allow_zero else "exclusiveMinimum"] = 0
    text = {
        "type": "string",
        "pattern": duration_pattern(allow_zero=allow_zero),
        "not": {"pattern": over_limit_pattern(int(MAX_DURATION))},
    }
    return {"anyOf": [number, text]}


@dataclass(frozen=True)
class _DurationJsonSchema:
    """The JSON Schema of a duration, written when a schema is asked for (not when hep starts)."""

    allow_zero: bool

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return _duration_schema(allow_zero=self.allow_zero)


Duration = Annotated[
    float,
    PlainValidator(_duration_validator(allow_zero=False)),
    _DurationJsonSchema(allow_zero=False),
]
"""A length of time greater than zero: seconds, or `45s`, `2m`, `1m30s`."""

Pause = Annotated[
    float,
    PlainValidator(_duration_validator(allow_zero=True)),
    _DurationJsonSchema(allow_zero=True),
]
"""A length of time that may be zero (zero means none)."""


def _whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"expected a whole number of {what} (found {describe(value)})")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low} to {high} (found {value})")
    return value


def _reps_validator(value: Any) -> int | list[int]:
    if isinstance(value, list):
        if not value:
            raise ValueError("expected at least one count in the reps list (found an empty list)")
        return [_whole(v, "reps", 1, MAX_REPS) for v in value]
    try:
        return _whole(value, "reps", 1, MAX_REPS)
    except ValueError:
        hint = _sets_hint(value, "reps")
        if hint is not None:
            raise ValueError(f"{hint} (found {describe(value)})") from None
        raise ValueError(
            "expected a number of reps, or a list with one count per set like [5, 3, 1] "
            f"(found {describe(value)})"
        ) from None


Reps = Annotated[
    int | list[int],
    PlainValidator(_reps_validator),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                    "minItems": 1,
                    "maxItems": MAX_SETS,
                },
            ]
        }
    ),
]


def _rate_validator(value: Any) -> float:
    low, high = BREATH_RATES
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(
            f"rate is breaths a minute, a number from {low} to {high} (found {describe(value)})"
        )
    if not low <= value <= high:
        raise ValueError(
            f"rate must be from {low} to {high} breaths a minute (found {value:g}); slow "
            "breathing is about 6"
        )
    return float(value)


BreathRate = Annotated[
    float,
    PlainValidator(_rate_validator),
    WithJsonSchema({"type": "number", "minimum": BREATH_RATES[0], "maximum": BREATH_RATES[1]}),
]
"""Breaths a minute."""

# A number with a digit other than 0 in it. The lookahead scans once; the form without it
# (`[0-9]*[1-9][0-9]*` and the like) took minutes on a long run of digits.
_POSITIVE = r"(?=[0-9.]*[1-9])[0-9]+(?:[.][0-9]+)?"
RATIO_PATTERN = f"^ *{_POSITIVE} *: *{_POSITIVE} *$"
"""`in:out`, two numbers above zero: `2:3`, `1:2`, `1:1.5`."""
_RATIO = re.compile(RATIO_PATTERN)


def _ratio_validator(value: Any) -> tuple[float, float]:
    if not isinstance(value, str) or not _RATIO.match(value):
        raise ValueError(
            'ratio is breathing in to breathing out as two numbers, such as "2:3" '
            f"(found {describe(value)})"
        )
    breathe_in, breathe_out = value.split(":")
    return float(breathe_in), float(breathe_out)


Ratio = Annotated[
    tuple[float, float],
    PlainValidator(_ratio_validator),
    PlainSerializer(ratio_text),
    WithJsonSchema({"type": "string", "pattern": RATIO_PATTERN}),
]


IMAGE_PATTERN = r"[.]([pP][nN][gG]|[jJ][pP][eE]?[gG])$"
_IMAGE = re.compile(IMAGE_PATTERN)
LINK_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^ \t\r\n/?#][^ \t\r\n]*$"
"""An http or https address: a scheme, a host, then anything but spaces."""
_LINK = re.compile(LINK_PATTERN)


def _image_validator(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 4096:
        raise ValueError(f"expected the path of a PNG or JPEG file (found {describe(value)})")
    if not _IMAGE.search(value):
        raise ValueError(
            f"a picture must be a PNG or JPEG file, ending .png, .jpg or .jpeg (found {value!r})"
        )
    return value


def _link_validator(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 2000 or not _LINK.match(value):
        raise ValueError(
            "expected a web address starting http:// or https://, such as "
            f"https://example.org/bird-dog (found {describe(value)})"
        )
    return value


ImagePath = Annotated[
    str,
    PlainValidator(_image_validator),
    WithJsonSchema({"type": "string", "pattern": IMAGE_PATTERN, "maxLength": 4096}),
]
Link = Annotated[
    str,
    PlainValidator(_link_validator),
    WithJsonSchema({"type": "string", "pattern": LINK_PATTERN, "maxLength": 2000}),
]


class FormatModel(BaseModel):
    """The base of every model of the format: unknown keys refused, values frozen."""

    # The docstring under each field is read for the JSON Schema only (`describe_fields`):
    # reading them as the models are built (pydantic's use_attribute_docstrings) goes through
    # the source of every module and was half of hep's start-up cost for routines.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def field_docs(*sources: Path) -> dict[str, dict[str, str]]:
    """The docstring under each field of each class in some Python files.

    Args:
        sources: The files of the modules that define the models.

    Returns:
        `{class name: {field name: docstring}}`, docstrings dedented as `inspect.cleandoc` does.
    """
    docs: dict[str, dict[str, str]] = {}
    for source in sources:
        for node in ast.parse(source.read_text("utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            fields = docs.setdefault(node.name, {})
            for item, following in zip(node.body, node.body[1:], strict=False):
                if (
                    isinstance(item, ast.AnnAssign)
                    and isinstance(item.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    fields[item.target.id] = inspect.cleandoc(following.value.value)
    return docs


def describe_fields(schema: dict[str, Any], *sources: Path) -> dict[str, Any]:
    """A model's JSON Schema with each field's docstring as its description.

    Args:
        schema: What `model_json_schema()` gave; changed in place.
        sources: The files of the modules that define the models in it.

    Returns:
        The schema.
    """
    docs = field_docs(*sources)
    for name, part in [(schema.get("title", ""), schema), *schema.get("$defs", {}).items()]:
        for field, spec in part.get("properties", {}).items():
            if field in docs.get(name, {}):
                spec["description"] = docs[name][field]
    return schema


Text = Annotated[str, Field(min_length=1, max_length=200)]
