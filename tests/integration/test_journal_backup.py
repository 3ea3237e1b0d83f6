"""`hep journal backup` and `restore`: whole copies while a session is written; checked restores."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, tzinfo
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from player import locations
from player.cli import cli
from player.cli import journal as journal_cli
from player.journal import Journal, SessionRecorder
from player.journal.store import backup as backups
from player.journal.store.schema import SCHEMA_VERSION, migrate
from tests.faults.conftest import PlainRun, raw_sessions, write_routine
from tests.journal_sample import play_sample

NOTHING = "nothing was restored"


def _run(*args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["journal", *args], input=given)


def _fill(count: int) -> list[int]:
    ids = []
    for _ in range(count):
        recorder = SessionRecorder()
        ids.append(play_sample(recorder) or 0)
        recorder.close()
    return ids


def _look(path: Path) -> tuple[list[str], int, list[tuple[int, str, int]]]:
    """A file's integrity check, schema version and (session, outcome, events) rows."""
    conn = sqlite3.connect(path)  # read-write: a read-only one would leave -wal and -shm behind
    try:
        check = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute(
            "SELECT s.id, s.outcome, (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id)"
            " FROM sessions s ORDER BY s.id"
        ).fetchall()
        return check, version, rows
    finally:
        conn.close()


def _wait_until_kept(session_id: int, timeout: float = 30.0) -> None:
    """Wait until the journal file holds the session. The player shows its next line once the
    session is written, or kept in memory while the journal is busy, which another program may
    make it for a moment: the file is asked, not the screen."""
    deadline = time.monotonic() + timeout
    while session_id not in [row["id"] for row in raw_sessions(locations.journal_path())]:
        assert time.monotonic() < deadline, f"session {session_id} never reached the journal"
        time.sleep(0.05)


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@pytest.mark.slow
def test_backups_taken_while_another_process_plays_are_whole(tmp_path: Path) -> None:
    _fill(2)
    data = locations.data_dir()
    run = PlainRun(write_routine(tmp_path / "routines"), data, speed=10)
    copies: list[Path] = []

    def back_up() -> Result:
        copies.append(tmp_path / f"copy-{len(copies)}.sqlite3")
        result = _run("backup", str(copies[-1]))
        assert result.exit_code == 0, result.output
        return result

    try:
        run.wait_for("Pain right now, 0-10?")
        back_up()
        run.type("2")  # the journal hears of the session with its first answer
        refused: list[Result] = []
        for question in ("Check-in after Calf roll", "Check-in after Bridge"):
            while question not in run.out:  # back up again and again while events are written
                back_up()
                time.sleep(0.01)
            if not refused:  # the session is playing: it waits for this answer
                _wait_until_kept(3)
                refused = [_run("delete", "3", "--yes"), _run("restore", str(copies[0]), "--yes")]
            run.type("1")
        run.wait_for("Check-in after Breathe")
        back_up()
        run.type("1")  # the last check-in is the closing answer too
        status = run.finish(timeout=60)
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    assert status == 0 and "Session complete. Well done." in run.out, run.err
    assert "stopped recording" not in run.out and run.err == ""
    for result, what in zip(refused, ("deleted", "restored"), strict=True):
        assert result.exit_code == 2
        assert result.stderr == (
            f"hep: {locations.journal_path()}: session 3 is being played right now; "
            f"let it finish, then try again: nothing {what}\n"
        )
    counts = []
    for copy in copies:
        check, version, rows = _look(copy)
        assert (check, version, _mode(copy)) == (["ok"], SCHEMA_VERSION, "0o600"), copy
        # A copy taken before the first answer reached the journal has no session 3 yet.
        playing = [(3, "running")] if len(rows) == 3 else []
        assert [(i, outcome) for i, outcome, _ in rows] == [
            (1, "completed"),
            (2, "completed"),
            *playing,
        ]
        assert not copy.with_name(copy.name + "-wal").exists()
        if playing:
            counts.append(rows[2][2])
    assert len(counts) >= 3 and counts == sorted(counts) and counts[-1] > counts[0]
    assert len(_look(copies[-1])[2]) == 3  # the last copy, at the last check-in, has it
    final = _look(locations.journal_path())[2]
    assert final[2][1] == "completed" and final[2][2] > counts[-1]


def test_a_backup_restores_what_was_deleted_and_keeps_the_journal_it_replaced(
    tmp_path: Path,
) -> None:
    ids = _fill(3)
    backup = tmp_path / "backup.sqlite3"
    assert _run("backup", str(backup)).stdout.startswith(f"Backed up 3 sessions to {backup} (")
    assert _run("delete", str(ids[0]), str(ids[1]), "--yes").exit_code == 0
    held = _look(locations.journal_path())[2]
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0].startswith(f"{backup} holds 3 sessions, the newest from ")
    assert out[1].startswith(f"The journal {locations.journal_path()} holds 1 session, ")
    assert out[2] == f"Restored 3 sessions from {backup}."
    kept = Path(out[3].removeprefix("The journal it replaced is kept as ").rstrip("."))
    assert kept.name.startswith("journal.sqlite3.before-restore-") and len(kept.name) == 46
    assert held[0][:2] == (ids[2], "completed") and len(held) == 1
    assert _look(kept)[2] == held and _mode(kept) == "0o600"
    assert [row[0] for row in _look(locations.journal_path())[2]] == ids
    leftovers = sorted(p.name for p in locations.data_dir().iterdir())
    assert leftovers == ["journal.sqlite3", kept.name]


def test_an_older_backup_is_brought_up_to_date(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO sessions (routine_name, routine_hash, preview, speed, planned_seconds,"
        " plan, started_at, ended_at, outcome) VALUES ('Old', 'h', 0, 1, 60, '[]',"
        " '2024-01-01T07:00:00.000Z', '2024-01-01T07:01:00.000Z', 'completed')"
    )
    conn.close()
    _fill(1)
    assert _run("restore", str(old), "--yes").exit_code == 0
    check, version, rows = _look(locations.journal_path())
    assert (check, version, rows) == (["ok"], SCHEMA_VERSION, [(1, "completed", 0)])
    assert "Old" in _run().stdout


def _damaged_copy(tmp_path: Path) -> Path:
    _fill(3)
    copy = tmp_path / "damaged.sqlite3"
    assert _run("backup", str(copy)).exit_code == 0
    data = bytearray(copy.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 3] = bytes(range(256)) * (page // 256)  # the sessions' b-tree
    copy.write_bytes(bytes(data))
    return copy


def _newer_copy(tmp_path: Path) -> Path:
    _fill(1)
    copy = tmp_path / "newer.sqlite3"
    assert _run("backup", str(copy)).exit_code == 0
    conn = sqlite3.connect(copy)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return copy


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("pain 3 today\n" * 100)
    return path


def _other_database(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_damaged_copy, "the file is damaged ("),
        (
            _newer_copy,
            f"written by a newer hep (schema version {SCHEMA_VERSION + 1}, this hep knows up to "
            f"{SCHEMA_VERSION}); update hep to restore it: {NOTHING}\n",
        ),
        (_text_file, f"not a hep journal or backup (not a SQLite database): {NOTHING}\n"),
        (_other_database, f"not a hep journal (no sessions in it): {NOTHING}\n"),
        (lambda tmp: tmp / "missing.sqlite3", f"no such file: {NOTHING}\n"),
    ],
    ids=["damaged", "newer", "text", "other-database", "missing"],
)
def test_a_bad_backup_is_refused_and_the_journal_left_alone(
    tmp_path: Path, make: object, message: str
) -> None:
    assert callable(make)
    file = make(tmp_path)
    _fill(1)
    before = _look(locations.journal_path())[2]
    given = file.read_bytes() if file.exists() else None
    result = _run("restore", str(file), "--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"hep: {file}: {message}") and result.stderr.count("\n") == 1
    assert result.stderr.endswith(f": {NOTHING}\n")
    assert _look(locations.journal_path())[2] == before
    assert (file.read_bytes() if file.exists() else None) == given
    assert sorted(p.name for p in locations.data_dir().iterdir()) == ["journal.sqlite3"]


def test_restore_asks_first_and_refuses_without_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(1)
    backup = tmp_path / "b.sqlite3"
    assert _run("backup", str(backup)).exit_code == 0
    refused = _run("restore", str(backup))
    assert (refused.exit_code, refused.stderr) == (
        2,
        "hep: no terminal to ask on: add --yes to go ahead (nothing restored)\n",
    )
    monkeypatch.setattr(journal_cli, "_can_ask", lambda: True)
    declined = _run("restore", str(backup), given="n\n")
    assert declined.exit_code == 1
    assert (
        "Replace the journal with the backup (the current one is kept as "
        "journal.sqlite3.before-restore-...)? [y/N]: Nothing restored.\n"  # the terminal echoes n
    ) in declined.stderr
    assert sorted(p.name for p in locations.data_dir().iterdir()) == ["journal.sqlite3"]


def test_the_journal_itself_is_neither_backup_nor_source() -> None:
    _fill(1)
    path = locations.journal_path()
    backup = _run("backup", str(path))
    restore = _run("restore", str(path), "--yes")
    assert (backup.exit_code, backup.stderr) == (
        2,
        f"hep: {path}: this is the journal itself; back it up to another file\n",
    )
    assert (restore.exit_code, restore.stderr) == (
        2,
        f"hep: {path}: this is the journal itself: {NOTHING}\n",
    )


def test_a_backup_into_a_folder_is_named_by_the_time(tmp_path: Path) -> None:
    _fill(1)
    result = _run("backup", str(tmp_path))
    assert result.exit_code == 0
    made = list(tmp_path.glob("journal-*.sqlite3"))
    assert len(made) == 1 and len(made[0].name) == len("journal-20240101-080000.sqlite3")
    assert result.stdout.startswith(f"Backed up 1 session to {made[0]} (")


def test_backups_into_a_folder_in_the_same_second_keep_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two in one second, or an hour apart on the night the clocks go back: the same name.
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:
            return cls(2026, 10, 25, 1, 30, 0)

    monkeypatch.setattr(backups, "datetime", Frozen)
    _fill(1)
    first = _run("backup", str(tmp_path))
    _fill(1)
    second = _run("backup", str(tmp_path))
    assert first.exit_code == second.exit_code == 0
    older, newer = (
        tmp_path / "journal-20261025-013000.sqlite3",
        tmp_path / "journal-20261025-013000-2.sqlite3",
    )
    assert second.stdout.startswith(f"Backed up 2 sessions to {newer} (")
    assert [len(_look(f)[2]) for f in (older, newer)] == [1, 2]


def test_a_backup_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    _fill(1)
    target = tmp_path / "no-such-folder" / "b.sqlite3"
    result = _run("backup", str(target))
    assert (result.exit_code, result.stderr) == (
        2,
        f"hep: {target}: cannot write the backup (No such file or directory)\n",
    )


def test_restoring_on_a_fresh_machine_keeps_no_empty_journal(tmp_path: Path) -> None:
    _fill(2)
    backup = tmp_path / "b.sqlite3"
    assert _run("backup", str(backup)).exit_code == 0
    for path in locations.data_dir().iterdir():
        path.unlink()
    locations.data_dir().rmdir()
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0 and "kept as" not in result.stdout
    assert _mode(locations.data_dir()) == "0o700"
    assert len(_look(locations.journal_path())[2]) == 2
    with Journal.open() as journal:
        assert journal.notices == []


def _page_size(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_with_another_page_size_is_restored(tmp_path: Path) -> None:
    _fill(2)
    small = tmp_path / "small-pages.sqlite3"
    conn = sqlite3.connect(locations.journal_path())
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("VACUUM INTO ?", (str(small),))
    conn.close()
    assert _page_size(small) == 1024
    _fill(1)
    result = _run("restore", str(small), "--yes")
    assert result.exit_code == 0, result.output
    check, _, rows = _look(locations.journal_path())
    assert check == ["ok"] and [row[0] for row in rows] == [1, 2]
    assert _page_size(locations.journal_path()) == 4096


def test_a_full_disk_during_the_check_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(1)
    backup = tmp_path / "b.sqlite3"
    assert _run("backup", str(backup)).exit_code == 0

    def room_for_the_schema_only(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
        version = migrate(conn, target)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's "database or disk is full"
        return version

    monkeypatch.setattr(backups, "migrate", room_for_the_schema_only)
    result = _run("restore", str(backup), "--yes")
    folder = locations.data_dir()
    assert (result.exit_code, result.stderr) == (
        2,
        f"hep: {folder}: the disk is full (no room left in {folder}); free some space and try"
        f" again: {NOTHING}\n",
    )
    assert sorted(p.name for p in locations.data_dir().iterdir()) == ["journal.sqlite3"]


@pytest.mark.parametrize(
    ("held", "commands"),
    [
        ("a program started", [["program", "start", "back-to-running"]]),
        ("a morning check", [["morning", "--pain", "2", "--stiffness", "none"]]),
    ],
)
def test_a_journal_with_no_session_but_other_rows_is_kept(
    tmp_path: Path, held: str, commands: list[list[str]]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    assert _run("backup", str(empty)).exit_code == 0
    for command in commands:
        done = CliRunner().invoke(cli, command)
        assert done.exit_code == 0, (held, done.output)
    path = locations.journal_path()
    before = _tables(path)
    assert before["sessions"] == 0 and sum(before.values()) > 0, held
    result = _run("restore", str(empty), "--yes")
    assert result.exit_code == 0, result.output
    assert f"The journal {path} holds 0 sessions, but " in result.stdout
    kept = Path(
        result.stdout.splitlines()[-1]
        .removeprefix("The journal it replaced is kept as ")
        .rstrip(".")
    )
    assert kept.name.startswith("journal.sqlite3.before-restore-"), result.stdout
    assert _tables(kept) == before and sum(_tables(path).values()) == 0


def test_a_journal_holding_nothing_is_replaced_without_a_copy(tmp_path: Path) -> None:
    _fill(1)
    backup = tmp_path / "one.sqlite3"
    assert _run("backup", str(backup)).exit_code == 0
    locations.journal_path().unlink()  # a new journal, made by the next command
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        f"The journal {locations.journal_path()} holds 0 sessions.",
        f"Restored 1 session from {backup}.",
    ]
    assert sorted(p.name for p in locations.data_dir().iterdir()) == ["journal.sqlite3"]


def _tables(path: Path) -> dict[str, int]:
    """Each table's row count, the file's record of its schema aside."""
    conn = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] != "schema_parts" and not row[0].startswith("sqlite_")
        ]
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names
        }
    finally:
        conn.close()


def _copied_by_hand(to: Path, *, with_wal: bool) -> Path:
    """The journal copied with `cp` while another hep holds it open with two sessions not yet
    moved from its `-wal` into the file itself (a session being played elsewhere)."""
    _fill(1)
    with Journal.open() as journal:
        play_sample(SessionRecorder(journal))
        play_sample(SessionRecorder(journal))
        path = locations.journal_path()
        copy = to / "by-hand.sqlite3"
        copy.write_bytes(path.read_bytes())
        if with_wal:
            wal = path.with_name(path.name + "-wal")
            copy.with_name(copy.name + "-wal").write_bytes(wal.read_bytes())
    return copy


def test_a_journal_copied_without_its_wal_is_restored_with_a_line_on_what_may_be_missing(
    tmp_path: Path,
) -> None:
    copy = _copied_by_hand(tmp_path, with_wal=False)
    result = _run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{copy} holds 1 session, the newest from ")
    assert result.stderr == (
        f"hep: {copy} was copied without its {copy.name}-wal: sessions written while its"
        " journal was open may be missing from it (copy the -wal file with it, or make copies"
        " with `hep journal backup`)\n"
    )
    assert sorted(p.name for p in tmp_path.glob("by-hand*")) == ["by-hand.sqlite3"]


def test_a_journal_copied_with_its_wal_is_restored_whole_and_without_a_word(
    tmp_path: Path,
) -> None:
    copy = _copied_by_hand(tmp_path, with_wal=True)
    result = _run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{copy} holds 3 sessions, the newest from ")
    assert result.stderr == ""


def test_a_backup_never_needs_a_wal() -> None:
    _fill(2)
    backup = locations.data_dir().parent / "b.sqlite3"
    assert _run("backup", str(backup)).exit_code == 0
    result = _run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{backup} holds 2 sessions, ") and result.stderr == ""


def test_a_refused_copy_without_its_wal_names_the_wal(tmp_path: Path) -> None:
    _fill(1)
    copy = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()  # a clean close moves the log into the file and removes it
    result = _run("restore", str(copy), "--yes")
    assert (result.exit_code, result.stderr) == (
        2,
        f"hep: {copy}: not a hep journal (no sessions in it): {NOTHING} ("
        + backups.without_wal_line(copy)
        + ")\n",
    )
