"""The program format: phases of routines over weeks, and the rules that move between them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from player.answers import STIFFNESS as STIFFNESS
from player.answers import AnswerError, read_whole
from player.answers import Stiffness as Stiffness
from player.routine.shape import MAX_REPS, MAX_SETS

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The days of the week as program files write them, Monday first (`date.weekday()` order)."""
MAX_PHASES = 20
MAX_WEEKS = 52
SCALE_STEP = 0.0001
"""What two scales together are rounded to; a smaller product is kept as this (each rep
count comes to one rep either way), as a scale is above 0."""


class _Model(BaseModel):
    # Field docstrings become the schema's descriptions in `json_schema` (see describe_fields).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Dose(_Model):
    """A change to a routine's dose, applied when the session's plan is built; the routine
    file itself stays as it is."""

    sets: Annotated[int, Field(ge=-MAX_SETS, le=MAX_SETS)] = 0
    """Sets to add to every exercise that has sets (-1: one set fewer). An exercise keeps at
    least one set; a list of rep counts loses its last counts or repeats its last one."""
    reps: Annotated[int, Field(ge=-MAX_REPS, le=MAX_REPS)] = 0
    """Reps to add to every set of a reps exercise (1 turns 5, 3, 1 into 6, 4, 2). Each set
    keeps at least one rep."""
    reps_scale: Annotated[float, Field(gt=0, le=3)] = 1.0
    """Multiply every rep count by this, rounded, before `reps` is added (0.7: about 30%
    fewer reps)."""

    @property
    def is_plain(self) -> bool:
        """True when the dose changes nothing."""
        return self.sets == 0 and self.reps == 0 and self.reps_scale == 1.0

    def plus(self, other: Dose) -> Dose:
        """This change followed by `other`: sets and reps add up, scales multiply."""
        return Dose(
            sets=max(-MAX_SETS, min(MAX_SETS, self.sets + other.sets)),
            reps=max(-MAX_REPS, min(MAX_REPS, self.reps + other.reps)),
            reps_scale=min(3.0, max(SCALE_STEP, round(self.reps_scale * other.reps_scale, 4))),
        )

    def words(self) -> str:
        """The change as a program file writes it: `sets -1, reps x0.7`; empty when plain."""
        parts = []
        if self.sets:
            parts.append(f"sets {self.sets:+d}")
        if self.reps_scale != 1.0:
            parts.append(f"reps x{self.reps_scale:g}")
        if self.reps:
            parts.append(f"reps {self.reps:+d}")
        return ", ".join(parts)


class Prescription(Dose):
    """One routine of a phase and when it is due: `every: day`, `days: [mon, wed, fri]` or
    `per_week: 3` (exactly one of them), with the phase's change to its dose (`sets`, `reps`,
    `reps_scale`, as in `Dose`)."""

    routine: Annotated[str, Field(min_length=1, max_length=4096)]
    """A built-in or user routine name (`core-stabilization`), or a path to a routine file
    relative to the program file, inside its folder."""
    every: Literal["day"] | None = None
    """`day`: due every day."""
    days: Annotated[list[Weekday], Field(min_length=1, max_length=7)] | None = None
    """Due on these days of the week, e.g. `[mon, wed, fri]`."""
    per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    """Due on any day until it has been done this many times in the week (Monday to Sunday)."""

    @field_validator("days")
    @classmethod
    def _distinct_days(cls, value: list[Weekday] | None) -> list[Weekday] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError(f"each day may be named once (found {', '.join(value)})")
        if value is not None:
            value = sorted(value, key=WEEKDAYS.index)
        return value

    @model_validator(mode="after")
    def _one_schedule(self) -> Prescription:
        given = [k for k in ("every", "days", "per_week") if getattr(self, k) is not None]
        if len(given) != 1:
            found = " and ".join(given) if given else "none of them"
            raise ValueError(
                f"routine '{self.routine}' needs exactly one of every, days or per_week "
                f"(found {found})"
            )
        return self

    @property
    def dose(self) -> Dose:
        """The phase's change to the routine's dose."""
        return Dose(sets=self.sets, reps=self.reps, reps_scale=self.reps_scale)

    def when(self) -> str:
        """When it is due, in words: `every day`, `Mon Wed Fri`, `3 a week`."""
        if self.every is not None:
            return "every day"
        if self.days is not None:
            return " ".join(day.capitalize() for day in self.days)
        return f"{self.per_week} a week"


class AdvanceWhen(_Model):
    """What has to be true, once the phase's weeks are up, to move on to the next phase
    (pain-monitoring model; defaults and sources in docs/clinical-basis.md)."""

    sessions: Annotated[int, Field(ge=0, le=1000)] = 6
    """Sessions done in the phase (any of its routines; previews and sessions in which every
    exercise was skipped do not count)."""
    max_pain: Annotated[int, Field(ge=0, le=10)] = 3
    """No session in the evidence window (`evidence.days`) may have reached a pain above this
    (0-10; 0-3 is the model's "safe" band)."""
    good_mornings: Annotated[int, Field(ge=0, le=60)] = 3
    """Good morning checks (not worse than usual) on consecutive days up to the day of moving
    on, in this phase and inside the evidence window."""


class Phase(_Model):
    """A stretch of weeks with its own routines and doses."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    """What the phase is called, e.g. `Settle` or `Build`."""
    description: Annotated[str, Field(max_length=2000)] | None = None
    """What the phase is for, and anything done outside hep (such as easy runs)."""
    weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)]
    """How long the phase lasts at least; it ends once these weeks are up and `advance_when`
    holds."""
    routines: Annotated[list[Prescription], Field(min_length=1, max_length=20)]
    """The routines of the phase and when each is due."""
    advance_when: AdvanceWhen = AdvanceWhen()
    """What has to be true to move on once the weeks are up."""

    @property
    def days(self) -> int:
        """The phase's planned length in days."""
        return self.weeks * 7


class Morning(_Model):
    """The next-morning check (Silbernagel 2007: pain and stiffness should settle by the
    next morning)."""

    worse_by: Annotated[int, Field(ge=1, le=10)] = 2
    """A morning is worse when its pain is this many points or more above your usual (2: the
    smallest change people with back pain notice as real)."""
    usual_of: Annotated[int, Field(ge=1, le=60)] = 7
    """Your usual morning pain is the middle value (median) of this many earlier mornings."""
    ask_stiffness: bool = True
    """Also ask how long the morning stiffness lasted: none, under 30 minutes, over 30."""
    stiffness_worse: bool = True
    """A morning is also worse when the stiffness lasted longer than your usual (the usual
    band of your good mornings: none, under 30 minutes, over 30)."""


class Evidence(_Model):
    """What moving on stands on: fresh, sufficient evidence from the last days."""

    days: Annotated[int, Field(ge=1, le=60)] = 7
    """The window: the last this many days before the day of moving on ("through the last
    week")."""
    sessions: Annotated[int, Field(ge=0, le=100)] = 3
    """Sessions done in the window, after any break (previews and sessions in which every
    exercise was skipped do not count)."""
    break_days: Annotated[int, Field(ge=1, le=60)] = 4
    """This many days or more without a session is a break: the person comes back at the
    lighter dose and the program does not move on until the window holds fresh evidence."""


class Program(_Model):
    """A home program over weeks: phases of routines, the next-morning check, and how the
    program moves between phases."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    """The program's title."""
    description: Annotated[str, Field(min_length=1, max_length=4000)]
    """What the program is for and who it suits."""
    author: Annotated[str, Field(max_length=200)] | None = None
    """Who wrote it (you, or your therapist)."""
    phases: Annotated[list[Phase], Field(min_length=1, max_length=MAX_PHASES)]
    """The phases, in order."""
    morning: Morning = Morning()
    """The next-morning check."""
    on_worse_morning: Literal["hold", "step_back"] = "hold"
    """After a worse morning: `hold` keeps the phase with a lighter dose (and steps back a
    phase on the second worse morning in a row); `step_back` steps back at once."""
    on_stopped_session: Literal["hold", "stay"] = "hold"
    """After a session stopped by the pain rules: `hold` (lighter dose until a morning is back
    to your usual) or `stay` (leave it to the next morning)."""
    lighter: Dose = Dose(sets=-1)
    """The lighter dose while the program holds (one set fewer; about 30% fewer reps is
    `reps_scale: 0.7`)."""
    hold_lasts: Literal["until_normal", "today"] = "until_normal"
    """How long the lighter dose after a worse morning or a stopped session lasts:
    `until_normal` (until a morning is back to your usual) or `today` (that day only, as in
    "drop a set that day")."""
    evidence: Evidence = Evidence()
    """The window of days that moving on stands on, and what a break is."""
    on_stop: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    """Advice shown whenever a session of the program stops, e.g. `Call the clinic on 01234
    567890 if the pain has not settled by tomorrow.`"""

    @field_validator("phases")
    @classmethod
    def _distinct_names(cls, value: list[Phase]) -> list[Phase]:
        names = [phase.name.lower() for phase in value]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise ValueError(f"phase names must differ (found '{value[i].name}' twice)")
        return value

    @property
    def weeks(self) -> int:
        """The planned length of the whole program."""
        return sum(phase.weeks for phase in self.phases)

    def phase_index(self, name_or_number: str) -> int | None:
        """The index of a phase given by name (any case) or number from 1, or None."""
        text = name_or_number.strip()
        try:
            number = read_whole(text, 1, len(self.phases))
        except AnswerError:
            pass
        else:
            return number - 1
        for i, phase in enumerate(self.phases):
            if phase.name.lower() == text.lower():
                return i
        return None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a program file, for editors (`hep program schema`)."""
    from player.routine.fields import describe_fields  # the routine format's, when asked

    schema = describe_fields(Program.model_json_schema(), Path(__file__))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hep program"
    return schema
