"""The journal store: schema and migrations, outcomes, abandoned sessions, the recorder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from player import locations
from player.journal import EVENT_KINDS, OUTCOMES, Journal, SessionRecorder
from player.journal.review.query import list_sessions
from player.journal.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from player.session.kept import SessionEnd, SessionStart
from tests.journal_sample import (
    SAMPLE_PLAN,
    STOP_REASONS,
    play_sample,
    running_session,
    start_session,
)


def _tables(path: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    finally:
        conn.close()
    found: dict[str, set[str]] = {}
    for kind, name in rows:
        found.setdefault(kind, set()).add(name)
    return found


def test_open_creates_the_folder_at_the_default_place_in_wal_mode() -> None:
    path = locations.journal_path()
    assert not path.parent.exists()
    with Journal.open() as journal:
        assert journal.path == path
        assert journal.query("PRAGMA journal_mode")[0][0] == "wal"
        assert journal.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert path.is_file()


def test_a_session_is_stored_with_its_plan_events_and_outcome(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        session = start_session(journal, preview=True, speed=10.0)
        first = journal.record(
            session, "checkin", 0.0, {"pain": 2, "flags": [], "when": "baseline"}
        )
        second = journal.record(session, "note", 12.5, {"text": "héllo"})
        journal.finish(
            session, SessionEnd(outcome="completed", reason=None, baseline=2, highest=3, final=1)
        )
        row = journal.query("SELECT * FROM sessions WHERE id = ?", (session,))[0]
        events = journal.query("SELECT * FROM events WHERE session_id = ? ORDER BY id", (session,))
    assert second > first
    assert (row["outcome"], row["preview"], row["speed"]) == ("completed", 1, 10.0)
    assert (row["baseline_pain"], row["highest_pain"], row["final_pain"]) == (2, 3, 1)
    assert json.loads(row["plan"]) == SAMPLE_PLAN
    assert row["started_at"].endswith("Z") and row["ended_at"] >= row["started_at"]
    assert row["clock_seconds"] == 12.5
    assert [e["kind"] for e in events] == ["checkin", "note"]
    assert json.loads(events[1]["data"]) == {"text": "héllo"}
    assert events[1]["clock"] == 12.5 and events[1]["wall"].endswith("Z")


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_is_kept(tmp_path: Path, outcome: str) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = SessionRecorder(path=path)
    session = play_sample(recorder, outcome=outcome)
    if outcome == "interrupted":
        recorder.finish(
            SessionEnd(outcome="interrupted", reason="lost", baseline=2, highest=3, final=None)
        )
    recorder.close()
    assert recorder.problem is None and session is not None
    with Journal.open(path) as journal:
        row = journal.query("SELECT outcome, reason FROM sessions WHERE id = ?", (session,))[0]
        kinds = {r[0] for r in journal.query("SELECT DISTINCT kind FROM events")}
    assert row["outcome"] == outcome
    assert row["reason"] == ("lost" if outcome == "interrupted" else STOP_REASONS[outcome])
    if outcome == "stopped_red_flag":  # stopped at the questions, before any exercise
        assert kinds == {"screen", "verdict"}
    else:
        assert {"checkin", "step_started", "step_finished", "pause", "resume", "note"} <= kinds


def test_unknown_kind_outcome_or_session_are_programming_errors(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        session = start_session(journal)
        with pytest.raises(ValueError, match="event kind"):
            journal.record(session, "explode", 0.0, {})
        with pytest.raises(ValueError, match="outcome"):
            journal.finish(
                session,
                SessionEnd(outcome="done", reason=None, baseline=None, highest=None, final=None),
            )
        journal.finish(
            session, SessionEnd(outcome="quit", reason="q", baseline=None, highest=None, final=None)
        )
        with pytest.raises(ValueError, match="no running session"):
            journal.finish(
                session,
                SessionEnd(outcome="quit", reason="q", baseline=None, highest=None, final=None),
            )
    assert "checkin" in EVENT_KINDS


# --- migrations -----------------------------------------------------------------------------


def _old_journal(path: Path, version: int) -> None:
    """A journal at an old schema version, with one finished and one running session."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=version) == version
    conn.execute(
        "INSERT INTO sessions (id, routine_name, routine_hash, preview, speed, planned_seconds,"
        " plan, started_at, ended_at, outcome, writer_pid) VALUES"
        " (1, 'Old', 'h', 0, 1.0, 60.0, '[]', '2023-01-02T08:00:00.000Z',"
        " '2023-01-02T08:10:00.000Z', 'completed', 1),"
        " (2, 'Old', 'h', 0, 1.0, 60.0, '[]', '2023-01-03T08:00:00.000Z', NULL, 'running', NULL)"
    )
    renamed = version >= 6  # version 6 named the session's clock `clock`, not `elapsed`
    conn.execute(
        f"INSERT INTO events (session_id, kind, wall, {'clock' if renamed else 'elapsed'}, data)"
        " VALUES (1, 'note', '2023-01-02T08:05:00.000Z', 300.0, '{\"text\": \"old\"}'),"
        " (2, 'checkin', '2023-01-03T08:01:00.000Z', 42.0,"
        ' \'{"pain": 4, "flags": [], "when": "baseline"}\')'
    )
    if version >= 2:  # a hep of that version kept the session's length when it ended
        column = "clock_seconds" if renamed else "elapsed_seconds"
        conn.execute(f"UPDATE sessions SET {column} = 300.0 WHERE id = 1")
    conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_old_journal_is_migrated_forward_and_keeps_its_sessions(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.sqlite3"
    _old_journal(path, version)
    if version == 1:
        assert "sessions_by_start" not in _tables(path).get("index", set())
    if version < 4:
        assert "events_by_kind_wall" not in _tables(path).get("index", set())
    with Journal.open(path) as journal:
        assert journal.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        rows = journal.query("SELECT id, outcome, clock_seconds, baseline_pain FROM sessions")
        notes = journal.query("SELECT data FROM events WHERE kind = 'note'")
    # Version 2 worked out the clock at the end of finished sessions; later ones kept theirs.
    assert [tuple(r) for r in rows] == [(1, "completed", 300.0, None), (2, "interrupted", 42.0, 4)]
    assert json.loads(notes[0][0]) == {"text": "old"}
    indexes = _tables(path)["index"]
    assert {"events_by_session", "sessions_by_start", "sessions_running"} <= indexes
    assert "events_by_kind_wall" in indexes


class OldRecorder:
    """Writes a session as a hep of schema version 4 did, straight into the file."""

    def __init__(self, conn: sqlite3.Connection, outcome: str) -> None:
        self.conn = conn
        self.outcome = outcome
        self.id = 0

    def start(self, session: SessionStart) -> int:
        cursor = self.conn.execute(
            "INSERT INTO sessions (routine_name, routine_hash, preview, speed, planned_seconds,"
            " plan, started_at, outcome) VALUES ('Old', 'h', 0, 1.0, 60.0, ?, ?, 'running')",
            (json.dumps(session.plan), "2023-01-02T08:00:00.000Z"),
        )
        self.id = int(cursor.lastrowid or 0)
        return self.id

    def record(self, kind: str, clock: float, data: dict[str, object]) -> int:
        if kind == "verdict":  # that hep's verdict said `action`
            data = {("action" if k == "stops" else k): v for k, v in data.items()}
            data["action"] = "stop" if data["action"] else "continue"
        cursor = self.conn.execute(
            "INSERT INTO events (session_id, kind, wall, elapsed, data) VALUES (?, ?, ?, ?, ?)",
            (self.id, kind, "2023-01-02T08:01:00.000Z", clock, json.dumps(data)),
        )
        return int(cursor.lastrowid or 0)

    def finish(self, end: SessionEnd) -> None:
        self.conn.execute(
            "UPDATE sessions SET outcome = ?, ended_at = ?, elapsed_seconds ="
            " (SELECT MAX(elapsed) FROM events WHERE session_id = ?) WHERE id = ?",
            (self.outcome, "2023-01-02T08:10:00.000Z", self.id, self.id),
        )


@pytest.mark.parametrize(
    ("played", "kept", "worked", "done"),
    [
        ("completed", "completed", 3, 3),
        ("nothing_done", "nothing_done", 0, 0),
        ("stopped_pain", "stopped_pain", 2, 1),
        ("stopped_user", "stopped_user", 2, 1),
        ("stopped_red_flag", "stopped_red_flag", 0, 0),
    ],
)
def test_sessions_kept_before_work_figures_get_them_and_their_true_outcome(
    tmp_path: Path, played: str, kept: str, worked: int, done: int
) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=4)
    # The hep of version 4 knew no user stop and no "nothing done": it wrote these outcomes.
    written = {"nothing_done": "completed", "stopped_user": "stopped_pain"}.get(played, played)
    play_sample(OldRecorder(conn, written), outcome=played)  # type: ignore[arg-type]
    conn.close()
    with Journal.open(path) as journal:
        (summary,) = list_sessions(journal)
    assert summary.outcome == kept
    assert (summary.exercises_planned, summary.exercises_worked) == (3, worked)
    assert summary.exercises_done == done
    assert summary.counts == (worked > 0)


def test_each_migration_runs_once_and_a_current_journal_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    assert schema_version(conn) == len(MIGRATIONS) == SCHEMA_VERSION
    assert migrate(conn) == SCHEMA_VERSION  # nothing to do, no error from re-creating tables
    conn.close()


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "j.sqlite3", isolation_level=None)
    migrate(conn, target=1)
    conn.execute("CREATE INDEX events_by_session ON events(kind)")  # clashes with migration 2
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert schema_version(conn) == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    assert "elapsed_seconds" not in columns
    conn.close()


# --- sessions whose writer is gone ------------------------------------------------------------


def test_an_interrupted_session_gets_its_end_and_pain_from_its_events(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        session = running_session(journal, None, None, None)
    with Journal.open(path) as journal:
        row = journal.query("SELECT * FROM sessions WHERE id = ?", (session,))[0]
        last = journal.query("SELECT MAX(wall) FROM events")[0][0]
    assert row["outcome"] == "interrupted"
    assert row["reason"] == "The player stopped without closing the session."
    assert (row["baseline_pain"], row["highest_pain"], row["final_pain"]) == (3, 5, None)
    assert row["ended_at"] == last and row["clock_seconds"] == 9.0


# --- the recorder never raises ----------------------------------------------------------------


def test_the_recorder_reports_the_first_problem_once_and_goes_quiet(tmp_path: Path) -> None:
    heard: list[str] = []
    journal = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(journal, on_problem=heard.append)
    assert recorder.start(
        SessionStart(
            routine_name="R",
            routine_path=None,
            routine_hash="h",
            preview=False,
            speed=1.0,
            planned_seconds=1.0,
            plan=[],
        ),
    )
    assert recorder.record("note", 1.0, {"text": "ok"}) is not None
    journal.close()  # the journal goes away under the session
    assert recorder.record("note", 2.0, {"text": "lost"}) is None
    assert recorder.record("note", 3.0, {"text": "lost"}) is None
    assert (
        recorder.finish(
            SessionEnd(outcome="completed", reason=None, baseline=None, highest=None, final=None)
        )
        is False
    )
    assert len(heard) == 1 and recorder.problem == heard[0] and not recorder.ok
    assert heard[0].startswith("the journal stopped recording this session: ")
    assert "\n" not in heard[0]


def test_a_recorder_on_a_damaged_journal_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"not a database at all " * 50)
    recorder = SessionRecorder(path=path)
    assert play_sample(recorder) is None
    assert recorder.problem is not None and "is damaged" in recorder.problem
    recorder.close()


def test_a_failing_problem_handler_does_not_stop_the_session(tmp_path: Path) -> None:
    def handler(_text: str) -> None:
        raise RuntimeError("face is gone")

    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"x" * 4096)
    recorder = SessionRecorder(path=path, on_problem=handler)
    assert play_sample(recorder) is None
    assert recorder.problem is not None
