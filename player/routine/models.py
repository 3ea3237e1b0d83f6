"""The routine format: pydantic models, one docstring per field (they become the JSON Schema)."""

from __future__ import annotations

import ast
import inspect
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from player.cues import CueName
from player.routine.durations import describe, duration_pattern, format_duration, parse_duration

# Size limits: a routine is a person's home program, not a data file.
MAX_EXERCISES = 500
MAX_DURATION = 2 * 3600.0  # any one duration value
MAX_ROUTINE = 4 * 3600.0  # the whole planned session
MAX_SETS = 20
MAX_REPS = 200
# Self-paced sets have no clock; planned times assume about 3 s a rep (a slow, controlled rep).
SELF_PACED_SECONDS_PER_REP = 3.0

CheckinWhen = Literal["after_exercise", "after_set", "after_side", "none"]
Flag = Literal["sharp", "spreading", "numbness"]
FLAGS: tuple[Flag, ...] = ("sharp", "spreading", "numbness")


def _duration_validator(*, allow_zero: bool) -> Any:
    def check(value: Any) -> float:
        seconds = parse_duration(value)
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
    (a pattern cannot weigh a string, so `3h` passes it and only the loader refuses it)."""
    number: dict[str, Any] = {"type": "number", "maximum": MAX_DURATION}
    number["minimum" if allow_zero else "exclusiveMinimum"] = 0
    text = {"type": "string", "pattern": duration_pattern(allow_zero=allow_zero)}
    return {"anyOf": [number, text]}


Duration = Annotated[
    float,
    PlainValidator(_duration_validator(allow_zero=False)),
    WithJsonSchema(_duration_schema(allow_zero=False)),
]
"""A length of time greater than zero: seconds, or `45s`, `2m`, `1m30s`."""

Pause = Annotated[
    float,
    PlainValidator(_duration_validator(allow_zero=True)),
    WithJsonSchema(_duration_schema(allow_zero=True)),
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


class _Model(BaseModel):
    # The docstring under each field is read for the JSON Schema only (`json_schema`): reading
    # them as the models are built (pydantic's use_attribute_docstrings) goes through the
    # source of every module and was half of hep's start-up cost for routines.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1, max_length=200)]


class Cue(_Model):
    """A short line shown (and, with --voice, spoken) during an exercise."""

    text: Text
    """The words of the cue, e.g. `Shoulders down, jaw loose`."""
    at: Pause | None = None
    """When to show it, as a time into each work period (each set, each side). Left out: shown
    throughout the exercise."""


class Breathing(_Model):
    """A paced breathing pattern, repeated for a number of cycles or for a length of time."""

    inhale: Duration
    """Seconds to breathe in."""
    hold: Pause = 0
    """Seconds to hold after breathing in (0 for none)."""
    exhale: Duration
    """Seconds to breathe out."""
    hold_after: Pause = 0
    """Seconds to hold after breathing out (0 for none)."""
    cycles: Annotated[int, Field(ge=1, le=500)] | None = None
    """How many breaths. Give this or `duration`, not both."""
    duration: Duration | None = None
    """How long to keep breathing; rounded to whole breaths. Give this or `cycles`, not both."""

    @model_validator(mode="after")
    def _one_length(self) -> Breathing:
        if (self.cycles is None) == (self.duration is None):
            found = "both" if self.cycles is not None else "neither"
            raise ValueError(f"breathing needs exactly one of cycles or duration (found {found})")
        return self

    @property
    def cycle_seconds(self) -> float:
        """The length of one breath: in, hold, out, hold."""
        return self.inhale + self.hold + self.exhale + self.hold_after

    @property
    def cycle_count(self) -> int:
        """How many whole breaths are played."""
        if self.cycles is not None:
            return self.cycles
        assert self.duration is not None
        return max(1, round(self.duration / self.cycle_seconds))


SoundOverrides = dict[CueName, Annotated[str, Field(min_length=1, max_length=4096)]]


class Exercise(_Model):
    """One exercise: exactly one of `duration`, `reps` or `breathing` says how it is timed."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    """What the exercise is called, e.g. `Bird dog`."""
    instructions: Annotated[str, Field(max_length=4000)] | None = None
    """How to do it, as multi-line text; shown on demand (`i`)."""
    cues: list[Cue] = []
    """Short lines shown during the exercise; a plain string or `{text: ..., at: 30s}`."""
    duration: Duration | None = None
    """A timed exercise: how long each set lasts, e.g. `60s` of rolling the calves."""
    reps: Reps | None = None
    """A count of repetitions: one number for every set, or a list with one count per set
    (a reverse pyramid is `[5, 3, 1]`)."""
    hold: Duration | None = None
    """With `reps`: each rep is held this long (e.g. 8 s bird-dog holds)."""
    tempo: Duration | None = None
    """With `reps`: seconds per rep, counted out for you. Without `hold` or `tempo`, reps are
    self-paced and you say when each set is done."""
    breathing: Breathing | None = None
    """A paced breathing pattern."""
    sets: Annotated[int, Field(ge=1, le=MAX_SETS)] | None = None
    """How many sets (default 1, or the length of a `reps` list)."""
    sides: Annotated[list[Text], Field(min_length=1, max_length=4)] | None = None
    """Labels such as `[left, right]`: everything is done once per side, with a side switch
    between."""
    rest: Pause | None = None
    """Rest between sets; default from `defaults.rest`."""
    get_ready: Pause | None = None
    """Countdown before this exercise; default from `defaults.get_ready`."""
    checkin: CheckinWhen | None = None
    """When to ask about pain; default from `defaults.checkin`."""
    sound: SoundOverrides | None = None
    """Your own WAV file for a cue during this exercise, by cue name, as a path relative to the
    routine file (at most 2 MB and 10 s)."""

    @field_validator("cues", mode="before")
    @classmethod
    def _cue_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str | int | float) else v for v in value]
        return value

    @field_validator("sides")
    @classmethod
    def _distinct_sides(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError(f"side labels must differ (found {value})")
        return value

    @model_validator(mode="after")
    def _timing(self) -> Exercise:
        kinds = [k for k in ("duration", "reps", "breathing") if getattr(self, k) is not None]
        if len(kinds) != 1:
            found = " and ".join(kinds) if kinds else "none of them"
            raise ValueError(
                f"exercise '{self.name}' needs exactly one of duration, reps or breathing "
                f"(found {found})"
            )
        if self.reps is None and (self.hold is not None or self.tempo is not None):
            key = "hold" if self.hold is not None else "tempo"
            raise ValueError(f"'{key}' goes with reps (exercise '{self.name}' has no reps)")
        if self.hold is not None and self.tempo is not None:
            raise ValueError(
                f"exercise '{self.name}' has both hold and tempo; a rep is either held or counted"
            )
        if self.breathing is not None and self.sets not in (None, 1):
            raise ValueError("breathing exercises have no sets; use cycles or duration")
        if isinstance(self.reps, list) and self.sets is not None and len(self.reps) != self.sets:
            raise ValueError(
                f"reps list has {len(self.reps)} counts but sets is {self.sets}; "
                "give one count per set or leave sets out"
            )
        work = self.work_seconds_per_set()
        for cue in self.cues:
            if cue.at is None:
                continue
            if work is None:
                raise ValueError(
                    f"cue '{cue.text}' has at: but exercise '{self.name}' is self-paced "
                    "(no clock to time it)"
                )
            if cue.at >= min(work):
                raise ValueError(
                    f"cue '{cue.text}' at {format_duration(cue.at)} is past the end of "
                    f"'{self.name}' ({format_duration(min(work))} of work)"
                )
        return self

    @property
    def kind(self) -> Literal["duration", "reps", "breathing"]:
        """How the exercise is timed."""
        if self.duration is not None:
            return "duration"
        if self.reps is not None:
            return "reps"
        return "breathing"

    @property
    def set_count(self) -> int:
        """The number of sets."""
        if self.sets is not None:
            return self.sets
        if isinstance(self.reps, list):
            return len(self.reps)
        return 1

    @property
    def rep_counts(self) -> list[int] | None:
        """Reps in each set, or None for timed and breathing exercises."""
        if self.reps is None:
            return None
        if isinstance(self.reps, list):
            return list(self.reps)
        return [self.reps] * self.set_count

    @property
    def side_labels(self) -> list[str | None]:
        """The sides in order, or `[None]` for an exercise done once."""
        return list(self.sides) if self.sides else [None]

    @property
    def self_paced(self) -> bool:
        """True for reps with neither hold nor tempo: the user says when a set is done."""
        return self.reps is not None and self.hold is None and self.tempo is None

    def work_seconds_per_set(self) -> list[float] | None:
        """The clocked work time of each set, or None when the sets are self-paced."""
        if self.duration is not None:
            return [self.duration] * self.set_count
        if self.breathing is not None:
            return [self.breathing.cycle_seconds * self.breathing.cycle_count]
        per_rep = self.hold if self.hold is not None else self.tempo
        if per_rep is None:
            return None
        return [n * per_rep for n in self.rep_counts or []]

    def planned_seconds(self, defaults: Defaults) -> float:
        """Planned time for this exercise: get-ready, work, rests and side switches.

        Self-paced sets count about 3 s a rep. Check-ins and rest after the exercise are not
        included.
        """
        work = self.work_seconds_per_set()
        if work is None:
            work = [n * SELF_PACED_SECONDS_PER_REP for n in self.rep_counts or []]
        rest = self.rest if self.rest is not None else defaults.rest
        get_ready = self.get_ready if self.get_ready is not None else defaults.get_ready
        sides = len(self.side_labels)
        per_side = sum(work) + rest * (len(work) - 1)
        return get_ready + per_side * sides + defaults.switch_side * (sides - 1)


class Defaults(_Model):
    """Settings every exercise uses unless it says otherwise."""

    get_ready: Pause = 5
    """Countdown before each exercise."""
    rest: Pause = 30
    """Rest between sets (30 s: foam-rolling and McGill dosing, docs/clinical-basis.md)."""
    rest_between_exercises: Pause = 15
    """Rest after each exercise before the next one's get-ready."""
    switch_side: Pause = 5
    """Time to change sides when an exercise has `sides`."""
    checkin: CheckinWhen = "after_exercise"
    """When to ask about pain: after each exercise, set or side, or never."""
    auto_advance: bool = True
    """False: wait for a key before each exercise."""


class Safety(_Model):
    """When a session stops for pain (defaults and their sources: docs/clinical-basis.md)."""

    stop_at: Annotated[int, Field(ge=1, le=10)] = 6
    """Pain (0-10) at or above which the session ends (Silbernagel 2007: over 5 is too much)."""
    max_rise: Annotated[int, Field(ge=1, le=10)] | None = 2
    """Points above the pain before the session that end it (about the minimal important change
    of the 0-10 scale); null turns this rule off."""
    stop_on: list[Flag] = list(FLAGS)
    """Flags that end the session at once: sharp pain, pain spreading down the leg, new numbness
    or tingling."""
    screen: Literal["always", "daily", "never"] = "daily"
    """When to ask the red-flag questions before a session: every time, the first session of each
    day, or never."""

    @field_validator("stop_on")
    @classmethod
    def _distinct_flags(cls, value: list[Flag]) -> list[Flag]:
        return list(dict.fromkeys(value))


class Routine(_Model):
    """A home exercise program: a list of exercises with their dosing and safety settings."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    """The routine's title."""
    description: Annotated[str, Field(min_length=1, max_length=4000)]
    """What the routine is for and who it suits, in a sentence or two."""
    author: Annotated[str, Field(max_length=200)] | None = None
    """Who wrote it (you, or your therapist)."""
    equipment: list[Text] = []
    """What you need, e.g. `[foam roller, mat]`."""
    defaults: Defaults = Defaults()
    """Get-ready, rests, side switches and check-ins for every exercise that does not set its
    own."""
    safety: Safety = Safety()
    """When the session stops for pain."""
    sound: SoundOverrides | None = None
    """Your own WAV file for a cue, by cue name, for the whole routine (paths relative to the
    routine file)."""
    exercises: Annotated[list[Exercise], Field(min_length=1, max_length=MAX_EXERCISES)]
    """The exercises, in order."""

    @model_validator(mode="after")
    def _total(self) -> Routine:
        total = self.planned_seconds()
        if total > MAX_ROUTINE:
            raise ValueError(
                f"the routine would take {format_duration(total)}; the limit is 4 hours"
            )
        return self

    def planned_seconds(self) -> float:
        """Planned length of a session, rests between exercises included, check-ins not."""
        between = self.defaults.rest_between_exercises * (len(self.exercises) - 1)
        return math.fsum(e.planned_seconds(self.defaults) for e in self.exercises) + between


def field_docs() -> dict[str, dict[str, str]]:
    """The docstring under each field of each model in this file, by model and field name.

    Returns:
        `{model name: {field name: docstring}}`, docstrings dedented as `inspect.cleandoc` does.
    """
    tree = ast.parse(Path(__file__).read_text("utf-8"))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a routine file, for editors (`hep schema`); each field's docstring is
    its description."""
    schema = Routine.model_json_schema()
    docs = field_docs()
    for name, part in [("Routine", schema), *schema["$defs"].items()]:
        for field, spec in part.get("properties", {}).items():
            if field in docs.get(name, {}):
                spec["description"] = docs[name][field]
    # A cue may be written as plain text; the model turns it into `{text: ...}` before validating.
    cues = schema["$defs"]["Exercise"]["properties"]["cues"]
    cues["items"] = {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 200}, cues["items"]]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hep routine"
    return schema
