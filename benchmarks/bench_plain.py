"""Benchmarks of the plain player: peak memory over a session, and timing accuracy with pauses.

The player runs as a real process (`hep play ROUTINE --plain`) with answers and commands written
to its stdin as a person or script would; each line it prints is stamped with `time.monotonic()`
as it arrives, and compared with the plan (`player.session.plan`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from player.routine.loader import load_routine
from player.session.kinds import UNTIMED_KINDS
from player.session.plan import build_plan

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HEP = str(BIN / "hep")
_WORDS = {"go": "Go", "halfway": "Halfway", "inhale": "Breathe in", "exhale": "Breathe out"}


def _max_rss_kib(args: list[str], stdin: str, env: dict[str, str]) -> tuple[int, int]:
    """Run `args` with `stdin`; return (peak resident KiB, exit status) of that one child.

    The peak is the child's own high-water mark (`VmHWM` in /proc/PID/status), read every 10 ms
    until it ends: `ru_maxrss` from `wait4` would count the benchmark process itself, whose
    memory a forked child starts out with.
    """
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True
    )
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    status = Path(f"/proc/{proc.pid}/status")
    peak = 0
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    return peak, proc.returncode


def measure_memory(work: Path, routine: Path, speed: float = 10.0) -> dict[str, Any]:
    """Peak resident memory of a whole plain session, against importing `player.cli`.

    Args:
        work: A scratch folder (the data folder lives here).
        routine: The routine to play.
        speed: The `--speed` to play it at.

    Returns:
        `{"hep_kib", "baseline_kib", "status", "seconds"}`.
    """
    env = os.environ | {"HEP_DATA_DIR": str(work / "data-memory")}
    base, _ = _max_rss_kib([sys.executable, "-c", "import player.cli"], "", env)
    begin = time.monotonic()
    args = [HEP, "play", str(routine), "--plain", "--mute", "--speed", str(speed)]
    peak, status = _max_rss_kib(args, "2\n2\n", env)  # baseline pain, final pain
    return {
        "hep_kib": peak,
        "baseline_kib": base,
        "status": status,
        "seconds": time.monotonic() - begin,
    }


def _expected(routine: Path) -> tuple[float, list[tuple[float, str]]]:
    """The planned session seconds and every timed line the plain player should print."""
    loaded = load_routine(routine)
    plan = build_plan(loaded.routine)
    start = 0.0
    lines: list[tuple[float, str]] = []
    for step in plan.steps:
        if step.kind in UNTIMED_KINDS or step.planned <= 0:
            continue
        lines.append((start, step.describe()))
        for mark in step.marks:
            if mark.cue == "count" and mark.count is not None:
                lines.append((start + mark.offset, str(mark.count)))
            elif mark.cue == "hold" and step.kind == "breathing":
                lines.append((start + mark.offset, "Hold"))
            elif mark.cue in _WORDS and (mark.cue in ("go", "halfway") or step.kind == "breathing"):
                lines.append((start + mark.offset, _WORDS[mark.cue]))
        start += step.planned
    return loaded.routine.planned_seconds(), lines


def measure_timing(
    work: Path,
    routine: Path,
    speed: float = 30.0,
    pauses: tuple[tuple[float, float], ...] = (),
    *,
    ideal: bool = False,
) -> dict[str, Any]:
    """Planned against actual session length, and the spread of cue lines, with pauses.

    Args:
        work: A scratch folder.
        routine: The routine to play.
        speed: The `--speed`.
        pauses: (real seconds after the first step, real seconds paused) pairs; each sends
            `p` to pause and `p` again to resume.
        ideal: Measure the baseline instead: bench_ideal_player.py printing the same planned
            lines with `time.sleep` (no pauses).

    Returns:
        The gap (actual minus planned, real ms), cue deviations, counts and the raw figures.
    """
    planned, expected = _expected(routine)
    env = os.environ | {"HEP_DATA_DIR": str(work / "data-timing")}
    args = [HEP, "play", str(routine), "--plain", "--mute", "--speed", str(speed)]
    if ideal:
        script = work / "ideal-lines.json"
        script.write_text(json.dumps([*expected, (planned, "")]))
        args = [sys.executable, str(HERE / "bench_ideal_player.py"), str(script), str(speed)]
        pauses = ()
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, bufsize=1
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen: list[tuple[float, str]] = []
    first = threading.Event()
    asked_final = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            now = time.monotonic()
            line = raw.rstrip("\n")
            seen.append((now, line))
            if line.startswith("Get ready:") or (ideal and not first.is_set()):
                first.set()
            if line.startswith("Pain now"):
                asked_final.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc.stdin.write("2\n")
    proc.stdin.flush()
    if not first.wait(30):
        proc.kill()
        raise RuntimeError("the plain player never started the first step")
    origin = time.monotonic()
    for at, length in pauses:
        time.sleep(max(0.0, origin + at - time.monotonic()))
        proc.stdin.write("p\n")
        proc.stdin.flush()
        time.sleep(length)
        proc.stdin.write("p\n")
        proc.stdin.flush()
    if not asked_final.wait(planned / speed + 60):
        proc.kill()
        raise RuntimeError("the session never reached its final question")
    proc.stdin.write("2\n")
    proc.stdin.close()
    proc.wait(30)
    reader.join(5)
    return _analyse(seen, planned, expected, speed) | {"status": proc.returncode}


def _analyse(
    seen: list[tuple[float, str]], planned: float, expected: list[tuple[float, str]], speed: float
) -> dict[str, Any]:
    start = next(t for t, line in seen if line.startswith("Get ready:"))
    paused_before: list[tuple[float, float]] = []  # (wall time resumed, total paused by then)
    total_paused = 0.0
    pause_began: float | None = None
    for t, line in seen:
        if line == "Paused.":
            pause_began = t
        elif line == "Resumed." and pause_began is not None:
            total_paused += t - pause_began
            paused_before.append((t, total_paused))
            pause_began = None

    def paused_by(t: float) -> float:
        return max([p for when, p in paused_before if when <= t], default=0.0)

    done = [t for t, line in seen if line.endswith(": done.")]
    end = done[-1]
    actual = end - start - total_paused
    gap = actual - planned / speed
    deviations = []
    cursor = 0
    for t, line in seen:
        for i in range(cursor, min(cursor + 12, len(expected))):
            if expected[i][1] == line:
                planned_at = start + expected[i][0] / speed + paused_by(t)
                deviations.append(t - planned_at)
                cursor = i + 1
                break
    spread = sorted(abs(d) for d in deviations)
    return {
        "planned_s": planned,
        "speed": speed,
        "wall_planned_s": planned / speed,
        "wall_actual_s": actual,
        "paused_s": total_paused,
        "pauses": len(paused_before),
        "gap_ms": gap * 1000,
        "cues_expected": len(expected),
        "cues_matched": len(deviations),
        "cue_median_ms": statistics.median(deviations) * 1000 if deviations else None,
        "cue_p95_abs_ms": spread[int(0.95 * (len(spread) - 1))] * 1000 if spread else None,
        "cue_max_abs_ms": spread[-1] * 1000 if spread else None,
        "cue_stdev_ms": statistics.pstdev(deviations) * 1000 if deviations else None,
    }
