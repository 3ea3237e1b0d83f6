"""The journal written from a thread: calls return at once, events are written in order, one
commit each, with the wall time of the call; flush and close wait for the writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from player import localday
from player.journal import Journal
from player.journal.record.background import BackgroundRecorder
from player.journal.record.today import NOTHING
from player.journal.records import format_utc, utc_now
from player.session.kept import SessionEnd, SessionStart
from tests.journal_sample import ALL_NO, SAMPLE_PLAN

SESSION = {
    "routine_name": "Short",
    "routine_path": None,
    "routine_hash": "h",
    "preview": False,
    "speed": 1.0,
    "planned_seconds": 10.0,
    "plan": SAMPLE_PLAN,
}


def _hold(recorder: BackgroundRecorder) -> threading.Event:
    """Keep the writer thread busy until the returned event is set."""
    release = threading.Event()
    recorder._queue.put(release.wait)  # noqa: SLF001 - stand in for a slow disk
    return release


def _events(path: Path) -> list[tuple[str, str, float]]:
    with Journal.open(path) as journal:
        rows = journal.query("SELECT kind, wall, clock FROM events ORDER BY id")
    return [(r[0], r[1], r[2]) for r in rows]


def test_calls_return_while_the_disk_is_busy_and_keep_their_own_wall_times(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = BackgroundRecorder(path)
    assert recorder.flush(10)
    release = _hold(recorder)
    walls = []
    recorder.start(SessionStart(**SESSION))
    for n in range(5):
        before = format_utc(utc_now())
        recorder.record("note", float(n), {"text": f"note {n}"})
        walls.append((before, format_utc(utc_now())))
    assert not recorder.flush(0.05), "nothing can be written while the writer is held"
    release.set()
    assert recorder.flush(10)
    rows = _events(path)
    assert [(kind, clock) for kind, _, clock in rows] == [("note", float(n)) for n in range(5)]
    for (_, wall, _), (before, after) in zip(rows, walls, strict=True):
        assert before <= wall <= after
    recorder.close()


def test_every_event_is_its_own_commit(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = BackgroundRecorder(path)
    seen: list[int] = []
    assert recorder.flush(10)
    journal = recorder._recorder.journal  # noqa: SLF001 - count the commits on its connection
    assert journal is not None
    journal._conn.set_trace_callback(  # noqa: SLF001
        lambda sql: seen.append(1) if sql.startswith("INSERT INTO events") else None
    )
    recorder.start(SessionStart(**SESSION))
    for n in range(3):
        recorder.record("note", float(n), {"text": "x"})
        assert recorder.flush(10)
        assert len(seen) == n + 1 and not journal._conn.in_transaction  # noqa: SLF001
    recorder.close()


def test_the_daily_check_counts_a_screen_recorded_just_before(tmp_path: Path) -> None:
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    assert not recorder.screened_today()
    release = _hold(recorder)
    recorder.start(SessionStart(**SESSION))
    recorder.record("screen", 0.0, {"answers": ALL_NO})
    threading.Timer(0.1, release.set).start()
    assert recorder.screened_today()
    recorder.close()


def test_close_writes_what_is_queued_and_later_calls_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = BackgroundRecorder(path)
    release = _hold(recorder)
    recorder.start(SessionStart(**SESSION))
    recorder.record("checkin", 0.0, {"pain": 2, "flags": [], "when": "baseline"})
    recorder.record("note", 1.0, {"text": "kept"})
    recorder.finish(SessionEnd(outcome="completed", reason=None, baseline=2, highest=2, final=1))
    threading.Timer(0.1, release.set).start()
    recorder.close()
    recorder.record("note", 1.0, {"text": "after the end"})
    recorder.close()
    with Journal.open(path) as journal:
        (row,) = journal.query("SELECT outcome, baseline_pain, final_pain FROM sessions")
        notes = journal.query("SELECT COUNT(*) FROM events WHERE kind = 'note'")[0][0]
    assert tuple(row) == ("completed", 2, 1) and notes == 1
    assert recorder.flush(0.1)


def test_a_journal_that_cannot_be_opened_is_one_problem(tmp_path: Path) -> None:
    bad = tmp_path / "j.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    recorder = BackgroundRecorder(bad)
    recorder.start(SessionStart(**SESSION))
    recorder.record("note", 1.0, {"text": "lost"})
    assert recorder.flush(10)
    assert recorder.problem is not None and "damaged" in recorder.problem
    assert not recorder.screened_today()
    recorder.close()
    assert bad.read_bytes() == b"this is not a database" * 100


def _screen_today(path: Path) -> None:
    """Another connection records an all-no red-flag screen now."""
    with Journal.open(path) as journal:
        session = journal.start_session(SessionStart(**SESSION))
        journal.record(session, "screen", 0.0, {"answers": ALL_NO})


def test_the_first_questions_are_read_ahead_and_answered_while_the_writer_is_busy(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    _screen_today(path)
    recorder = BackgroundRecorder(path)
    recorder.read_ahead()
    assert recorder.flush(10)
    release = _hold(recorder)
    try:
        # Asked now, each would wait for the held writer and give up as "cannot tell".
        assert recorder.screened_today()
        assert recorder.earlier_today() == NOTHING  # a session still running is not "earlier"
    finally:
        release.set()
    recorder.close()


def test_an_answer_read_ahead_is_used_once(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = BackgroundRecorder(path)
    recorder.read_ahead()
    assert recorder.flush(10)
    _screen_today(path)  # after the read, by another process
    assert not recorder.screened_today()  # the journal as it was read ahead
    assert recorder.screened_today()  # then asked again
    recorder.close()


def test_a_write_queued_after_the_read_ahead_is_counted(tmp_path: Path) -> None:
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    recorder.read_ahead()
    recorder.start(SessionStart(**SESSION))
    recorder.record("screen", 0.0, {"answers": ALL_NO})
    assert recorder.screened_today()
    recorder.close()


def test_an_answer_read_ahead_yesterday_is_not_used_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    today = localday.today()
    monkeypatch.setattr(localday, "today", lambda now=None: today - timedelta(days=1))
    recorder = BackgroundRecorder(path)
    recorder.read_ahead()  # "yesterday", just before midnight: no screen
    assert recorder.flush(10)
    monkeypatch.undo()
    _screen_today(path)  # after midnight, by another process
    assert recorder.screened_today()  # asked again
    recorder.close()


def test_a_damaged_journal_read_ahead_answers_as_one_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "j.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    recorder = BackgroundRecorder(bad)
    recorder.read_ahead()
    assert not recorder.screened_today()
    assert recorder.earlier_today() == NOTHING
    recorder.start(SessionStart(**SESSION))
    assert recorder.flush(10)
    assert recorder.problem is not None and "damaged" in recorder.problem
    recorder.close()
    assert bad.read_bytes() == b"this is not a database" * 100


def test_use_runs_on_the_journal_it_opened_after_what_was_queued(tmp_path: Path) -> None:
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    recorder.start(SessionStart(**SESSION))
    seen: list[tuple[str, int, Journal]] = []

    def work(journal: Journal) -> int:
        count = journal.query("SELECT COUNT(*) FROM sessions")[0][0]
        seen.append((threading.current_thread().name, count, journal))
        return count

    try:
        assert recorder.use(work) == 1, "the session queued before is written first"
        name, _, journal = seen[0]
        assert name == "hep-journal"
        assert journal is recorder._recorder.journal  # noqa: SLF001 - the one open journal
    finally:
        recorder.close()
    assert recorder.use(work) is None, "closed: the caller opens the journal itself"
    assert len(seen) == 1


def test_use_gives_none_for_a_journal_it_could_not_open_and_raises_what_work_raised(
    tmp_path: Path,
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all, " * 100)
    recorder = BackgroundRecorder(damaged)
    calls: list[Journal] = []
    try:
        assert recorder.use(calls.append) is None
        assert calls == [], "no journal, no work"
    finally:
        recorder.close()
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")

    def fails(journal: Journal) -> int:
        raise LookupError("from the work")

    try:
        with pytest.raises(LookupError, match="from the work"):
            recorder.use(fails)
        assert recorder.flush(10), "the thread goes on after work that raised"
    finally:
        recorder.close()


def test_later_returns_at_once_and_its_work_comes_before_what_is_queued_after_it(
    tmp_path: Path,
) -> None:
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    go = threading.Event()
    order: list[str] = []

    def work(journal: Journal) -> None:
        assert go.wait(10)  # the disk, slow
        count = journal.query("SELECT COUNT(*) FROM sessions")[0][0]
        order.append(f"later on {threading.current_thread().name}, sessions {count}")

    try:
        recorder.later(work)
        order.append("returned")  # before the work could run: it waits on `go`
        recorder.start(SessionStart(**SESSION))
        recorder.record("screen", 0.0, {"answers": ALL_NO})
        go.set()
        assert recorder.flush(10), "a flush waits for it, as for any write"
        assert order == ["returned", "later on hep-journal, sessions 0"]
        assert recorder.use(lambda j: j.query("SELECT COUNT(*) FROM sessions")[0][0]) == 1
    finally:
        go.set()
        recorder.close()


def test_later_does_nothing_on_a_journal_it_could_not_open_nor_when_work_raises(
    tmp_path: Path,
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all, " * 100)
    recorder = BackgroundRecorder(damaged)
    calls: list[Journal] = []
    try:
        recorder.later(calls.append)
        assert recorder.flush(10)
        assert calls == [], "no journal, no work"
    finally:
        recorder.close()
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")

    def fails(journal: Journal) -> None:
        raise LookupError("from the work")

    try:
        recorder.later(fails)  # never raised here
        recorder.start(SessionStart(**SESSION))
        recorder.record("screen", 0.0, {"answers": ALL_NO})
        assert recorder.flush(10), "the thread goes on after work that raised"
        assert recorder.screened_today()
    finally:
        recorder.close()


END = SessionEnd(outcome="stopped_pain", reason="pain 7", baseline=2, highest=7, final=7)


def test_work_after_each_session_sees_it_whole_on_the_journal_thread(tmp_path: Path) -> None:
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    seen: list[tuple[str, list[tuple[int, str | None]]]] = []

    def work(journal: Journal) -> None:
        rows = journal.query("SELECT id, outcome FROM sessions ORDER BY id")
        seen.append((threading.current_thread().name, [(r[0], r[1]) for r in rows]))

    recorder.after_each_session(work)
    try:
        recorder.start(SessionStart(**SESSION))
        recorder.record("note", 1.0, {"text": "one"})
        assert recorder.flush(10)
        assert seen == [], "not while the session goes on"
        recorder.finish(END)
        recorder.start(SessionStart(**SESSION))
        recorder.finish(END)
        assert recorder.flush(10)
    finally:
        recorder.close()
    assert seen == [
        ("hep-journal", [(1, "stopped_pain")]),
        ("hep-journal", [(1, "stopped_pain"), (2, "stopped_pain")]),
    ]
    assert recorder.finished == 2


def test_work_after_a_session_that_waited_for_a_busy_journal_runs_once_it_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    recorder = BackgroundRecorder(path)
    ran: list[int] = []

    def work(journal: Journal) -> None:
        ran.append(
            journal.query("SELECT COUNT(*) FROM sessions WHERE outcome = ?", ("stopped_pain",))[0][
                0
            ]
        )

    recorder.after_each_session(work)
    try:
        assert recorder.flush(10)
        holder.execute("BEGIN EXCLUSIVE")
        recorder.start(SessionStart(**SESSION))
        recorder.finish(END)
        assert recorder.flush(10)
        assert ran == [], "the session is not in the journal yet: nothing to count"
        holder.execute("ROLLBACK")
        deadline = time.monotonic() + 10
        while not ran and time.monotonic() < deadline:  # the writer tries again on its own
            time.sleep(0.05)
        assert ran == [1], "run once the session is written, while the face goes on"
    finally:
        holder.close()
        recorder.close()
    assert ran == [1], "and only once"
    assert recorder.finished == 1


def test_a_flush_after_a_session_never_waits_for_the_work_after_it(tmp_path: Path) -> None:
    """A face that shows a line once the session is written (the plain player, after the
    conductor) is not held up by the program counting it, however long that takes."""
    recorder = BackgroundRecorder(tmp_path / "j.sqlite3")
    release, started = threading.Event(), threading.Event()

    def slow(journal: Journal) -> None:
        started.set()
        release.wait(10)

    recorder.after_each_session(slow)
    try:
        recorder.start(SessionStart(**SESSION))
        recorder.finish(END)
        assert recorder.flush(10)
        assert started.wait(10), "the work runs once nothing else waits"
        assert recorder.flush(0.5), "a second flush, with the work still running"
    finally:
        release.set()
        recorder.close()
