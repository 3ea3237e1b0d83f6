"""`hep validate` on 1,000 generated routines, against `hep validate` on one of them."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_routines import varied, write

HEP = str(Path(sys.executable).parent / "hep")


def _time(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - begin)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:3])}... failed: {done.stderr[:500]}")
    return times


def measure_validate(work: Path, count: int = 1000, runs: int = 3) -> dict[str, Any]:
    """Generate `count` varied valid routines and time `hep validate` on the folder.

    Args:
        work: A scratch folder; the routines go in `work/routines`.
        count: How many routines.
        runs: Runs of each command; medians are reported.

    Returns:
        `{"all", "one", "per_routine_ms", "count", "bytes"}` (seconds unless named).
    """
    folder = work / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for number in range(count):
        write(folder / f"routine-{number:04d}.yaml", varied(rng, number))
    size = sum(p.stat().st_size for p in folder.iterdir())
    _time([HEP, "validate", str(folder / "routine-0000.yaml")], 1)  # warm-up
    one = statistics.median(_time([HEP, "validate", str(folder / "routine-0000.yaml")], runs))
    every = statistics.median(_time([HEP, "validate", str(folder)], runs))
    return {
        "all": every,
        "one": one,
        "per_routine_ms": (every - one) / (count - 1) * 1000,
        "count": count,
        "bytes": size,
    }
