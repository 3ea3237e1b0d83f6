"""Per-exercise truth: what a session's events say became of each exercise of its plan.

Each exercise is `done` (all its work), `partly_done` (some: sets, sides, reps and seconds done
against planned), `stopped_during` (the session was stopped in it, with whatever work was
done), `skipped` (none of its work, though the session went past it) or `not_reached`. A stop
at the check-in after an exercise's work is after it: the exercise keeps its status. Sets are
counted as the routine counts them: a set done on every side is one set. Work is what the
plan's work step kinds say (`player.session.kinds`), so a step kind added later (a relax step
between reps) is counted right without a list here. Held reps are one step each; a tempo set
counts the whole reps its clock ran; a timed step cut short (a foam roll stopped partway) is
partly done.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from player.journal.records import Event, tenth
from player.routine.durations import format_duration
from player.session.kinds import WORK_KINDS
from player.session.outcomes import EXERCISE_STATUSES, ExerciseStatus, exercise_word
from player.words import plural

WORKED_SECONDS = 1.0
"""A work step that ran less than this (and was cut short) counts as not started: skipping
a step a moment after it began is not doing it."""
_FULL_SLACK = 0.05
"""Seconds a timed step may fall short of its plan and still count as run to its end (journals
from before steps recorded whether they were cut short)."""

StepKey = tuple[str, Any, Any, Any]
"""A work step within its exercise: kind, set, side, rep."""


@dataclass
class ExerciseResult:
    """One exercise of the plan, and what happened to it."""

    index: int
    exercise: str
    kind: str
    """How the exercise is timed: `duration`, `reps` or `breathing` (as the plan says)."""
    planned_seconds: float | None
    """The planned time of the exercise with its get-ready, rests and side switches."""
    planned_sets: int
    """Sets, as the routine counts them (each on every side)."""
    sides: list[str]
    reps: list[int] | None
    """Reps in each set (per side), for reps exercises."""
    status: ExerciseStatus = "not_reached"
    work_planned: float | None = None
    """Seconds of work planned (None in journals from before it was recorded)."""
    work_done: float = 0.0
    """Seconds of work done (each step's best run, up to its planned length)."""
    sets_done: int = 0
    """Sets run to their end on every side."""
    sides_done: int = 0
    """Sides with all their sets run to their end."""
    reps_done: int = 0
    skips: int = 0
    timed: bool = False
    """True when its work runs on a clock (not self-paced sets), so its seconds tell."""
    worked: bool = False
    """True when some of its work was done (a set said done, or a second or more of work)."""
    checkins: list[Event] = field(default_factory=list)

    @property
    def sets_planned(self) -> int:
        """Sets, as the routine counts them: 3 sets on both sides are 3 sets."""
        return self.planned_sets

    @property
    def reps_planned(self) -> int | None:
        """Reps on all sides together, for reps exercises."""
        return None if self.reps is None else sum(self.reps) * max(1, len(self.sides))

    @property
    def word(self) -> str:
        """The status in words."""
        return exercise_word(self.status)

    def progress(self) -> list[str]:
        """What was done against planned, for a partly done exercise or one stopped during:
        `2 of 3 sets`, `9 of 18 reps`, `40s of 1m`; empty otherwise."""
        if self.status not in ("partly_done", "stopped_during"):
            return []
        if not self.worked:
            return ["no work done"] if self.status == "stopped_during" else []
        parts: list[str] = []
        if len(self.sides) > 1:
            parts.append(f"{self.sides_done} of {len(self.sides)} sides")
        if self.sets_planned > 1:
            parts.append(f"{self.sets_done} of {self.sets_planned} sets")
        if self.reps_planned is not None:
            parts.append(f"{self.reps_done} of {plural(self.reps_planned, 'rep')}")
        if self.timed and self.work_planned:
            parts.append(
                f"{format_duration(self.work_done)} of {format_duration(self.work_planned)}"
            )
        return parts

    def words(self) -> str:
        """The status and, when partly done or stopped during, how much: `partly done: 2 of 3
        sets, 9 of 18 reps`."""
        progress = self.progress()
        return f"{self.word}: {', '.join(progress)}" if progress else self.word

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready values (status as a code and in words)."""
        return {
            "index": self.index,
            "exercise": self.exercise,
            "kind": self.kind,
            "status": self.status,
            "status_words": self.words(),
            "planned_seconds": self.planned_seconds,
            "work_planned_seconds": tenth(self.work_planned),
            "work_done_seconds": tenth(self.work_done),
            "planned_sets": self.planned_sets,
            "sides": self.sides,
            "sets_planned": self.sets_planned,
            "sets_done": self.sets_done,
            "sides_done": self.sides_done,
            "reps": self.reps,
            "reps_planned": self.reps_planned,
            "reps_done": self.reps_done,
            "skips": self.skips,
            "worked": self.worked,
        }


@dataclass
class _Run:
    """The best run of one work step."""

    kind: str
    planned: float
    elapsed: float = 0.0
    full: bool = False


def _index(data: dict[str, Any]) -> int | None:
    value = data.get("exercise_index")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _key(data: dict[str, Any]) -> StepKey:
    return (str(data.get("step")), data.get("set"), data.get("side"), data.get("rep"))


def _number(value: Any, default: float = 0.0) -> float:
    found = _planned(value)
    return default if found is None else found


def _planned(value: Any) -> float | None:
    """A number the journal kept, or None when it is no finite number (a damaged row)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _runs(events: Sequence[Event], ended: bool) -> dict[int, dict[StepKey, _Run]]:
    """Each exercise's work steps with their best run (a step gone back to runs twice)."""
    runs: dict[int, dict[StepKey, _Run]] = {}
    started: tuple[int | None, StepKey, float] | None = None
    last_finished = max((i for i, e in enumerate(events) if e.kind == "step_finished"), default=-1)
    for i, event in enumerate(events):
        data = event.data
        if event.kind == "step_started":
            started = (_index(data), _key(data), event.clock)
        if event.kind != "step_finished" or data.get("step") not in WORK_KINDS:
            continue
        index, key = _index(data), _key(data)
        if index is None:
            continue
        planned = _number(data.get("planned"))
        if "elapsed" in data:
            elapsed = _number(data.get("elapsed"))
        elif started is not None and started[:2] == (index, key):
            elapsed = max(0.0, event.clock - started[2])
        else:
            elapsed = 0.0  # finished without starting: passed over by "skip the exercise"
        if "skipped" in data:
            full = not data["skipped"]
        elif key[0] == "self_paced":
            cut = i > 0 and events[i - 1].kind in ("skip", "back")
            full = not cut and not (i == last_finished and not ended)
        else:
            full = elapsed >= planned - _FULL_SLACK
        run = runs.setdefault(index, {}).setdefault(key, _Run(key[0], planned))
        run.elapsed = max(run.elapsed, min(elapsed, planned) if planned else elapsed)
        run.full = run.full or full
    return runs


def _reps_of(run: _Run, key: StepKey, reps: list[int] | None) -> int:
    """Whole reps a work step's run did."""
    number = key[1]
    in_set = reps[number - 1] if reps and isinstance(number, int) and 0 < number <= len(reps) else 0
    if run.kind == "hold":
        return 1 if run.full else 0
    if run.full:
        return in_set
    if run.kind == "tempo" and in_set and run.planned:
        per_rep = run.planned / in_set
        return min(in_set, int(run.elapsed / per_rep + 1e-9))
    return 0


def _planned_steps(result: ExerciseResult, row: dict[str, Any], kinds: set[str]) -> int:
    steps = row.get("work_steps")
    if isinstance(steps, int) and not isinstance(steps, bool):
        return steps
    sides = max(1, len(result.sides))
    if "hold" in kinds and result.reps:
        return sum(result.reps) * sides
    return result.planned_sets * sides


def _tally(
    result: ExerciseResult, runs: dict[StepKey, _Run], row: dict[str, Any], passed: bool
) -> None:
    """Fill in the counts and the status of one exercise from its work steps' runs."""
    result.work_done = math.fsum(run.elapsed for run in runs.values())
    result.reps_done = sum(_reps_of(run, key, result.reps) for key, run in runs.items())
    per_set: dict[tuple[Any, Any], list[_Run]] = {}
    for key, run in runs.items():
        per_set.setdefault((key[2], key[1]), []).append(run)
    done_sets: set[tuple[Any, Any]] = set()
    for (side, number), set_runs in per_set.items():
        needed = 1
        if any(run.kind == "hold" for run in set_runs) and result.reps and isinstance(number, int):
            needed = result.reps[number - 1] if 0 < number <= len(result.reps) else 1
        if sum(1 for run in set_runs if run.full) >= needed:
            done_sets.add((side, number))
    sides: list[Any] = list(result.sides) or [None]
    numbers = {number for _, number in done_sets}
    result.sets_done = sum(
        1 for number in numbers if all((side, number) in done_sets for side in sides)
    )
    result.sides_done = sum(
        1
        for side in result.sides
        if sum(1 for s, _ in done_sets if s == side) >= result.planned_sets
    )
    full = sum(1 for run in runs.values() if run.full)
    # A self-paced set has no clock to tell part of it from none: only "done" counts. Work is
    # added up over the steps, so eight holds cut short at once are no less work than one.
    worked = any(run.full for run in runs.values()) or (
        math.fsum(run.elapsed for run in runs.values() if run.kind != "self_paced")
        >= WORKED_SECONDS
    )
    result.worked = worked
    result.timed = any(run.kind != "self_paced" for run in runs.values())
    needed = _planned_steps(result, row, {run.kind for run in runs.values()})
    if worked and full >= needed:
        result.status = "done"
    elif worked:
        result.status = "partly_done"
    else:
        result.status = "skipped" if passed else "not_reached"


def exercise_results(
    plan: Sequence[dict[str, Any]], events: Sequence[Event], *, ended: bool = True
) -> tuple[list[ExerciseResult], list[Event]]:
    """Match a session's events to its plan.

    Args:
        plan: One row per exercise, as the journal keeps the plan.
        events: The session's events in order.
        ended: Whether the session is over (a running session's last step is still going).

    Returns:
        One result per planned exercise (plus any exercise the events name that the plan
        lacks), and the check-ins not tied to an exercise (before, at the end, at a stop
        before the first exercise).
    """
    results: dict[int, ExerciseResult] = {}
    rows: dict[int, dict[str, Any]] = {}
    for position, item in enumerate(plan):
        index = item.get("index", position)
        rows[index] = item
        sides = item.get("sides") or []
        results[index] = ExerciseResult(
            index=index,
            exercise=str(item.get("exercise", f"exercise {index + 1}")),
            kind=str(item.get("kind", "")),
            planned_seconds=_planned(item.get("planned_seconds")),
            planned_sets=int(_number(item.get("sets"), 1)) or 1,
            sides=[str(side) for side in sides] if isinstance(sides, list) else [],
            reps=item.get("reps") if isinstance(item.get("reps"), list) else None,
            work_planned=_planned(item.get("work_seconds")),
        )
    loose: list[Event] = []
    furthest = -1
    for event in events:
        index = _index(event.data)
        if index is None:
            if event.kind == "checkin":
                loose.append(event)
            continue
        if event.kind in ("step_started", "exercise_done"):
            furthest = max(furthest, index + (1 if event.kind == "exercise_done" else 0))
        result = results.get(index)
        if result is None:
            name = str(event.data.get("exercise", f"exercise {index + 1}"))
            result = results[index] = ExerciseResult(index, name, "", None, 1, [], None)
        if event.kind == "skip" and event.data.get("step", "work") in WORK_KINDS:
            result.skips += 1  # a rest or get-ready skipped is no work of the exercise skipped
        elif event.kind == "checkin":
            result.checkins.append(event)
    completed = any(e.kind == "checkin" and e.data.get("when") == "final" for e in events)
    runs = _runs(events, ended)
    for index, result in results.items():
        passed = completed or furthest > index
        _tally(result, runs.get(index, {}), rows.get(index, {}), passed)
    stopped_in = stopped_exercise(events)
    if stopped_in is not None and stopped_in in results:
        if results[stopped_in].status != "done":
            results[stopped_in].status = "stopped_during"
    return [results[i] for i in sorted(results)], loose


def stopped_exercise(events: Sequence[Event]) -> int | None:
    """The exercise a stop fell in: the one under way when the stop's answer was given, unless
    that exercise was over by then (a stop at the check-in after it, or in the rest after it).

    Args:
        events: The session's events in order.

    Returns:
        The exercise's index, or None when no stop fell in an exercise (no stop, a red flag, a
        stop before the first exercise or after an exercise's end).
    """
    verdict = next(
        (
            i
            for i in range(len(events) - 1, -1, -1)
            if events[i].kind == "verdict" and events[i].data.get("stops") is True
        ),
        None,
    )
    if verdict is None or events[verdict].data.get("rule") == "red_flag":
        return None
    before = [i for i in range(verdict) if events[i].kind == "checkin"]
    at = before[-1] if before else None
    if events[verdict].data.get("rule") == "user" and (
        at is None or events[at].data.get("when") != "stop"
    ):
        # An earlier hep asked the stop's pain after its verdict.
        at = next((i for i in range(verdict, len(events)) if events[i].kind == "checkin"), at)
    index = None if at is None else _index(events[at].data)
    if at is None or index is None:
        return None
    finished = any(e.kind == "exercise_done" and _index(e.data) == index for e in events[:at])
    return None if finished else index


def worked_count(results: Sequence[ExerciseResult]) -> int:
    """How many exercises had some of their work done (the figure `counts_as_session` takes).

    Args:
        results: The session's exercise results.

    Returns:
        The number of exercises done, partly done, or stopped during with some work.
    """
    return sum(1 for result in results if result.worked)


def did_work(results: Sequence[ExerciseResult]) -> bool:
    """Whether any exercise work was done in the session: a session without any is never
    completed and never counts.

    Args:
        results: The session's exercise results.

    Returns:
        True when some work was done.
    """
    return worked_count(results) > 0


def tally(results: Sequence[ExerciseResult]) -> str:
    """How the exercises went, in a few words: `5 of 7 exercises done, 1 partly done, 1 not
    reached`.

    Args:
        results: The session's exercise results.

    Returns:
        The words.
    """
    found = counts(results)
    plural = "exercise" if len(results) == 1 else "exercises"
    parts = [f"{found.get('done', 0)} of {len(results)} {plural} done"]
    parts += [
        f"{found[status]} {exercise_word(status)}"
        for status in EXERCISE_STATUSES
        if status != "done" and found.get(status)
    ]
    return ", ".join(parts)


def counts(results: Sequence[ExerciseResult]) -> dict[ExerciseStatus, int]:
    """How many exercises ended in each status.

    Args:
        results: The session's exercise results.

    Returns:
        Status code -> count, for the statuses that occur.
    """
    out: dict[ExerciseStatus, int] = {}
    for result in results:
        out[result.status] = out.get(result.status, 0) + 1
    return out
