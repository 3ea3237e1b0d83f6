"""Real processes: two sessions written at once, and SIGKILL at random moments of a session.

Run as a module (`python -m tests.integration.test_journal_processes`, from the repo), this file
is the driver: it plays a made-up session through the recorder and prints each event id once it
is committed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player import platforms
from player.journal import Journal, SessionRecorder
from player.journal.store.writer import current, process_token
from tests.journal_sample import play_sample, running_session

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def drive(path: Path, outcome: str, rounds: int, pause: float, start_at: float) -> None:
    """Play one session into `path`, printing `event ID` after each commit."""
    while time.time() < start_at:
        time.sleep(0.001)
    recorder = SessionRecorder(path=path)

    def after(event_id: int | None) -> None:
        print(f"event {event_id}", flush=True)
        if pause:
            time.sleep(random.uniform(0, pause))

    session = play_sample(recorder, outcome=outcome, rounds=rounds, after_event=after)
    print(f"session {session}", flush=True)
    print(f"problem {recorder.problem}", flush=True)
    recorder.close()


def _driver(
    path: Path, outcome: str, rounds: int, pause: float, start_at: float = 0.0
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.integration.test_journal_processes",
        str(path),
        outcome,
        str(rounds),
        str(pause),
        str(start_at),
    ]


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_two_sessions_written_at_once_are_both_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    start_at = time.time() + 1.0
    runs = [
        subprocess.Popen(
            _driver(path, outcome, 8, 0.003, start_at), stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        for outcome in ("completed", "completed")
    ]
    time.sleep(1.1)
    with Journal.open(path) as journal:  # both writers are alive: nothing is marked
        marked = journal.query("SELECT COUNT(*) FROM sessions WHERE outcome = 'interrupted'")[0][0]
    outputs = [run.communicate(timeout=120)[0].splitlines() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert marked == 0
    spans: list[tuple[int, int]] = []
    with Journal.open(path) as journal:
        for lines, outcome in zip(outputs, ("completed", "completed"), strict=True):
            assert lines[-1] == "problem None"
            session = int(lines[-2].split()[1])
            ids = [int(line.split()[1]) for line in lines if line.startswith("event ")]
            stored = journal.query(
                "SELECT id FROM events WHERE session_id = ? ORDER BY id", (session,)
            )
            assert [row[0] for row in stored] == ids and len(ids) > 200
            spans.append((ids[0], ids[-1]))
            row = journal.query("SELECT outcome FROM sessions WHERE id = ?", (session,))[0]
            assert row[0] == outcome
        wall = journal.query("SELECT MIN(wall), MAX(wall) FROM events")[0]
    assert wall[0] < wall[1]
    (a_first, a_last), (b_first, b_last) = spans
    assert a_first < b_last and b_first < a_last, "the two sessions did not overlap in time"
    assert _integrity(path) == "ok"


def test_a_session_killed_at_random_moments_loses_no_committed_event(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    rng = random.Random(os.environ.get("HEP_KILL_SEED", "6"))
    reported_sessions = set()
    for attempt in range(10):
        run = subprocess.Popen(
            _driver(path, "completed", 20, 0.004), stdout=subprocess.PIPE, cwd=ROOT
        )
        # From right after start-up (maybe mid-open or mid-migration) to well into the session.
        time.sleep(rng.uniform(0.05, 0.8) if attempt else 0.12)
        run.send_signal(signal.SIGKILL)
        out, _ = run.communicate(timeout=30)
        assert run.returncode == -signal.SIGKILL
        # Only whole lines count: a line cut by the kill was not reported.
        lines = out.decode().split("\n")[:-1]
        ids = [int(line.split()[1]) for line in lines if line.startswith("event ")]
        assert _integrity(path) == "ok"
        with Journal.open(path) as journal:
            present = {row[0] for row in journal.query("SELECT id FROM events")}
            missing = [event for event in ids if event not in present]
            assert missing == [], f"attempt {attempt}: events reported but lost: {missing}"
            running = journal.query("SELECT COUNT(*) FROM sessions WHERE outcome = 'running'")
            assert running[0][0] == 0
            if ids:
                session = journal.query("SELECT session_id FROM events WHERE id = ?", (ids[-1],))
                reported_sessions.add(session[0][0])
                outcome = journal.query(
                    "SELECT outcome FROM sessions WHERE id = ?", (session[0][0],)
                )[0][0]
                assert outcome == "interrupted"
    assert reported_sessions, "no run got far enough to report an event; kills came too early"


if __name__ == "__main__":
    drive(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))


def test_a_running_and_an_ended_process_are_told_apart() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert platforms.process_running(os.getpid()) is True
    assert platforms.process_running(ended.pid) is False


def _outcomes(path: Path) -> dict[int, str]:
    with Journal.open(path) as journal:
        return {r[0]: r[1] for r in journal.query("SELECT id, outcome FROM sessions")}


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_only_sessions_whose_writer_is_gone_are_marked_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    me = current()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    with Journal.open(path) as journal:
        alive = running_session(journal, me.pid, me.token, me.host)
        dead = running_session(journal, ended.pid, "x:1", me.host)
        reused = running_session(journal, me.pid, "another-boot:12345", me.host)
        elsewhere = running_session(journal, 1, "x:1", "another-machine")
        unknown = running_session(journal, None, None, None)
        undead = running_session(journal, zombie.pid, process_token(zombie.pid), me.host)
    deadline = time.monotonic() + 10
    while _state(zombie.pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)  # exited but not yet reaped: a zombie keeps its pid
    assert _state(zombie.pid) == "Z"
    outcomes = _outcomes(path)
    zombie.wait()
    assert outcomes[alive] == "running"
    assert outcomes[elsewhere] == "running"
    assert outcomes[dead] == outcomes[reused] == outcomes[unknown] == "interrupted"
    assert outcomes[undead] == "interrupted"


def _seen_elsewhere(path: Path) -> list[tuple[int, str, int]]:
    """Each session's (id, outcome, events) as another process reads them, opening and closing
    the journal as any other program (`hep journal`, a backup) does."""
    code = (
        "import json, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "print(json.dumps(conn.execute('SELECT s.id, s.outcome, (SELECT COUNT(*) FROM events e"
        " WHERE e.session_id = s.id) FROM sessions s ORDER BY s.id').fetchall()))\n"
        "conn.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [(int(i), str(outcome), int(events)) for i, outcome, events in json.loads(done.stdout)]


def test_a_journal_opened_beside_another_look_keeps_every_later_write(tmp_path: Path) -> None:
    """Opening the journal while another connection of the same process has it open (a
    session's writer opening it while the player takes its quick look at the program) leaves
    the file's locks as they were: another program closing the journal meanwhile leaves its
    write-ahead log alone, and every event written afterwards reaches the file."""
    path = tmp_path / "j.sqlite3"
    recorder = SessionRecorder(path=path)
    play_sample(recorder)
    recorder.close()
    look = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    assert look.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    journal = Journal.open(path)
    look.close()
    seen: list[list[tuple[int, str, int]]] = []
    written: list[int | None] = []

    def after(event_id: int | None) -> None:
        written.append(event_id)
        if len(written) == 1:
            seen.append(_seen_elsewhere(path))

    session = play_sample(SessionRecorder(journal), after_event=after)
    try:
        assert None not in written and seen[0][-1] == (session, "running", 1)
        assert _seen_elsewhere(path)[-1] == (session, "completed", len(written))
    finally:
        journal.close()
    assert _integrity(path) == "ok"
