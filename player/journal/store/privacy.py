"""Health data stays private: the data folder 0700, the journal and its copies 0600.

On Windows file modes mean next to nothing (only read-only): the data folder sits in the user's
profile, whose ACLs already keep other accounts out, so hep neither changes modes nor says it did.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from player import locations
from player.files import PRIVATE_MODE, kind_of
from player.journal.store.errors import JournalError
from player.platforms import effective_uid, is_windows, set_file_mode

PRIVATE_FOLDER = 0o700
"""The data folder's mode: only its owner may list or enter it (like `~/.ssh`)."""
PRIVATE_FILE = PRIVATE_MODE
"""The journal's mode, and that of every copy hep writes: only its owner may read it."""
OTHERS = 0o077
"""The group and other-user bits: any of them set lets another account in."""
SIDE_FILES = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, holding the same data."""
WHY = "it holds health data"
KEPT_INFIX = ".before-restore-"
"""The journal a restore replaced is kept as `journal.sqlite3.before-restore-YYYYMMDD-HHMMSS`."""
RESTORE_PREFIX = ".restore-"
"""The start of a restore's working copy's name, in the journal's folder."""


def side_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside the database `path` (`SIDE_FILES`), there or not.

    Args:
        path: The database file.

    Returns:
        Their paths.
    """
    return [path.with_name(path.name + suffix) for suffix in SIDE_FILES]


def _mode(value: int) -> str:
    return f"{stat.S_IMODE(value):04o}"


def _is_shared(folder: Path, info: os.stat_result) -> bool:
    """Folders hep never changes: the home folder, `/`, and sticky ones such as `/tmp`.

    Someone who sets `HEP_DATA_DIR` to one of those keeps private files in an open folder.
    """
    if info.st_mode & stat.S_ISVTX:
        return True
    try:
        real = folder.resolve()
        return real == Path(real.anchor) or real == Path.home().resolve()
    except (OSError, RuntimeError):
        return False


class _Report:
    """What tightening changed and what it could not change, told as at most two lines."""

    def __init__(self) -> None:
        self.changed: list[tuple[Path, int, int]] = []
        self.refused: list[tuple[Path, int, str]] = []

    def tighten(self, path: Path, info: os.stat_result) -> None:
        """Take the group and other bits off `path` if it has any, noting what happened."""
        if not info.st_mode & OTHERS:
            return
        after = stat.S_IMODE(info.st_mode) & ~OTHERS
        try:
            os.chmod(path, after)
        except OSError as exc:
            if exc.errno == errno.EPERM and info.st_uid != effective_uid():
                why = f"it belongs to another user, uid {info.st_uid}"
            else:
                why = exc.strerror or str(exc)
            self.refused.append((path, info.st_mode, why))
            return
        self.changed.append((path, info.st_mode, after))

    def lines(self) -> list[str]:
        """One line for what was made private, one for what could not be."""
        out = []
        if self.changed:
            subject = self.changed[0][0]
            parts = [
                f"{'' if path == subject else path.name + ' '}was {_mode(old)}, now {_mode(new)}"
                for path, old, new in self.changed
            ]
            out.append(f"made {subject} private ({'; '.join(parts)}): {WHY}")
        if self.refused:
            parts = [
                f"{path} is open to other accounts (mode {_mode(mode)}) and hep cannot make it "
                f"private ({why})"
                for path, mode, why in self.refused
            ]
            out.append(f"{'; '.join(parts)}: {WHY}")
        return out


def _make_folder(folder: Path) -> bool:
    """Create `folder` (and its parents) with only the last one private.

    Returns:
        True when the folder was created here.

    Raises:
        OSError: It could not be created.
    """
    if folder.is_dir():
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=PRIVATE_FOLDER)
    except FileExistsError:
        if folder.is_dir():
            return False  # made by another process meanwhile: checked like any other
        raise
    os.chmod(folder, PRIVATE_FOLDER)  # exactly, whatever the umask took away
    return True


def _create_file(path: Path) -> bool:
    """Create an empty file 0600 unless it exists; SQLite takes an empty file as a new database.

    Returns:
        True when the file was created here.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE)
    except FileExistsError:
        return False
    try:
        set_file_mode(fd, path, PRIVATE_FILE)
    finally:
        os.close(fd)
    return True


def secure_journal(path: Path) -> list[str]:
    """Make the journal's folder and files private before SQLite opens them.

    A new folder is made 0700 and a new journal 0600 (SQLite then gives its `-wal` and `-shm`
    files the journal's mode). An existing folder or file that others may open loses its group
    and other bits. A file that cannot be changed (another user's) is named, and left.

    Args:
        path: The journal file.

    Returns:
        At most two one-line notices: what was made private, what could not be.

    Raises:
        OSError: The folder or the journal could not be created.
    """
    report = _Report()
    folder = path.parent
    if is_windows():  # the profile's ACLs keep others out; modes would say nothing true
        folder.mkdir(parents=True, exist_ok=True)
        _create_file(path)
        return []
    sticky = False
    if not _make_folder(folder):
        info = folder.stat()
        sticky = bool(info.st_mode & stat.S_ISVTX)
        if not _is_shared(folder, info):
            report.tighten(folder, info)
    journal = None
    for file in (path, *side_files(path)):
        own = _own_file(file, path, sticky)
        if own is not None:
            report.tighten(file, own)
        if file == path:
            journal = own
        elif own is not None and journal is not None:
            _writable_as_journal(file, own, journal)
    _create_file(path)
    return report.lines()


def _writable_as_journal(side: Path, info: os.stat_result, journal: os.stat_result) -> None:
    """Give a side file (`-wal`, `-shm`) of the user's own back the owner's read and write
    bits when the journal has them. SQLite gives a side file the journal's mode when it makes
    it: one made while the journal was read-only stays read-only after the journal is made
    writable again (as hep's own message says to do), and then no write can open the journal.
    """
    wanted = stat.S_IRUSR | stat.S_IWUSR
    if info.st_uid != effective_uid() or journal.st_mode & wanted != wanted:
        return
    if info.st_mode & wanted != wanted:
        with contextlib.suppress(OSError):  # SQLite then says what is wrong
            os.chmod(side, (stat.S_IMODE(info.st_mode) & ~OTHERS) | wanted)


def check_own_files(journal: Path) -> None:
    """Refuse the journal's files if one is a link, not a regular file, or planted (see
    `secure_journal`), without changing anything.

    Args:
        journal: The journal file.

    Raises:
        JournalError: One of its files cannot be trusted.
    """
    try:
        sticky = bool(journal.parent.stat().st_mode & stat.S_ISVTX)
    except OSError:
        return
    for file in (journal, *side_files(journal)):
        _own_file(file, journal, sticky)


def _own_file(file: Path, journal: Path, sticky_folder: bool) -> os.stat_result | None:
    """The journal's own file as it is, looked at without following a link (None: no such file).

    It is never opened: closing a descriptor of a file drops every lock this process holds on
    it, and SQLite's locks on the journal are such locks. A connection that this process has
    open (or the one about to open, which shares them) would then write on as if it held them,
    and another program closing the journal would take away the write-ahead log it writes into.

    Raises:
        JournalError: It is a symbolic link, not a regular file, or another account's file in a
            folder others can write in (planted there to be written into or read).
    """
    try:
        info = os.lstat(file)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise JournalError(
            journal,
            f"{file.name} is a symbolic link, and hep never follows one for the journal's "
            "own files; move it aside",
        )
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(journal, f"{file.name} is {kind_of(info.st_mode)}, not a journal file")
    if sticky_folder and info.st_uid != effective_uid():
        raise JournalError(
            journal,
            f"{file.name} belongs to another account (uid {info.st_uid}) in a shared folder "
            "(sticky, like /tmp); hep will not use it: set HEP_DATA_DIR to a private folder",
        )
    return info


class OutputRefused(OSError):
    """hep will not write an output there; `str()` says why."""

    def __init__(self, message: str) -> None:
        """Build the error.

        Args:
            message: Why, as a clause (`it is the journal itself`).
        """
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The reason, without errno decoration."""
        return self.message


def _is_open_folder(info: os.stat_result) -> bool:
    """A folder others may write in (`/tmp`, a shared folder): what is in it may be planted."""
    return bool(info.st_mode & (stat.S_ISVTX | stat.S_IWOTH))


def _journal_files(journal: Path) -> list[Path]:
    """The journal, its SQLite side files and the copies restores kept of it."""
    files = [journal, *side_files(journal)]
    with suppress(OSError):
        files += journal.parent.glob(f"{journal.name}{KEPT_INFIX}*")
    return files


def _names_the_journal(path: Path, journal: Path) -> bool:
    """True when `path` is (or would become) one of the journal's own files."""
    try:
        folder = path.parent.resolve()
        same_folder = folder == journal.parent.resolve()
    except (OSError, RuntimeError):
        same_folder = False
    if same_folder and path.name.startswith((journal.name, RESTORE_PREFIX)):
        return True
    for file in _journal_files(journal):
        with suppress(OSError):
            if os.path.samefile(path, file):
                return True
    return False


def check_output(path: Path, journal: Path, *, database: bool = False) -> None:
    """Refuse an output that would destroy the journal or go where it could be read or lost.

    Refused: the journal, its `-wal`, `-shm` or `-journal` file, a copy a restore kept, or any
    name beside the journal that starts with its name (so no stray `-wal` is made); anything
    but a regular file (a FIFO, a device, a folder, a socket); a file another account owns in
    a folder others may write in (`/tmp`); and, unless `database`, a SQLite database (a backup
    of the journal written over with an export).

    Args:
        path: The file hep was asked to write.
        journal: The journal file.
        database: The output is itself a journal copy (`backup`), which may replace an old one.

    Raises:
        OutputRefused: Why it will not be written.
    """
    if _names_the_journal(path, journal):
        raise OutputRefused("it is the journal or one of its own files; choose another file")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except FileNotFoundError:  # a dangling link: the rename replaces the link itself
            return
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"it is {kind_of(info.st_mode)}, not a file; hep writes only files")
    folder = path.parent.stat()
    if _is_open_folder(folder) and info.st_uid != effective_uid() and not is_windows():
        raise OutputRefused(
            f"it belongs to another account (uid {info.st_uid}) in a folder others can write in"
        )
    if not database:
        try:
            with path.open("rb") as handle:
                start = handle.read(16)
        except OSError:
            start = b""
        if start == b"SQLite format 3\x00":
            raise OutputRefused("it is a SQLite database (a journal or a backup?)")


def output_mode(path: Path) -> int:
    """The mode for a file hep writes at the user's request (an export, a backup).

    Args:
        path: Where it goes.

    Returns:
        The existing regular file's mode when it is replaced (the user chose it), else 0600;
        never more open than 0600 in a folder others may write in, and never executable.
    """
    try:
        info = os.lstat(path)
        folder = path.parent.stat()
    except OSError:
        return PRIVATE_FILE
    if not stat.S_ISREG(info.st_mode) or _is_open_folder(folder):
        return PRIVATE_FILE
    return stat.S_IMODE(info.st_mode) & 0o666


@contextmanager
def private_temp(folder: Path, prefix: str) -> Iterator[Path]:
    """An empty 0600 file in `folder`, removed afterwards with any SQLite side files.

    Args:
        folder: Where to make it (beside the file it will become, for an atomic rename).
        prefix: The start of its name; a dot keeps it out of listings.

    Yields:
        Its path.

    Raises:
        OSError: The folder cannot be written.
    """
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        set_file_mode(fd, name, PRIVATE_FILE)
    finally:
        os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        for leftover in (temp, *side_files(temp)):
            with suppress(OSError):
                leftover.unlink()


@contextmanager
def replaced_whole(
    path: Path, *, journal: Path | None = None, database: bool = False, checked: bool = True
) -> Iterator[Path]:
    """Write a file whole or not at all: a private temporary file beside it, then a rename.

    The block writes (and syncs) the temporary file; when it ends without an error the file
    takes `output_mode(path)` and replaces `path`. On an error it is removed with any SQLite
    side files, and `path` is left as it was.

    Args:
        path: The file to write.
        journal: The journal it must never be (the user's journal when None).
        database: It is a journal copy (see `check_output`).
        checked: False only for hep's own copies beside the journal (a restore's kept copy).

    Yields:
        The temporary file's path, already created empty with mode 0600.

    Raises:
        OutputRefused: It is the journal's, not a regular file, or planted (`check_output`).
        OSError: The folder cannot be written.
    """
    path = Path(path)
    if checked:
        check_output(path, journal or locations.journal_path(), database=database)
    mode = output_mode(path)
    with private_temp(path.parent, f".{path.name}.") as temp:
        yield temp
        os.chmod(temp, mode)
        os.replace(temp, path)
