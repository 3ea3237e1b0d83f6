"""A restored backup brings rows, never a schema: triggers, views, tables, settings stay out.

Each backup is made from a real journal and then given a payload with plain SQLite, as a file
someone shares would be. After the restore the journal is checked as stored, and a new session
is recorded through hep to see that nothing in the file acts on it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from player import locations
from player.cli import cli
from player.journal import Journal, SessionRecorder
from player.journal.store import backup as backups
from player.journal.store.errors import JournalError
from tests.faults.conftest import integrity, raw_sessions
from tests.journal_sample import play_sample

NOTHING = "nothing was restored"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["journal", *args])


def _record(count: int) -> None:
    with Journal.open() as journal:
        for _ in range(count):
            play_sample(SessionRecorder(journal))


@pytest.fixture
def backup(tmp_path: Path) -> Iterator[Path]:
    """A backup of a journal with three sessions; the journal is then emptied of them."""
    _record(3)
    file = tmp_path / "shared.sqlite3"
    assert _run("backup", str(file)).exit_code == 0
    locations.journal_path().unlink()
    _record(1)
    yield file


def _payload(file: Path, *statements: str) -> None:
    conn = sqlite3.connect(file)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _schema(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return {(r[0], r[1]) for r in conn.execute("SELECT type, name FROM sqlite_master")}
    finally:
        conn.close()


def _fresh_schema(tmp_path: Path) -> set[tuple[str, str]]:
    fresh = tmp_path / "fresh" / "journal.sqlite3"
    fresh.parent.mkdir()
    Journal.open(fresh).close()
    return _schema(fresh)


def test_a_trigger_in_a_backup_never_runs_in_the_journal(backup: Path, tmp_path: Path) -> None:
    _payload(
        backup,
        "CREATE TRIGGER wipe AFTER INSERT ON sessions BEGIN DELETE FROM sessions"
        " WHERE id != NEW.id; DELETE FROM events WHERE session_id != NEW.id; END",
        "CREATE TRIGGER block BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'busy'); END",
    )
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    _record(1)  # a new session after the restore
    journal = locations.journal_path()
    assert [s["id"] for s in raw_sessions(journal)] == [1, 2, 3, 4]
    assert _schema(journal) == _fresh_schema(tmp_path)
    assert integrity(journal) == ["ok"]


def test_views_unknown_tables_and_settings_stay_out(backup: Path, tmp_path: Path) -> None:
    _payload(
        backup,
        "CREATE TABLE stash (note TEXT)",
        "CREATE TRIGGER keep AFTER DELETE ON events BEGIN INSERT INTO stash VALUES (OLD.data); END",
        "CREATE VIEW shown AS SELECT * FROM sessions",
        "CREATE INDEX slow ON events(data, wall, kind)",
        "PRAGMA application_id = 1234",
    )
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    journal = locations.journal_path()
    assert _schema(journal) == _fresh_schema(tmp_path)
    conn = sqlite3.connect(journal)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()


def test_a_table_swapped_for_a_view_is_not_a_journal(backup: Path) -> None:
    _payload(
        backup,
        "ALTER TABLE sessions RENAME TO real_sessions",
        "CREATE VIEW sessions AS SELECT * FROM real_sessions",
    )
    before = locations.journal_path().read_bytes()
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 2
    assert result.stderr == f"hep: {backup}: not a hep journal (no sessions in it): {NOTHING}\n"
    assert locations.journal_path().read_bytes() == before


@pytest.mark.parametrize(
    ("statement", "missing"),
    [
        ("ALTER TABLE events RENAME COLUMN clock TO elapsed", "events.clock"),
        ("ALTER TABLE sessions DROP COLUMN routine_hash", "sessions.routine_hash"),
    ],
)
def test_a_table_without_a_column_every_row_needs_is_not_a_journal(
    backup: Path, statement: str, missing: str
) -> None:
    _payload(backup, statement)
    before = locations.journal_path().read_bytes()
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 2
    assert result.stderr == f"hep: {backup}: not a hep journal (no {missing} in it): {NOTHING}\n"
    assert locations.journal_path().read_bytes() == before


def test_bad_rows_are_left_out_and_named(backup: Path) -> None:
    _payload(
        backup,
        "UPDATE sessions SET started_at = 'yesterday' WHERE id = 2",
        "UPDATE events SET data = '{not json' WHERE id = (SELECT MIN(id) FROM events"
        " WHERE session_id = 3)",
        "INSERT INTO events (session_id, kind, wall, clock, data)"
        " VALUES (99, 'note', '2026-01-01T00:00:00.000Z', 1.0, '{}')",
        "UPDATE sessions SET highest_pain = 11 WHERE id = 1",
    )
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert any("session 2: started_at is not a time ('yesterday')" in line for line in lines)
    assert any("of session 3: data is not JSON" in line for line in lines)
    assert any("of session 99: session_id names a missing session" in line for line in lines)
    assert any("session 1: highest_pain is not a pain from 0 to 10 (11)" in line for line in lines)
    journal = locations.journal_path()
    assert [s["id"] for s in raw_sessions(journal)] == [3]  # 1 and 2 left out, their events too
    assert _run("show", "3").exit_code == 0


def test_a_fifo_as_a_backup_is_refused_at_once(tmp_path: Path) -> None:
    _record(1)
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "player", "journal", "restore", str(fifo), "--yes"],
        capture_output=True,
        text=True,
        timeout=30,  # the old code waited for a writer for ever
    )
    assert done.returncode == 2
    assert done.stderr == f"hep: {fifo}: is a FIFO (named pipe), not a file: {NOTHING}\n"


def test_the_working_copy_is_private_and_gone_afterwards(
    backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes = []
    real = backups._rebuild

    def spying(*args: object) -> list[str]:
        for temp in locations.data_dir().glob(".restore-*"):
            modes.append(stat.S_IMODE(temp.stat().st_mode))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "_rebuild", spying)
    assert _run("restore", str(backup), "--yes").exit_code == 0
    assert modes == [0o600]
    assert not list(locations.data_dir().glob(".restore-*"))


def test_a_killed_restore_leaves_nothing_after_a_delete(tmp_path: Path) -> None:
    _record(2)
    data = locations.data_dir()
    left = [data / ".restore-k1l2.tmp", data / ".restore-k1l2.tmp-journal"]
    for file in left:
        file.write_bytes(b"every note of a killed restore")
    result = _run("delete", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert not any(file.exists() for file in left)
    assert [s["id"] for s in raw_sessions(locations.journal_path())] == [2]


def test_the_backup_itself_is_never_written(backup: Path) -> None:
    backup.chmod(0o400)
    before = backup.read_bytes()
    assert _run("restore", str(backup), "--yes").exit_code == 0
    assert backup.read_bytes() == before
    assert sorted(p.name for p in backup.parent.iterdir() if p.name.startswith("shared")) == [
        "shared.sqlite3"
    ]


def _locks_held(file: Path) -> list[str]:
    """The POSIX locks this process holds on `file`, as `/proc/locks` lists them (type, start)."""
    locks = Path("/proc/locks")
    if not locks.exists():
        pytest.skip("no /proc/locks here to read this process's locks from")
    inode = f":{file.stat().st_ino} "
    pid = str(os.getpid())
    return [
        f"{fields[3]}@{fields[6]}"
        for line in locks.read_text().splitlines()
        if inode in line and (fields := line.split())[1] == "POSIX" and fields[4] == pid
    ]


@pytest.mark.parametrize("side", ["-wal", "-shm"])
def test_the_journal_s_own_files_are_refused_before_a_byte_is_read(side: str) -> None:
    """Reading the open journal's `-shm` (then closing it) would drop this process's SQLite
    locks on it, as reading the journal itself would its locks on the journal."""
    _record(1)
    path = locations.journal_path()
    own = path.with_name(path.name + side)
    with Journal.open() as journal:
        journal.query("SELECT COUNT(*) FROM sessions")
        shm = path.with_name(path.name + "-shm")
        held = _locks_held(shm)
        assert held, "an open journal holds a lock on its -shm"
        with pytest.raises(JournalError) as refused:
            with backups.checked_backup(journal, own):
                pass
        assert _locks_held(shm) == held
    assert "one of the journal's own files" in str(refused.value)
    restore = _run("restore", str(own), "--yes")
    assert (restore.exit_code, restore.stderr) == (
        2,
        f"hep: {own}: this is one of the journal's own files, not a backup: {NOTHING}\n",
    )
