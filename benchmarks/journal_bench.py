"""Time `hep journal` and `hep journal stats` on a 5,000-session journal, against a baseline."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen_journal import generate  # noqa: E402

TARGET_SECONDS = 0.3
COMMANDS = {
    "baseline: hep --version": ["--version"],
    "hep journal": ["journal"],
    "hep journal stats": ["journal", "stats"],
    "hep journal show": ["journal", "show", "2500"],
}


def _time(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "player", *args], env=env, check=True, stdout=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return times


def run(sessions: int = 5000, runs: int = 7, data_dir: Path | None = None) -> dict[str, Any]:
    """Generate the journal (unless one is there), time each command, print a table.

    Args:
        sessions: Sessions in the generated journal.
        runs: Runs of each command; the median is reported.
        data_dir: Folder to use as HEP_DATA_DIR (a temporary one when None).

    Returns:
        `{"sessions", "events", "file_bytes", "results": {name: {"median", "ratio", ...}}}`.
    """
    with tempfile.TemporaryDirectory() as temp:
        folder = data_dir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "journal.sqlite3"
        made = generate(path, sessions) if not path.exists() else {"sessions": sessions}
        env = os.environ | {"HEP_DATA_DIR": str(folder)}
        _time(["journal"], env, 1)  # warm the page cache and the bytecode
        results: dict[str, dict[str, float]] = {}
        for name, args in COMMANDS.items():
            times = _time(args, env, runs)
            results[name] = {"median": statistics.median(times), "min": min(times)}
        base = results["baseline: hep --version"]["median"]
        for item in results.values():
            item["ratio"] = item["median"] / base
            item["own"] = item["median"] - base
        report = {
            "sessions": made["sessions"],
            "events": made.get("events"),
            "file_bytes": path.stat().st_size,
            "target_seconds": TARGET_SECONDS,
            "results": results,
        }
    print(
        f"journal: {report['sessions']} sessions, {report['events']} events, "
        f"{report['file_bytes'] / 1e6:.1f} MB; {runs} runs each, median"
    )
    print(f"{'command':<26} {'median s':>9} {'min s':>7} {'x base':>7} {'own s':>7}  target")
    for name, item in results.items():
        verdict = (
            ""
            if name.startswith("baseline")
            else ("ok" if item["median"] < TARGET_SECONDS else "SLOW")
        )
        print(
            f"{name:<26} {item['median']:>9.3f} {item['min']:>7.3f} {item['ratio']:>7.2f} "
            f"{item['own']:>7.3f}  {verdict}"
        )
    return report


def main() -> None:
    """Command line: `python benchmarks/journal_bench.py [--sessions N] [--runs R]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    run(args.sessions, args.runs, args.data_dir)


if __name__ == "__main__":
    main()
