"""Bad journals: locked, read-only file or folder, damaged, newer; one exact line each."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from player.journal import Journal, JournalError, SessionRecorder
from player.journal.store.schema import SCHEMA_VERSION
from player.session.kept import SessionStart
from tests.journal_sample import play_sample

OTHER = "or set HEP_DATA_DIR to another folder"


def _journal_with_a_session(path: Path) -> None:
    recorder = SessionRecorder(path=path)
    play_sample(recorder)
    recorder.close()
    assert recorder.problem is None


def _open_error(path: Path, timeout: float = 5.0) -> str:
    with pytest.raises(JournalError) as caught:
        Journal.open(path, timeout=timeout)
    text = str(caught.value)
    assert "\n" not in text and caught.value.path == path
    return text


def test_a_newer_journal_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert _open_error(path) == (
        f"{path}: the journal was written by a newer hep (schema version {SCHEMA_VERSION + 5}, "
        f"this hep knows up to {SCHEMA_VERSION}); update hep, {OTHER}"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database\n" * 200, b"SQLite format 3\x00" + b"\xff" * 5000],
    ids=["text", "bad-header"],
)
def test_a_file_that_is_not_a_database_is_never_touched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(content)
    assert _open_error(path) == (
        f"{path}: the journal is damaged (file is not a database); it was left untouched: "
        "move it aside and hep will start a new journal"
    )
    assert path.read_bytes() == content
    assert not (tmp_path / "j.sqlite3-wal").exists()


def _damage_a_page(path: Path) -> bytes:
    """Overwrite the middle of the last page (event rows) with noise; returns the new bytes."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    last = len(data) - page
    data[last : last + page] = bytes(range(256)) * (page // 256)
    path.write_bytes(bytes(data))
    return bytes(data)


# A reader that ends without closing the journal leaves its log behind, as a crash does.
_CRASH_WHILE_READING = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT COUNT(*) FROM sessions").fetchall()
os._exit(0)
"""


def test_a_journal_left_open_by_a_crash_is_checked_and_refused_when_damaged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    damaged = _damage_a_page(path)
    subprocess.run([sys.executable, "-c", _CRASH_WHILE_READING, str(path)], check=True)
    assert (tmp_path / "j.sqlite3-wal").exists()
    text = _open_error(path)
    assert text.startswith(f"{path}: the journal is damaged (")
    assert text.endswith("); it was left untouched: move it aside and hep will start a new journal")
    assert path.read_bytes() == damaged


def test_a_cleanly_closed_damaged_journal_is_found_before_a_write(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    damaged = _damage_a_page(path)
    with pytest.raises(JournalError) as caught:
        Journal.open(path)
    assert str(caught.value).startswith(f"{path}: the journal is damaged (")
    assert str(caught.value).endswith(
        "it was left untouched: move it aside and hep will start a new journal"
    )
    assert path.read_bytes() == damaged
    with Journal.open(path, check=False) as journal:  # the review still reads what it can
        assert journal.query("SELECT COUNT(*) FROM sessions")[0][0] == 1
        with pytest.raises(JournalError):
            journal.query("SELECT data FROM events")
    assert path.read_bytes() == damaged


def test_a_busy_journal_waits_then_says_so(tmp_path: Path) -> None:
    """It opens (reading takes no write lock); its first write waits, then says so."""
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Journal.open(path, timeout=0.2) as journal:
            with pytest.raises(JournalError) as caught, journal.connection() as conn:
                conn.execute("BEGIN IMMEDIATE")
        assert str(caught.value) == (
            f"{path}: the journal is busy (locked by another program for over 0.2 s); "
            "close the other program using it and try again"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_lock_during_a_session_becomes_a_notice_and_the_session_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path, timeout=0.1)
    recorder = SessionRecorder(journal)
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
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    assert recorder.record("note", 1.0, {"text": "while locked"}) is None
    holder.execute("ROLLBACK")
    holder.close()
    journal.close()
    assert recorder.problem == (
        f"the journal stopped recording this session: {path}: the journal is busy (locked by "
        "another program for over 0.1 s); close the other program using it and try again"
    )


# --- read-only: root ignores file modes, so those checks run without root's capabilities -------

_OPEN_AND_PRINT = """
import sys
from pathlib import Path
from player.journal import Journal, JournalError
try:
    Journal.open(Path(sys.argv[1])).close()
except JournalError as exc:
    print(exc)
else:
    print("opened")
"""


def _open_as_a_plain_user(path: Path) -> str:
    command = [sys.executable, "-c", _OPEN_AND_PRINT, str(path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be tested")
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_read_only_journal_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        assert _open_as_a_plain_user(path) == (
            f"{path}: the journal file is read-only; make it writable (chmod u+w), {OTHER}"
        )
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before


@pytest.mark.parametrize("existing", [True, False])
def test_a_read_only_journal_folder_is_named_with_what_to_do(
    tmp_path: Path, existing: bool
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "j.sqlite3"
    if existing:
        _journal_with_a_session(path)
    folder.chmod(0o555)
    try:
        assert _open_as_a_plain_user(path) == (
            f"{path}: cannot write in the journal's folder {folder}; make it writable, {OTHER}"
        )
    finally:
        folder.chmod(0o755)


def test_a_journal_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    path = parent / "data" / "j.sqlite3"
    parent.chmod(0o555)
    try:
        text = _open_as_a_plain_user(path)
    finally:
        parent.chmod(0o755)
    assert text == f"{path}: cannot create the journal's folder (Permission denied); {OTHER}"


def test_a_sane_journal_opens_for_a_plain_user_too(tmp_path: Path) -> None:
    """The control for the three tests above: without the bad mode, the same run succeeds."""
    path = tmp_path / "j.sqlite3"
    _journal_with_a_session(path)
    assert _open_as_a_plain_user(path) == "opened"
