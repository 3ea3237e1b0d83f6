"""The journal's one error type, and how SQLite and OS failures become one clear line."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path


class JournalError(Exception):
    """A journal that cannot be used; `str()` is one line naming the file and what to do."""

    def __init__(self, path: Path, message: str) -> None:
        """Build the error.

        Args:
            path: The journal file.
            message: What is wrong and what to do, without the file name.
        """
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


ANOTHER_FOLDER = "or set HEP_DATA_DIR to another folder"


def locked(path: Path, timeout: float) -> JournalError:
    """The journal stayed locked by another connection for longer than `timeout` seconds."""
    return JournalError(
        path,
        f"the journal is busy (locked by another program for over {timeout:g} s); "
        "close the other program using it and try again",
    )


def is_locked(exc: BaseException) -> bool:
    """Whether `exc` is `locked`'s error: a journal that may take writes again by itself."""
    return isinstance(exc, JournalError) and exc.message.startswith("the journal is busy")


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` is `disk_full`'s error: a journal that takes writes again once there is
    room."""
    return isinstance(exc, JournalError) and exc.message.startswith(DISK_FULL)


def damaged(path: Path, detail: str) -> JournalError:
    """The file is not a database, or its integrity check failed; it is left as it is."""
    detail = " ".join(detail.split())
    return JournalError(
        path,
        f"the journal is damaged ({detail}); it was left untouched: "
        "move it aside and hep will start a new journal",
    )


def newer(path: Path, found: int, known: int) -> JournalError:
    """The file was written by a newer hep whose schema this one does not know."""
    return JournalError(
        path,
        f"the journal was written by a newer hep (schema version {found}, this hep knows up to "
        f"{known}); update hep, {ANOTHER_FOLDER}",
    )


def newer_part(path: Path, what: str, found: int, known: int) -> JournalError:
    """Tables of the file (a part of its schema) come from a newer hep than this one."""
    return JournalError(
        path,
        f"the journal was written by a newer hep ({what} at version {found}, this hep knows up "
        f"to {known}); update hep, {ANOTHER_FOLDER}",
    )


def can_write_file(path: Path) -> bool:
    """Whether `path` may be opened for writing, asked of the system by this process's own
    ids (root may write any file, as it may open it) without opening it: closing a descriptor
    of the journal would drop the locks SQLite holds on it in this process (see
    `privacy._own_file`)."""
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _can_write_folder(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def not_writable(path: Path, detail: str) -> JournalError:
    """Say which of the file or its folder cannot be written, by trying both.

    Args:
        path: The journal file.
        detail: SQLite's or the OS's own words, used when neither can be blamed.

    Returns:
        The error to raise.
    """
    folder = path.parent
    if not folder.is_dir():
        return JournalError(
            path, f"cannot create the journal's folder ({detail}); {ANOTHER_FOLDER}"
        )
    if path.exists() and not can_write_file(path):
        return JournalError(
            path,
            f"the journal file is read-only; make it writable (chmod u+w), {ANOTHER_FOLDER}",
        )
    if not _can_write_folder(folder):
        return JournalError(
            path,
            f"cannot write in the journal's folder {folder}; make it writable, {ANOTHER_FOLDER}",
        )
    detail = " ".join(detail.split())
    return JournalError(path, f"cannot open the journal ({detail}); {ANOTHER_FOLDER}")


DISK_FULL = "the disk is full"


def disk_full(path: Path) -> JournalError:
    """The disk (or the user's quota) has no room left for what hep must write."""
    return JournalError(
        path, f"{DISK_FULL} (no room left in {path.parent}); free some space and try again"
    )


def read_only_mount(path: Path) -> JournalError:
    """The journal's folder is on a file system mounted read-only."""
    return JournalError(
        path,
        f"{path.parent} is on a read-only file system, so nothing can be recorded; the review "
        f"commands (hep journal, show, stats, export) still read it, {ANOTHER_FOLDER}",
    )


def _statvfs(folder: Path) -> os.statvfs_result | None:
    try:
        return os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None


def is_read_only_mount(folder: Path) -> bool:
    """True when `folder` is on a file system mounted read-only."""
    info = _statvfs(folder)
    return info is not None and bool(info.f_flag & getattr(os, "ST_RDONLY", 1))


def is_full(folder: Path, need: int = 64 * 1024) -> bool:
    """True when the file system holding `folder` has less than `need` bytes for this user."""
    info = _statvfs(folder)
    return info is not None and info.f_bavail * info.f_frsize < need


def disk_problem(path: Path, exc: BaseException) -> JournalError | None:
    """A full disk or a read-only mount behind an SQLite or OS error, said as such.

    SQLite calls a write that found no room "database or disk is full" at best and "disk I/O
    error" at worst, and a read-only mount "attempt to write a readonly database": the file
    system is asked which it is.

    Args:
        path: The file being written.
        exc: What SQLite or the OS raised.

    Returns:
        The error to raise, or None when neither is the cause.
    """
    name = str(getattr(exc, "sqlite_errorname", ""))
    code = getattr(exc, "errno", None)
    if name == "SQLITE_FULL" or code in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(path)
    writing = isinstance(exc, OSError) or name.startswith(
        ("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")
    )
    if code == errno.EROFS or (writing and is_read_only_mount(path.parent)):
        return read_only_mount(path)
    if name.startswith("SQLITE_IOERR") and is_full(path.parent):
        return disk_full(path)
    return None


_DAMAGE_WORDS = ("not a database", "malformed", "corrupt", "file is encrypted")
_LOCK_WORDS = ("locked", "busy")
_WRITE_WORDS = ("readonly", "read-only", "unable to open", "disk i/o", "permission")


def translate(path: Path, exc: BaseException, timeout: float) -> JournalError:
    """Turn an exception from SQLite or the OS into a `JournalError`.

    Args:
        path: The journal file.
        exc: What SQLite or the OS raised.
        timeout: The busy timeout in force, to say how long we waited.

    Returns:
        The error to raise in its place.
    """
    if isinstance(exc, JournalError):
        return exc
    disk = disk_problem(path, exc) if isinstance(exc, sqlite3.Error | OSError) else None
    if disk is not None:
        return disk
    text = str(exc).lower()
    if isinstance(exc, sqlite3.DatabaseError):
        if any(word in text for word in _DAMAGE_WORDS):
            return damaged(path, str(exc))
        if any(word in text for word in _LOCK_WORDS):
            return locked(path, timeout)
        if any(word in text for word in _WRITE_WORDS):
            return not_writable(path, str(exc))
    if isinstance(exc, OSError):
        return not_writable(path, exc.strerror or str(exc))
    return JournalError(path, f"the journal failed ({exc}); {ANOTHER_FOLDER}")
