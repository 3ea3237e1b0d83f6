"""The names of the files hep keeps beside the journal, for the modules that look for them
without opening it."""

from __future__ import annotations

from pathlib import Path

RECOVERY_SUFFIX = ".jsonl"
"""A recovery file's ending: a session kept while the journal could not take it."""


RECOVERY_INFIX = ".recovery-"
"""Between the journal's name and a recovery file's (or its room's) process id."""
SQLITE_INFIX = "-"
"""Between the journal's name and SQLite's own files beside it (`-wal`, `-shm`, `-journal`)."""


def recovery_name(journal: Path, pid: int, suffix: str = RECOVERY_SUFFIX) -> str:
    """The name of process `pid`'s recovery file (or, with its suffix, its room) beside
    `journal`."""
    return f"{journal.name}{RECOVERY_INFIX}{pid}{suffix}"


def recovery_glob(journal: Path, suffix: str = RECOVERY_SUFFIX) -> str:
    """The pattern of the recovery files (or their rooms) waiting beside `journal`."""
    return f"{journal.name}{RECOVERY_INFIX}*{suffix}"


def made_from(journal: Path) -> tuple[str, ...]:
    """The beginnings of the names of the files beside `journal` that opening it reads: SQLite's
    own and the recovery files."""
    return (f"{journal.name}{SQLITE_INFIX}", f"{journal.name}{RECOVERY_INFIX}")
