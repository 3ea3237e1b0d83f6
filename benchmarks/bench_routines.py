"""Routine files made up for the benchmarks: one-exercise, long mixed, and many varied ones."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

QUIET = {"checkin": "none"}  # no check-ins: a benchmark's session runs without questions
NO_SCREEN = {"screen": "never"}


def _routine(name: str, exercises: list[dict[str, Any]], **defaults: Any) -> dict[str, Any]:
    return {
        "name": name,
        "description": "Made up by benchmarks/bench_routines.py.",
        "defaults": {**QUIET, **defaults},
        "safety": NO_SCREEN,
        "exercises": exercises,
    }


def write(path: Path, routine: dict[str, Any]) -> Path:
    """Write a routine as YAML.

    Args:
        path: The file to write.
        routine: The routine as plain data.

    Returns:
        The path.
    """
    path.write_text(yaml.safe_dump(routine, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def one_exercise(kind: str, seconds: int) -> dict[str, Any]:
    """A routine of one timed or breathing exercise lasting `seconds`, after a 2 s get-ready.

    Args:
        kind: `timed` or `breathing`.
        seconds: Length of the exercise.

    Returns:
        The routine as plain data.
    """
    if kind == "timed":
        exercise: dict[str, Any] = {"name": "Wall sit", "duration": seconds}
    else:
        breathing = {"inhale": 4, "exhale": 6, "duration": seconds}
        exercise = {"name": "Slow breathing", "breathing": breathing}
    return _routine(f"Bench {kind}", [exercise], get_ready=2)


def long_routine(minutes: int) -> dict[str, Any]:
    """A routine of exactly `minutes` planned minutes: timed sets, holds and breathing, with rests.

    Args:
        minutes: The planned length (at least 2).

    Returns:
        The routine as plain data.
    """
    from player.routine.models import Routine

    block = [
        {"name": "Calf roll", "duration": 30, "sets": 2},
        {"name": "Bird dog", "reps": 3, "hold": 8, "sides": ["left", "right"]},
        {"name": "Box breathing", "breathing": {"inhale": 4, "exhale": 4, "cycles": 4}},
    ]
    defaults = {"get_ready": 5, "rest": 10, "rest_between_exercises": 5, "switch_side": 5}
    target = minutes * 60.0
    exercises: list[dict[str, Any]] = []

    def planned(items: list[dict[str, Any]]) -> float:
        return Routine.model_validate(_routine("x", items, **defaults)).planned_seconds()

    number = 0
    while True:
        number += 1
        more = exercises + [{**e, "name": f"{e['name']} {number}"} for e in block]
        if planned(more) > target - 30:
            break
        exercises = more
    tail = target - (planned(exercises) + 5 + 5 if exercises else 5)  # between + get-ready
    exercises.append({"name": "Cool down", "duration": tail})
    routine = _routine(f"Bench {minutes} minutes", exercises, **defaults)
    assert planned(exercises) == target, (planned(exercises), target)
    return routine


def varied(rng: random.Random, number: int) -> dict[str, Any]:
    """A valid routine drawn at random from every kind of exercise and most optional keys.

    Args:
        rng: The random source.
        number: Used in the routine's name.

    Returns:
        The routine as plain data.
    """
    exercises = []
    for i in range(rng.randint(1, 12)):
        e: dict[str, Any] = {"name": f"Exercise {i + 1}"}
        kind = rng.choice(["duration", "hold", "tempo", "self", "pyramid", "cycles", "span"])
        if kind == "duration":
            e |= {"duration": rng.choice([30, "45s", "1m", "1m30s"]), "sets": rng.randint(1, 3)}
        elif kind == "hold":
            e |= {"reps": rng.randint(3, 10), "hold": rng.choice([5, "8s", 10])}
        elif kind == "tempo":
            e |= {"reps": rng.randint(5, 15), "tempo": 3, "sets": rng.randint(1, 3)}
        elif kind == "self":
            e |= {"reps": rng.randint(5, 20)}
        elif kind == "pyramid":
            e |= {"reps": [5, 3, 1], "hold": "8s"}
        elif kind == "cycles":
            e |= {"breathing": {"inhale": 4, "hold": 4, "exhale": 4, "cycles": rng.randint(3, 8)}}
        else:
            e |= {"breathing": {"inhale": "4s", "exhale": "6s", "duration": "2m"}}
        if rng.random() < 0.3 and kind != "cycles" and kind != "span":
            e["sides"] = ["left", "right"]
        if rng.random() < 0.5:
            e["instructions"] = "Move slowly.\nKeep breathing.\n" * rng.randint(1, 4)
        if rng.random() < 0.5:
            e["cues"] = ["Keep the back flat"]
            if kind != "self":
                e["cues"].append({"text": "Breathe", "at": 1})
        if rng.random() < 0.3:
            e["rest"] = rng.choice([0, 15, "20s"])
            e["checkin"] = rng.choice(["after_set", "after_exercise", "none"])
        exercises.append(e)
    routine = _routine(f"Generated {number}", exercises)
    routine["defaults"] = {"rest": rng.choice([20, 30]), "checkin": "after_exercise"}
    routine["safety"] = {"stop_at": rng.randint(5, 7), "screen": rng.choice(["daily", "never"])}
    if rng.random() < 0.5:
        routine["equipment"] = ["mat", "foam roller"][: rng.randint(1, 2)]
        routine["author"] = "benchmarks"
    return routine
