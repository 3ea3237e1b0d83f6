"""What the engine says happened: step, cue, check-in, control and end events."""

from __future__ import annotations

from dataclasses import dataclass

from player.cues import CueName
from player.session.plan import Step


@dataclass(frozen=True)
class Event:
    """Something that happened in a session.

    `at` is the moment in the caller's clock (the `now` it happened at, which for a late tick
    is earlier than the tick); `clock` is the session's active seconds at that moment (time
    since the start minus paused spans), the figure the journal stores.
    """

    at: float
    """When, in the caller's `now` units."""
    clock: float
    """Active session seconds (paused time left out) when it happened."""


@dataclass(frozen=True)
class StepStarted(Event):
    """A step began."""

    step: Step


@dataclass(frozen=True)
class StepFinished(Event):
    """A step ended: ran out, was skipped, answered, done, or cut short by a stop or back."""

    step: Step
    skipped: bool
    """True when the step did not run to its end (skip, back, stop)."""
    elapsed: float
    """Active seconds the step ran."""


@dataclass(frozen=True)
class CueDue(Event):
    """A cue should be heard (and shown) now."""

    name: CueName
    step: Step | None
    count: int | None = None
    """For `count`: the number (3, 2, 1)."""


@dataclass(frozen=True)
class CueLine(Event):
    """A routine's cue line shows from now (said aloud with --voice)."""

    text: str
    step: Step


@dataclass(frozen=True)
class CheckinRequested(Event):
    """A check-in step began: ask about pain, then call `Engine.checkin_answered`."""

    step: Step


@dataclass(frozen=True)
class ExerciseDone(Event):
    """An exercise's last work step ended (or the exercise was skipped)."""

    exercise: str
    exercise_index: int
    skipped: bool
    """True when any of its work was skipped."""
    elapsed: float
    """Active seconds from the exercise's first step to its end."""


@dataclass(frozen=True)
class Paused(Event):
    """The session was paused."""


@dataclass(frozen=True)
class Resumed(Event):
    """The session was resumed."""


@dataclass(frozen=True)
class Skipped(Event):
    """The user skipped forward from `step`."""

    step: Step


@dataclass(frozen=True)
class WentBack(Event):
    """The user went back from `step` to the start of `to`."""

    step: Step
    to: Step


@dataclass(frozen=True)
class SessionDone(Event):
    """The last step ended: the session is complete."""


@dataclass(frozen=True)
class Stopped(Event):
    """The session was stopped before its end."""

    step: Step | None
    """The step it was stopped in."""
