"""Engine set-up: a valid 4-hour routine of 16,000 steps made ready to play (plan, engine and
conductor), in a process that has the Textual app imported, as `hep play` has.

Run as a script it prints JSON: the median seconds for the long routine and for a routine a
tenth as long, so that `long / (10 x tenth)` near 1 says the set-up grows linearly.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def long_routine(exercises: int = 500) -> dict[str, Any]:
    """`exercises` exercises of 15 held reps a side: 32 steps each, 16,000 for 500 (3.9 hours).

    Args:
        exercises: How many exercises (500 is the format's limit).

    Returns:
        The routine as plain data.
    """
    return {
        "name": "Long",
        "description": "Made up by benchmarks/bench_engine.py.",
        "defaults": {
            "get_ready": 0,
            "rest": 0,
            "rest_between_reps": 0,
            "rest_between_exercises": 3,
            "switch_side": 1,
            "checkin": "none",
        },
        "safety": {"screen": "never"},
        "exercises": [
            {"name": f"Hold {i + 1}", "reps": 15, "hold": 0.8, "sides": ["left", "right"]}
            for i in range(exercises)
        ],
    }


def measure(runs: int = 7) -> dict[str, Any]:
    """Median seconds to make a `Conductor` for the 16,000-step routine and a tenth of it.

    Args:
        runs: Runs of each, interleaved.

    Returns:
        `{"long", "tenth", "steps", "tenth_steps", "hours", "runs"}`.
    """
    import gc

    import player.tui.app  # noqa: F401 - the heap the app has when it builds a session
    from player.conductor.core import Conductor

    gc.freeze()  # as run_app does before the app starts
    from player.routine.models import Routine

    long = Routine.model_validate(long_routine(500))
    tenth = Routine.model_validate(long_routine(50))
    times: dict[str, list[float]] = {"long": [], "tenth": []}
    steps = {}
    for _ in range(runs):
        for name, routine in (("long", long), ("tenth", tenth)):
            begin = time.perf_counter()
            conductor = Conductor(routine)
            times[name].append(time.perf_counter() - begin)
            steps[name] = len(conductor.plan.steps)
            del conductor
    return {
        "long": statistics.median(times["long"]),
        "tenth": statistics.median(times["tenth"]),
        "steps": steps["long"],
        "tenth_steps": steps["tenth"],
        "hours": long.planned_seconds() / 3600,
        "runs": times,
    }


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7)))
