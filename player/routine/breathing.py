"""Paced breathing: the phases written out, or a rate in breaths a minute and a ratio."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from player.routine.durations import format_duration
from player.routine.fields import BreathRate, Duration, FormatModel, Pause, Ratio
from player.routine.shape import BreathingRules


class Breathing(FormatModel, BreathingRules):
    """A paced breathing pattern, repeated for a number of cycles or for a length of time.

    Give the phases (`inhale` and `exhale`, with optional holds), or a `rate` in breaths a
    minute with a `ratio` of in to out: `{rate: 6, ratio: "2:3"}` is `{inhale: 4, exhale: 6}`.
    """

    inhale: Duration | None = None
    """Seconds to breathe in (or give `rate`)."""
    hold: Pause = 0
    """Seconds to hold after breathing in (0 for none)."""
    exhale: Duration | None = None
    """Seconds to breathe out (or give `rate`)."""
    hold_after: Pause = 0
    """Seconds to hold after breathing out (0 for none)."""
    rate: BreathRate | None = None
    """Breaths a minute (2 to 30), instead of `inhale` and `exhale`: the time of a breath less
    any holds is split between in and out by `ratio`."""
    ratio: Ratio | None = None
    """With `rate`: breathing in to breathing out, such as `"2:3"` (out longer than in). Default
    `"1:1"`. Quote it: YAML reads an unquoted 2:3 as text here, but other tools may not."""
    cycles: Annotated[int, Field(ge=1, le=500)] | None = None
    """How many breaths. Give this or `duration`, not both."""
    duration: Duration | None = None
    """How long to keep breathing; rounded to whole breaths. Give this or `cycles`, not both."""

    @model_validator(mode="after")
    def _one_length(self) -> Breathing:
        if (self.cycles is None) == (self.duration is None):
            found = "both" if self.cycles is not None else "neither"
            raise ValueError(f"breathing needs exactly one of cycles or duration (found {found})")
        given = [k for k in ("inhale", "exhale") if getattr(self, k) is not None]
        if self.rate is None:
            if self.ratio is not None:
                raise ValueError("ratio goes with rate: give rate: 6 with ratio, or leave it out")
            if len(given) < 2:
                raise ValueError(
                    "breathing needs inhale and exhale, or a rate such as rate: 6 "
                    f"(found {' and '.join(given) if given else 'neither'})"
                )
        elif given:
            raise ValueError(
                f"give rate or inhale and exhale, not both (found rate and {' and '.join(given)})"
            )
        elif self.breathing_seconds <= 0:
            holds = format_duration(self.hold + self.hold_after)
            raise ValueError(
                f"at {self.rate:g} breaths a minute a breath lasts "
                f"{format_duration(60 / self.rate)}: the holds ({holds}) leave no time to "
                "breathe in and out"
            )
        return self
