"""Benchmarks in a real terminal (tmux): start-up to the first question painted, CPU in play.

Each program runs in its own tmux session on a private tmux server (100x30), with `exec` so the
pane's process is the program itself. "Painted" means the expected text is on tmux's screen, read
with `capture-pane` every 10 ms. CPU is utime + stime from /proc/PID/stat over a window.
"""

from __future__ import annotations

import compileall
import itertools
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
HEP = str(BIN / "hep")
TERMDOWN = str(BIN / "termdown") if (BIN / "termdown").exists() else shutil.which("termdown")
TICKS = os.sysconf("SC_CLK_TCK")
_SERVERS = itertools.count()


class Tmux:
    """A private tmux server (its own socket) that the benchmarks start programs in."""

    def __init__(self) -> None:
        """Start nothing yet; the server starts with the first session."""
        # A server of its own each time: one closed a moment ago may still be shutting down.
        self.socket = f"hep-bench-{os.getpid()}-{next(_SERVERS)}"
        self.count = 0

    def cmd(self, *args: str) -> str:
        """Run a tmux command on this server and return its output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def start(self, command: str, env: dict[str, str] | None = None) -> str:
        """Start `command` (a shell line) in a new 100x30 session; return the session name."""
        self.count += 1
        name = f"b{self.count}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"cd {shlex.quote(str(ROOT))} && {exports + ' ' if exports else ''}exec {command}"
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-x", "100", "-y", "30"]
            + ["-s", name, line],
            check=True,
        )
        return name

    def screen(self, name: str) -> str:
        """The text on the session's screen now."""
        return self.cmd("capture-pane", "-p", "-t", name)

    def pid(self, name: str) -> int:
        """The process id of the program in the session."""
        return int(self.cmd("display", "-p", "-t", name, "#{pane_pid}").strip())

    def wait_for(self, name: str, text: str | tuple[str, ...], timeout: float = 30.0) -> float:
        """Poll the screen every 10 ms until `text` (or one of the texts) is on it; return the
        monotonic time seen."""
        texts = (text,) if isinstance(text, str) else text
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen(name)
            if any(one in screen for one in texts):
                return time.monotonic()
            time.sleep(0.01)
        raise TimeoutError(f"{text!r} not on screen after {timeout} s:\n{self.screen(name)}")

    def keys(self, name: str, *keys: str) -> None:
        """Type keys into the session."""
        self.cmd("send-keys", "-t", name, *keys)

    def kill(self, name: str) -> None:
        """End the session (its program gets SIGHUP)."""
        self.cmd("kill-session", "-t", name)

    def close(self) -> None:
        """Stop this private server."""
        self.cmd("kill-server")


@contextmanager
def tmux() -> Iterator[Tmux]:
    """A private tmux server for the length of the block."""
    server = Tmux()
    # A session that outlives the measured ones: the server would exit with its last session,
    # and a program started while it shuts down fails to start.
    subprocess.run(
        ["tmux", "-L", server.socket, "new-session", "-d", "-s", "keep", "sleep 86400"], check=True
    )
    try:
        yield server
    finally:
        server.close()


def available() -> str | None:
    """Why the terminal benchmarks cannot run here, or None when they can."""
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if not Path("/proc/self/stat").exists():
        return "no /proc (CPU times are read from /proc/PID/stat)"
    return None


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """CPU seconds of a process: utime + stime of all its threads and of the children it has
    waited for (hep validates a routine played for the first time in a child); or utime +
    stime of one of its threads alone."""
    stat = Path(f"/proc/{pid}/stat" if thread is None else f"/proc/{pid}/task/{thread}/stat")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    children = int(fields[13]) + int(fields[14]) if thread is None else 0
    return (int(fields[11]) + int(fields[12]) + children) / TICKS


def startup(
    server: Tmux,
    command: str,
    marker: str | tuple[str, ...],
    env: dict[str, str],
    runs: int,
    before: Callable[[], object] = lambda: None,
    cpu: list[float] | None = None,
    main: list[float] | None = None,
) -> list[float]:
    """Seconds from starting `command` in tmux until `marker` is painted, `runs` times;
    `before` runs (untimed) before each start. The program's own CPU seconds by then (all its
    threads) are added to `cpu`: a figure a busy machine moves much less than the wall clock;
    those of its main thread alone to `main` (work done on other threads meanwhile, such as
    hep's journal, is not on the way to the first question unless the main thread waits)."""
    times = []
    for _ in range(runs):
        before()
        begin = time.monotonic()
        name = server.start(command, env)
        seen = server.wait_for(name, marker)
        times.append(seen - begin)
        pid = server.pid(name)
        if cpu is not None:
            cpu.append(cpu_seconds(pid))
        if main is not None:
            main.append(cpu_seconds(pid, pid))
        server.kill(name)
        gone(pid)
        time.sleep(0.2)
    return times


def gone(pid: int, timeout: float = 10.0) -> None:
    """Wait until process `pid` has ended (a program killed with its terminal may still be
    closing its files: the next run must not start, nor its files be put back, before)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and Path(f"/proc/{pid}").exists():
        time.sleep(0.01)


def compile_bytecode() -> None:
    """Write the bytecode of hep's modules, as installing the package does (pip compiles it).

    Without it, a checkout run with PYTHONDONTWRITEBYTECODE set compiles every hep module from
    source at each start while Textual's own come compiled: a cost no installed hep has.
    """
    compileall.compile_dir(str(ROOT / "player"), quiet=1, force=False)


def measure_startup(
    work: Path,
    routine: Path,
    data: Path,
    runs: int = 7,
    program: Path | None = None,
    builtin: Path | None = None,
) -> dict[str, Any]:
    """Start-up of `hep play ROUTINE` against the minimal question app, medians of `runs`:
    the first play of the routine (nothing in hep's cache: the file is read and validated) and
    a later play (its compiled form in the cache), interleaved with the baseline. Each starts
    from the journal as hep closed it once, with the note of the day's facts beside it.

    Args:
        work: A scratch folder.
        routine: The routine to start.
        data: The data folder hep uses (its journal in place).
        runs: Runs of each program (one extra warm-up run is not counted).
        program: A program file naming `routine` with a dose: when given, hep also starts
            with a copy of the journal that follows it (`program`: a later play, at the
            program's dose).
        builtin: One of hep's own routine files: when given, hep also starts it with the
            cache empty (`builtin`: its first play, from the compiled forms hep ships); its
            first question may be the red-flag questions (`Question 1 of`).

    Returns:
        Medians and all times: the baseline's question and hep's first question, first play
        (`cold`), later plays (`warm`) and later plays following `program`; `cpu`, the median
        CPU seconds each had used by then,
        and `main_cpu`, those of the main thread alone.
    """
    from player.journal.record.facts import facts_file, keep_facts, read_facts
    from player.program.followed import followed_in

    compile_bytecode()
    cache = work / "cache"
    env = {"HEP_DATA_DIR": str(data), "HEP_CACHE_DIR": str(cache)}
    minimal = f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'bench_minimal_app.py'))}"
    hep = f"{shlex.quote(HEP)} play {shlex.quote(str(routine))} --mute"
    question = "How much pain"
    journal = data / "journal.sqlite3"
    note = facts_file(journal)
    # A user's journal is nearly always closed cleanly by hep, which keeps the day's facts
    # beside it for the next start: close it so once (a session left at its first question).
    subprocess.run(
        [HEP, "play", str(routine), "--plain"],
        env={**os.environ, **env},
        input="",
        capture_output=True,
        check=False,
    )
    pristine = work / "journal-closed-cleanly.sqlite3"
    pristine_note = work / "journal-closed-cleanly.today.json"
    shutil.copy2(journal, pristine)
    shutil.copy2(note, pristine_note)

    def closed_cleanly() -> None:
        # Each run is killed at its first question, which leaves its journal as a closed
        # terminal does (a session interrupted; a write-ahead log when killed mid-write): start
        # each from the journal closed cleanly, with its note of the day's facts.
        for left in data.glob("journal.sqlite3-*"):
            left.unlink()
        shutil.copy2(pristine, journal)
        # The copy is another file for the note (its change time is new): the note is kept
        # again for it, as hep keeps it when it closes the journal.
        keep_facts(journal, followed_in)
        assert read_facts(journal) is not None, "the note of the day's facts is not trusted"

    def first_play() -> None:
        closed_cleanly()
        shutil.rmtree(cache, ignore_errors=True)

    ways = ["cold", "warm"]
    followed = work / "data-program"
    followed_pristine = work / "journal-following-a-program.sqlite3"
    program_env = {"HEP_DATA_DIR": str(followed), "HEP_CACHE_DIR": str(cache)}
    if program is not None:
        ways.append("program")
        followed.mkdir(mode=0o700, exist_ok=True)
        shutil.copy2(pristine, followed / "journal.sqlite3")
        subprocess.run(
            [HEP, "program", "start", str(program)],
            env={**os.environ, **program_env},
            check=True,
            capture_output=True,
        )
        shutil.copy2(followed / "journal.sqlite3", followed_pristine)

    if builtin is not None:
        ways.append("builtin")
    own = f"{shlex.quote(HEP)} play {shlex.quote(str(builtin))} --mute" if builtin else ""

    def following() -> None:
        for left in followed.glob("journal.sqlite3-*"):
            left.unlink()
        shutil.copy2(followed_pristine, followed / "journal.sqlite3")

    with tmux() as server:
        startup(server, minimal, question, env, 1)  # warm the page cache and bytecode
        startup(server, hep, question, env, 1, first_play)
        if program is not None:
            startup(server, hep, question, program_env, 1, following)  # its dose, validated
        times: dict[str, list[float]] = {"baseline": [], **{way: [] for way in ways}}
        cpu: dict[str, list[float]] = {way: [] for way in times}
        main: dict[str, list[float]] = {way: [] for way in times}
        starts = {
            "baseline": (minimal, env, lambda: None),
            "cold": (hep, env, first_play),
            "warm": (hep, env, closed_cleanly),
            "program": (hep, program_env, following),
            "builtin": (own, env, first_play),
        }
        first = (question, "Question 1 of")  # a built-in routine may screen first
        for _ in range(runs):  # interleaved, so drift in machine load hits all alike
            for way in times:
                command, way_env, before = starts[way]
                marker = first if way == "builtin" else question
                times[way] += startup(
                    server, command, marker, way_env, 1, before, cpu[way], main[way]
                )
    return {
        **{way: statistics.median(seconds) for way, seconds in times.items()},
        "cpu": {way: statistics.median(seconds) for way, seconds in cpu.items()},
        "main_cpu": {way: statistics.median(seconds) for way, seconds in main.items()},
        "runs": times,
        "cpu_runs": cpu,
        "main_cpu_runs": main,
    }


def _cpu_window(server: Tmux, name: str, settle: float, window: float) -> float:
    pid = server.pid(name)
    time.sleep(settle)
    before = cpu_seconds(pid)
    time.sleep(window)
    after = cpu_seconds(pid)
    server.kill(name)
    return (after - before) * 60.0 / window


def measure_cpu(work: Path, routine: Path, window: float = 20.0, runs: int = 3) -> dict[str, Any]:
    """CPU seconds per minute of `hep play ROUTINE` (the exercise under way) and of termdown,
    the median of `runs` interleaved runs of each.

    Args:
        work: A scratch folder.
        routine: A one-exercise routine lasting well over `window` + 10 s.
        window: Seconds to measure; the figure is scaled to a minute.
        runs: Runs of each.

    Returns:
        `{"hep": s_per_min, "termdown": s_per_min, "runs": {...}}`.
    """
    env = {"HEP_DATA_DIR": str(work / f"data-cpu-{routine.stem}")}
    hep, termdown = [], []
    with tmux() as server:
        for _ in range(runs):
            name = server.start(f"{shlex.quote(HEP)} play {shlex.quote(str(routine))} --mute", env)
            server.wait_for(name, "How much pain")
            server.keys(name, "2", "Enter")
            server.wait_for(name, "left")
            hep.append(_cpu_window(server, name, 3.0, window))
            name = server.start(f"{shlex.quote(str(TERMDOWN))} {int(window) + 60}", env)
            time.sleep(0.5)
            termdown.append(_cpu_window(server, name, 3.0, window))
    return {
        "hep": statistics.median(hep),
        "termdown": statistics.median(termdown),
        "window": window,
        "runs": {"hep": hep, "termdown": termdown},
    }
