"""The plain player killed, terminated, hung up on or interrupted at random points of a session.

Each case is a real `hep play --plain` process with answers typed ahead on a pipe. The journal
must stay whole, the session must be marked (interrupted by the player itself, or at the next
open after SIGKILL, which nothing can catch), and what the user saw must be in it: the plain
player shows what follows an answer, an exercise's end, a stop or the next question only once
the journal has written it, so a kill at any moment leaves at least what was shown (the lines
that keep time, steps and counts, never wait for the disk). A recorder that writes only when
asked checks that promise line by line, with no timing involved.
"""

from __future__ import annotations

import io
import json
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from player.journal import Journal
from player.journal.store.store import INTERRUPTED_REASON
from player.plain import play_plain
from player.routine.loader import load_routine
from player.session.questions import RED_FLAG_QUESTIONS
from tests.faults.conftest import (
    ANSWERS,
    HEP,
    ROUTINE,
    SESSION_REAL_SECONDS,
    SPEED,
    PlainRun,
    hep_env,
    integrity,
    no_traceback,
    raw_events,
    raw_sessions,
    seed_for,
    write_routine,
)
from tests.recording import MemoryRecorder

pytestmark = pytest.mark.slow
RUNS = 3
"""Runs per signal, each hit at its own random moment; they play side by side."""
SIGNAL_SPEED = 10
"""Slower than the other fault tests: the session lasts about 8 s, so a signal meant for its
middle still lands before its end when a loaded machine wakes this test a second late."""
SIGNAL_SESSION_SECONDS = SESSION_REAL_SECONDS * SPEED / SIGNAL_SPEED


def _shown_done(out: str) -> int:
    return sum(1 for line in out.splitlines() if line.endswith((": done.", ": skipped.")))


def _exit_ok(signum: int, status: int) -> bool:
    if signum == signal.SIGKILL:
        return status == -signal.SIGKILL
    if signum == signal.SIGINT:
        return status == 130
    return status in (-signum, 128 + signum)


@pytest.mark.serial
@pytest.mark.parametrize(
    "signum",
    [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
    ids=["SIGKILL", "SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_at_a_random_moment_leaves_a_whole_journal_and_a_marked_session(
    tmp_path: Path, plain_runs: list[PlainRun], signum: int
) -> None:
    seed = seed_for("plain-signals")
    rng = random.Random(seed)
    delays = [rng.uniform(0.05, 0.7) * SIGNAL_SESSION_SECONDS for _ in range(RUNS)]
    routine = write_routine(tmp_path / "routines")
    datas = [tmp_path / f"data{i}" for i in range(RUNS)]
    for data in datas:
        run = PlainRun(routine, data, speed=SIGNAL_SPEED)
        plain_runs.append(run)
        run.type(*ANSWERS)  # stdin stays open: no end of input to stop the session
    for run in plain_runs:
        run.wait_for("Get ready: Calf roll")

    started = time.monotonic()
    for run, delay in sorted(zip(plain_runs, delays, strict=True), key=lambda x: x[1]):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        assert run.proc.poll() is None, f"seed {seed}: ended before the signal:\n{run.out}"
        run.signal(signum)
    for run, data, delay in zip(plain_runs, datas, delays, strict=True):
        where = f"seed {seed} (HEP_FAULT_SEED={seed}), {signum!r} after {delay:.2f} s"
        status = run.finish()
        path = data / "journal.sqlite3"
        assert _exit_ok(signum, status), f"{where}: exit {status}\n{run.out[-1500:]}\n{run.err}"
        assert no_traceback(run.err), f"{where}:\n{run.err}"
        assert integrity(path) == ["ok"], where
        (session,) = raw_sessions(path)
        expected = "running" if signum == signal.SIGKILL else "interrupted"
        assert session["outcome"] == expected, f"{where}: {session}\n{run.out[-1500:]}"
        if signum == signal.SIGINT:
            assert run.out.splitlines()[-1].startswith("Interrupted."), where
        events = raw_events(path, session["id"])
        done = sum(1 for e in events if e["kind"] == "exercise_done")
        shown = _shown_done(run.out)
        # An exercise's end is committed before its line is shown: the journal holds what was.
        assert shown <= done <= shown + 1, f"{where}: {done} done in the journal, {shown} shown"
        assert [e["kind"] for e in events].count("checkin") >= 1, where  # the baseline
        with Journal.open(path) as journal:  # the next open marks what the player could not
            (row,) = journal.query("SELECT outcome, reason, ended_at FROM sessions")
        assert row["outcome"] == "interrupted", where
        assert row["ended_at"] is not None, where
        if signum == signal.SIGKILL:
            assert row["reason"] == INTERRUPTED_REASON, where


class LaggingRecorder(MemoryRecorder):
    """Keeps each event queued until `flush`, like a writer thread that has not caught up."""

    def __init__(self) -> None:
        super().__init__()
        self.queued = 0

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> int | None:
        self.queued += 1
        return super().record(kind, clock, data)

    def flush(self, timeout: float | None = None) -> bool:
        self.queued = 0
        return True


class Watched(io.StringIO):
    """Output that notes, for each line, how many events were still unwritten."""

    def __init__(self, recorder: LaggingRecorder) -> None:
        super().__init__()
        self.recorder = recorder
        self.unwritten: list[tuple[str, int]] = []

    def write(self, text: str) -> int:
        self.unwritten.append((text, self.recorder.queued))
        return super().write(text)


class Script:
    """All lines at once, then end of input; waiting moves the clock on."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.now, self.given = lines, 1000.0, False

    def __call__(self) -> float:
        return self.now

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        if not self.given:
            self.given = True
            return list(self.lines), False
        self.now += timeout
        return [], False


def test_a_line_that_reports_something_kept_is_printed_after_the_journal_wrote_it(
    tmp_path: Path,
) -> None:
    recorder = LaggingRecorder()
    out = Watched(recorder)
    script = Script(ANSWERS)
    status = play_plain(
        load_routine(write_routine(tmp_path / "routines")),
        speed=30,
        stdout=out,
        clock=script,
        source=script,
        recorder=recorder,
        mute=True,
    )
    assert status == 0, out.getvalue()
    assert "exercise_done" in recorder.kinds() and _shown_done(out.getvalue()) == 3
    lines = out.unwritten
    reporting = [
        (line, queued)
        for i, (line, queued) in enumerate(lines)
        if line.rstrip().endswith((": done.", ": skipped.", "0-10?"))
        or line.startswith("Session complete")
        or (i > 0 and lines[i - 1][0].startswith("> "))  # the first line after an answer
    ]
    assert len(reporting) >= 3 + 4 + 4, reporting  # done lines, questions, after each answer
    late = [(line, queued) for line, queued in reporting if queued]
    assert late == [], f"lines printed before the journal wrote what they report: {late[:5]}"
    # The lines that keep time do not wait for the disk.
    assert any(queued for line, queued in lines if line.startswith(("Go", "Get ready")))


SCREENED = ROUTINE.replace("screen: never", "screen: always")
"""The fault routine with the red-flag questions before it."""


def _journal_show(data: Path, session_id: int) -> str:
    shown = subprocess.run(
        [*HEP, "journal", "show", str(session_id)],
        env=hep_env(data),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0 and no_traceback(shown.stderr), shown.stderr
    return shown.stdout


@pytest.mark.serial
def test_sigkill_after_a_yes_at_the_red_flag_questions_leaves_the_yes_in_the_journal(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    """The next question is shown once the yes is written: a kill the moment after keeps it."""
    data = tmp_path / "data"
    run = PlainRun(write_routine(tmp_path / "routines", SCREENED), data, speed=1)
    plain_runs.append(run)
    run.wait_for(RED_FLAG_QUESTIONS[0].text)
    run.type("y")
    run.wait_for(RED_FLAG_QUESTIONS[1].text)
    run.signal(signal.SIGKILL)
    assert run.finish() == -signal.SIGKILL
    path = data / "journal.sqlite3"
    assert integrity(path) == ["ok"]
    (session,) = raw_sessions(path)
    assert session["outcome"] == "running", session  # nothing can catch SIGKILL
    screens = [
        json.loads(e["data"]) for e in raw_events(path, session["id"]) if e["kind"] == "screen"
    ]
    assert screens and screens[-1]["answers"] == {RED_FLAG_QUESTIONS[0].id: True}, screens
    shown = _journal_show(data, session["id"])  # the next start closes it, as a quit would
    assert "stopped: red flag" in shown.splitlines()[0], shown
    assert "Stopped at the red-flag questions: numbness around the genitals or bottom." in shown
    assert "red-flag questions: yes to numbness around the genitals or bottom" in shown, shown
    assert "emergency" in shown and "1 of 7 answered" in shown, shown


@pytest.mark.serial
def test_ctrl_c_after_a_yes_keeps_a_red_flag_stop_says_what_to_do_and_exits_130(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    data = tmp_path / "data"
    run = PlainRun(write_routine(tmp_path / "routines", SCREENED), data, speed=1)
    plain_runs.append(run)
    run.wait_for(RED_FLAG_QUESTIONS[0].text)
    run.type("y")
    run.wait_for(RED_FLAG_QUESTIONS[1].text)
    run.signal(signal.SIGINT)
    status = run.finish()
    # What hep said on stderr too: exit 1 once in a CI run (not since reproduced in 85 runs).
    assert status == 130, f"as the shell reports Ctrl+C: exit {status}\n{run.out}\n{run.err}"
    assert no_traceback(run.err), run.err
    assert "go to an emergency department now" in run.out, run.out
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "stopped_red_flag", session
