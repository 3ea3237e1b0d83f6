"""A made-up session played through a `SessionRecorder`, for the journal tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from player.journal.recorder import SessionRecorder

SAMPLE_PLAN: list[dict[str, Any]] = [
    {
        "index": 0,
        "exercise": "Calves",
        "kind": "duration",
        "planned_seconds": 130.0,
        "sets": 2,
        "sides": ["left", "right"],
        "reps": None,
    },
    {
        "index": 1,
        "exercise": "Side bridge",
        "kind": "reps",
        "planned_seconds": 90.0,
        "sets": 3,
        "sides": [],
        "reps": [5, 3, 1],
    },
    {
        "index": 2,
        "exercise": "Box breathing",
        "kind": "breathing",
        "planned_seconds": 64.0,
        "sets": 1,
        "sides": [],
        "reps": None,
    },
]
"""A three-exercise plan in the shape the conductor sends."""

STOP_REASONS = {
    "completed": None,
    "stopped_pain": "pain reached 6/10 (stop at 6)",
    "stopped_red_flag": "sharp pain reported",
    "quit": "you ended the session",
    "interrupted": "the player stopped without closing the session",
}


def play_sample(
    recorder: SessionRecorder,
    *,
    outcome: str = "completed",
    routine_name: str = "Sample routine",
    preview: bool = False,
    rounds: int = 1,
    after_event: Callable[[int | None], None] | None = None,
) -> int | None:
    """Record a whole made-up session with the conductor's event payloads.

    Args:
        recorder: Where to record.
        outcome: How the session ends; `interrupted` leaves it unfinished (running).
        routine_name: The routine's name.
        preview: Mark it a preview (speed 10).
        rounds: Play the plan this many times over (for longer sessions).
        after_event: Called with each event id (None if not written) right after it is written.

    Returns:
        The session id, or None if the recorder had a problem starting.
    """
    elapsed = 0.0
    notify = after_event or (lambda _id: None)

    def emit(kind: str, data: dict[str, Any], seconds: float = 0.0) -> None:
        nonlocal elapsed
        elapsed += seconds
        notify(recorder.record(kind, elapsed, data))

    session_id = recorder.start(
        routine_name=routine_name,
        routine_path=f"/routines/{routine_name.lower().replace(' ', '-')}.yaml",
        routine_hash="0f" * 32,
        preview=preview,
        speed=10.0 if preview else 1.0,
        planned_seconds=sum(item["planned_seconds"] for item in SAMPLE_PLAN) * rounds,
        plan=SAMPLE_PLAN * rounds,
    )
    if session_id is None:
        return None
    none = {"exercise": None, "exercise_index": None, "set": None, "side": None}
    emit("screen", {"answers": {"saddle_numbness": False, "bladder": False}})
    emit("checkin", {"pain": 2, "flags": [], "when": "baseline"} | none)
    stopping = outcome in ("stopped_pain", "stopped_red_flag", "quit")
    highest = 2
    for number in range(rounds * len(SAMPLE_PLAN)):
        item = SAMPLE_PLAN[number % len(SAMPLE_PLAN)]
        name = str(item["exercise"])
        where = {"exercise": name, "exercise_index": number}
        start = elapsed
        for set_number in range(1, int(item["sets"]) + 1):
            for side in item["sides"] or [None]:
                step = {"step": "work", "set": set_number, "side": side, "rep": None}
                emit("step_started", where | step | {"planned": 30.0})
                emit("step_finished", where | step | {"planned": 30.0}, 30.0)
            emit(
                "checkin",
                {"pain": 3, "flags": [], "when": "after_set", "set": set_number, "side": None}
                | where,
            )
            highest = max(highest, 3)
        if number == 0:
            emit("pause", {})
            emit("resume", {}, 4.0)
            emit("note", {"text": "calves tight today"})
        if stopping and number == 1:
            break
        emit("exercise_done", where | {"skipped": False, "elapsed": elapsed - start})
    if outcome == "interrupted":
        return session_id
    if outcome == "stopped_pain":
        highest = 6
        emit("checkin", {"pain": 6, "flags": [], "when": "stop"} | none)
        emit("verdict", {"action": "stop", "rule": "stop_at", "reason": STOP_REASONS[outcome]})
    elif outcome == "stopped_red_flag":
        emit("checkin", {"pain": 4, "flags": ["sharp"], "when": "stop"} | none)
        emit("verdict", {"action": "stop", "rule": "stop_on", "reason": STOP_REASONS[outcome]})
        highest = 4
    elif outcome == "quit":
        emit("verdict", {"action": "stop", "rule": "user", "reason": STOP_REASONS[outcome]})
    emit("checkin", {"pain": 1, "flags": [], "when": "final"} | none)
    recorder.finish(
        outcome=outcome, reason=STOP_REASONS[outcome], baseline=2, highest=highest, final=1
    )
    return session_id
