"""A routine file on disk: reading it (size and encoding checks), the files it names (held inside
its folder), and the error every problem with it becomes. No pydantic, no YAML."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from player.files import NotAFile, NotText, open_regular, utf8_text
from player.safetext import spelled_out
from player.words import shell_word, size_over

MAX_FILE_BYTES = 1024 * 1024


class RoutineError(Exception):
    """A routine that cannot be used; each line is `path:line:col: what is wrong`."""

    def __init__(self, lines: list[str], *, in_file: bool = True):
        """Build the error.

        Args:
            lines: One line per problem.
            in_file: True when each line names the file first (`path:line:col: ...`); False
                for a problem with no file to name (no routine by that name).
        """
        lines = [spelled_out(line) for line in lines]
        super().__init__("\n".join(lines))
        self.lines = lines
        self.in_file = in_file


def read_raw(path: Path, display: str, kind: str = "routine") -> bytes:
    """Read a routine (or program) file's bytes: at most 1 MB.

    Args:
        path: The file.
        display: How to name it in messages.
        kind: What the file should be, for messages (`routine`, `program`).

    Returns:
        The bytes.

    Raises:
        RoutineError: The file cannot be read, or is too large.
    """
    try:
        fd = open_regular(path)  # a FIFO or a device is refused before a byte is read
    except NotAFile as exc:
        raise RoutineError([f"{display}: is {exc.found}, not a {kind} file"]) from None
    except FileNotFoundError:
        raise RoutineError([f"{display}: no such file"]) from None
    except PermissionError:
        raise RoutineError([f"{display}: cannot read the file (permission denied)"]) from None
    except OSError as exc:
        raise RoutineError([f"{display}: cannot read the file ({exc.strerror or exc})"]) from None
    try:
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
        if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
            size = max(size, len(raw))
            raise RoutineError(
                [
                    f"{display}: the file is too large "
                    f"({size_over(size, MAX_FILE_BYTES)}; the limit is 1 MB)"
                ]
            )
        return raw
    except FileNotFoundError:
        raise RoutineError([f"{display}: no such file"]) from None
    except PermissionError:
        raise RoutineError([f"{display}: cannot read the file (permission denied)"]) from None
    except OSError as exc:
        raise RoutineError([f"{display}: cannot read the file ({exc.strerror or exc})"]) from None


@contextmanager
def quoted_only_inside(path: Path, display: str, kind: str = "routine") -> Iterator[None]:
    """Errors about a file reached by a link out of its folder quote nothing from it.

    A shared folder can hold `back.yaml` linked to a private file (`~/.ssh/id_ed25519`); its
    lines would come back as YAML errors or unknown keys. Such a file either is a valid
    routine or is named in one line that quotes none of it.

    Args:
        path: The file as named.
        display: How to name it in messages.
        kind: What it should be (`routine`, `program`).

    Raises:
        RoutineError: The block's error, or the one line in its place.
    """
    try:
        yield
    except RoutineError as exc:
        try:
            linked = path.is_symlink() or path.resolve().parent != path.parent.resolve()
            real = path.resolve()
        except (OSError, RuntimeError):
            linked, real = True, path
        if not linked:
            raise
        raise type(exc)(
            [
                f"{display}: is not a valid {kind} file, and it links to {real} outside its "
                f"folder, so nothing of it is shown here (hep validate "
                f"{shell_word(str(real))} shows why)"
            ]
        ) from None


def decode(raw: bytes, display: str) -> str:
    """A file's bytes as text: UTF-8 (a byte-order mark dropped).

    Raises:
        RoutineError: The bytes are not UTF-8, with the line and column of the first bad byte.
    """
    try:
        return utf8_text(raw)
    except NotText as exc:
        raise RoutineError([f"{display}:{exc.line}:{exc.column}: {exc}"]) from None


def read_file(path: Path, display: str, kind: str = "routine") -> str:
    """Read a routine (or program) file as text: at most 1 MB of UTF-8.

    Args:
        path: The file.
        display: How to name it in messages.
        kind: What the file should be, for messages (`routine`, `program`).

    Returns:
        The text.

    Raises:
        RoutineError: The file cannot be read, is too large, or is not UTF-8.
    """
    return decode(read_raw(path, display, kind), display)


def resolve_inside(base_dir: Path, relative: str, where: str, owner: str = "routine") -> Path:
    """Resolve a file a routine (or program) names, which must lie inside its folder.

    Sounds, and any other file a routine names, are relative to the routine file's folder and
    may not lead out of it, by `..` or by a symbolic link: a shared routine can then only
    make hep open files that came with it. Symbolic links are followed first, then the real
    path is checked.

    Args:
        base_dir: The routine file's folder.
        relative: The path as written in the routine.
        where: The start of the error line, such as `back.yaml:12:9: exercises[2].sound.go`.
        owner: Whose folder it is, for messages (`routine`, `program`).

    Returns:
        The real path of the file (which may not exist).

    Raises:
        RoutineError: An absolute path, or one that leads outside the folder.
    """
    found = f"(found '{relative}')"
    if Path(relative).is_absolute() or Path(relative).drive:
        raise RoutineError(
            [f"{where}: must be a path relative to the {owner}'s folder, not absolute {found}"]
        )
    try:
        base = base_dir.resolve()
        target = (base / relative).resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise RoutineError([f"{where}: the path cannot be followed ({exc}) {found}"]) from None
    if not target.is_relative_to(base):
        plain = Path(os.path.normpath(base / relative))
        how = "links to" if plain.is_relative_to(base) else "leads to"
        raise RoutineError(
            [
                f"{where}: {how} {target}, outside the {owner}'s folder {base}; "
                f"keep the files a {owner} uses in its folder {found}"
            ]
        )
    return target
