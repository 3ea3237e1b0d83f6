"""Shared pieces for the fault tests: real `hep` processes, small routines, journal reads, seeds."""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from player.routine.validation import validate_text
from tests.children import with_default_interrupt
from tests.ci import in_ci

HEP = [sys.executable, "-m", "player"]
REPO = Path(__file__).resolve().parents[2]
STACKS = Path(__file__).resolve().parent / "stacks"
"""Where the children's `sitecustomize` is: SIGUSR1 makes a child write its threads' stacks."""

# About 90 s of session time: at --speed 30 a run lasts about 3 s, long enough to hit at random.
ROUTINE = """\
name: Faulty
description: A small routine for the fault tests.
defaults: {get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: after_exercise}
safety: {screen: never}
exercises:
  - name: Calf roll
    duration: 15s
    sets: 2
    cues: [Slow rolls]
  - name: Bridge
    duration: 10s
    sets: 2
  - name: Breathe
    breathing: {inhale: 2s, exhale: 2s, cycles: 4}
"""
ANSWERS = ["2", "1", "1", "1", "1"]
"""Baseline, one check-in per exercise, final: typed ahead, each waits for its question."""
SPEED = 30
SESSION_REAL_SECONDS = validate_text(ROUTINE, "faulty.yaml", Path(".")).planned_seconds() / SPEED
"""How long ROUTINE's timed steps last at SPEED, in real seconds (check-ins typed ahead take
next to none). From the plan: the players now keep to it within a millisecond, so a guess
that was a little long sent signals after the end."""


def seed_for(name: str) -> int:
    """A seed for a random test: `HEP_FAULT_SEED` to replay one; in CI (`CI` set) one fixed
    per test, so a red run is the code's doing and a rerun repeats it; else a fresh one."""
    given = os.environ.get("HEP_FAULT_SEED")
    if given:
        return int(given)
    if in_ci():
        return zlib.crc32(name.encode())
    return random.randrange(2**32)


def hep_env(data: Path, **extra: str) -> dict[str, str]:
    """The environment for a `hep` child: its own data folder and home, no colour surprises."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEP_", "TMUX"))}
    home = data.parent / "home"
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HEP_DATA_DIR=str(data),
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONPATH=os.pathsep.join([str(REPO), str(STACKS)]),
        PYTHONUNBUFFERED="1",
        HEP_TEST_STACKS=str(data.parent / "stacks.txt"),
    )
    env.update(extra)
    return env


def write_routine(folder: Path, text: str = ROUTINE, name: str = "faulty.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class PlainRun:
    """`hep play ROUTINE --plain` as a child with piped stdin; stdout collected as it comes."""

    def __init__(
        self,
        routine: Path,
        data: Path,
        *,
        speed: float = SPEED,
        prefix: list[str] | None = None,
        preexec_fn: Callable[[], Any] | None = None,
        extra: list[str] | None = None,
        hep: list[str] = HEP,
    ) -> None:
        command = [*(prefix or []), *hep, "play", str(routine), "--plain", "--mute"]
        command += ["--speed", f"{speed:g}", *(extra or [])]
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=hep_env(data),
            cwd=routine.parent,
            preexec_fn=with_default_interrupt(preexec_fn),
        )
        self._out = bytearray()
        self._err = bytearray()
        self._changed = threading.Condition()
        self._pumps = [
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True)
            for stream, sink in ((self.proc.stdout, self._out), (self.proc.stderr, self._err))
        ]
        for pump in self._pumps:
            pump.start()

    def _pump(self, stream: Any, sink: bytearray) -> None:
        while chunk := stream.read1(4096):
            with self._changed:
                sink.extend(chunk)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def out(self) -> str:
        with self._changed:
            return self._out.decode("utf-8", "replace")

    @property
    def out_bytes(self) -> bytes:
        with self._changed:
            return bytes(self._out)

    @property
    def err(self) -> str:
        with self._changed:
            return self._err.decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 15.0) -> None:
        """Wait until `text` has been printed (fails with what was printed)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while text.encode() not in self._out:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._pumping()):
                    break
                self._changed.wait(min(left, 0.1))
        assert text in self.out, f"never printed {text!r}:\n{self.out[-3000:]}\n{self.err[-3000:]}"

    def _pumping(self) -> bool:
        return any(pump.is_alive() for pump in self._pumps)

    def type(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(f"{line}\n" for line in lines).encode())
        self.proc.stdin.flush()

    def close_input(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def signal(self, signum: int) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signum)

    def finish(self, timeout: float = 20.0) -> int:
        """Wait for the child to end and the pipes to drain; its exit status."""
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stacks = stacks_of(self.proc.pid)
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(
                f"still running after {timeout} s:\n{self.out[-3000:]}\nits threads:\n{stacks}"
            ) from None
        for pump in self._pumps:
            pump.join(timeout=5)
        return status


@pytest.fixture
def plain_runs() -> Iterator[list[PlainRun]]:
    """Every run started in a test is killed at its end, whatever happened."""
    runs: list[PlainRun] = []
    yield runs
    for run in runs:
        if run.proc.poll() is None:
            run.proc.send_signal(signal.SIGKILL)
            run.proc.wait()


def raw_sessions(path: Path) -> list[dict[str, Any]]:
    """The sessions as stored, read without `Journal.open` (which would mark abandoned ones)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM sessions ORDER BY id")]
    finally:
        conn.close()


def raw_events(path: Path, session_id: int) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("SELECT * FROM events WHERE session_id = ? ORDER BY id", (session_id,))
        return [dict(row) for row in rows]
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    """`PRAGMA integrity_check` of the journal file (`["ok"]` when whole)."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def no_traceback(err: str) -> bool:
    return "Traceback (most recent call last)" not in err


class Tmux:
    """A private tmux server (its own socket) running one command in a real terminal."""

    def __init__(self, env: dict[str, str]) -> None:
        # A unix socket path must stay short: tmp_path can be too long.
        self.dir = Path(tempfile.mkdtemp(prefix="hep-tmux-"))
        self.socket = self.dir / "s"
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
        )
        if check:
            assert done.returncode == 0, f"tmux {args}: {done.stderr}"
        return done.stdout

    def start(self, script: str, width: int = 100, height: int = 30) -> None:
        """Run `script` (shell text) in a new session of `width` x `height`."""
        path = self.dir / "run.sh"
        path.write_text(script)
        self(
            "new-session", "-d", "-x", str(width), "-y", str(height), "-s", "hep", "sh " + str(path)
        )

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "hep")

    def flag(self, name: str) -> str:
        return self("display-message", "-p", "-t", "hep", "#{" + name + "}").strip()

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "hep", *keys)

    def paste(self, text: str) -> None:
        """Paste `text` as a terminal does when the app asked for bracketed paste."""
        self("set-buffer", "-b", "pasted", "--", text)
        self("paste-buffer", "-p", "-d", "-b", "pasted", "-t", "hep")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never showed {text!r}:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        self("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def app_script(routine: Path, pidfile: Path, *args: str) -> str:
    """Shell text: the app in the pane (its pid written to `pidfile`), then the terminal's state.

    After the app ends, the same terminal prints `EXIT=status`, `stty -a` on one line and `END`.
    """
    app = shlex.join([*HEP, "play", str(routine), *args])
    inner = f"echo $$ > {shlex.quote(str(pidfile))}; exec {app}"
    return (
        f"sh -c {shlex.quote(inner)}\n"
        'echo "EXIT=$?"\n'
        "stty -a | tr '\\n' ' '; echo\n"
        "echo END\n"
        "sleep 600\n"
    )


def pid_from(pidfile: Path, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while not pidfile.exists() or not pidfile.read_text().strip():
        assert time.monotonic() < deadline, "the app never started"
        time.sleep(0.02)
    return int(pidfile.read_text())


def stacks_of(pid: int) -> str:
    """Where a hung `hep` child waits: the stacks of its threads, written by the child itself
    on SIGUSR1 (see `STACKS`) to the file its environment names; "" when it cannot say."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return ""
    named = [v for k, _, v in (e.partition(b"=") for e in environ) if k == b"HEP_TEST_STACKS"]
    if not named:
        return ""
    path = Path(os.fsdecode(named[0]))
    before = path.stat().st_size if path.exists() else 0
    try:
        os.kill(pid, signal.SIGUSR1)
    except OSError:
        return ""
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if path.exists() and path.stat().st_size > before:
            time.sleep(0.2)  # the other threads' stacks follow the first
            break
    if not path.exists():
        return ""
    with path.open("rb") as file:
        file.seek(before)
        return file.read().decode("utf-8", "replace")


def process_state(pid: int) -> str:
    """What `/proc` says of process `pid` now, for a failure message: its stat line and its
    threads, or that it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(errors="replace").strip()
        threads = sorted(p.name for p in Path(f"/proc/{pid}/task").iterdir())
    except OSError as exc:
        return f"process {pid}: {'gone' if not Path(f'/proc/{pid}').exists() else exc}"
    return f"process {pid}: {stat}; threads {threads}"


def wait_gone(pid: int, timeout: float = 15.0) -> None:
    """Wait until process `pid` has ended (it is not our child: poll /proc); if it has not in
    `timeout` seconds, fail with the stacks of its threads (`stacks_of`), having killed it."""
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
        except OSError:
            return
        if stat.rsplit(")", 1)[-1].split()[0] == "Z":
            return
        if time.monotonic() > deadline:
            stacks = stacks_of(pid)
            os.kill(pid, signal.SIGKILL)  # ours, and hung: never leave it behind
            raise AssertionError(
                f"process {pid} still running after {timeout} s (killed); its threads:\n{stacks}"
            )
        time.sleep(0.02)


@pytest.fixture
def tmux_factory() -> Iterator[Callable[[dict[str, str]], Tmux]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    made: list[Tmux] = []

    def make(env: dict[str, str]) -> Tmux:
        made.append(Tmux(env))
        return made[-1]

    yield make
    for tmux in made:
        tmux.close()
