"""A journal locked by another program, or a recovery file that is damaged: nothing is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.journal import Journal
from player.journal.store.backup import backup
from player.journal.store.recovery import ASIDE
from tests.faults.conftest import (
    HEP,
    PlainRun,
    hep_env,
    integrity,
    no_traceback,
    raw_events,
    raw_sessions,
    write_routine,
)

pytestmark = pytest.mark.slow

# About 9 minutes of session time: some 10 s at --speed 60, longer than the 8 s lock.
LONG = """\
name: Long
description: A routine that outlasts the lock.
defaults: {get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: after_exercise}
safety: {screen: never}
exercises:
  - name: Calf roll
    duration: 60s
    sets: 3
  - name: Bridge
    duration: 60s
    sets: 3
  - name: Breathe
    duration: 60s
    sets: 3
"""
SHORT = LONG.replace("sets: 3", "sets: 1")
ANSWERS = ["2", "1", "1", "1"]
"""Baseline, then one check-in after each exercise (the last closes the session)."""
BUSY = "Note: the journal is busy (locked by another program); this session is kept"
CAUGHT_UP = "Note: the journal has caught up"

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
if float(sys.argv[2]) > 0:
    time.sleep(float(sys.argv[2]))
else:
    sys.stdin.readline()
conn.execute("COMMIT")
"""


class Lock:
    """Another process holding the journal with `BEGIN EXCLUSIVE` for `seconds` (0: until
    `release`)."""

    def __init__(self, journal: Path, seconds: float = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(journal), str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=20)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder whose journal already holds one session."""
    folder = tmp_path / "data"
    folder.mkdir()
    run = PlainRun(write_routine(tmp_path / "routines", SHORT, "short.yaml"), folder, speed=60)
    run.type(*ANSWERS)
    assert run.finish() == 0, run.err
    return folder


@pytest.fixture
def locks() -> Iterator[list[Lock]]:
    made: list[Lock] = []
    yield made
    for lock in made:
        lock.release()


def _hep(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEP, *args], capture_output=True, text=True, env=hep_env(data), timeout=60
    )


def _recovery_files(data: Path) -> list[Path]:
    return sorted(data.glob("journal.sqlite3.recovery-*.jsonl"))


def _rooms(data: Path) -> list[Path]:
    """The room kept for recovery files by players still running (or killed)."""
    return sorted(data.glob("journal.sqlite3.recovery-*.room"))


def _checkins(journal: Path, session_id: int) -> int:
    return sum(1 for e in raw_events(journal, session_id) if e["kind"] == "checkin")


def test_a_journal_locked_for_8_s_keeps_the_session_and_says_so_at_once(
    tmp_path: Path, data: Path, locks: list[Lock]
) -> None:
    journal = data / "journal.sqlite3"
    routine = write_routine(tmp_path / "routines", LONG, "long.yaml")
    locks.append(Lock(journal, 8))
    run = PlainRun(routine, data, speed=60)
    run.type(*ANSWERS)
    status = run.finish(timeout=60)
    out = run.out
    assert status == 0 and no_traceback(run.err), f"{status}\n{out[-2000:]}\n{run.err}"
    assert out.count(BUSY) == 1 and out.count(CAUGHT_UP) == 1, out
    # Said at once: before the first exercise is done, long before the end.
    assert out.index(BUSY) < out.index("Calf roll: done.") < out.index("Session complete."), out
    sessions = raw_sessions(journal)
    assert [s["outcome"] for s in sessions] == ["completed", "completed"], sessions
    # Every check-in, as many as the same routine kept with the journal free.
    assert _checkins(journal, sessions[1]["id"]) == _checkins(journal, sessions[0]["id"]) == 5
    assert sessions[1]["final_pain"] == 1 and sessions[1]["baseline_pain"] == 2
    assert _recovery_files(data) == [] and integrity(journal) == ["ok"]


def test_a_journal_locked_for_the_whole_session_is_merged_at_the_next_start(
    tmp_path: Path, data: Path, locks: list[Lock]
) -> None:
    journal = data / "journal.sqlite3"
    routine = write_routine(tmp_path / "routines", SHORT, "short.yaml")
    lock = Lock(journal)
    locks.append(lock)
    run = PlainRun(routine, data, speed=60)
    run.type(*ANSWERS)
    status = run.finish(timeout=60)
    assert status == 0 and run.out.count(BUSY) == 1, f"{status}\n{run.out}\n{run.err}"
    [kept] = _recovery_files(data)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert str(kept) in run.err and no_traceback(run.err), run.err
    assert len(raw_sessions(journal)) == 1  # the session is not in the journal yet
    lock.release()

    shown = _hep(data, "journal")
    assert shown.returncode == 0, shown.stderr
    merged = [line for line in shown.stderr.splitlines() if "could not take at the time" in line]
    assert len(merged) == 1 and "session 2" in merged[0], shown.stderr
    sessions = raw_sessions(journal)
    assert [s["outcome"] for s in sessions] == ["completed", "completed"], sessions
    assert _checkins(journal, 2) == _checkins(journal, 1) == 5 and _recovery_files(data) == []
    assert shown.stdout.count("Long") == 2, shown.stdout


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all\n",
        b'{"format":"hep-recovery","version":99,"pid":999999999}\n',
        b'{"format":"hep-recovery","version":1,"pid":999999999}\n{"op":"event","kind":"x"}\n',
        b'{"format":"hep-recovery","version":1,"pid":999999999}\n{"op":"start","plan":7}\n',
        b"\xff\xfe\x1b]52;c;aGk=\x07\n",
        b"[" * 100_000,
    ],
    ids=["text", "version", "event-first", "bad-plan", "bytes", "deep"],
)
def test_a_damaged_recovery_file_is_refused_in_one_line_and_kept_aside(
    data: Path, content: bytes
) -> None:
    journal = data / "journal.sqlite3"
    bad = data / "journal.sqlite3.recovery-999999999.jsonl"
    bad.write_bytes(content)
    before = raw_sessions(journal)
    shown = _hep(data, "journal")
    assert shown.returncode == 0 and no_traceback(shown.stderr), shown.stderr
    refused = [line for line in shown.stderr.splitlines() if "recovery file refused" in line]
    assert len(refused) == 1 and "\x1b" not in shown.stderr, shown.stderr
    assert not bad.exists() and bad.with_name(bad.name + ASIDE).read_bytes() == content
    assert raw_sessions(journal) == before
    again = _hep(data, "journal")  # refused once, then left alone
    assert "recovery file" not in again.stderr, again.stderr


def test_a_recovery_file_that_is_a_link_is_not_followed(data: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET\n")
    link = data / "journal.sqlite3.recovery-999999999.jsonl"
    link.symlink_to(secret)
    shown = _hep(data, "journal")
    assert shown.returncode == 0 and "recovery file refused" in shown.stderr, shown.stderr
    assert "SECRET" not in shown.stderr + shown.stdout and secret.read_text() == "SECRET\n"


def test_a_process_killed_while_the_record_waits_loses_only_its_last_moment(
    tmp_path: Path, data: Path, locks: list[Lock]
) -> None:
    journal = data / "journal.sqlite3"
    routine = write_routine(tmp_path / "routines", LONG, "long.yaml")
    lock = Lock(journal)
    locks.append(lock)
    run = PlainRun(routine, data, speed=30)
    run.type(*ANSWERS)
    run.wait_for("Calf roll: done.", timeout=30)
    run.wait_for("Bridge, set 1 of 3", timeout=30)
    assert BUSY in run.out, run.out
    run.signal(signal.SIGKILL)
    assert run.finish() == -signal.SIGKILL
    lock.release()
    [kept] = _recovery_files(data)
    assert len(_rooms(data)) == 1
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600

    shown = _hep(data, "journal")
    assert shown.returncode == 0 and "session 2" in shown.stderr, shown.stderr
    session = raw_sessions(journal)[1]
    assert session["outcome"] == "interrupted" and session["baseline_pain"] == 2, session
    assert _checkins(journal, 2) == 2  # the baseline and the check-in after Calf roll
    assert _recovery_files(data) == [] and _rooms(data) == []  # the killed player's room too


def test_a_recovery_file_of_a_running_process_is_left_to_it(data: Path) -> None:
    journal = data / "journal.sqlite3"
    mine = data / f"journal.sqlite3.recovery-{os.getpid()}.jsonl"
    mine.write_text(f'{{"format":"hep-recovery","version":1,"pid":{os.getpid()}}}\n')
    with Journal.open(journal) as opened:
        assert not any("recovery" in line for line in opened.notices), opened.notices
    assert mine.exists()


def test_a_backup_is_made_while_another_program_holds_the_write_lock(
    data: Path, tmp_path: Path
) -> None:
    """A backup only reads: the write lock another program holds (a session's write waiting
    in it) keeps it out no more than it keeps out any other reader."""
    path = data / "journal.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with Journal.open(path, timeout=0.1, check=False) as journal:
            copy = backup(journal, tmp_path / "copy.sqlite3")
    finally:
        holder.close()
    assert copy.sessions == 1 and integrity(copy.path) == ["ok"]
