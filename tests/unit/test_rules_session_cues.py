"""Cues that belong to an exercise, one test per rule: a counted rep is said and shown by its
number, a breath by its phase, and an exercise's own sound files play for its cues (its go, its
end, a stop during it) instead of the built-in ones (docs/authoring.md, "Sounds").

Driven through the conductor with the engine's fake clock and a sound player that records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.routine.loader import LoadedRoutine
from player.routine.models import Routine
from player.session.safety import CheckinAnswer
from tests.doubles import RecordingSoundPlayer

SOUNDS = {"go": "go.wav", "exercise_done": "done.wav", "stopped": "stopped.wav"}
"""An exercise's own WAV files, by cue, relative to the routine's folder."""


def routine(*exercises: dict[str, Any], **defaults: Any) -> Routine:
    return Routine.model_validate(
        {
            "name": "Cues",
            "description": "Cue rules.",
            "exercises": list(exercises),
            "defaults": {"checkin": "none", "get_ready": 0, "rest_between_exercises": 0} | defaults,
            "safety": {"screen": "never"},
        }
    )


def started(r: Routine, folder: Path | None = None) -> tuple[Conductor, RecordingSoundPlayer]:
    """A conductor past the pain question before the session (1/10)."""
    sound = RecordingSoundPlayer()
    source: Routine | LoadedRoutine = r
    if folder is not None:
        source = LoadedRoutine(r, folder / "cues.yaml", "cues", "0" * 64, False, folder)
    c = Conductor(source, Dependencies(sound=sound))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    return c, sound


def test_each_counted_rep_is_shown_by_its_number() -> None:
    c, sound = started(routine({"name": "Squat", "reps": 3, "tempo": 2}))
    notices = [n for now in range(1, 7) for n in c.tick(float(now))]
    assert [n.text for n in notices if n.kind == "rep"] == ["Rep 2 of 3", "Rep 3 of 3"]
    assert [text for kind, text, _ in sound.calls if kind == "say"][-2:] == ["2", "3"]


def test_each_breath_is_shown_by_its_phase() -> None:
    c, _ = started(
        routine({"name": "Breathe", "breathing": {"inhale": 4, "exhale": 6, "cycles": 2}})
    )
    notices = [n for now in range(1, 20) for n in c.tick(float(now))]
    assert [n.text for n in notices if n.text.startswith("Breathe")] == [
        "Breathe out",
        "Breathe in",
        "Breathe out",
    ]


def test_an_exercises_own_sounds_play_for_its_go_and_its_end(tmp_path: Path) -> None:
    calves = {"name": "Calves", "duration": 20, "sound": SOUNDS}
    c, sound = started(routine(calves), tmp_path)
    c.tick(30.0)
    assert c.stage in ("final", "done")
    own = {name: path for kind, name, path in sound.calls if kind == "cue"}
    folder = tmp_path.resolve()
    assert own["go"] == folder / "go.wav"
    assert own["exercise_done"] == folder / "done.wav"
    assert own["session_done"] is None  # the routine has no sound of its own for it


def test_an_exercises_own_sound_plays_when_a_session_stops_during_it(tmp_path: Path) -> None:
    calves = {"name": "Calves", "duration": 20, "sets": 2, "rest": 10, "sound": SOUNDS}
    c, sound = started(routine(calves, checkin="after_set"), tmp_path)
    c.tick(20.0)
    assert c.prompt is not None and c.prompt.kind == "pain"
    c.answer_pain(21.0, CheckinAnswer(7))
    assert c.outcome == "stopped_pain"
    stopped = [path for kind, name, path in sound.calls if kind == "cue" and name == "stopped"]
    assert stopped == [tmp_path.resolve() / "stopped.wav"]
