"""Shell completion of routine and program names (click's `shell_complete`), without loading any.

Set up once per shell, as README.md says: `eval "$(_HEP_COMPLETE=bash_source hep)"`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from player.locations import (
    builtin_programs_dir,
    builtin_routines_dir,
    user_programs_dir,
    user_routines_dir,
)

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


def _names(folders: tuple[Path, ...]) -> list[str]:
    """The file names (without suffix) of the YAML files in these folders, hidden ones left
    out, as `hep list` leaves them out."""
    from player.routine.discovery import SUFFIXES  # only when completing: it loads pydantic

    found: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            found.update(
                p.stem
                for p in folder.iterdir()
                if p.suffix in SUFFIXES and not p.name.startswith(".")
            )
    return sorted(found)


def _complete(names: list[str], incomplete: str) -> list[CompletionItem]:
    """Names that start with what is typed; a path is left to the shell's file completion."""
    from click.shell_completion import CompletionItem  # only when completing

    from player.routine.discovery import looks_like_path

    if incomplete and looks_like_path(incomplete):
        return [CompletionItem(incomplete, type="file")]
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def complete_routines(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Built-in and user routine names for a ROUTINE argument."""
    return _complete(_names((builtin_routines_dir(), user_routines_dir())), incomplete)


def complete_programs(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Built-in and user program names for a program argument."""
    return _complete(_names((builtin_programs_dir(), user_programs_dir())), incomplete)
