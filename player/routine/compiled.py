"""A validated routine in plain form: frozen dataclasses with the same fields and rules as the
pydantic models, written to and read back from plain data (JSON) without pydantic.

`routine_data` turns a validated routine (either form) into plain data; `compiled_routine`
builds the plain form from such data, checking every value's type and range as it goes, so data
that did not come from `routine_data` (a damaged or altered cache file) is refused with
`CompiledFormError`, never played. The rules (sets, sides, breaths, planned time) are the
models' own, from `player.routine.shape`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, cast, get_args

from player.cues import CUE_NAMES, CueName
from player.routine.shape import (
    FLAGS,
    STOP_POINTS,
    AlternateSides,
    BreathingRules,
    CheckinWhen,
    DefaultsShape,
    ExerciseRules,
    Flag,
    RoutineRules,
    ratio_text,
)
from player.safetext import shown

FORMAT = 2
"""The compiled form's own version: change it when the data's layout changes meaning."""


class CompiledFormError(ValueError):
    """Data that is not a routine in compiled form (so it is validated from its file again)."""


@dataclass(frozen=True)
class Cue:
    """A cue line (see `player.routine.models.Cue`)."""

    text: str
    at: float | None


@dataclass(frozen=True)
class Breathing(BreathingRules):
    """A paced breathing pattern (see `player.routine.breathing.Breathing`)."""

    inhale: float | None
    hold: float
    exhale: float | None
    hold_after: float
    rate: float | None
    ratio: tuple[float, float] | None
    cycles: int | None
    duration: float | None


@dataclass(frozen=True)
class Exercise(ExerciseRules):
    """One exercise (see `player.routine.models.Exercise`)."""

    name: str
    instructions: str | None
    cues: list[Cue]
    duration: float | None
    reps: int | list[int] | None
    hold: float | None
    tempo: float | None
    rep_phases: dict[str, float] | None
    breathing: Breathing | None
    sets: int | None
    sides: list[str] | None
    alternate_sides: AlternateSides
    rest_between_reps: float | None
    rest: float | None
    get_ready: float | None
    checkin: CheckinWhen | None
    right_after: bool
    sound: dict[CueName, str] | None
    image: str | None
    link: str | None


@dataclass(frozen=True)
class Defaults(DefaultsShape):
    """Settings every exercise uses unless it says otherwise (see the model)."""

    get_ready: float
    rest: float
    rest_between_exercises: float
    switch_side: float
    rest_between_reps: float
    checkin: CheckinWhen
    auto_advance: bool


@dataclass(frozen=True)
class Safety:
    """When a session stops for pain (see `player.routine.models.Safety`)."""

    stop_at: int
    max_rise: int | None
    stop_on: list[Flag]
    screen: str
    advice: str | None


@dataclass(frozen=True)
class Routine(RoutineRules):
    """A whole routine (see `player.routine.models.Routine`)."""

    name: str
    description: str
    author: str | None
    equipment: list[str]
    defaults: Defaults
    safety: Safety
    sound: dict[CueName, str] | None
    exercises: list[Exercise]


PLAIN_CLASSES: tuple[type, ...] = (Cue, Breathing, Exercise, Defaults, Safety, Routine)
LAYOUT = ";".join(f"{c.__name__}:{','.join(f.name for f in fields(c))}" for c in PLAIN_CLASSES)
"""The field names of every class, part of the cache key: a field added or renamed misses."""

_NESTED: dict[str, type] = {
    "cues": Cue,
    "breathing": Breathing,
    "defaults": Defaults,
    "safety": Safety,
    "exercises": Exercise,
}


def _plain(value: Any, key: str | None = None) -> Any:
    """A field's value as plain data (JSON types); nested objects by the plain class's fields."""
    if key in _NESTED and value is not None:
        cls = _NESTED[key]
        if isinstance(value, list | tuple):
            return [_object_data(item, cls) for item in value]
        return _object_data(value, cls)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _object_data(obj: Any, cls: type) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name), f.name) for f in fields(cls)}


def routine_data(routine: Any) -> dict[str, Any]:
    """A validated routine (the pydantic model or the plain form) as plain data.

    Args:
        routine: The routine; read by the plain form's field names.

    Returns:
        JSON-ready data that `compiled_routine` builds the plain form from.
    """
    return _object_data(routine, Routine)


def _as_written(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _as_written(v, k) for k, v in value.items() if v is not None}
    if key == "ratio" and isinstance(value, list):
        return ratio_text((value[0], value[1]))
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    return value


def file_data(part: Any, cls: type = Routine) -> dict[str, Any]:
    """A validated routine, or a part of one, as a routine file writes it: the keys it sets
    (those without a value left out) and a breathing ratio as `in:out` text, so the models
    validate it back (what pydantic's `model_dump(exclude_none=True)` gives).

    Args:
        part: The routine or a part of it, in either form.
        cls: Its plain class (`Routine`, `Exercise`...).

    Returns:
        The data.
    """
    written: dict[str, Any] = _as_written(_object_data(part, cls))
    return written


# Reading plain data back, every value checked.

Check = Callable[[Any], Any]


def _fail(what: str) -> CompiledFormError:
    return CompiledFormError(what)


def _lines(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 8000 or shown(value, lines=True) != value:
        raise _fail("not a text")  # validated text never holds what a terminal acts on
    return value


def _text(value: Any) -> str:
    if _lines(value) != shown(value):
        raise _fail("not one line")  # only the fields of LINES_KEPT hold line breaks
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("not a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise _fail("not a length of time")
    return number


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
        raise _fail("not a whole number")
    return value


def _stop_point(value: Any) -> int:
    point = _whole(value)
    if not STOP_POINTS[0] <= point <= STOP_POINTS[1]:
        raise _fail("not a point of the pain scale")  # a safety that would never stop
    return point


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail("not true or false")
    return value


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _list(check: Check) -> Check:
    def read(value: Any) -> list[Any]:
        if not isinstance(value, list) or len(value) > 10_000:
            raise _fail("not a list")
        return [check(item) for item in value]

    return read


def _one_of(*words: str) -> Check:
    def read(value: Any) -> str:
        if value not in words:
            raise _fail("not a known word")
        return cast(str, value)

    return read


def _reps(value: Any) -> int | list[int]:
    return _list(_whole)(value) if isinstance(value, list) else _whole(value)


def _ratio(value: Any) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise _fail("not a ratio")
    breathe_in, breathe_out = (_number(v) for v in value)
    if breathe_in <= 0 or breathe_out <= 0:
        raise _fail("not a ratio")
    return breathe_in, breathe_out


def _sounds(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _fail("not a mapping of cues")
    return {_one_of(*CUE_NAMES)(k): _text(v) for k, v in value.items()}


def _phases(value: Any) -> dict[str, float]:
    if not isinstance(value, dict) or not 2 <= len(value) <= 4:
        raise _fail("not a mapping of 2 to 4 rep phases")
    return {_text(k): _number(v) for k, v in value.items()}


def _object(cls: type, checks: dict[str, Check]) -> Check:
    def read(value: Any) -> Any:
        if not isinstance(value, dict) or set(value) != set(checks):
            raise _fail(f"not a {cls.__name__.lower()}")
        return cls(**{name: check(value[name]) for name, check in checks.items()})

    return read


_CHECKIN = get_args(CheckinWhen)
_cue = _object(Cue, {"text": _text, "at": _optional(_number)})
_breathing = _object(
    Breathing,
    {
        "inhale": _optional(_number),
        "hold": _number,
        "exhale": _optional(_number),
        "hold_after": _number,
        "rate": _optional(_number),
        "ratio": _optional(_ratio),
        "cycles": _optional(_whole),
        "duration": _optional(_number),
    },
)
_exercise = _object(
    Exercise,
    {
        "name": _text,
        "instructions": _optional(_lines),
        "cues": _list(_cue),
        "duration": _optional(_number),
        "reps": _optional(_reps),
        "hold": _optional(_number),
        "tempo": _optional(_number),
        "rep_phases": _optional(_phases),
        "breathing": _optional(_breathing),
        "sets": _optional(_whole),
        "sides": _optional(_list(_text)),
        "alternate_sides": _one_of(*get_args(AlternateSides)),
        "rest_between_reps": _optional(_number),
        "rest": _optional(_number),
        "get_ready": _optional(_number),
        "checkin": _optional(_one_of(*_CHECKIN)),
        "right_after": _flag,
        "sound": _optional(_sounds),
        "image": _optional(_text),
        "link": _optional(_text),
    },
)
_defaults = _object(
    Defaults,
    {
        "get_ready": _number,
        "rest": _number,
        "rest_between_exercises": _number,
        "switch_side": _number,
        "rest_between_reps": _number,
        "checkin": _one_of(*_CHECKIN),
        "auto_advance": _flag,
    },
)
_safety = _object(
    Safety,
    {
        "stop_at": _stop_point,
        "max_rise": _optional(_stop_point),
        "stop_on": _list(_one_of(*FLAGS)),
        "screen": _one_of("always", "daily", "never"),
        "advice": _optional(_text),
    },
)
_routine = _object(
    Routine,
    {
        "name": _text,
        "description": _lines,
        "author": _optional(_text),
        "equipment": _list(_text),
        "defaults": _defaults,
        "safety": _safety,
        "sound": _optional(_sounds),
        "exercises": _list(_exercise),
    },
)


def compiled_routine(data: Any) -> Routine:
    """The plain form of a routine from `routine_data`'s data.

    Args:
        data: Plain data, as `json.loads` gives it.

    Returns:
        The routine, ready to play.

    Raises:
        CompiledFormError: The data is not a routine in compiled form (a key missing or extra,
            a value of the wrong type, a text with terminal controls, no exercises, longer than
            the format allows).
    """
    try:
        routine = cast(Routine, _routine(data))
    except (TypeError, ValueError) as exc:
        raise CompiledFormError(str(exc)) from None
    if not routine.exercises:
        raise CompiledFormError("no exercises")
    problem = routine.too_long()  # a rule of the whole routine, as validation has it
    if problem is not None:
        raise CompiledFormError(problem)
    return routine
