"""hep with an audio library that crashes or hangs, and with its sound worker killed.

The stand-in audio library (tests/stand_in_audio.py) replaces simpleaudio inside the worker.
Whatever it does, the session plays to its end on time, the journal is whole, the notice shows
once, and no worker outlives hep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from player.journal.records import parse_utc
from player.routine.validation import validate_text
from player.sound.notices import HUNG
from tests.faults.conftest import (
    HEP,
    Tmux,
    app_script,
    hep_env,
    integrity,
    no_traceback,
    pid_from,
    raw_events,
    raw_sessions,
    wait_gone,
    write_routine,
)
from tests.faults.test_signals_app import _assert_sane, _terminal_after

pytestmark = pytest.mark.slow
STAND_IN = Path(__file__).resolve().parents[1] / "stand_in_audio.py"
SPEED = 10
ROUTINE = """\
name: Sound faults
description: Timed sets with many cues, no check-ins between exercises.
defaults: {get_ready: 3s, rest: 3s, rest_between_exercises: 3s, checkin: none}
safety: {screen: never}
exercises:
  - name: Bridge
    duration: 20s
    sets: 2
    cues: [Press through the heels]
  - name: Breathe
    breathing: {inhale: 3s, exhale: 3s, cycles: 5}
"""
PLANNED_S = validate_text(ROUTINE, "sound.yaml", Path(".")).planned_seconds() / SPEED
"""The session's real length at SPEED (about 9 s): long enough for a worker to hang twice, or
crash twice with a busy machine slowing the restart (a cue over a second old is dropped)."""
ANSWERS = "2\n2\n"
"""The pain before and after."""
CRASHED = "hep: the sound player crashed ({}); cues show on screen"


def sound_env(tmp_path: Path, fault: str) -> dict[str, str]:
    """hep's environment with the stand-in audio library and a fault."""
    return hep_env(
        tmp_path / "data",
        HEP_SOUND_BACKEND=str(STAND_IN),
        HEP_TEST_SOUND_FAULT=fault,
        HEP_TEST_SOUND_LOG=str(tmp_path / "plays.log"),
    )


def workers_of(pid: int) -> set[int]:
    """Live sound workers started by process `pid` (their command line names it)."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if b"player.sound.worker" in argv and str(pid).encode() in argv and state != "Z":
            found.add(int(proc.name))
    return found


class Stamped:
    """`hep play --plain` with every printed line stamped with its arrival time."""

    def __init__(self, routine: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [*HEP, "play", str(routine), "--plain", "--speed", str(SPEED)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self.workers: set[int] = set()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self.proc.stdin is not None
        self.proc.stdin.write(ANSWERS)
        self.proc.stdin.flush()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))
            self.workers |= workers_of(self.proc.pid)

    def finish(self) -> tuple[int, str, str]:
        status = self.proc.wait(timeout=60)
        self._reader.join(timeout=5)
        assert self.proc.stderr is not None
        return status, "\n".join(line for _, line in self.lines), self.proc.stderr.read()

    def when(self, text: str, last: bool = False) -> float:
        stamps = [stamp for stamp, line in self.lines if text in line]
        assert stamps, f"never printed {text!r}"
        return stamps[-1] if last else stamps[0]


def check_journal(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"]
    (session,) = raw_sessions(path)
    assert session["outcome"] == "completed" and session["final_pain"] == 2
    kinds = {event["kind"] for event in raw_events(path, session["id"])}
    assert {"step_started", "exercise_done"} <= kinds, kinds


@pytest.mark.parametrize(
    ("fault", "notice"),
    [("segv:1", CRASHED.format("SIGSEGV")), ("abort:5", CRASHED.format("SIGABRT"))],
)
def test_a_crashing_audio_library_never_ends_the_plain_session(
    tmp_path: Path, fault: str, notice: str
) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE, "sound.yaml")
    run = Stamped(routine, sound_env(tmp_path, fault))
    status, out, err = run.finish()
    assert status == 0, f"exit {status}\n{out}\n{err}"
    assert "Session complete. Well done." in out
    assert out.count(notice) == 1, out
    assert no_traceback(err) and err == ""
    check_journal(tmp_path)
    for worker in run.workers:
        wait_gone(worker, timeout=5)


def test_a_hanging_audio_library_does_not_move_the_session_by_a_moment(tmp_path: Path) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE, "sound.yaml")
    run = Stamped(routine, sound_env(tmp_path, "hang:1"))
    status, out, err = run.finish()
    assert status == 0, f"exit {status}\n{out}\n{err}"
    assert out.count(HUNG) == 1, out
    assert run.when(HUNG) < run.when("Breathe: done.")  # both workers hung mid-session
    # Timed by the session itself (the wall clock of each event as it happened), not by when a
    # line reached this test: a line that reports an exercise's end waits for the journal's
    # disk first, which on a loaded machine is a moment of its own.
    check_journal(tmp_path)
    (session,) = raw_sessions(tmp_path / "data" / "journal.sqlite3")
    events = raw_events(tmp_path / "data" / "journal.sqlite3", session["id"])
    began = next(e["wall"] for e in events if e["kind"] == "step_started")
    ended = [e["wall"] for e in events if e["kind"] == "exercise_done"][-1]
    played = (parse_utc(ended) - parse_utc(began)).total_seconds()
    assert abs(played - PLANNED_S) < 0.25, f"played {played:.3f} s, planned {PLANNED_S:.3f} s"
    for worker in run.workers:
        wait_gone(worker, timeout=5)


def test_a_worker_killed_twice_mid_session_costs_one_notice(tmp_path: Path) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE, "sound.yaml")
    log = tmp_path / "plays.log"
    run = Stamped(routine, sound_env(tmp_path, ""))
    killed = []
    for _ in range(2):
        deadline = time.monotonic() + 10
        while not (workers := workers_of(run.proc.pid) - set(killed)):
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.02)
        time.sleep(1.0)
        (worker,) = workers
        os.kill(worker, signal.SIGKILL)
        killed.append(worker)
    status, out, err = run.finish()
    assert status == 0, f"exit {status}\n{out}\n{err}"
    assert out.count(CRASHED.format("SIGKILL")) == 1, out
    check_journal(tmp_path)
    plays = [int(line.split()[0]) for line in log.read_text().splitlines()]
    assert set(plays) == set(killed)  # both played cues; none played after the second kill
    assert workers_of(run.proc.pid) == set()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_no_worker_outlives_hep(tmp_path: Path, signum: int) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE, "sound.yaml")
    run = Stamped(routine, sound_env(tmp_path, ""))
    deadline = time.monotonic() + 10
    while not (workers := workers_of(run.proc.pid)):
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.02)
    time.sleep(0.5)
    run.proc.send_signal(signum)
    status, _, err = run.finish()
    assert status in (-signum, 128 + signum), err
    for worker in workers:
        wait_gone(worker, timeout=5)


@pytest.mark.parametrize("fault", ["segv:1", "hang:5"])
def test_in_the_app_a_broken_audio_library_shows_cues_and_leaves_the_terminal_clean(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path, fault: str
) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE, "sound.yaml")
    tmux = tmux_factory(sound_env(tmp_path, fault))
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--speed", str(SPEED)))
    pid = pid_from(pidfile)
    tmux.wait_for("How much pain do you feel right now?")
    tmux.keys("2")
    time.sleep(0.2)
    tmux.keys("Enter")
    notice = HUNG if fault.startswith("hang") else CRASHED.format("SIGSEGV")
    screen = tmux.wait_for(notice[:60], timeout=PLANNED_S + 10)
    assert screen.count(notice[:60]) == 1, screen
    markers = set()
    deadline = time.monotonic() + PLANNED_S + 10
    while "How much pain" not in (screen := tmux.screen()):
        assert time.monotonic() < deadline, screen
        if ">> " in screen:  # a cue shown on screen, since it cannot be heard
            markers.add(screen.split(">> ", 1)[1].split(" <<", 1)[0])
        assert screen.count(notice[:60]) <= 1, screen
        time.sleep(0.05)
    assert markers, "no cue was shown on screen after the notice"
    tmux.keys("2")
    time.sleep(0.2)
    tmux.keys("Enter")
    # "Session complete" is also the final check-in's own title: wait for the summary's facts,
    # or `q` can reach the check-in before the summary is up and be lost.
    tmux.wait_for("Outcome")
    tmux.keys("q")
    wait_gone(pid)
    status, stty = _terminal_after(tmux)
    _assert_sane(tmux, stty, fault)
    assert status == 0, tmux.screen()
    check_journal(tmp_path)
    assert workers_of(pid) == set()
