"""A routine expanded into a readable timeline: one row per set and side, rest and switch."""

from __future__ import annotations

import math
from dataclasses import dataclass

from player.routine.durations import format_duration
from player.routine.models import Exercise, Routine
from player.routine.order import Block, exercise_order


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


def _what(ex: Exercise, reps: int | None, relax: float) -> str:
    """What one set on one side (or on every side, alternating each rep) is."""
    if ex.duration is not None:
        return f"{format_duration(ex.duration, tenths=True)} timed"
    if ex.breathing is not None:
        b = ex.breathing
        pattern = "-".join(format_duration(seconds, tenths=True) for _, seconds in b.rep_phases)
        rate = f"{b.rate:g} a minute, " if b.rate is not None else ""
        return f"breathe {rate}{pattern} x {b.cycle_count}"
    count = _reps(reps or 0)
    alternating = ex.alternate_sides == "rep"
    if alternating:
        count += " a side"
    if ex.hold is not None:
        holds = (reps or 0) * (len(ex.side_labels) if alternating else 1)
        pause = f", {format_duration(relax, tenths=True)} relax" if relax > 0 and holds > 1 else ""
        return f"{count}, {format_duration(ex.hold, tenths=True)} hold{pause}"
    if ex.rep_phases:
        phases = " + ".join(
            f"{format_duration(t, tenths=True)} {name}" for name, t in ex.rep_phases.items()
        )
        return f"{count}, {phases}"
    if ex.tempo is not None:
        return f"{count}, {format_duration(ex.tempo, tenths=True)} each"
    return f"{count}, your pace"


def alternation_note(ex: Exercise) -> str | None:
    """How the sides alternate, in words, for exercises whose rows cannot show it alone.

    Args:
        ex: The exercise.

    Returns:
        `Bird dog: sides alternate each rep (left, then right)`, or None.
    """
    if ex.alternate_sides != "rep" or not ex.sides:
        return None
    return f"{ex.name}: sides alternate each rep ({', then '.join(ex.sides)})"


_PAUSES = {"rest": "rest", "switch_side": "switch side", "relax": "relax"}
"""A pause that starts a row, in the words the players use for it (a relax starts one when
held reps go on with no rest between sets or no time to switch sides)."""


def _rounds(blocks: list[Block], interleaved: bool) -> list[list[Block]]:
    """Blocks grouped into rounds: the work and relaxes of one set on one side (on every side
    when sides alternate each rep), or one rest or switch."""
    rounds: list[list[Block]] = []
    for block in blocks:
        last = rounds[-1] if rounds else None
        joins = (
            last is not None
            and block.kind in ("work", "relax")
            and last[0].kind == "work"
            and last[0].set == block.set
            and (interleaved or last[0].side == block.side)
        )
        if joins and last is not None:
            last.append(block)
        else:
            rounds.append([block])
    return rounds


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

    def add(row: Row) -> None:
        nonlocal now
        if row.seconds > 0 or row.what not in (*_PAUSES.values(), "get ready"):
            rows.append(row)
        now += row.seconds

    for number, ex in enumerate(routine.exercises):
        name = ex.name
        if number and not ex.right_after:
            add(Row(now, "", "rest", "", "", defaults.rest_between_exercises))
        add(Row(now, name, "get ready", "", "", ex.get_ready_seconds(defaults)))
        interleaved = ex.alternate_sides == "rep"
        relax = ex.relax_seconds(defaults)
        for group in _rounds(exercise_order(ex, defaults), interleaved):
            first = group[0]
            seconds = math.fsum(b.seconds for b in group)
            if first.kind != "work":
                what = _PAUSES[first.kind]
                side = first.side or "" if first.kind == "switch_side" else ""
                add(Row(now, name, what, "", side, seconds))
                continue
            set_label = f"{first.set}/{ex.set_count}" if ex.set_count > 1 else ""
            side = "alternating" if interleaved else first.side or ""
            what = _what(ex, first.reps, relax)
            add(Row(now, name, what, set_label, side, seconds, ex.self_paced))
    return rows


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


_ASKED = {
    "after_exercise": "after the exercise",
    "after_set": "after each set",
    "after_side": "after each side",
}


def _asked(ex: Exercise, routine: Routine) -> str:
    """When a session asks after this exercise: `after_side` with no sides is once, after it."""
    when = ex.checkin_when(routine.defaults)
    return "after_exercise" if when == "after_side" and not ex.sides else when


def pain_asked(routine: Routine) -> list[str]:
    """Where a session asks about pain, in order, as `hep show` lists it.

    Args:
        routine: A validated routine.

    Returns:
        E.g. `before the first exercise`, `Bird dog: after each set`, `at the end`.
    """
    lines = ["before the first exercise"]
    whens = [_asked(ex, routine) for ex in routine.exercises]
    if len(routine.exercises) > 1 and len(set(whens)) == 1 and whens[0] != "none":
        lines.append(_ASKED[whens[0]].replace("the exercise", "each exercise"))
    else:
        lines += [
            f"{ex.name}: {_ASKED[when]}"
            for ex, when in zip(routine.exercises, whens, strict=True)
            if when != "none"
        ]
    last = _asked(routine.exercises[-1], routine)
    closing = "at the end" if last == "none" else "at the end (the last check-in is that answer)"
    lines.append(closing)
    return lines


def timed_cues(routine: Routine) -> list[str]:
    """Every cue with a time, as `hep show` lists it.

    Args:
        routine: A validated routine.

    Returns:
        E.g. `Bird dog: "Keep breathing in the hold" at 4s into each set`.
    """
    return [
        f'{ex.name}: "{cue.text}" at {format_duration(cue.at, tenths=True)} into {_period(ex)}'
        for ex in routine.exercises
        for cue in ex.cues
        if cue.at is not None
    ]


def _period(ex: Exercise) -> str:
    """The work a timed cue's `at` counts into, as the players time it: each set on each side
    (on every side, when the sides alternate each rep)."""
    return "each set on each side" if ex.sides else "each set"
