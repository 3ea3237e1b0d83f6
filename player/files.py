"""Reading a file the user named without being made to hang or fill memory: regular files only.

A FIFO blocks a reader until someone writes to it, a device such as `/dev/zero` never ends, and
a path checked and then opened can be swapped between the two. So a file is opened without
blocking, and what was opened is checked (`fstat`) before a byte is read, and read up to a limit.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import TextIO

from player.platforms import set_file_mode


class NotAFile(OSError):
    """The path names something other than a regular file (a FIFO, a device, a folder), or one
    over the size limit; `str()` is the sentence to show after the path."""

    def __init__(self, message: str, found: str = "") -> None:
        """Build the error.

        Args:
            message: What it is instead (`is a FIFO, not a file`).
            found: What it is, in words (`a FIFO (named pipe)`), when it is not a file.
        """
        super().__init__(message)
        self.message = message
        self.found = found

    def __str__(self) -> str:
        """The sentence, without errno decoration."""
        return self.message


def kind_of(mode: int) -> str:
    """What a file mode names, in words: `a folder`, `a FIFO (named pipe)`, `a device`.

    Args:
        mode: `st_mode` from a stat.

    Returns:
        The words.
    """
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path | str, *, follow: bool = True) -> int:
    """Open a regular file for reading without blocking, refusing anything else.

    Args:
        path: The file.
        follow: Follow a symbolic link (False refuses one: `O_NOFOLLOW`).

    Returns:
        A file descriptor, in blocking mode again; the caller closes it.

    Raises:
        NotAFile: It is a FIFO, device, socket or folder (or a link when `follow` is False).
        OSError: It cannot be opened (missing, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotAFile("is a folder, not a file", "a folder") from None
    except OSError as exc:
        if not follow and Path(path).is_symlink():
            raise NotAFile(
                "is a symbolic link, which hep does not follow here", "a symbolic link"
            ) from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            found = kind_of(info.st_mode)
            raise NotAFile(f"is {found}, not a file", found)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int, *, follow: bool = True) -> bytes:
    """A regular file's bytes, at most `limit` of them.

    Args:
        path: The file.
        limit: The most bytes it may hold.
        follow: Follow a symbolic link (see `open_regular`).

    Returns:
        Its content.

    Raises:
        NotAFile: Not a regular file, or larger than `limit`.
        OSError: It cannot be opened or read.
    """
    fd = open_regular(path, follow=follow)
    try:
        return _read_open(fd, limit)
    finally:
        os.close(fd)


def _read_open(fd: int, limit: int) -> bytes:
    """The bytes of the open regular file `fd`, at most `limit` of them (else `NotAFile`)."""
    if os.fstat(fd).st_size > limit:
        raise NotAFile(f"is larger than {limit // 1024} KB, too large to be read")
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:  # it grew while being read
        raise NotAFile(f"is larger than {limit // 1024} KB, too large to be read")
    return b"".join(chunks)


PRIVATE_MODE = 0o600
"""A file hep keeps for itself: its owner reads and writes it, nobody else."""
PRIVATE_BITS = stat.S_IRWXG | stat.S_IRWXO
"""The group and other-account bits: a file hep keeps for itself has none of them."""


def read_private(path: Path | str, limit: int) -> bytes:
    """The bytes of a file hep keeps for itself (a cache entry, a note): a regular file, not a
    symbolic link, that the user owns and no other account can read or write, of at most
    `limit` bytes. Anything else may have been put there by someone else: it is not read.

    Args:
        path: The file.
        limit: The most bytes it may hold.

    Returns:
        Its content.

    Raises:
        NotAFile: Not a regular file (or a link), another account's or open to others, or
            larger than `limit`.
        OSError: It cannot be opened or read.
    """
    fd = open_regular(path, follow=False)
    try:
        info = os.fstat(fd)
        geteuid = getattr(os, "geteuid", None)  # no owners nor modes to go by on Windows
        if geteuid is not None and (info.st_uid != geteuid() or info.st_mode & PRIVATE_BITS):
            raise NotAFile("is another account's, or open to other accounts")
        return _read_open(fd, limit)
    finally:
        os.close(fd)


class NotText(ValueError):
    """A file's bytes that are not UTF-8: `line` and `column` (from 1) of the first bad byte;
    `str()` says what was found."""

    def __init__(self, line: int, column: int, byte: int) -> None:
        """Build the error.

        Args:
            line: The line of the first byte that is not UTF-8.
            column: Its column, in characters from the start of the line.
            byte: The byte.
        """
        super().__init__(f"the file is not UTF-8 text (found byte 0x{byte:02x}); save it as UTF-8")
        self.line = line
        self.column = column


def utf8_text(raw: bytes) -> str:
    """A file's bytes as text: UTF-8, a byte-order mark in front left out.

    Args:
        raw: The bytes.

    Returns:
        The text.

    Raises:
        NotText: A byte that is not UTF-8, with its line and column.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig")  # all good up to the first bad byte
        line, column = text_place(before, len(before))
        raise NotText(line, column, raw[exc.start]) from None


_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What ends a line as YAML reads it (and the errors it places count): CR LF, CR alone (old Mac
files), LF, and NEL, LS and PS."""


def text_place(text: str, index: int) -> tuple[int, int]:
    """The line and column (both from 1, in characters) of `text[index]`.

    Args:
        text: A file's text.
        index: A character's index in it (`len(text)` for its end).

    Returns:
        `(line, column)`, line ends counted as `_LINE_END` has them.
    """
    line, start = 1, 0
    for end in _LINE_END.finditer(text, 0, index):
        line, start = line + 1, end.end()
    return line, index - start + 1


MAX_LINE = 4096
"""The longest line read from standard input, in characters; the rest of a longer one is
read in pieces of this size and dropped, so an endless line never fills memory."""
BOM = "\ufeff"
"""The byte-order mark some editors put in front of a UTF-8 file."""
CUT_MARK = "\u2026"
"""What ends a line cut at `MAX_LINE` (an ellipsis): no reader takes it, so the part kept is
never read as the answer (4,095 spaces then `10` would otherwise read as 1)."""


def read_line(stream: TextIO | None) -> str:
    """One line from a text stream, at most `MAX_LINE` characters of it, like `readline()`.

    A longer line is cut, and ends in `CUT_MARK`: a pain answer, a yes or no, a stiffness, a
    command is then refused as not one, rather than read from its first part.

    A byte-order mark in front (a file of answers saved by a Windows editor) is left out: it
    cannot be seen, and `\ufeffn` would be refused as an answer.

    A closed or missing stream (`hep ... <&-`) reads as its end.

    Args:
        stream: Usually `sys.stdin` (None when Python was started without one).

    Returns:
        The line with its newline (cut to `MAX_LINE` characters and `CUT_MARK`), or "" at
        the end.
    """
    if stream is None:
        return ""
    try:
        line = stream.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE and not line.endswith("\n"):
            rest = line
            while rest and not rest.endswith("\n"):
                rest = stream.readline(MAX_LINE)
            line = line[:MAX_LINE] + CUT_MARK + "\n"
        return line.removeprefix(BOM)
    except (OSError, ValueError, UnicodeDecodeError):
        return ""


def write_private(path: Path, content: bytes) -> None:
    """Write a file hep keeps for itself (a cache entry, a note), whole or not at all: a hidden
    temporary file beside it, made exactly `PRIVATE_MODE` whatever the umask, then put in its
    place.

    Args:
        path: The file.
        content: Its bytes.

    Raises:
        OSError: It could not be written (no temporary file is left).
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temp, flags | getattr(os, "O_BINARY", 0), PRIVATE_MODE)
    try:
        with os.fdopen(fd, "wb") as stream:
            set_file_mode(stream.fileno(), temp, PRIVATE_MODE)
            stream.write(content)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
