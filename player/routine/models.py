"""The routine format: pydantic models, one docstring per field (they become the JSON Schema)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from player.cues import CueName
from player.routine import breathing as breathing_module
from player.routine.breathing import Breathing
from player.routine.durations import describe, format_duration
from player.routine.fields import (
    Duration,
    FormatModel,
    ImagePath,
    Link,
    Pause,
    Reps,
    Text,
    describe_fields,
)
from player.routine.order import SELF_PACED_SECONDS_PER_REP
from player.routine.schema_rules import add_rules, given, none_of
from player.routine.shape import (
    FLAGS,
    MAX_DURATION,
    MAX_EXERCISES,
    MAX_SETS,
    RELAX_BETWEEN_HOLDS,
    STOP_POINTS,
    AlternateSides,
    CheckinWhen,
    DefaultsShape,
    ExerciseRules,
    Flag,
    RoutineRules,
)

SCHEMA_ID = "https://github.com/hep-player/hep-player/raw/main/routines/routine.schema.json"
"""The routine schema's stable name (`$id`): where the released schema is published."""

__all__ = [
    "MAX_DURATION",
    "SELF_PACED_SECONDS_PER_REP",
    "Breathing",
    "CueName",
    "Cue",
    "Defaults",
    "Exercise",
    "Routine",
    "Safety",
    "json_schema",
]


class Cue(FormatModel):
    """A short line shown (and, with --voice, spoken) during an exercise."""

    text: Text
    """The words of the cue, e.g. `Shoulders down, jaw loose`."""
    at: Pause | None = None
    """When to show it, as a time into each work period (each set, each side). Left out: shown
    throughout the exercise."""

    @model_validator(mode="before")
    @classmethod
    def _colon_in_plain_cue(cls, data: Any) -> Any:
        """A plain cue with `: ` in it (`- Breathe: in through the nose`), which YAML reads as
        a mapping of one key, is named as that rather than as a missing `text`."""
        if not isinstance(data, dict) or len(data) != 1:
            return data
        ((key, value),) = data.items()
        if not isinstance(key, str) or key in cls.model_fields:
            return data
        if difflib.get_close_matches(key, list(cls.model_fields), n=1, cutoff=0.6):
            return data  # a misspelt `text` or `at`: said as an unknown key
        if value is not None and not isinstance(value, str | int | float):
            return data
        typed = f"{key}: {'' if value is None else value}".rstrip()
        raise ValueError(
            "a cue with ': ' in it reads as a key and a value; put the cue in quotes, such as "
            f"- {json.dumps(typed, ensure_ascii=False)}"
        )


SoundOverrides = dict[CueName, Annotated[str, Field(min_length=1, max_length=4096)]]


class Exercise(FormatModel, ExerciseRules):
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
    rep_phases: (
        Annotated[
            dict[Annotated[str, Field(min_length=1, max_length=20)], Duration],
            Field(min_length=2, max_length=4),
        ]
        | None
    ) = None
    """With `reps`, instead of `tempo`: each counted rep in timed rep phases, in order, each
    named and called out as it starts, e.g. `{open: 2s, close: 2s}` (2 to 4 rep phases)."""
    breathing: Breathing | None = None
    """A paced breathing pattern."""
    sets: Annotated[int, Field(ge=1, le=MAX_SETS)] | None = None
    """How many sets (default 1, or the length of a `reps` list)."""
    sides: Annotated[list[Text], Field(min_length=1, max_length=4)] | None = None
    """Labels such as `[left, right]`: everything is done once per side, with a side switch
    between."""
    alternate_sides: AlternateSides = "none"
    """With `sides`: `none` does every set on one side, then the other; `set` does set 1 on
    each side, then set 2 on each side; `rep` alternates sides each rep within a set."""
    rest_between_reps: Pause | None = None
    """With `hold`: a relax between held reps; default from `defaults.rest_between_reps`.
    Counted reps flow one into the next and self-paced reps are your own, so they take none."""
    rest: Pause | None = None
    """Rest between sets; default from `defaults.rest`."""
    get_ready: Pause | None = None
    """Countdown before this exercise; default from `defaults.get_ready`."""
    checkin: CheckinWhen | None = None
    """When to ask about pain; default from `defaults.checkin`."""
    right_after: bool = False
    """`true`: this exercise follows the previous one at once, with no rest between them and
    no get-ready (a handout's "60 s, then 3 extensions"). Not on the first exercise."""
    sound: SoundOverrides | None = None
    """Your own WAV file for a cue during this exercise, by cue name, as a path relative to the
    routine file (at most 2 MB and 10 s)."""
    image: ImagePath | None = None
    """A picture of the exercise: a PNG or JPEG file beside the routine file (at most 2 MB), as
    a path relative to it; shown with the instructions (`i`)."""
    link: Link | None = None
    """A web address for the exercise, such as your therapist's video (http or https)."""

    @field_validator("sides", mode="before")
    @classmethod
    def _side_list(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, list):
            raise ValueError(
                "sides takes a label for each side, such as sides: [left, right] "
                f"(found {describe(value)})"
            )
        return value

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

    @model_validator(mode="before")
    @classmethod
    def _breathing_length_beside_it(cls, data: Any) -> Any:
        """A breathing exercise's length written beside `breathing` instead of under it."""
        if isinstance(data, dict) and isinstance(data.get("breathing"), dict):
            inner = data["breathing"]
            for key in ("duration", "cycles"):
                if key in data and "duration" not in inner and "cycles" not in inner:
                    raise ValueError(
                        f"a breathing exercise's {key} goes under breathing: indent "
                        f"'{key}: {data[key]}' below 'breathing:', beside its rate or phases"
                    )
        return data

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
        if self.rep_phases is not None:
            self._check_rep_phases()
        if self.breathing is not None and self.sets not in (None, 1):
            raise ValueError("breathing exercises have no sets; use cycles or duration")
        if isinstance(self.reps, list) and self.sets is not None and len(self.reps) != self.sets:
            raise ValueError(
                f"reps list has {len(self.reps)} counts but sets is {self.sets}; "
                "give one count per set or leave sets out"
            )
        self._check_sides_and_relax()
        if self.right_after and self.get_ready:
            raise ValueError(
                f"'{self.name}' has right_after: true, so it starts at once, with no get-ready; "
                f"leave get_ready out (found {format_duration(self.get_ready, tenths=True)})"
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
                at, length = (format_duration(t, tenths=True) for t in (cue.at, min(work)))
                raise ValueError(
                    f"cue '{cue.text}' at {at} is past the end of '{self.name}' ({length} of work)"
                )
        return self

    def _check_rep_phases(self) -> None:
        if self.reps is None:
            raise ValueError(f"'rep_phases' goes with reps (exercise '{self.name}' has no reps)")
        other = "hold" if self.hold is not None else "tempo" if self.tempo is not None else None
        if other is not None:
            raise ValueError(
                f"exercise '{self.name}' has both rep_phases and {other}; rep_phases times each "
                f"rep already (leave {other} out)"
            )

    def _check_sides_and_relax(self) -> None:
        if self.alternate_sides != "none" and len(self.side_labels) < 2:
            raise ValueError(
                f"alternate_sides: {self.alternate_sides} needs two or more sides, such as "
                f"sides: [left, right] (exercise '{self.name}' has "
                f"{'one' if self.sides else 'none'})"
            )
        if self.alternate_sides == "rep" and self.reps is None:
            raise ValueError(
                f"alternate_sides: rep alternates reps, and '{self.name}' has no reps (it is "
                f"timed by {self.kind}); use alternate_sides: set to alternate each set"
            )
        if self.rest_between_reps and self.hold is None:
            how = "counted reps flow one into the next (a longer tempo gives a slower rep)"
            if self.reps is None:
                how = f"'{self.name}' has no reps"
            elif self.self_paced:
                how = "self-paced reps are done at your own pace"
            raise ValueError(
                f"rest_between_reps is a relax between held reps; {how} "
                f"(found {format_duration(self.rest_between_reps, tenths=True)})"
            )


class Defaults(FormatModel, DefaultsShape):
    """Settings every exercise uses unless it says otherwise."""

    get_ready: Pause = 5
    """Countdown before each exercise."""
    rest: Pause = 30
    """Rest between sets (30 s: foam-rolling and McGill dosing, docs/clinical-basis.md)."""
    rest_between_exercises: Pause = 15
    """Rest after each exercise before the next one's get-ready."""
    switch_side: Pause = 5
    """Time to change sides when an exercise has `sides`."""
    rest_between_reps: Pause = RELAX_BETWEEN_HOLDS
    """A relax between held reps (`hold`), 3 s unless set; counted and self-paced reps take
    none."""
    checkin: CheckinWhen = "after_exercise"
    """When to ask about pain: after each exercise, set or side, or never."""
    auto_advance: bool = True
    """False: wait for a key before each exercise."""


class Safety(FormatModel):
    """When a session stops for pain (defaults and their sources: docs/clinical-basis.md)."""

    stop_at: Annotated[int, Field(ge=STOP_POINTS[0], le=STOP_POINTS[1])] = 6
    """Pain (0-10) at or above which the session ends (Silbernagel 2007: over 5 is too much)."""
    max_rise: Annotated[int, Field(ge=STOP_POINTS[0], le=STOP_POINTS[1])] | None = 2
    """Points above the pain before the session that end it (about the minimal important change
    of the 0-10 scale); null turns this rule off."""
    stop_on: list[Flag] = list(FLAGS)
    """Flags that end the session at once: sharp pain, pain spreading down the leg, new numbness
    or tingling."""
    screen: Literal["always", "daily", "never"] = "daily"
    """When to ask the red-flag questions before a session: every time, the first session of each
    day, or never."""
    advice: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    """A line added to every stop message, in both the app and the plain player, e.g. `Call the
    clinic on 01234 567890 if the pain has not settled by tomorrow.`"""

    @field_validator("stop_on")
    @classmethod
    def _distinct_flags(cls, value: list[Flag]) -> list[Flag]:
        return list(dict.fromkeys(value))


class Routine(FormatModel, RoutineRules):
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

    @field_validator("exercises")
    @classmethod
    def _first_follows_nothing(cls, value: list[Exercise]) -> list[Exercise]:
        if value and value[0].right_after:
            raise ValueError(
                f"the first exercise '{value[0].name}' has right_after: true, but no exercise "
                "before it to follow; leave right_after out"
            )
        return value

    @model_validator(mode="after")
    def _total(self) -> Routine:
        problem = self.too_long()
        if problem is not None:
            raise ValueError(problem)
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a routine file, for editors (`hep schema`); each field's docstring is
    its description."""
    schema = describe_fields(
        Routine.model_json_schema(), Path(__file__), Path(breathing_module.__file__)
    )
    # A cue may be written as plain text; the model turns it into `{text: ...}` before validating.
    cues = schema["$defs"]["Exercise"]["properties"]["cues"]
    cues["items"] = {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 200}, cues["items"]]}

    # Breathing is written as phases or as a rate, and lasts a number of cycles or a duration
    # (a key set to null counts as not given, as the loader reads it).
    schema["$defs"]["Breathing"].pop("required", None)
    schema["$defs"]["Breathing"]["allOf"] = [
        {
            "oneOf": [
                {"allOf": [given("inhale"), given("exhale"), none_of("rate", "ratio")]},
                {"allOf": [given("rate"), none_of("inhale", "exhale")]},
            ]
        },
        {"oneOf": [given("cycles"), given("duration")]},
    ]
    add_rules(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "hep routine"
    return schema
