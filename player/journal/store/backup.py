"""Backing up and restoring the journal with SQLite's online backup API, safe while hep writes."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from player.files import NotAFile, open_regular
from player.journal.records import parse_utc
from player.journal.store import errors, privacy, rows
from player.journal.store.errors import JournalError
from player.journal.store.maintenance import refuse_while_playing
from player.journal.store.parts import SchemaPart
from player.journal.store.privacy import KEPT_INFIX, RESTORE_PREFIX
from player.journal.store.rows import Versions
from player.journal.store.schema import (
    PARTS_SINCE,
    PARTS_TABLE,
    SCHEMA_VERSION,
    migrate,
    migrate_all,
    migrate_part,
    part_tables,
    part_version,
    recorded_parts,
    schema_version,
)
from player.journal.store.store import Journal, journal_text

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
WAL_MODE = b"\x02\x02"
"""Bytes 18 and 19 of a database file in write-ahead mode: what was last written to it may be
in its `-wal` file beside it, not in the file itself (SQLite's "Database File Format", 1.3.4)."""
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
    skipped: tuple[str, ...] = ()
    """Rows of a restored backup left out, each `what: what is wrong`."""
    rows: int = 0
    """How many rows it holds in all: sessions, their events, a program, its morning checks and
    decisions (the file's record of its schema aside). 0: nothing in it anyone could want back."""
    without_wal: bool = False
    """A journal in write-ahead mode read without its `-wal` file (copied by hand without it):
    what was written to it last may be missing (`without_wal_line` says so)."""


def without_wal_line(file: Path) -> str:
    """The line said on a backup read without its `-wal` file (`Copy.without_wal`)."""
    return (
        f"{file} was copied without its {file.name}-wal: sessions written while its journal was"
        " open may be missing from it (copy the -wal file with it, or make copies with"
        " `hep journal backup`)"
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _rows(conn: sqlite3.Connection) -> int:
    """How many rows the file holds in every table but its record of its schema."""
    names = [
        str(row[0])
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != PARTS_TABLE and not str(row[0]).startswith("sqlite_")
    ]
    quoted = (name.replace('"', '""') for name in names)
    return sum(int(conn.execute(f'SELECT COUNT(*) FROM "{q}"').fetchone()[0]) for q in quoted)


def _describe(conn: sqlite3.Connection, path: Path) -> Copy:
    """Count a journal file's sessions and rows (the `sessions` table must exist)."""
    count = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    newest = None
    for (text,) in conn.execute("SELECT started_at FROM sessions ORDER BY started_at DESC"):
        try:  # a row that is not a time is no newest start (the review names it)
            newest = parse_utc(text)
            break
        except (TypeError, ValueError):
            continue
    return Copy(path, int(count), newest, schema_version(conn), rows=_rows(conn))


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


def backup(journal: Journal, target: Path, *, own: bool = False) -> Copy:
    """Copy the journal, consistent as of one moment, into a single private file.

    SQLite's online backup API copies every page in one step under a read transaction, so a
    session another process is writing goes on, and the copy holds it as it stood. The copy is
    written beside `target` and renamed over it when whole and checked; it is 0600 unless it
    replaces a file with other permissions.

    Args:
        journal: The open journal.
        target: The file to write, or a folder to write `journal-YYYYMMDD-HHMMSS.sqlite3` into
            (`-2`, `-3`... before `.sqlite3` when a copy of that second is there already).
        own: hep's own copy beside the journal (a restore keeps the journal it replaces).

    Returns:
        The copy.

    Raises:
        JournalError: The target is the journal itself, or the copy failed.
        OutputRefused: The target is one of the journal's files, not a regular file, or
            planted in a shared folder (`privacy.check_output`).
        OSError: The target's folder cannot be written.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        target = unused(target / f"{journal.path.stem}-{stamp}", ".sqlite3")
    if _same_file(target, journal.path):
        raise JournalError(target, "this is the journal itself; back it up to another file")
    with privacy.replaced_whole(
        target, journal=journal.path, database=True, checked=not own
    ) as temp:
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
    """The file's first 20 bytes (its magic and its modes), read without blocking on a FIFO or
    reading a device."""
    try:
        fd = open_regular(file)
    except NotAFile as exc:
        raise JournalError(file, f"{exc}: {NOTHING}") from None
    except FileNotFoundError:
        raise JournalError(file, f"no such file: {NOTHING}") from None
    except OSError as exc:
        raise JournalError(file, f"cannot read it ({exc.strerror or exc}): {NOTHING}") from None
    try:
        return os.read(fd, 20)
    except OSError as exc:
        raise JournalError(file, f"cannot read it ({exc.strerror or exc}): {NOTHING}") from None
    finally:
        os.close(fd)


def _open_read_only(file: Path, wal: Path) -> sqlite3.Connection:
    """Open a backup for reading only: nothing in it runs and nothing is written beside it.

    `immutable` also keeps SQLite from making `-shm` or `-journal` files beside it; a backup
    with a write-ahead log beside it (`wal`, copied from a live journal) is read with its log.
    """
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{file.resolve().as_uri()}?{options}", uri=True, isolation_level=None)
    conn.text_factory = journal_text
    # Views, triggers and generated columns in the file may call no function with side effects.
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _check(
    conn: sqlite3.Connection, file: Path, parts: Sequence[SchemaPart]
) -> tuple[int, Versions]:
    """Refuse a damaged file, one from a newer hep, or a database that is not a journal (a
    table or a column every row needs missing).

    Returns:
        Its schema version, and the version in it of each part this hep keeps.
    """
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
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version < 1 or not set(rows.columns(version)) <= tables:
        raise JournalError(file, f"not a hep journal (no sessions in it): {NOTHING}")
    if version >= PARTS_SINCE and recorded_parts(conn) is None:
        raise JournalError(file, f"not a hep journal (no {PARTS_TABLE} in it): {NOTHING}")
    versions: list[tuple[SchemaPart, int]] = []
    for part in parts:
        try:
            found = part_version(conn, part)
        except ValueError as exc:
            raise JournalError(file, f"not a hep journal ({exc}): {NOTHING}") from None
        if found > part.version:
            raise JournalError(
                file,
                f"written by a newer hep ({part.tables_word} at version {found}, this hep knows "
                f"up to {part.version}); update hep to restore it: {NOTHING}",
            )
        missing = sorted(part_tables(part, found) - tables)
        if missing:
            raise JournalError(file, f"not a hep journal (no {missing[0]} in it): {NOTHING}")
        versions.append((part, found))
    for table, cols in rows.columns(version, tuple(versions)).items():
        # A column every row needs, missing, would leave every row out of the journal.
        present = {row[1] for row in conn.execute(f'PRAGMA table_xinfo("{table}")')}
        lacking = [name for name, _kind, required in cols if required and name not in present]
        if lacking:
            raise JournalError(
                file, f"not a hep journal (no {table}.{lacking[0]} in it): {NOTHING}"
            )
    return version, tuple(versions)


def _source_rows(
    src: sqlite3.Connection,
    table: str,
    wanted: Sequence[str],
    file: Path,
) -> Iterator[dict[str, Any]]:
    """A table's rows in the backup, by id, holding only the columns hep's schema names."""
    present = {r[1]: r[6] for r in src.execute(f"PRAGMA table_xinfo({table})")}
    computed = [name for name in wanted if present.get(name, 0) != 0]
    if computed:
        raise JournalError(
            file, f"not a hep journal ({table}.{computed[0]} is computed): {NOTHING}"
        )
    names = [name for name in wanted if name in present]
    listed = ", ".join(f'"{name}"' for name in names)
    cursor = src.execute(f'SELECT {listed} FROM main."{table}" ORDER BY rowid')
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _rebuild(
    src: sqlite3.Connection,
    dest: sqlite3.Connection,
    version: int,
    parts: Versions,
    file: Path,
) -> list[str]:
    """Copy the rows hep knows from the backup into `dest`, a journal made by hep's schema.

    `dest` is made at the backup's versions (the journal's own and each part's), filled, then
    brought up to this hep's, so an older backup's rows go through the same migrations as an
    older journal's.

    Returns:
        One line per row left out: what it is and what is wrong with it. A row left out only
        because the row it belongs to was (a session's events) is counted on that row's line.
    """
    migrate(dest, version)
    for part, at in parts:
        migrate_part(dest, part, at)
    problems: dict[tuple[str, Any], str] = {}
    followers: Counter[tuple[str, Any]] = Counter()
    known: dict[str, set[int]] = {}
    dest.execute("BEGIN")
    for table, cols in rows.columns(version, parts).items():
        key = rows.row_key(table, parts)
        links = rows.links(table, parts)
        kept = known.setdefault(table, set())
        names = [name for name, _kind, _required in cols]
        insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        for row in _source_rows(src, table, names, file):
            parent = next(
                (
                    (target, row[column])
                    for column, target in links.items()
                    if row.get(column) is not None and (target, row[column]) in problems
                ),
                None,
            )
            if parent is not None:
                followers[parent] += 1
                continue
            problem = rows.row_problem(table, row, version, known, parts=parts)
            if problem is None and row[key] in kept:
                problem = f"{key} is used twice ({row[key]!r})"
            if problem is not None:
                problems[table, row.get(key)] = f"{rows.row_name(table, row, parts)}: {problem}"
                continue
            dest.execute(insert, [row.get(name) for name in names])
            kept.add(row[key])
    dest.execute("COMMIT")
    migrate_all(dest, [part for part, _version in parts])
    return [
        line + (f" (with {followers[where]} rows that belong to it)" if followers[where] else "")
        for where, line in problems.items()
    ]


@contextmanager
def checked_backup(journal: Journal, file: Path) -> Iterator[Copy]:
    """Check a backup and copy what it holds into a fresh journal, ready to replace this one.

    The backup is only read (read-only, nothing written beside it). Its rows that hep knows go
    into a new journal made by hep's own schema, each checked first: a row that cannot be read
    is left out and named. Nothing else in the file comes along: no trigger, view, index, other
    table or setting of its own. The new journal is a 0600 file in the journal's folder, in the
    journal's page size, removed when the block ends.

    Args:
        journal: The open journal (its folder holds the working copy).
        file: The backup, as the user named it.

    Yields:
        What it holds; its `path` is the working copy, `skipped` the rows left out.

    Raises:
        JournalError: Not a regular SQLite file, damaged, from a newer hep, not a journal, or
            the journal itself.
    """
    file = Path(file).expanduser()
    # Named first: reading the first bytes of the open journal, or of its `-wal` or `-shm`,
    # would drop this process's locks on that file (SQLite's locks on the `-shm` keep another
    # program from starting its index over while this one still reads by it).
    if _same_file(file, journal.path):
        raise JournalError(file, f"this is the journal itself: {NOTHING}")
    if any(_same_file(file, side) for side in privacy.side_files(journal.path)):
        raise JournalError(file, f"this is one of the journal's own files, not a backup: {NOTHING}")
    head = _read_magic(file)
    if head[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise JournalError(file, f"not a hep journal or backup (not a SQLite database): {NOTHING}")
    wal = file.with_name(file.name + "-wal")
    # A journal copied by hand without its log: read as it is, and said (the log cannot be
    # asked what it held, and a journal closed cleanly before the copy holds everything).
    unlogged = head[18:20] == WAL_MODE and not wal.exists()
    with journal.connection() as conn:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    with privacy.private_temp(journal.path.parent, RESTORE_PREFIX) as temp:
        src: sqlite3.Connection | None = None
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            dest.execute(f"PRAGMA page_size = {page_size:d}")
            dest.execute("PRAGMA journal_mode = DELETE")
            src = _open_read_only(file, wal)
            try:
                version, parts = _check(src, file, journal.parts)
            except JournalError as exc:
                if unlogged:  # what it lacks may be in the log not copied with it
                    raise JournalError(file, f"{exc.message} ({without_wal_line(file)})") from None
                raise
            skipped = _rebuild(src, dest, version, parts, file)
            copy = replace(_describe(dest, temp), skipped=tuple(skipped), without_wal=unlogged)
        except sqlite3.DatabaseError as exc:
            disk = errors.disk_problem(temp, exc)
            if disk is not None:
                raise JournalError(disk.path.parent, f"{disk.message}: {NOTHING}") from exc
            detail = " ".join(str(exc).split())
            raise JournalError(file, f"the file is damaged ({detail}): {NOTHING}") from exc
        finally:
            if src is not None:
                src.close()
            dest.close()
        yield copy


def leftover_copies(journal_path: Path) -> list[Path]:
    """Working copies a restore that was killed left in the journal's folder.

    Args:
        journal_path: The journal file.

    Returns:
        Their paths (with any SQLite side files).
    """
    return sorted(journal_path.parent.glob(f"{RESTORE_PREFIX}*.tmp*"))


def kept_path(journal_path: Path, now: datetime | None = None) -> Path:
    """Where a restore keeps the journal it replaces: beside it, named by the local time.

    Args:
        journal_path: The journal file.
        now: The local time to name it by (now when None).

    Returns:
        A path that does not exist yet.
    """
    stamp = f"{now or datetime.now():%Y%m%d-%H%M%S}"
    return unused(journal_path.with_name(f"{journal_path.name}{KEPT_INFIX}{stamp}"))


def unused(base: Path, suffix: str = "") -> Path:
    """`base` + `suffix`, or, when that is taken, `base-2` + `suffix`, `base-3`...: a copy named
    by the time to the second never replaces another (two in one second, or an hour apart on
    the night the clocks go back).

    Args:
        base: The path without its suffix.
        suffix: Its ending (`.sqlite3`).

    Returns:
        A path that does not exist yet.
    """
    candidate, number = base.with_name(base.name + suffix), 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}{suffix}")
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
        The replaced journal's copy (`kept_path`), or None when it held nothing at all (no
        row in any table: a program started, or a morning check, is kept like a session).

    Raises:
        JournalError: A session is being played, or SQLite failed (the journal is unchanged).
    """
    refuse_while_playing(journal, "restored")
    with journal.connection() as conn:
        held = _rows(conn)
    kept = backup(journal, kept_path(journal.path), own=True) if held else None
    src = sqlite3.connect(source.path)
    try:
        with journal.connection() as conn:
            try:
                src.backup(conn)
            except sqlite3.Error as exc:
                if kept is not None:  # the journal is as it was: its copy is not needed
                    kept.path.unlink(missing_ok=True)
                raise JournalError(journal.path, f"the restore failed ({exc}): {NOTHING}") from exc
            migrate_all(conn, journal.parts)
    finally:
        src.close()
    journal.close_abandoned()
    return kept
