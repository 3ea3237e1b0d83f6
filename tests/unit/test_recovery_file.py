"""The recovery file: what is written reads back the same, written 0600 and whole, never
through a link, and every line that is not hep's is named by its number."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from player.journal import Journal
from player.journal.record.background import BackgroundRecorder
from player.journal.store import recovery
from player.session.kept import SessionEnd, SessionStart

START = SessionStart(
    routine_name="Calf \u00e9 routine",
    routine_path=None,
    routine_hash="h",
    preview=False,
    speed=1.0,
    planned_seconds=60.0,
    plan=[{"index": 0, "exercise": "Calf roll"}],
    started_at="2026-01-02T03:04:05.000Z",
)
END = SessionEnd("completed", None, 2, 3, 1, "2026-01-02T03:05:05.000Z")


def _kept() -> recovery.Kept:
    one = recovery.Kept(START, session_id=4)
    one.events.append(("checkin", 12.5, {"pain": 3, "when": "after"}, "2026-01-02T03:04:17.500Z"))
    one.end = END
    return one


def test_a_written_file_reads_back_the_same(tmp_path: Path) -> None:
    path = recovery.path_for(tmp_path / "journal.sqlite3", 123)
    recovery.write(path, [_kept()])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    header, [one] = recovery.decode(path.read_bytes())
    assert header["pid"] == os.getpid() and one == _kept()


def test_writing_replaces_a_planted_link_and_never_writes_through_it(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("mine\n")
    path = recovery.path_for(tmp_path / "journal.sqlite3", 123)
    path.symlink_to(target)
    recovery.write(path, [_kept()])
    assert target.read_text() == "mine\n" and not path.is_symlink()


def test_no_sessions_left_removes_the_file(tmp_path: Path) -> None:
    path = recovery.path_for(tmp_path / "journal.sqlite3", 123)
    recovery.write(path, [_kept()])
    recovery.write(path, [])
    assert not path.exists()


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        ([], 0),
        (["{}"], 1),
        ([recovery.encode([]).decode().strip(), '{"op":"end","outcome":"completed"}'], 2),
        ([*recovery.encode([_kept()]).decode().splitlines()[:2], '{"op":"event","kind":"x"}'], 3),
        (
            [*recovery.encode([_kept()]).decode().splitlines()[:2], '{"op":"event","clock":NaN}'],
            3,
        ),
        (
            [
                *recovery.encode([_kept()]).decode().splitlines()[:2],
                '{"op":"event","kind":"note","data":{},"wall":"2026-01-02T03:04:17.500Z",'
                '"clock":1' + "0" * 400 + "}",
            ],
            3,
        ),
        (
            [
                recovery.encode([]).decode().strip(),
                recovery.encode([_kept()])
                .decode()
                .splitlines()[1]
                .replace('"speed":1.0', '"speed":1' + "0" * 400),
            ],
            2,
        ),
    ],
    ids=["empty", "no-header", "end-first", "bad-kind", "nan", "huge-clock", "huge-speed"],
)
def test_a_line_that_is_not_hep_s_is_named(lines: list[str], line: int) -> None:
    with pytest.raises(recovery.RecoveryError) as caught:
        recovery.decode("\n".join(lines).encode())
    assert caught.value.line == line


def test_a_locked_journal_keeps_the_session_then_writes_it_when_free(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    recorder = BackgroundRecorder(path)
    try:
        recorder.start(START)
        recorder.record("checkin", 1.0, {"pain": 2, "when": "before"})
        assert recorder.flush(10)
        notices = recorder.take_notices()
        assert any(n.startswith("the journal is busy") for n in notices), notices
        kept = recovery.path_for(path)
        assert kept.exists() and stat.S_IMODE(kept.stat().st_mode) == 0o600
        holder.execute("COMMIT")
        recorder.finish(END)
        later: list[str] = []
        deadline = time.monotonic() + 10  # it tries again every half second
        while not any("caught up" in n for n in later) and time.monotonic() < deadline:
            time.sleep(0.05)
            later += recorder.take_notices()
        assert any("caught up" in n for n in later), later
        assert not kept.exists() and not recorder.lost
    finally:
        holder.close()
        recorder.close()
    with Journal.open(path) as journal:
        rows = journal.query("SELECT outcome, final_pain FROM sessions")
    assert [tuple(r) for r in rows] == [("completed", 1)]
