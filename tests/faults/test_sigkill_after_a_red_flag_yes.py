"""`hep play` killed outright (SIGKILL) at the red-flag questions after a yes: whichever command
finds the session unfinished first, every one of them then tells the red-flag stop leaving there
would have kept: `journal show`, `today`, `program show` (the program holds, and says why), the
report for the therapist, and the next `hep play` the same day (it asks "Start anyway?" with the
stop's reason). Killed after noes only, the session stays interrupted. A screen row edited by
hand stops no command."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.routine.models import Routine
from player.session.questions import RED_FLAG_QUESTIONS
from tests.faults.conftest import HEP, PlainRun, hep_env, no_traceback, raw_sessions
from tests.journal_sample import gone_pid

ROUTINE = Path("core-stabilization")
"""A built-in routine of the built-in program; it asks the red-flag questions daily."""
REASON = "Stopped at the red-flag questions: new bladder or bowel trouble."
"""The reason a yes to the second question keeps (an emergency sign)."""


def _hep(data: Path, *args: str, given: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*HEP, *args],
        env=hep_env(data),
        input=given,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_traceback(done.stderr), done.stderr
    return done


def _killed(tmp_path: Path, plain_runs: list[PlainRun], answers: list[str]) -> Path:
    """Follow the built-in program, play its core routine at real speed, type `answers` one at
    a time (each once its question is shown), then SIGKILL hep; returns the data folder."""
    data = tmp_path / "data"
    started = _hep(data, "program", "start", "back-to-running")
    assert started.returncode == 0, started.stderr
    run = PlainRun(ROUTINE, data, speed=1)
    plain_runs.append(run)
    asked = [q.text for q in RED_FLAG_QUESTIONS] + ["Pain right now, 0-10?"]
    for question, answer in zip(asked, answers, strict=False):
        run.wait_for(question)
        run.type(answer)
    run.wait_for(asked[len(answers)] if len(answers) < len(asked) else "Get ready")
    run.signal(signal.SIGKILL)
    assert run.finish() == -signal.SIGKILL
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "running", session  # nothing can catch SIGKILL
    return data


def _decisions(data: Path) -> list[str]:
    conn = sqlite3.connect(data / "journal.sqlite3")
    try:
        return [row[0] for row in conn.execute("SELECT reason FROM program_decisions")]
    finally:
        conn.close()


@pytest.mark.parametrize("first", ["journal show", "today", "program show", "report", "play"])
def test_a_kill_after_a_yes_is_found_as_the_red_flag_stop_by_every_command(
    tmp_path: Path, plain_runs: list[PlainRun], first: str
) -> None:
    data = _killed(tmp_path, plain_runs, ["n", "y", "n"])  # a yes, then a no, then the kill
    if first == "journal show":
        done = _hep(data, "journal", "show", "1")
        assert done.returncode == 0, done.stderr
        assert "stopped: red flag" in done.stdout.splitlines()[0], done.stdout
        assert REASON in done.stdout
        assert "new bladder or bowel trouble (emergency care now), 3 of 7 answered" in done.stdout
    elif first == "today":
        done = _hep(data, "today")
        assert done.returncode == 0, done.stderr
        assert "Core stabilization, stopped: red flag" in done.stdout, done.stdout
        said = " ".join(done.stdout.split())
        assert "was stopped at the red-flag questions" in said and "holds" in said, said
    elif first == "program show":
        done = _hep(data, "program", "show")
        assert done.returncode == 0, done.stderr
        said = " ".join(done.stdout.split())
        assert "stay Core stabilization was stopped at the red-flag questions" in said, said
        assert "Check with your therapist before going on." in said
    elif first == "report":
        done = _hep(data, "journal", "export", "--format", "md")
        assert done.returncode == 0, done.stderr
        assert "Sessions: 1 (1 stopped: red flag)" in done.stdout, done.stdout
        assert f"Core stabilization: {REASON}" in done.stdout
    else:
        done = _hep(data, "play", str(ROUTINE), "--plain", "--mute", given="n\n")
        assert done.returncode == 4, done.stdout + done.stderr
        said = " ".join(done.stdout.split())
        assert "the red-flag questions stopped a session (new bladder or bowel trouble)" in said
        assert "Start anyway? (y or n)" in said and "Not started." in said
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert (session["outcome"], session["reason"]) == ("stopped_red_flag", REASON)
    assert _hep(data, "today", "--short").returncode == 0  # the journal's commands count nothing
    held = [d for d in _decisions(data) if "red-flag questions" in d]
    assert len(held) == 1 and "holds" in held[0], _decisions(data)


@pytest.mark.parametrize("where", ["at the pain question", "in the exercise"])
def test_a_kill_after_noes_only_stays_interrupted(
    tmp_path: Path, plain_runs: list[PlainRun], where: str
) -> None:
    answers = ["n"] * len(RED_FLAG_QUESTIONS) + (["2"] if where == "in the exercise" else [])
    data = _killed(tmp_path, plain_runs, answers)
    today = _hep(data, "today")
    assert today.returncode == 0, today.stderr
    assert "Core stabilization, interrupted" in today.stdout, today.stdout
    assert "red-flag" not in today.stdout
    again = _hep(data, "play", str(ROUTINE), "--plain", "--mute")  # input ends at once
    assert "Earlier today: interrupted at" in again.stdout, again.stdout
    assert "Start anyway?" not in again.stdout
    (session,) = raw_sessions(data / "journal.sqlite3")
    assert session["outcome"] == "interrupted", session
    assert not any("red-flag" in d for d in _decisions(data))


SCREENED = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "safety": {"screen": "always"},
        "exercises": [{"name": "Bird dog", "duration": 20}],
    }
)


@pytest.mark.parametrize(
    "data",
    ["not json {", '{"answers": {"no_such_question": true}}', '{"answers": {"fever": "yes"}}'],
)
def test_a_screen_row_edited_by_hand_stops_no_command(tmp_path: Path, data: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "journal.sqlite3"
    journal = Journal.open(path)
    c = Conductor(SCREENED, Dependencies(recorder=SessionRecorder(journal)))
    c.start(0.0)
    c.answer_yes_no(1.0, True)
    journal.close()  # left running, as after a kill
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ?", (gone_pid(),))
        conn.execute("UPDATE events SET data = ? WHERE kind = 'screen'", (data,))
    conn.close()
    for args in (
        ["journal", "show", "1"],
        ["journal"],
        ["today"],
        ["journal", "export", "--format", "md"],
        ["journal", "export", "--format", "csv"],
    ):
        done = _hep(folder, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert len(done.stderr.splitlines()) <= 1, (args, done.stderr)
    (session,) = raw_sessions(path)
    assert session["outcome"] == "interrupted", session
