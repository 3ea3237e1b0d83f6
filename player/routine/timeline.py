"""A routine expanded into a readable timeline: one row per set, side, rest and switch."""

from __future__ import annotations

from dataclasses import dataclass

from player.routine.durations import format_duration
from player.routine.models import SELF_PACED_SECONDS_PER_REP, Exercise, Routine


@dataclass(frozen=True)
class Row:
    """One line of the timeline."""

    start: float
    exercise: str
    what: str
    set: str
    side: str
    seconds: float
    estimated: bool = False


def _work(exercise: Exercise, set_index: int) -> tuple[str, float, bool]:
    """What one set is, how long it takes, and whether that length is an estimate."""
    if exercise.duration is not None:
        return f"{format_duration(exercise.duration)} timed", exercise.duration, False
    if exercise.breathing is not None:
        b = exercise.breathing
        pattern = "-".join(format_duration(s) for s in (b.inhale, b.hold, b.exhale, b.hold_after))
        seconds = b.cycle_seconds * b.cycle_count
        return f"breathe {pattern} x {b.cycle_count}", seconds, False
    reps = (exercise.rep_counts or [0])[set_index]
    if exercise.hold is not None:
        return f"{_reps(reps)}, {format_duration(exercise.hold)} hold", reps * exercise.hold, False
    if exercise.tempo is not None:
        per = format_duration(exercise.tempo)
        return f"{_reps(reps)}, {per} each", reps * exercise.tempo, False
    return f"{_reps(reps)}, your pace", reps * SELF_PACED_SECONDS_PER_REP, True


def timeline(routine: Routine) -> list[Row]:
    """Expand a routine into rows, in the order a session plays them.

    Args:
        routine: a validated routine.

    Returns:
        Rows with their start times; the last row's end is `routine.planned_seconds()`.
    """
    rows: list[Row] = []
    now = 0.0
    defaults = routine.defaults

    def add(exercise: str, what: str, seconds: float, set_: str = "", side: str = "") -> None:
        nonlocal now
        if seconds > 0 or what not in ("rest", "switch side", "get ready"):
            rows.append(Row(now, exercise, what, set_, side, seconds))
        now += seconds

    for number, exercise in enumerate(routine.exercises):
        name = exercise.name
        if number:
            add("", "rest", defaults.rest_between_exercises)
        get_ready = exercise.get_ready if exercise.get_ready is not None else defaults.get_ready
        add(name, "get ready", get_ready)
        rest = exercise.rest if exercise.rest is not None else defaults.rest
        sides = exercise.side_labels
        for side_index, side in enumerate(sides):
            if side_index:
                add(name, "switch side", defaults.switch_side, side=side or "")
            for set_index in range(exercise.set_count):
                if set_index:
                    add(name, "rest", rest)
                what, seconds, estimated = _work(exercise, set_index)
                set_label = (
                    f"{set_index + 1}/{exercise.set_count}" if exercise.set_count > 1 else ""
                )
                rows.append(Row(now, name, what, set_label, side or "", seconds, estimated))
                now += seconds
    return rows


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"
