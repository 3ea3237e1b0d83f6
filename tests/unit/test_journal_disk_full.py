"""A disk that fills during a session: the record waits in memory and in its recovery file
(with room kept for it), says so in one line, and is written into the journal once there is
room again."""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.journal import Journal
from player.journal.record import backlog
from player.journal.record.background import BackgroundRecorder
from player.journal.store import errors, recovery
from player.session.kept import SessionEnd, SessionStart
from tests.journal_sample import SAMPLE_PLAN

SESSION = SessionStart("Short", None, "h", False, 1.0, 10.0, SAMPLE_PLAN)
END = SessionEnd("completed", None, 2, 3, 1)


class Disk:
    """Stands in for the disk under the journal: `full` makes each write fail as SQLite's
    SQLITE_FULL does (as hep says it), and the recovery file's writes as the OS's ENOSPC,
    unless the room kept for it was given back."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        self.freed = 0
        """Bytes of the room kept for the recovery file given back while full."""
        record, write = Journal.record, recovery.write
        release = recovery.release_room

        def full_record(journal: Journal, *args: object, **kwargs: object) -> int:
            if self.full:
                raise errors.disk_full(journal.path)
            return record(journal, *args, **kwargs)  # type: ignore[arg-type]

        def full_write(path: Path, kept: list[recovery.Kept]) -> None:
            if self.full and not self.freed:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            write(path, kept)

        def counted_release(path: Path) -> int:
            given = release(path)
            if self.full:
                self.freed += given
            return given

        monkeypatch.setattr(Journal, "record", full_record)
        monkeypatch.setattr(recovery, "write", full_write)
        monkeypatch.setattr(recovery, "release_room", counted_release)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[BackgroundRecorder]:
    made = BackgroundRecorder(tmp_path / "j.sqlite3")
    yield made
    made.close()


def _until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.02)


def _notes(path: Path) -> list[str]:
    with Journal.open(path) as journal:
        rows = journal.query("SELECT data FROM events ORDER BY id")
    return [json.loads(row[0])["text"] for row in rows]


def test_a_session_the_disk_filled_under_is_written_whole_once_there_is_room(
    disk: Disk, recorder: BackgroundRecorder, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    kept = recovery.path_for(path)
    recorder.start(SESSION)
    recorder.record("note", 1.0, {"text": "before"})
    assert recorder.flush(10)
    disk.full = True
    recorder.record("note", 2.0, {"text": "while full"})
    recorder.record("note", 3.0, {"text": "still full"})
    assert recorder.flush(10)
    (line,) = recorder.take_notices()
    assert line == (
        f"the disk is full (no room left in {tmp_path}); this session is kept in memory and in "
        f"{kept}, in room kept for it, and will be written into the journal once there is room"
        " again: free some space"
    )
    assert disk.freed == recovery.ROOM and recorder.problem is None
    _, waiting = recovery.decode(kept.read_bytes())
    assert [e[2]["text"] for e in waiting[0].events] == ["before", "while full", "still full"]
    disk.full = False
    recorder.record("note", 4.0, {"text": "room again"})
    recorder.finish(END)
    said: list[str] = []
    _until(lambda: said.extend(recorder.take_notices()) or said)
    assert said == [backlog.CAUGHT_UP] and not kept.exists()
    recorder.close()
    assert _notes(path) == ["before", "while full", "still full", "room again"]
    assert not recorder.lost


def test_a_session_the_disk_stays_full_under_is_kept_in_its_recovery_file(
    disk: Disk, recorder: BackgroundRecorder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.sqlite3"
    kept = recovery.path_for(path)
    recorder.start(SESSION)
    recorder.record("note", 1.0, {"text": "before"})
    assert recorder.flush(10)
    disk.full = True
    recorder.record("note", 2.0, {"text": "while full"})
    recorder.finish(END)
    recorder.close()
    assert not recorder.lost
    assert capsys.readouterr().err == (
        f"hep: the disk is still full; this session is kept in {kept} and will be written into"
        " the journal the next time hep opens it\n"
    )
    disk.full = False
    with Journal.open(path) as journal:  # room again: the next hep merges it
        (row,) = journal.query("SELECT outcome FROM sessions")
        events = journal.query("SELECT COUNT(*) FROM events")[0][0]
    assert (row["outcome"], events) == ("completed", 2)
    assert sorted(p.name for p in tmp_path.iterdir() if "recovery" in p.name) == []


def test_the_room_kept_for_the_recovery_file_is_given_back_at_the_end(
    recorder: BackgroundRecorder, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    recorder.start(SESSION)
    assert recorder.flush(10)
    room = recovery.room_for(path)
    assert room.stat().st_size == recovery.ROOM and oct(room.stat().st_mode & 0o777) == "0o600"
    recorder.finish(END)
    recorder.close()
    assert not room.exists()


def test_the_room_a_killed_player_left_is_taken_away_at_the_next_opening(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    gone = recovery.room_for(path, pid=2**22 + 7)  # above Linux's highest pid: no such process
    gone.write_bytes(b"\0" * 16)
    mine = recovery.room_for(path)
    mine.write_bytes(b"\0" * 16)
    Journal.open(path).close()
    assert not gone.exists() and mine.exists()
