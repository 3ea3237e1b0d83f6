"""Where a program stands on a day (its phase, and whether and why it holds), and the words
for a hold: what the lighter dose is and how long it lasts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from player.program.models import Program

Hold = Literal["morning", "stop", "break", "nerve"]
"""Why the program holds: a worse morning, a stopped session, a break, or a stop with pain
spreading down a leg, new numbness or a red flag (which needs the therapist)."""

THERAPIST = "Check with your therapist before going on."
"""What every decision says while a nerve sign holds the program (docs/programs.md)."""


@dataclass(frozen=True)
class Standing:
    """Where a program is on a day: its phase, since when, and whether (and why) it holds."""

    phase: int
    """The phase's index, from 0."""
    phase_start: date
    """The day the phase began (or began again)."""
    holding: bool = False
    """True while the lighter dose is in force."""
    worse_in_row: int = 0
    """Worse mornings on consecutive days so far."""
    complete: bool = False
    """True once the last phase's weeks are up and its rule holds."""
    hold: Hold | None = None
    """Why it holds (None when it does not)."""
    hold_since: date | None = None
    """The day the hold began."""
    caps: tuple[int, ...] = ()
    """After a step back: the phases whose lighter dose the day's load may not go above."""


def lighter_words(program: Program) -> str:
    """The lighter dose in words, e.g. `sets -1`."""
    return program.lighter.words() or "the same dose"


def hold_lasts_words(program: Program, hold: Hold | None) -> str:
    """How long a hold lasts, in words, e.g. `until a morning is back to your usual`."""
    if hold == "nerve":
        return "and not moving on"
    if hold == "break":
        return "until the last days show sessions and good mornings again"
    if program.hold_lasts == "today":
        return "for today"
    return "until a morning is back to your usual"
