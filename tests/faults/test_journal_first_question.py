"""A damaged journal as `hep play` starts: it is checked before it is read, so a record of the
red-flag questions answered today in it skips nothing; the file is left as it was."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from player.journal import Journal, SessionRecorder
from player.journal.record.screening import screened_today
from player.journal.store import recovery
from player.session.kept import SessionStart
from player.session.questions import RED_FLAG_QUESTIONS
from tests.faults.conftest import (
    HEP,
    ROUTINE,
    PlainRun,
    Tmux,
    app_script,
    hep_env,
    no_traceback,
    pid_from,
    write_routine,
)
from tests.journal_sample import damage_root_page, gone_pid, play_sample

pytestmark = pytest.mark.slow

DAILY = ROUTINE.replace("screen: never", "screen: daily")
FIRST_FLAG = RED_FLAG_QUESTIONS[0].text
DAMAGED = "the journal is damaged"


def screened_then_damaged(data: Path) -> bytes:
    """A journal that says the red-flag questions were answered today (all no) when read
    unchecked, with a damaged page further on; returns its bytes."""
    data.mkdir(parents=True, exist_ok=True)
    path = data / "journal.sqlite3"
    with Journal.open(path) as journal:
        session = journal.start_session(SessionStart("r", None, "h", False, 1.0, 10.0, []))
        answers = {q.id: False for q in RED_FLAG_QUESTIONS}
        journal.record(session, "screen", 0.0, {"answers": answers})
        recorder = SessionRecorder(journal)
        for _ in range(3):
            play_sample(recorder)
    raw = bytearray(path.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    raw[len(raw) - page :] = bytes(range(256)) * (page // 256)
    path.write_bytes(bytes(raw))
    with Journal.open(path, check=False) as journal:  # what a read before the check would say
        assert screened_today(journal)
    assert path.read_bytes() == bytes(raw)
    return bytes(raw)


def test_the_plain_player_asks_the_red_flag_questions_over_a_damaged_journal(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    damaged = screened_then_damaged(data)
    run = PlainRun(write_routine(tmp_path / "routines", DAILY), data, speed=60)
    run.wait_for(FIRST_FLAG)
    run.type(*["n"] * len(RED_FLAG_QUESTIONS), "2")
    run.close_input()
    status = run.finish(timeout=60)
    out = run.out
    assert no_traceback(run.err), run.err
    first = out.index(FIRST_FLAG)
    assert first < out.index("Pain right now") < out.index(DAMAGED), out
    assert out.count(DAMAGED) == 1, out
    assert status == 4, out  # the input ended: quit, kept in a recovery file
    assert (data / "journal.sqlite3").read_bytes() == damaged
    assert len(list(data.glob("journal.sqlite3.recovery-*"))) == 1


def test_the_app_asks_the_red_flag_questions_over_a_damaged_journal(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    data = tmp_path / "data"
    damaged = screened_then_damaged(data)
    routine = write_routine(tmp_path / "routines", DAILY)
    tmux = tmux_factory(hep_env(data))
    tmux.start(app_script(routine, tmp_path / "app.pid", "--mute"))
    pid_from(tmp_path / "app.pid")
    screen = tmux.wait_for(FIRST_FLAG.split(",")[0])  # the dialog wraps the rest
    assert "How much pain" not in screen
    assert (data / "journal.sqlite3").read_bytes() == damaged


def test_a_followed_program_leaves_a_damaged_journal_and_its_recovery_file_as_they_were(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    env = hep_env(data)
    started = subprocess.run(
        [*HEP, "program", "start", "back-to-running"], env=env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    journal = data / "journal.sqlite3"
    start = SessionStart("Kept", None, "h" * 64, False, 1.0, 10.0, [])
    kept = recovery.encode([recovery.Kept(replace(start, started_at="2026-01-01T10:00:00.000Z"))])
    kept = kept.replace(b'"pid":%d' % os.getpid(), b'"pid":%d' % gone_pid(), 1)
    assert b'"pid":%d' % os.getpid() not in kept
    waiting = recovery.path_for(journal, 99999)
    waiting.write_bytes(kept)
    waiting.chmod(0o600)
    damaged = damage_root_page(journal, "mornings")
    run = PlainRun(write_routine(tmp_path / "routines", DAILY), data, speed=60)
    run.wait_for(FIRST_FLAG)
    run.type(*["n"] * len(RED_FLAG_QUESTIONS), "2")
    run.close_input()
    run.finish(timeout=60)
    assert no_traceback(run.err), run.err
    assert DAMAGED in run.out + run.err
    assert journal.read_bytes() == damaged  # nothing written before the check found it
    assert waiting.read_bytes() == kept  # nor the waiting session merged into it
