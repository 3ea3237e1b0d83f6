"""Generate a journal of N made-up sessions (about 40 events each) over about two years."""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from player.journal.records import format_utc  # noqa: E402
from player.journal.store.store import Journal
from player.program.schema import PROGRAM  # noqa: E402

ROUTINES = {
    "Morning foam rolling": ["Calves", "Hamstrings", "Quads", "Outer thigh", "Glutes"],
    "McGill big three": ["Curl-up", "Side bridge", "Bird dog"],
    "Core basics": ["Pelvic tilt", "Glute bridge", "Dead bug", "Plank"],
    "Evening breathing": ["Diaphragmatic breathing", "Box breathing"],
    "Run prep": ["Calves", "Lunges", "Squats", "Balance"],
}
OUTCOMES = [
    ("completed", 80),
    ("stopped_pain", 7),
    ("stopped_red_flag", 1),
    ("quit", 7),
    ("interrupted", 5),
]


def _dump(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def _session_events(
    rng: random.Random, plan: list[dict[str, Any]], outcome: str, baseline: int
) -> tuple[list[tuple[str, float, dict[str, Any]]], int, int | None]:
    events: list[tuple[str, float, dict[str, Any]]] = []
    t = 0.0
    highest = baseline
    base = {"exercise": None, "exercise_index": None, "set": None, "side": None}
    events.append(("screen", t, {"answers": {"saddle": False, "bladder": False, "fever": False}}))
    events.append(("checkin", t, {"pain": baseline, "flags": [], "when": "baseline"} | base))
    stop_at = len(plan) if outcome == "completed" else rng.randrange(len(plan))
    for item in plan[:stop_at]:
        name, index = item["exercise"], item["index"]
        start = t
        steps = [(1, "get_ready", 5.0)]
        for set_number in range(1, item["sets"] + 1):
            steps += [(set_number, "work", 30.0), (set_number, "rest", 20.0)]
        for set_number, step, planned in steps:
            step_data = {
                "exercise": name,
                "exercise_index": index,
                "step": step,
                "set": set_number,
                "side": None,
                "rep": None,
                "planned": planned,
            }
            events.append(("step_started", t, step_data))
            t += planned
            events.append(("step_finished", t, step_data))
        pain = max(0, min(10, baseline + rng.choice([-1, 0, 0, 0, 1, 2])))
        highest = max(highest, pain)
        events.append(
            (
                "checkin",
                t,
                {
                    "pain": pain,
                    "flags": [],
                    "when": "after_exercise",
                    "exercise": name,
                    "exercise_index": index,
                    "set": None,
                    "side": None,
                },
            )
        )
        skipped = rng.random() < 0.05
        events.append(
            (
                "exercise_done",
                t,
                {
                    "exercise": name,
                    "exercise_index": index,
                    "skipped": skipped,
                    "elapsed": t - start,
                },
            )
        )
    if outcome in ("stopped_pain", "stopped_red_flag"):
        highest = max(highest, 6)
        flags = ["sharp"] if outcome == "stopped_red_flag" else []
        events.append(("checkin", t, {"pain": highest, "flags": flags, "when": "stop"} | base))
        rule = "stop_on" if flags else "stop_at"
        events.append(("verdict", t, {"stops": True, "rule": rule, "reason": "pain too high"}))
    if outcome != "interrupted":
        final = max(0, baseline + rng.choice([-2, -1, -1, 0, 0, 1]))
        events.append(("checkin", t, {"pain": final, "flags": [], "when": "final"} | base))
    else:
        final = None
    if rng.random() < 0.1:
        events.append(("note", t, {"text": "Felt stiff in the morning, better after rolling."}))
    return events, highest, final


def generate(path: Path, sessions: int = 5000, seed: int = 1, years: float = 2.0) -> dict[str, Any]:
    """Write a journal with `sessions` made-up sessions.

    Args:
        path: The journal file to create (must not exist yet).
        sessions: How many sessions.
        seed: Random seed, so runs are repeatable.
        years: The span of time the sessions cover, ending now.

    Returns:
        Counts: sessions, events, bytes.
    """
    if path.exists():
        raise FileExistsError(path)
    # The real schema, the program's tables too, at the current versions.
    Journal.open(path, parts=(PROGRAM,)).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    now = datetime.now(UTC)
    start = now - timedelta(days=365 * years)
    step = (now - start) / max(sessions, 1)
    names = list(ROUTINES)
    event_count = 0
    conn.execute("BEGIN")
    for number in range(sessions):
        routine = rng.choice(names)
        plan = [
            {
                "index": i,
                "exercise": name,
                "kind": "duration",
                "planned_seconds": 110.0,
                "sets": 2,
                "sides": [],
                "reps": None,
            }
            for i, name in enumerate(ROUTINES[routine])
        ]
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        preview = rng.random() < 0.05
        baseline = rng.randint(0, 5)
        events, highest, final = _session_events(rng, plan, outcome, baseline)
        began = start + step * number + timedelta(minutes=rng.randint(0, 120))
        speed = 10.0 if preview else 1.0
        ended = began + timedelta(seconds=events[-1][1] / speed + 30)
        cursor = conn.execute(
            "INSERT INTO sessions (routine_name, routine_path, routine_hash, preview, speed,"
            " planned_seconds, plan, started_at, ended_at, outcome, reason, baseline_pain,"
            " highest_pain, final_pain, clock_seconds, writer_pid, writer_host, writer_token)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
            (
                routine,
                f"/home/runner/routines/{routine.lower().replace(' ', '-')}.yaml",
                f"{rng.getrandbits(64):016x}",
                int(preview),
                speed,
                110.0 * len(plan),
                _dump(plan),
                format_utc(began),
                format_utc(ended),
                outcome,
                None if outcome == "completed" else f"made-up {outcome.replace('_', ' ')}",
                baseline,
                highest,
                final,
                events[-1][1],
            ),
        )
        session_id = cursor.lastrowid
        conn.executemany(
            "INSERT INTO events (session_id, kind, wall, clock, data) VALUES (?, ?, ?, ?, ?)",
            [
                (session_id, kind, format_utc(began + timedelta(seconds=t / speed)), t, _dump(d))
                for kind, t, d in events
            ],
        )
        event_count += len(events)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"sessions": sessions, "events": event_count, "bytes": path.stat().st_size}


def main() -> None:
    """Command line: `python benchmarks/gen_journal.py OUT [--sessions N] [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(generate(args.output, args.sessions, args.seed)))


if __name__ == "__main__":
    main()
