"""Planned against done: what a session's events say about each exercise of its plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from player.journal.query import Event, SessionDetail
from player.session.kinds import WORK_KINDS
from player.session.outcomes import ExerciseStatus


@dataclass
class ExerciseResult:
    """One exercise of the plan, and what happened to it."""

    index: int
    exercise: str
    kind: str
    planned_seconds: float | None
    planned_sets: int | None
    sides: list[str]
    reps: list[int] | None
    status: ExerciseStatus = "not reached"
    """`done`, `skipped`, `started` (the session ended during it) or `not reached`."""
    done_seconds: float | None = None
    sets_done: list[int] = field(default_factory=list)
    sides_done: list[str] = field(default_factory=list)
    skips: int = 0
    checkins: list[Event] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready values."""
        return {
            "index": self.index,
            "exercise": self.exercise,
            "kind": self.kind,
            "planned_seconds": self.planned_seconds,
            "planned_sets": self.planned_sets,
            "sides": self.sides,
            "reps": self.reps,
            "status": self.status,
            "done_seconds": self.done_seconds,
            "sets_done": self.sets_done,
            "sides_done": self.sides_done,
            "skips": self.skips,
        }


def _index(data: dict[str, Any]) -> int | None:
    value = data.get("exercise_index")
    return value if isinstance(value, int) else None


def exercise_results(detail: SessionDetail) -> tuple[list[ExerciseResult], list[Event]]:
    """Match the session's events to its plan.

    Args:
        detail: The session with plan and events.

    Returns:
        One result per planned exercise (plus any exercise the events name that the plan
        lacks), and the check-ins not tied to an exercise (baseline, final, stop).
    """
    results: dict[int, ExerciseResult] = {}
    for position, item in enumerate(detail.plan):
        index = item.get("index", position)
        results[index] = ExerciseResult(
            index=index,
            exercise=str(item.get("exercise", f"exercise {index + 1}")),
            kind=str(item.get("kind", "")),
            planned_seconds=item.get("planned_seconds"),
            planned_sets=item.get("sets"),
            sides=list(item.get("sides") or []),
            reps=item.get("reps"),
        )
    loose: list[Event] = []
    for event in detail.events:
        index = _index(event.data)
        if index is None:
            if event.kind == "checkin":
                loose.append(event)
            continue
        result = results.get(index)
        if result is None:
            name = str(event.data.get("exercise", f"exercise {index + 1}"))
            result = results[index] = ExerciseResult(index, name, "", None, None, [], None)
        if event.kind == "step_started" and result.status == "not reached":
            result.status = "started"
        elif event.kind == "step_finished" and event.data.get("step") in WORK_KINDS:
            if result.status == "not reached":
                result.status = "started"
            number, side = event.data.get("set"), event.data.get("side")
            if isinstance(number, int) and number not in result.sets_done:
                result.sets_done.append(number)
            if isinstance(side, str) and side not in result.sides_done:
                result.sides_done.append(side)
        elif event.kind == "exercise_done":
            result.status = "skipped" if event.data.get("skipped") else "done"
            elapsed = event.data.get("elapsed")
            result.done_seconds = float(elapsed) if isinstance(elapsed, int | float) else None
        elif event.kind == "skip":
            result.skips += 1
        elif event.kind == "checkin":
            result.checkins.append(event)
    return [results[i] for i in sorted(results)], loose
