"""Ctrl+C pressed twice as a plain session ends: on its summary, while its journal closes, while
the program counts it, on the program's line, and while Python closes hep.

A real `hep play --plain` with a program followed. In the first test, hep's own process sends
itself SIGINT at named points (Python takes it there, as it takes a key press), so each point is
hit every time; in the second, the test sends two SIGINTs at moments drawn from a seed. Either
way hep ends with status 130 and no traceback, and the session is kept and counted once.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player.journal import Journal
from tests.children import with_default_interrupt
from tests.faults.conftest import PlainRun, hep_env, no_traceback, seed_for

pytestmark = pytest.mark.slow

ROUTINE = """\
name: Short
description: One short exercise.
defaults: {checkin: none, get_ready: 0s, rest: 0s}
safety: {screen: never}
exercises:
  - name: Stand
    duration: 1s
"""
PROGRAM = """\
name: Short program
description: The short routine every day.
phases:
  - name: One
    weeks: 1
    routines:
      - {routine: short, every: day}
"""
ANSWERS = "2\n1\n"
"""The pain before and at the end."""
INTERRUPTED = 128 + signal.SIGINT

DRIVER = """
import atexit, os, signal, sys, threading

import click

from player import plain

POINTS, HIT = sys.argv[1].split(","), sys.argv[2]


def ctrl_c(point):
    if POINTS and POINTS[0] == point:
        POINTS.pop(0)
        with open(HIT, "a") as hit:
            hit.write(point + "\\n")
        os.kill(os.getpid(), signal.SIGINT)  # taken here, as a key press would be


def wrap(owner, name, point, when=lambda *args: True):
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):
        if when(*args):
            ctrl_c(point)
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


wrap(plain.PlainPlayer, "_summary", "summary")
wrap(plain.PlainPlayer, "say", "said", lambda self, text: text.startswith("Interrupted."))
wrap(threading.Thread, "join", "journal", lambda thread, *rest: thread.name == "hep-journal")
wrap(click, "echo", "program", lambda *args: str(args[0]).startswith("Program:"))
atexit.register(ctrl_c, "exit")  # the last hook to run: Python is closing hep
sys.argv = ["hep", "play", "short", "--plain", "--mute"]
from player.start import main

main()
"""


def _set_up(data: Path) -> None:
    (data / "routines").mkdir(parents=True)
    (data / "programs").mkdir()
    (data / "routines" / "short.yaml").write_text(ROUTINE)
    (data / "programs" / "short.yaml").write_text(PROGRAM)
    started = subprocess.run(
        [sys.executable, "-m", "player", "program", "start", "short"],
        capture_output=True,
        text=True,
        env=hep_env(data),
        timeout=60,
    )
    assert started.returncode == 0, started.stderr


def _kept_and_counted(data: Path) -> tuple[list[str], int]:
    """The sessions' outcomes and how many the program counted, once hep opens the journal
    again (counting late what it could not count then)."""
    today = subprocess.run(
        [sys.executable, "-m", "player", "today"],
        capture_output=True,
        text=True,
        env=hep_env(data),
        timeout=60,
    )
    assert today.returncode == 0 and no_traceback(today.stderr), today.stderr
    with Journal.open(data / "journal.sqlite3") as journal:
        outcomes = [row[0] for row in journal.query("SELECT outcome FROM sessions")]
        counted = int(journal.query("SELECT COUNT(*) FROM program_sessions")[0][0])
    return outcomes, counted


@pytest.mark.parametrize(
    "points",
    [
        ("summary", "said"),
        ("summary", "journal"),
        ("journal", "journal"),
        ("summary", "program"),
        ("journal", "program"),
        ("program", "exit"),
        ("summary", "exit"),
        ("exit",),
    ],
    ids="-then-".join,
)
def test_ctrl_c_at_named_points_of_the_end_ends_hep_with_130(
    tmp_path: Path, points: tuple[str, ...]
) -> None:
    data = tmp_path / "data"
    _set_up(data)
    hit = tmp_path / "hit"
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, ",".join(points), str(hit)],
        input=ANSWERS,
        capture_output=True,
        text=True,
        env=hep_env(data),
        preexec_fn=with_default_interrupt(),
        timeout=120,
    )
    seen = f"{points}:\n{done.stdout[-1500:]}\n{done.stderr}"
    assert tuple(hit.read_text().split()) == points, seen  # each Ctrl+C landed where meant
    assert done.returncode == INTERRUPTED, seen
    assert no_traceback(done.stderr) and "Exception ignored" not in done.stderr, seen
    assert "Session complete" in done.stdout, seen
    lines = done.stdout.splitlines() + done.stderr.splitlines()
    cut = [line for line in lines if line.startswith("Interrupted.")]
    # The first Ctrl+C on the summary says so in one line (unless the second cuts that line
    # short too); one later says nothing more.
    said = "summary" in points and "said" not in points
    assert cut == (["Interrupted. The session is kept in the journal."] if said else []), seen
    if "program" not in points:  # the program's count is said, or that it will come later
        late = "hep: the program did not count this session"
        assert any(line.startswith(("Program:", late)) for line in lines), seen
    assert _kept_and_counted(data) == (["completed"], 1), seen


def test_two_ctrl_c_at_moments_drawn_from_a_seed_end_hep_with_130(tmp_path: Path) -> None:
    seed = seed_for("plain-ctrl-c-at-the-end")
    rng = random.Random(seed)
    for run in range(3):
        first, gap = rng.uniform(0.0, 0.08), rng.uniform(0.0, 0.05)
        where = f"seed {seed} (HEP_FAULT_SEED={seed}), run {run}: {first:.3f} s, then {gap:.3f} s"
        data = tmp_path / f"data{run}"
        _set_up(data)
        routine = data / "routines" / "short.yaml"
        play = PlainRun(routine, data, speed=1, preexec_fn=None)
        try:
            play.type(*ANSWERS.split())
            play.wait_for("Session complete")
            for pause in (first, gap):
                time.sleep(pause)
                play.signal(signal.SIGINT)
            status = play.finish(timeout=60)
        finally:
            if play.proc.poll() is None:
                play.proc.kill()
        seen = f"{where}: exit {status}\n{play.out[-1500:]}\n{play.err}"
        # Ended by hep (130) or, in Python's last moments, by the signal itself (a shell says
        # 130); 0 only when both came once hep had ended (a process exiting takes no signal),
        # which leaves its output whole.
        untouched = "Interrupted." not in play.out and "Program: " in play.out
        assert status in (INTERRUPTED, -signal.SIGINT) or (status == 0 and untouched), seen
        assert no_traceback(play.err) and "Exception ignored" not in play.err, seen
        assert _kept_and_counted(data) == (["completed"], 1), seen
