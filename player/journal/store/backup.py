"""Backing up and restoring the journal with SQLite's online backup API, safe while hep writes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from player.journal.records import parse_utc
from player.journal.store import privacy
from player.journal.store.errors import JournalError
from player.journal.store.maintenance import refuse_while_playing
from player.journal.store.schema import SCHEMA_VERSION, migrate, schema_version
from player.journal.store.store import Journal

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
KEPT_INFIX = ".before-restore-"
"""The journal a restore replaced is kept as `journal.sqlite3.before-restore-YYYYMMDD-HHMMSS`."""
NOTHING = "nothing was restored"


@dataclass(frozen=True)
class Copy:
    """A journal file as `backup` wrote it or `checked_backup` read it."""

    path: Path
    """The file."""
    sessions: int
    """How many sessions it holds."""
    last_started: datetime | None
    """When its newest session started (UTC), or None when it holds none."""
    version: int
    """Its schema version."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _describe(conn: sqlite3.Connection, path: Path) -> Copy:
    """Count a journal file's sessions (the `sessions` table must exist)."""
    count, last = conn.execute("SELECT COUNT(*), MAX(started_at) FROM sessions").fetchone()
    return Copy(path, int(count), parse_utc(last) if last else None, schema_version(conn))


def describe(journal: Journal) -> Copy:
    """What the journal holds now, told like a backup.

    Args:
        journal: The open journal.

    Returns:
        Its sessions, newest start and schema version.
    """
    with journal.connection() as conn:
        return _describe(conn, journal.path)


def _problems(conn: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` found wrong (empty when the file is sound)."""
    found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    return [] if found == ["ok"] else found


def backup(journal: Journal, target: Path) -> Copy:
    """Copy the journal, consistent as of one moment, into a single private file.

    SQLite's online backup API copies every page in one step under a read transaction, so a
    session another process is writing goes on, and the copy holds it as it stood. The copy is
    written beside `target` and renamed over it when whole and checked; it is 0600 unless it
    replaces a file with other permissions.

    Args:
        journal: The open journal.
        target: The file to write, or a folder to write `journal-YYYYMMDD-HHMMSS.sqlite3` into.

    Returns:
        The copy.

    Raises:
        JournalError: The target is the journal itself, or the copy failed.
        OSError: The target's folder cannot be written.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"{journal.path.stem}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    if _same_file(target, journal.path):
        raise JournalError(target, "this is the journal itself; back it up to another file")
    with privacy.replaced_whole(target) as temp:
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            with journal.connection() as conn:
                try:
                    conn.backup(dest)
                except sqlite3.Error as exc:
                    raise JournalError(target, f"the backup failed ({exc})") from exc
            # One self-contained file: no -wal beside it when it is opened or moved.
            dest.execute("PRAGMA journal_mode = DELETE")
            problems = _problems(dest)
            if problems:
                raise JournalError(target, f"the copy failed its check ({problems[0]})")
            copy = _describe(dest, target)
        finally:
            dest.close()
    return copy


def _read_magic(file: Path) -> bytes:
    try:
        with file.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except IsADirectoryError:
        raise JournalError(file, f"is a folder, not a backup: {NOTHING}") from None
    except FileNotFoundError:
        raise JournalError(file, f"no such file: {NOTHING}") from None
    except OSError as exc:
        raise JournalError(file, f"cannot read it ({exc.strerror or exc}): {NOTHING}") from None


def _check(conn: sqlite3.Connection, file: Path) -> None:
    """Refuse a damaged file, one from a newer hep, or a database that is not a journal."""
    problems = _problems(conn)
    if problems:
        detail = " ".join("; ".join(problems[:2]).split())
        raise JournalError(file, f"the file is damaged ({detail}): {NOTHING}")
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise JournalError(
            file,
            f"written by a newer hep (schema version {version}, this hep knows up to "
            f"{SCHEMA_VERSION}); update hep to restore it: {NOTHING}",
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not {"sessions", "events"} <= tables or version < 1:
        raise JournalError(file, f"not a hep journal (no sessions in it): {NOTHING}")


@contextmanager
def checked_backup(journal: Journal, file: Path) -> Iterator[Copy]:
    """Check a backup before it may replace the journal, on a private copy of it.

    The file itself is only read: the checks run on a 0600 copy in the journal's folder, in
    the journal's page size, which `restore` then copies in.

    Args:
        journal: The open journal (its folder holds the working copy).
        file: The backup, as the user named it.

    Yields:
        What it holds; its `path` is the working copy, removed when the block ends.

    Raises:
        JournalError: Not a SQLite file, damaged, from a newer hep, not a journal, or the
            journal itself.
    """
    file = Path(file).expanduser()
    if _read_magic(file) != SQLITE_MAGIC:
        raise JournalError(file, f"not a hep journal or backup (not a SQLite database): {NOTHING}")
    if _same_file(file, journal.path):
        raise JournalError(file, f"this is the journal itself: {NOTHING}")
    with journal.connection() as conn:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    with privacy.private_temp(journal.path.parent, ".restore-") as temp:
        shutil.copyfile(file, temp)
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            _check(conn, file)
            if int(conn.execute("PRAGMA page_size").fetchone()[0]) != page_size:
                conn.execute(f"PRAGMA page_size = {page_size:d}")
                conn.execute("VACUUM")
            copy = _describe(conn, temp)
        except sqlite3.DatabaseError as exc:
            detail = " ".join(str(exc).split())
            raise JournalError(file, f"the file is damaged ({detail}): {NOTHING}") from exc
        finally:
            conn.close()
        yield copy


def kept_path(journal_path: Path, now: datetime | None = None) -> Path:
    """Where a restore keeps the journal it replaces: beside it, named by the local time.

    Args:
        journal_path: The journal file.
        now: The local time to name it by (now when None).

    Returns:
        A path that does not exist yet.
    """
    stamp = f"{now or datetime.now():%Y%m%d-%H%M%S}"
    base = journal_path.with_name(f"{journal_path.name}{KEPT_INFIX}{stamp}")
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def kept_copies(journal_path: Path) -> list[Path]:
    """The journals earlier restores kept beside this one.

    Args:
        journal_path: The journal file.

    Returns:
        Their paths, oldest first.
    """
    return sorted(journal_path.parent.glob(f"{journal_path.name}{KEPT_INFIX}*"))


def restore(journal: Journal, source: Copy) -> Copy | None:
    """Replace the journal's content with a checked backup, keeping the journal it replaces.

    The copy goes in through SQLite's backup API, under the journal's own locks, so another
    program reading the journal sees the old content or the new, never a mix. An older backup
    is then brought up to this hep's schema.

    Args:
        journal: The open journal.
        source: From `checked_backup`.

    Returns:
        The replaced journal's copy (`kept_path`), or None when it held no sessions.

    Raises:
        JournalError: A session is being played, or SQLite failed (the journal is unchanged).
    """
    refuse_while_playing(journal, "restored")
    with journal.connection() as conn:
        held = int(conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
    kept = backup(journal, kept_path(journal.path)) if held else None
    src = sqlite3.connect(source.path)
    try:
        with journal.connection() as conn:
            try:
                src.backup(conn)
            except sqlite3.Error as exc:
                if kept is not None:  # the journal is as it was: its copy is not needed
                    kept.path.unlink(missing_ok=True)
                raise JournalError(journal.path, f"the restore failed ({exc}): {NOTHING}") from exc
            migrate(conn)
    finally:
        src.close()
    journal.close_abandoned()
    return kept
