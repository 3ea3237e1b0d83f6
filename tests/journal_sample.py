"""A made-up session played through a `SessionRecorder`, for the journal tests."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.journal.record.recorder import SessionRecorder
from player.journal.store.store import Journal
from player.session.kept import SessionEnd, SessionStart
from player.session.questions import RED_FLAG_QUESTIONS

ALL_NO: dict[str, bool] = {q.id: False for q in RED_FLAG_QUESTIONS}
"""Every red-flag question answered no: a screen that clears the day."""

SAMPLE_PLAN: list[dict[str, Any]] = [
    {
        "index": 0,
        "exercise": "Calves",
        "kind": "duration",
        "planned_seconds": 130.0,
        "sets": 2,
        "sides": ["left", "right"],
        "reps": None,
        "work_steps": 4,
        "work_seconds": 120.0,
    },
    {
        "index": 1,
        "exercise": "Side bridge",
        "kind": "reps",
        "planned_seconds": 90.0,
        "sets": 3,
        "sides": None,
        "reps": [5, 3, 1],
        "work_steps": 3,
        "work_seconds": 90.0,
    },
    {
        "index": 2,
        "exercise": "Box breathing",
        "kind": "breathing",
        "planned_seconds": 64.0,
        "sets": 1,
        "sides": None,
        "reps": None,
        "work_steps": 1,
        "work_seconds": 64.0,
    },
]
"""A three-exercise plan in the shape the conductor sends."""
STEP_KINDS = {"duration": "work", "reps": "tempo", "breathing": "breathing"}

STOP_REASONS = {
    "completed": None,
    "nothing_done": None,
    "stopped_pain": "Stopped at 6/10 during Side bridge: at or above the stop level of 6.",
    "stopped_red_flag": "Stopped at the red-flag questions: a fever.",
    "stopped_user": "Stopped at 3/10 during Side bridge: chose to stop.",
    "quit": "Quit before the end.",
    "interrupted": "The player stopped without closing the session.",
}
"""The reason each outcome is kept with, as the conductor words it."""


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

    A completed session does every exercise with a check-in after each set and a note after the
    first; a stop for pain comes at the stop key during the second exercise's second set (6/10),
    a quit there too, and a stop by the user's choice at 3/10; a red flag stops it at the
    questions; `nothing_done` skips every step a moment after it starts; `interrupted` leaves it
    running.

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
    clock = 0.0
    notify = after_event or (lambda _id: None)

    def emit(kind: str, data: dict[str, Any], seconds: float = 0.0) -> None:
        nonlocal clock
        clock += seconds
        notify(recorder.record(kind, clock, data))

    plan = [dict(item, index=n) for n in range(rounds) for item in SAMPLE_PLAN]
    for number, item in enumerate(plan):
        item["index"] = number
    session_id = recorder.start(
        SessionStart(
            routine_name=routine_name,
            routine_path=f"/routines/{routine_name.lower().replace(' ', '-')}.yaml",
            routine_hash="0f" * 32,
            preview=preview,
            speed=10.0 if preview else 1.0,
            planned_seconds=sum(item["planned_seconds"] for item in plan),
            plan=plan,
        ),
    )
    if session_id is None:
        return None
    none = {"exercise": None, "exercise_index": None, "set": None, "side": None, "step": None}
    red_flag = outcome == "stopped_red_flag"
    answers = ALL_NO | {"fever": red_flag}
    emit("screen", {"answers": answers})
    if red_flag:
        emit("verdict", {"stops": True, "rule": "red_flag", "reason": "a fever"})
        recorder.finish(
            SessionEnd(
                outcome=outcome,
                reason=STOP_REASONS[outcome],
                baseline=None,
                highest=None,
                final=None,
            )
        )
        return session_id
    emit("checkin", {"pain": 2, "flags": [], "when": "baseline"} | none)
    emit("verdict", {"stops": False, "rule": None, "reason": "within the limits"})
    emit("note", {"text": "slept badly", "when": "baseline"} | none)
    stopping = outcome in ("stopped_pain", "stopped_user", "quit")
    skipping = outcome == "nothing_done"
    for number, item in enumerate(plan):
        name = str(item["exercise"])
        kind = STEP_KINDS[str(item["kind"])]
        seconds = float(item["work_seconds"]) / int(item["work_steps"])
        where = {"exercise": name, "exercise_index": number}
        start = clock
        for set_number in range(1, int(item["sets"]) + 1):
            for side in item["sides"] or [None]:
                step = {"step": kind, "set": set_number, "side": side, "rep": None}
                cut = stopping and number == 1 and set_number == 2
                ran = seconds / 2 if cut else 0.2 if skipping else seconds
                emit("step_started", where | step | {"planned": seconds})
                if cut and outcome in ("stopped_pain", "stopped_user"):
                    pain = 6 if outcome == "stopped_pain" else 3
                    stop = {"pain": pain, "flags": [], "when": "stop"} | where | step
                    emit("checkin", {k: v for k, v in stop.items() if k != "rep"}, ran)
                    reason = "at or above the stop level of 6" if pain == 6 else "chose to stop"
                    emit("verdict", {"stops": True, "rule": "user", "reason": reason})
                ran_data = {"planned": seconds, "elapsed": ran, "skipped": cut or skipping}
                emit("step_finished", where | step | ran_data, 0.0 if cut else ran)
                if cut:
                    final = {"stopped_pain": 6, "stopped_user": 3}.get(outcome)
                    highest = 6 if outcome == "stopped_pain" else 3
                    recorder.finish(
                        SessionEnd(
                            outcome=outcome,
                            reason=STOP_REASONS[outcome],
                            baseline=2,
                            highest=highest,
                            final=final,
                        ),
                    )
                    return session_id
            if skipping:
                continue
            emit(
                "checkin",
                {"pain": 3, "flags": [], "when": "after_set", "set": set_number, "side": None}
                | where
                | {"step": "checkin"},
            )
            emit("verdict", {"stops": False, "rule": None, "reason": "a little above"})
        if number == 0:
            emit("pause", {})
            emit("resume", {}, 4.0)
            emit(
                "note",
                {
                    "text": "calves tight today",
                    "when": None,
                    "set": 2,
                    "side": "right",
                    "step": "work",
                }
                | where,
            )
        emit("exercise_done", where | {"skipped": False, "elapsed": clock - start})
    if outcome == "interrupted":
        return session_id
    emit("checkin", {"pain": 1, "flags": [], "when": "final"} | none)
    highest = 2 if skipping else 3
    recorder.finish(SessionEnd(outcome=outcome, reason=None, baseline=2, highest=highest, final=1))
    return session_id


def damage_root_page(path: Path, table: str) -> bytes:
    """Spoil the header of `table`'s root page (an empty leaf) so that SQLite's check finds
    it, while writes to the sessions and their events never touch it; returns the bytes."""
    conn = sqlite3.connect(path)
    try:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    raw = bytearray(path.read_bytes())
    start = (root[0] - 1) * page_size
    raw[start + 3 : start + 7] = b"\x00\x50\x00\x05"  # 80 cells, content from byte 5
    path.write_bytes(bytes(raw))
    return bytes(raw)


def gone_pid() -> int:
    """A process id that no running process has: on Linux `pid_max`, which the kernel never
    gives out (with about 32,000 ids, the id of a process that has just ended can be given to
    another at once, as the test workers start theirs); elsewhere, that of a process that has
    ended."""
    limit = Path("/proc/sys/kernel/pid_max")
    if limit.is_file():
        return int(limit.read_text())
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def traced_statements(monkeypatch: Any) -> list[str]:
    """Every SQL statement the journal's connections run from now on, on any thread (as
    `sqlite3.connect` makes them; `monkeypatch.undo()` stops it)."""
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    return seen


def start_session(journal: Journal, **overrides: object) -> int:
    """Start a made-up session in `journal` (its start fields, `overrides` replacing some)."""
    values: dict = dict(
        routine_name="Rolling",
        routine_path="/r/rolling.yaml",
        routine_hash="abc",
        preview=False,
        speed=1.0,
        planned_seconds=300.0,
        plan=SAMPLE_PLAN,
    )
    values.update(overrides)
    return journal.start_session(SessionStart(**values))


def running_session(journal: Journal, pid: int | None, token: str | None, host: str | None) -> int:
    """A session left running with two check-ins, its writer the process `pid` (with its
    start `token`) on `host`."""
    session = start_session(journal)
    journal.record(session, "checkin", 3.0, {"pain": 3, "flags": [], "when": "baseline"})
    journal.record(session, "checkin", 9.0, {"pain": 5, "flags": [], "when": "after_set"})
    with journal._guard() as conn:  # noqa: SLF001 - set up a writer other than this process
        conn.execute(
            "UPDATE sessions SET writer_pid = ?, writer_token = ?, writer_host = ? WHERE id = ?",
            (pid, token, host, session),
        )
    return session
