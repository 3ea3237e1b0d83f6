"""Health data stays private: the data folder 0700, the journal and its copies 0600.

On Windows file modes mean next to nothing (only read-only): the data folder sits in the user's
profile, whose ACLs already keep other accounts out, so hep neither changes modes nor says it did.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from player.platforms import effective_uid, is_windows, set_file_mode

PRIVATE_FOLDER = 0o700
"""The data folder's mode: only its owner may list or enter it (like `~/.ssh`)."""
PRIVATE_FILE = 0o600
"""The journal's mode, and that of every copy hep writes: only its owner may read it."""
OTHERS = 0o077
"""The group and other-user bits: any of them set lets another account in."""
SIDE_FILES = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, holding the same data."""
WHY = "it holds health data"


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
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
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
    if not _make_folder(folder):
        info = folder.stat()
        if not _is_shared(folder, info):
            report.tighten(folder, info)
    if not _create_file(path):
        report.tighten(path, path.stat())
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            info = side.stat()
        except FileNotFoundError:
            continue
        report.tighten(side, info)
    return report.lines()


def output_mode(path: Path) -> int:
    """The mode for a file hep writes at the user's request (an export, a backup).

    Args:
        path: Where it goes.

    Returns:
        The existing file's mode when it is replaced (the user chose it), else 0600.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return PRIVATE_FILE


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
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in SIDE_FILES)):
            with suppress(OSError):
                leftover.unlink()


@contextmanager
def replaced_whole(path: Path) -> Iterator[Path]:
    """Write a file whole or not at all: a private temporary file beside it, then a rename.

    The block writes (and syncs) the temporary file; when it ends without an error the file
    takes `output_mode(path)` and replaces `path`. On an error it is removed with any SQLite
    side files, and `path` is left as it was.

    Args:
        path: The file to write.

    Yields:
        The temporary file's path, already created empty with mode 0600.

    Raises:
        OSError: The folder cannot be written.
    """
    path = Path(path)
    mode = output_mode(path)
    with private_temp(path.parent, f".{path.name}.") as temp:
        yield temp
        os.chmod(temp, mode)
        os.replace(temp, path)
