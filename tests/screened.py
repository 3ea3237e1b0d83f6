"""A routine that asks the red-flag questions before every session, and a session of it
started on a journal: for the tests of what a yes there leads to."""

from __future__ import annotations

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.routine.models import Routine

SCREENED = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "safety": {"screen": "always"},
        "exercises": [{"name": "Bird dog", "duration": 20}],
    }
)
"""One exercise, the red-flag questions before every session."""


def screened_session(journal: Journal) -> Conductor:
    """A session of `SCREENED` kept in `journal`, at its first red-flag question."""
    c = Conductor(SCREENED, Dependencies(recorder=SessionRecorder(journal)))
    c.start(0.0)
    return c
