"""`make bench`: every figure as a ratio against a baseline measured in the same run.

Prints a table and writes benchmarks/results.json. A figure that cannot be measured here (no
tmux, the player missing, a crash) is reported as not measured, with the reason, never guessed.
See benchmarks/README.md for how each figure is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_plain, bench_sound, bench_terminal, bench_validate  # noqa: E402
from benchmarks.bench_routines import long_routine, one_exercise, write  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
Row = dict[str, Any]


def row(
    figure: str,
    value: float | None,
    unit: str,
    baseline: float | None,
    baseline_label: str,
    target: str,
    met: bool | None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> Row:
    """One line of the table (and one entry of results.json)."""
    ratio = value / baseline if value is not None and baseline else None
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_label": baseline_label,
        "ratio": ratio,
        "target": target,
        "met": met,
        "note": note,
        "details": details or {},
    }


def startup(work: Path, args: argparse.Namespace) -> list[Row]:
    """Start-up to the first question painted, with a 5,000-session journal, against a minimal
    Textual app painting one question."""
    from benchmarks.gen_journal import generate

    routine = write(work / "startup.yaml", one_exercise("timed", 300))
    data = work / "data"
    data.mkdir()
    made = generate(data / "journal.sqlite3", 5000)
    program = work / "program.yaml"
    program.write_text(
        "name: Bench program\ndescription: One routine a day, one set more.\nphases:\n"
        "  - name: Only\n    weeks: 4\n    routines:\n"
        f"      - {{routine: {routine.name}, every: day, sets: 1}}\n",
        "utf-8",
    )
    from player.locations import builtin_routines_dir

    own = builtin_routines_dir() / "relaxation.yaml"
    r = bench_terminal.measure_startup(
        work, routine, data, runs=args.runs, program=program, builtin=own
    )
    cpu, main = r["cpu"], r["main_cpu"]

    def spread(way: str) -> str:
        # Each run against the baseline run just before it: how much the ratio moves.
        ratios = sorted(w / b for w, b in zip(r["runs"][way], r["runs"]["baseline"], strict=True))
        if len(ratios) < 2:
            return f"{ratios[0]:.2f}x"
        low, _, high = statistics.quantiles(ratios, n=4)
        return f"{statistics.median(ratios):.2f}x, quartiles {low:.2f}-{high:.2f}x"

    def note(way: str) -> str:
        return (
            f"median of {args.runs} in tmux 100x30, {made['sessions']:,} sessions "
            f"({made['bytes'] / 1e6:.0f} MB) in the journal; run by run {spread(way)}; "
            f"CPU by then {cpu[way]:.3f} s against {cpu['baseline']:.3f} s "
            f"({cpu[way] / cpu['baseline']:.2f}x), main thread {main[way]:.3f} s against "
            f"{main['baseline']:.3f} s ({main[way] / main['baseline']:.2f}x)"
        )

    ways = (
        ("cold", "first play of a routine (cache empty)"),
        ("warm", "a routine played before (cache warm)"),
        ("program", "a routine played before, following a program (at its dose)"),
        ("builtin", "first play of one of hep's own routines (cache empty)"),
    )
    return [
        row(
            f"start-up, {words}",
            r[way],
            "s",
            r["baseline"],
            "minimal Textual app painting one question",
            "<= 1.3x",
            r[way] / r["baseline"] <= 1.3,
            note(way),
            r if way == "cold" else {},
        )
        for way, words in ways
    ]


def cpu(work: Path, args: argparse.Namespace) -> list[Row]:
    """CPU seconds per minute during a timed and a breathing exercise, against termdown, each
    the median of 3 runs."""
    rows = []
    for kind in ("timed", "breathing"):
        routine = write(work / f"cpu-{kind}.yaml", one_exercise(kind, int(args.window) + 120))
        r = bench_terminal.measure_cpu(work, routine, window=args.window, runs=3)
        rows.append(
            row(
                f"CPU per minute, {kind} exercise (TUI)",
                r["hep"],
                "s/min",
                r["termdown"],
                "termdown counting down, same terminal",
                "<= termdown",
                r["hep"] <= r["termdown"],
                f"median of 3; utime+stime over {args.window:g} s, scaled to 60 s",
                r,
            )
        )
    return rows


def engine(work: Path, args: argparse.Namespace) -> list[Row]:
    """Set-up of a 4-hour routine of 16,000 steps, against ten times a tenth of it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_engine.py"), str(args.runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(done.stdout)
    return [
        row(
            f"set-up: a {r['hours']:.1f}-hour routine of {r['steps']:,} steps ready to play",
            r["long"],
            "s",
            10 * r["tenth"],
            f"10 x a {r['tenth_steps']:,}-step routine (ratio 1: linear)",
            "< 0.05 s",
            r["long"] < 0.05,
            f"median of {args.runs}: plan, engine and conductor, the app's modules loaded",
            r,
        )
    ]


def stall(work: Path, args: argparse.Namespace) -> list[Row]:
    """The longest wait of the app's event loop on the journal, over a whole session."""
    from benchmarks.bench_journal_stall import copy_journal
    from benchmarks.gen_journal import generate

    source = work / "source.sqlite3"
    generate(source, 5000)
    longest: dict[str, list[float]] = {"background": [], "loop": []}
    details: dict[str, list[dict[str, Any]]] = {"background": [], "loop": []}
    for number in range(3):
        for mode in ("background", "loop"):
            journal = copy_journal(source, work / f"{mode}-{number}")
            done = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "bench_journal_stall.py"),
                    str(journal),
                    mode,
                ],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "HEP_DATA_DIR": str(journal.parent)},
            )
            r = json.loads(done.stdout)
            longest[mode].append(r["longest"])
            details[mode].append(r)
    value = statistics.median(longest["background"])
    base = statistics.median(longest["loop"])
    calls = details["background"][0]["calls"]
    return [
        row(
            "journal: longest event-loop wait on it, one session",
            value,
            "s",
            base,
            "the journal written on the event loop",
            "<= 0.016 s",
            value <= 0.016,
            f"median of 3 sessions' longest of {calls} calls; 5,000 sessions in the journal",
            details,
        )
    ]


def memory(work: Path, args: argparse.Namespace) -> list[Row]:
    """Peak memory of a 10-minute session at --speed 10 in the plain player."""
    routine = write(work / "memory.yaml", long_routine(10))
    r = bench_plain.measure_memory(work, routine, speed=10)
    return [
        row(
            "peak memory, 10-min session at --speed 10 (plain)",
            r["hep_kib"] / 1024,
            "MiB",
            r["baseline_kib"] / 1024,
            "python -c 'import player.cli'",
            "none set",
            None,
            f"peak resident memory of the child; exit {r['status']}, {r['seconds']:.1f} s",
            r,
        )
    ]


def validate(work: Path, args: argparse.Namespace) -> list[Row]:
    """`hep validate` on 1,000 generated routines, against validating one."""
    r = bench_validate.measure_validate(work, count=1000, runs=3)
    return [
        row(
            "hep validate, 1,000 routines",
            r["all"],
            "s",
            r["one"],
            "hep validate, 1 routine",
            "none set",
            None,
            f"{r['per_routine_ms']:.2f} ms per routine beyond the first",
            r,
        )
    ]


def journal(work: Path, args: argparse.Namespace) -> list[Row]:
    """`hep journal` and `hep journal stats` on 5,000 sessions (journal_bench.py)."""
    from benchmarks import journal_bench

    with contextlib.redirect_stdout(io.StringIO()):
        r = journal_bench.run(sessions=5000, runs=args.runs, data_dir=work / "journal")
    base = r["results"]["baseline: hep --version"]["median"]
    rows = []
    for name in ("hep journal", "hep journal stats"):
        value = r["results"][name]["median"]
        rows.append(
            row(
                f"{name}, 5,000 sessions",
                value,
                "s",
                base,
                "hep --version",
                "< 0.3 s",
                value < journal_bench.TARGET_SECONDS,
                f"median of {args.runs}; {r['events']} events, {r['file_bytes'] / 1e6:.1f} MB",
                r["results"][name],
            )
        )
    return rows


def timing(work: Path, args: argparse.Namespace) -> list[Row]:
    """Planned against actual length, and cue spread, of a 30-min routine at --speed 30."""
    routine = write(work / "timing.yaml", long_routine(30))
    pauses = ((10.0, 1.5), (25.0, 0.7), (40.0, 2.0))
    hep = bench_plain.measure_timing(work, routine, speed=30, pauses=pauses)
    ideal = bench_plain.measure_timing(work, routine, speed=30, ideal=True)
    matched = f"{hep['cues_matched']}/{hep['cues_expected']} lines matched"
    return [
        row(
            "timing: |actual - planned| length, 30 min at --speed 30, 3 pauses",
            abs(hep["gap_ms"]),
            "ms",
            abs(ideal["gap_ms"]),
            "sleep-to-plan printer (bench_ideal_player.py)",
            "< 50 ms",
            abs(hep["gap_ms"]) < 50,
            f"real ms; signed gap {hep['gap_ms']:+.1f} ms, paused {hep['paused_s']:.2f} s",
            {"hep": hep, "baseline": ideal},
        ),
        row(
            "timing: cue lines vs plan, 95th pct |deviation|",
            hep["cue_p95_abs_ms"],
            "ms",
            ideal["cue_p95_abs_ms"],
            "sleep-to-plan printer (bench_ideal_player.py)",
            "none set",
            None,
            f"real ms; median {hep['cue_median_ms']:+.1f}, max {hep['cue_max_abs_ms']:.1f}; "
            + matched,
            {"hep": hep, "baseline": ideal},
        ),
    ]


def sound(work: Path, args: argparse.Namespace) -> list[Row]:
    """Cue to first non-silent captured sample through the sound worker, against in-process."""
    r = bench_sound.measure(rounds=max(1, args.runs // 2))
    worker, inproc = r["worker"], r["in_process"]
    note = (
        f"{r['cues_per_player']} cues each; cue() call median {worker['call_median_us']} us "
        f"(in-process {inproc['call_median_us']} us)"
    )
    return [
        row(
            "sound: cue to first captured sample via the worker, median",
            worker["median_ms"],
            "ms",
            inproc["median_ms"],
            "simpleaudio on a thread in hep's process",
            "< 10 ms",
            worker["median_ms"] < 10,
            note,
            r,
        ),
        row(
            "sound: cue to first captured sample via the worker, max",
            worker["max_ms"],
            "ms",
            inproc["max_ms"],
            "simpleaudio on a thread in hep's process",
            "< 50 ms",
            worker["max_ms"] < 50,
            "ALSA file plugin: a real card adds its own output latency",
        ),
    ]


FIGURES: dict[str, Callable[[Path, argparse.Namespace], list[Row]]] = {
    "startup": startup,
    "cpu": cpu,
    "engine": engine,
    "stall": stall,
    "memory": memory,
    "validate": validate,
    "journal": journal,
    "timing": timing,
    "sound": sound,
}
TERMINAL = {"startup", "cpu"}


def not_measured(name: str, why: str) -> Row:
    """A row for a figure that could not be measured."""
    return row(name, None, "", None, "", "", None, f"not measured: {why}")


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(rows: list[Row]) -> None:
    """The table: figure, value, baseline, ratio, target, met."""
    head = (
        f"{'figure':<66} {'value':>9} {'unit':<5} {'baseline':>9} {'ratio':>7}  {'target':<11} met"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        print(
            f"{r['figure']:<66} {_fmt(r['value']):>9} {r['unit']:<5} {_fmt(r['baseline']):>9} "
            f"{_fmt(r['ratio'], 2):>7}  {r['target']:<11} {met}"
        )
        if r["note"]:
            print(f"    {r['note']}" + (f"; baseline: {r['baseline_label']}" if r["value"] else ""))


def main() -> None:
    """Command line: `python benchmarks/run.py [--only NAME ...] [--runs N] [--window S]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(FIGURES), help="run only these")
    parser.add_argument("--runs", type=int, default=7, help="runs of each timed command")
    parser.add_argument("--window", type=float, default=20.0, help="CPU window in seconds")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where results go")
    args = parser.parse_args()
    rows: list[Row] = []
    began = time.monotonic()
    no_terminal = bench_terminal.available()
    with tempfile.TemporaryDirectory(prefix="hep-bench-") as temp:
        for name in args.only or FIGURES:
            work = Path(temp) / name
            work.mkdir()
            print(f"... {name}", file=sys.stderr, flush=True)
            if name in TERMINAL and no_terminal:
                rows.append(not_measured(name, no_terminal))
                continue
            try:
                rows += FIGURES[name](work, args)
            except Exception as exc:  # a figure that fails is reported, the others still run
                traceback.print_exc()
                rows.append(not_measured(name, f"{type(exc).__name__}: {exc}"[:200]))
    print_table(rows)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "seconds": round(time.monotonic() - began, 1),
        "figures": rows,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"\nwritten to {args.output} in {report['seconds']:.0f} s")


if __name__ == "__main__":
    main()
