"""`hep play --plain` at a terminal killed outright (SIGKILL: a battery dying, a lid never opened
again) at "Note (Enter to skip)?" after a pain answer: the answer was shown to be taken, so it is
in the journal. An 8/10 at a check-in is found as the pain stop it was, and the next session the
same day asks "Start anyway?"; an answer within the limits is kept with the session it was
given in."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.conductor.core import NOTE_QUESTION
from tests.children import with_default_interrupt
from tests.faults.conftest import (
    HEP,
    PlainRun,
    hep_env,
    no_traceback,
    raw_events,
    raw_sessions,
)

pytestmark = pytest.mark.slow

ROUTINE = """\
name: Note test
description: Two short exercises with a check-in after each, for the note question.
defaults: {get_ready: 1s, rest_between_exercises: 1s, checkin: after_exercise}
safety: {screen: never}
exercises:
  - name: Calves
    duration: 2s
  - name: Bridge
    duration: 2s
"""


class AtATerminal:
    """`hep play ROUTINE --plain` reading its answers from a terminal (a pseudo-terminal), so
    each pain answer is followed by the note question; what it prints is collected."""

    def __init__(self, routine: Path, data: Path) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [*HEP, "play", str(routine), "--plain", "--mute"],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=hep_env(data),
            cwd=routine.parent,
            preexec_fn=with_default_interrupt(),
        )
        os.close(slave)
        self._out = bytearray()
        self._lock = threading.Lock()
        self._pump = threading.Thread(target=self._read, daemon=True)
        self._pump.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(4096):
            with self._lock:
                self._out.extend(chunk)

    @property
    def out(self) -> str:
        with self._lock:
            return self._out.decode("utf-8", "replace")

    def wait_for(self, text: str, count: int = 1, timeout: float = 20.0) -> None:
        """Wait until `text` has been printed `count` times."""
        deadline = time.monotonic() + timeout
        while self.out.count(text) < count:
            assert self.proc.poll() is None or self._pump.is_alive(), self.out
            assert time.monotonic() < deadline, f"never printed {text!r} x{count}:\n{self.out}"
            time.sleep(0.02)

    def type(self, line: str) -> None:
        os.write(self.master, f"{line}\n".encode())

    def kill(self) -> int:
        self.proc.send_signal(signal.SIGKILL)
        status = self.proc.wait(timeout=20)
        self._pump.join(timeout=5)
        os.close(self.master)
        return status


@pytest.fixture
def terminals() -> Iterator[list[AtATerminal]]:
    """Every run started in a test is ended at its end, whatever happened."""
    runs: list[AtATerminal] = []
    yield runs
    for run in runs:
        if run.proc.poll() is None:
            run.proc.send_signal(signal.SIGKILL)
            run.proc.wait()


def _killed_at_the_note(tmp_path: Path, runs: list[AtATerminal], pain: str) -> Path:
    """Answer 2 before the first exercise (no note), `pain` at the first check-in, then SIGKILL
    hep at the note question that follows; returns the data folder."""
    routine = tmp_path / "note-test.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    run = AtATerminal(routine, data)
    runs.append(run)
    run.wait_for("Pain right now, 0-10?")
    run.type("2")
    run.wait_for(NOTE_QUESTION)
    run.type("")
    run.wait_for("Check-in after Calves")
    run.type(pain)
    run.wait_for(NOTE_QUESTION, count=2)
    assert run.kill() == -signal.SIGKILL
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "running", session  # nothing can catch SIGKILL
    return data


def _hep(data: Path, *args: str, given: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*HEP, *args], env=hep_env(data), input=given, capture_output=True, text=True, timeout=60
    )
    assert no_traceback(done.stderr), done.stderr
    return done


def test_a_pain_answer_over_the_limit_then_a_kill_at_its_note_question_is_the_pain_stop(
    tmp_path: Path, terminals: list[AtATerminal]
) -> None:
    data = _killed_at_the_note(tmp_path, terminals, "8")
    shown = _hep(data, "journal", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert "stopped: pain" in shown.stdout.splitlines()[0], shown.stdout
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert (session["outcome"], session["final_pain"]) == ("stopped_pain", 8), session
    again = _hep(data, "play", str(tmp_path / "note-test.yaml"), "--plain", "--mute", given="n\n")
    said = " ".join(again.stdout.split())
    assert "Start anyway? (y or n)" in said and "stopped at 8/10" in said, said


def test_a_pain_answer_within_the_limits_then_a_kill_at_its_note_question_is_kept(
    tmp_path: Path, terminals: list[AtATerminal]
) -> None:
    data = _killed_at_the_note(tmp_path, terminals, "3")
    (session,) = raw_sessions(data / "journal.sqlite3")
    events = raw_events(data / "journal.sqlite3", session["id"])
    pains = [json.loads(e["data"])["pain"] for e in events if e["kind"] == "checkin"]
    assert pains == [2, 3], events
    assert _hep(data, "journal", "show", "1").returncode == 0
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert (session["outcome"], session["highest_pain"]) == ("interrupted", 3), session


def test_a_kill_at_the_note_question_after_the_last_answer_keeps_the_session_completed(
    tmp_path: Path, terminals: list[AtATerminal]
) -> None:
    """The last check-in ends the session (no closing question after it): its answer is the
    closing one, and a kill at its note question keeps the session as leaving there does
    (Ctrl+C keeps it completed), not as interrupted."""
    routine = tmp_path / "note-test.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    run = AtATerminal(routine, data)
    terminals.append(run)
    for count, (question, pain) in enumerate(
        [
            ("Pain right now, 0-10?", "2"),
            ("Check-in after Calves", "2"),
            ("Check-in after Bridge", "3"),
        ],
        start=1,
    ):
        run.wait_for(question)
        run.type(pain)
        run.wait_for(NOTE_QUESTION, count=count)
        if count < 3:
            run.type("")
    assert run.kill() == -signal.SIGKILL
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "running", session  # nothing can catch SIGKILL
    shown = _hep(data, "journal", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert "completed" in shown.stdout.splitlines()[0], shown.stdout
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert (session["outcome"], session["final_pain"]) == ("completed", 3), session


HEP_WAITING_AN_HOUR = [
    sys.executable,
    "-c",
    "import runpy, player.plain; player.plain.NOTE_WAIT_SECONDS = 3600.0;"
    " runpy.run_module('player', run_name='__main__', alter_sys=True)",
]
"""`hep`, with a script's pain answer waiting an hour for the line after it, not a second:
killed in that wait without racing its end."""


def test_a_scripts_pain_answer_is_in_the_journal_while_the_line_after_it_is_awaited(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    """A script is not asked the note question: its pain answer waits a moment for a `note ...`
    line after it. Killed then, the answer is kept, as at a terminal: an 8/10 is the pain stop
    it makes."""
    routine = tmp_path / "note-test.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    run = PlainRun(routine, data, hep=HEP_WAITING_AN_HOUR)
    plain_runs.append(run)
    run.wait_for("Pain right now, 0-10?")
    run.type("2", "8")  # the baseline, then the first check-in's answer, nothing after it
    path = data / "journal.sqlite3"
    deadline = time.monotonic() + 20.0
    pains: list[int] = []
    while time.monotonic() < deadline and 8 not in pains:
        sessions = raw_sessions(path) if path.exists() else []
        events = raw_events(path, sessions[0]["id"]) if sessions else []
        pains = [json.loads(e["data"])["pain"] for e in events if e["kind"] == "checkin"]
        time.sleep(0.05)
    run.proc.send_signal(signal.SIGKILL)
    run.proc.wait()
    assert pains == [2, 8], (
        f"the answer was not kept while the line after it was awaited:\n{run.out}"
    )
    assert "> 8" in run.out and "Pain is 8 out of 10" not in run.out, run.out  # in that wait
    shown = _hep(data, "journal", "show", "1")
    assert "stopped: pain" in shown.stdout.splitlines()[0], shown.stdout
    (session,) = raw_sessions(path)
    assert (session["outcome"], session["final_pain"]) == ("stopped_pain", 8), session
