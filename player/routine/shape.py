"""The routine format without pydantic: its limits and words, and the rules read from a routine's
values (how an exercise is timed, its sets and reps, a breath's rep phases, the planned time).

The pydantic models (`player.routine.models`) validate a file; the compiled form
(`player.routine.compiled`) plays a routine validated before. Both take these rules from here,
so a routine means the same whichever form it is in, and playing it needs no pydantic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from player.cues import CueName
from player.routine.durations import format_duration
from player.routine.order import exercise_order

MAX_EXERCISES = 500
MAX_DURATION = 2 * 3600.0  # any one duration value
MAX_ROUTINE = 4 * 3600.0  # the whole planned session
MAX_CALLED = 50_000
"""The most moments a routine may call out one by one (sets, reps, rep phases, phases of a
breath): a 4-hour routine of 1-second reps in two rep phases calls out 28,800. Durations of a
microsecond would otherwise fit millions into 4 hours, and each is laid out before it plays."""
MAX_SETS = 20
MAX_REPS = 200
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096
"""The most pixels a picture may have (a 12-megapixel phone photo fits): a small file can
decode to gigabytes (a 140 KB PNG of 144 megapixels took the app to 902 MB)."""
BREATH_RATES = (2, 30)
"""Breaths a minute a `rate` may give: slow breathing is about 6 (docs/clinical-basis.md); below
2 or above 30 is no breathing pattern anyone is prescribed."""
STOP_POINTS = (1, 10)
"""The pain a routine may stop at, and the rise it may stop for: points on the 0-10 scale."""
RELAX_BETWEEN_HOLDS = 3.0
"""The default relax between held reps: a few seconds to let go before the next hold."""

LINES_KEPT = frozenset({"description", "instructions"})
"""The text fields shown as several lines (a routine's or a program's description, an
exercise's instructions); every other text is shown as one line, so a file cannot make a line
that reads as hep's own."""

CheckinWhen = Literal["after_exercise", "after_set", "after_side", "none"]
AlternateSides = Literal["none", "rep", "set"]
Flag = Literal["sharp", "spreading", "numbness"]
FLAGS: tuple[Flag, ...] = ("sharp", "spreading", "numbness")
ExerciseKind = Literal["duration", "reps", "breathing"]


def ratio_text(value: tuple[float, float]) -> str:
    """A breathing ratio as a routine file writes it (`2:3`), so a dumped routine loads back."""
    return f"{value[0]:g}:{value[1]:g}"


class BreathingRules:
    """What a breathing pattern's values give: the rep phases of one breath, how many breaths."""

    if TYPE_CHECKING:
        inhale: float | None
        hold: float
        exhale: float | None
        hold_after: float
        rate: float | None
        ratio: tuple[float, float] | None
        cycles: int | None
        duration: float | None

    @property
    def breathing_seconds(self) -> float:
        """Seconds of one breath spent breathing in and out (holds left out)."""
        if self.rate is None:
            return (self.inhale or 0.0) + (self.exhale or 0.0)
        return 60 / self.rate - self.hold - self.hold_after

    @property
    def inhale_seconds(self) -> float:
        """Seconds to breathe in, given or worked out from the rate."""
        if self.inhale is not None:
            return self.inhale
        breathe_in, breathe_out = self.ratio or (1.0, 1.0)
        return self.breathing_seconds * breathe_in / (breathe_in + breathe_out)

    @property
    def exhale_seconds(self) -> float:
        """Seconds to breathe out, given or worked out from the rate."""
        if self.exhale is not None:
            return self.exhale
        return self.breathing_seconds - self.inhale_seconds

    @property
    def rep_phases(self) -> tuple[tuple[str, float], ...]:
        """One breath as (rep phase, seconds): `inhale`, `hold`, `exhale`, `hold_after`."""
        return (
            ("inhale", self.inhale_seconds),
            ("hold", self.hold),
            ("exhale", self.exhale_seconds),
            ("hold_after", self.hold_after),
        )

    @property
    def cycle_seconds(self) -> float:
        """The length of one breath: in, hold, out, hold."""
        return math.fsum(seconds for _, seconds in self.rep_phases)

    @property
    def cycle_count(self) -> int:
        """How many whole breaths are played."""
        if self.cycles is not None:
            return self.cycles
        assert self.duration is not None
        return max(1, round(self.duration / self.cycle_seconds))

    @property
    def total_seconds(self) -> float:
        """The length of the whole pattern: every breath."""
        return self.cycle_seconds * self.cycle_count


class DefaultsShape:
    """The settings every exercise uses unless it says otherwise (typed for the rules)."""

    if TYPE_CHECKING:
        get_ready: float
        rest: float
        rest_between_exercises: float
        switch_side: float
        rest_between_reps: float
        checkin: CheckinWhen
        auto_advance: bool


class ExerciseRules:
    """What an exercise's values give: its kind, sets, reps, sides and planned time."""

    if TYPE_CHECKING:
        name: str
        duration: float | None
        reps: int | list[int] | None
        hold: float | None
        tempo: float | None
        rep_phases: Mapping[str, float] | None
        breathing: BreathingRules | None
        sets: int | None
        sides: list[str] | None
        alternate_sides: AlternateSides
        rest_between_reps: float | None
        rest: float | None
        get_ready: float | None
        checkin: CheckinWhen | None
        right_after: bool
        sound: Mapping[CueName, str] | None
        image: str | None

    def rest_seconds(self, defaults: DefaultsShape) -> float:
        """Rest between sets: the exercise's own, or the routine's default."""
        return self.rest if self.rest is not None else defaults.rest

    def get_ready_seconds(self, defaults: DefaultsShape) -> float:
        """The countdown before the exercise: its own, or the routine's default (none when it
        follows the previous one `right_after`)."""
        if self.right_after:
            return 0.0
        return self.get_ready if self.get_ready is not None else defaults.get_ready

    def relax_seconds(self, defaults: DefaultsShape) -> float:
        """The relax between held reps (0 for anything but held reps)."""
        if self.hold is None:
            return 0.0
        own = self.rest_between_reps
        return own if own is not None else defaults.rest_between_reps

    def checkin_when(self, defaults: DefaultsShape) -> CheckinWhen:
        """When to ask about pain: the exercise's own setting, or the routine's default."""
        return self.checkin if self.checkin is not None else defaults.checkin

    @property
    def kind(self) -> ExerciseKind:
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
        """True for reps with neither hold nor tempo (nor timed phases): the user says when a
        set is done."""
        return self.reps is not None and self.hold is None and self.counted_seconds is None

    @property
    def counted_seconds(self) -> float | None:
        """Seconds of one counted rep: the `tempo`, or its timed phases added up; None when
        reps are not counted for you."""
        if self.rep_phases:
            return math.fsum(self.rep_phases.values())
        return self.tempo

    def called_out(self) -> int:
        """How many moments the exercise calls out one by one: each set on each side, or each
        rep and each of its rep phases, or each phase of each breath."""
        sides = len(self.side_labels)
        if self.breathing is not None:
            breath = self.breathing.cycle_count * len(self.breathing.rep_phases)
            return self.set_count * sides * breath
        counts = self.rep_counts
        if counts is None:
            return self.set_count * sides
        return sides * sum(counts) * max(1, len(self.rep_phases or ()))

    def work_seconds_per_set(self) -> list[float] | None:
        """The clocked work time of each set on one side, or None when the sets are
        self-paced."""
        if self.duration is not None:
            return [self.duration] * self.set_count
        if self.breathing is not None:
            return [self.breathing.total_seconds]
        per_rep = self.hold if self.hold is not None else self.counted_seconds
        if per_rep is None:
            return None
        return [n * per_rep for n in self.rep_counts or []]

    def planned_seconds(self, defaults: DefaultsShape) -> float:
        """Planned time for this exercise: get-ready, work, relaxes, rests and side switches,
        as `player.routine.order` lays them out (the plan's steps come from the same order).

        Self-paced sets count about 3 s a rep. Check-ins and rest after the exercise are not
        included.
        """
        blocks = exercise_order(self, defaults)
        return self.get_ready_seconds(defaults) + math.fsum(b.seconds for b in blocks)


class RoutineRules:
    """What a whole routine's values give: its planned length."""

    if TYPE_CHECKING:
        defaults: DefaultsShape
        exercises: Sequence[ExerciseRules]

    def planned_seconds(self) -> float:
        """Planned length of a session, rests between exercises included, check-ins not."""
        joins = sum(1 for e in self.exercises[1:] if not e.right_after)
        between = self.defaults.rest_between_exercises * joins
        return math.fsum(e.planned_seconds(self.defaults) for e in self.exercises) + between

    def too_long(self) -> str | None:
        """Why the routine is longer than the format allows (`MAX_CALLED`, then `MAX_ROUTINE`),
        or None. The moments are counted first: laying them out costs time for each."""
        called = sum(e.called_out() for e in self.exercises)
        if called > MAX_CALLED:
            return (
                f"the routine would call out {called:,} sets, reps, rep phases and breaths one "
                f"by one; the limit is {MAX_CALLED:,}"
            )
        total = self.planned_seconds()
        if total > MAX_ROUTINE:
            return f"the routine would take {format_duration(total)}; the limit is 4 hours"
        return None
