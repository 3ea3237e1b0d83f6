"""Finding routines: the built-in ones, the user's own, or a path."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from player.locations import (
    builtin_programs_dir,
    builtin_routines_dir,
    user_programs_dir,
    user_routines_dir,
)
from player.routine.loader import LoadedRoutine, RoutineError, load_routine
from player.words import shell_word

SUFFIXES = (".yaml", ".yml")


class RoutineEntry(NamedTuple):
    """A routine found on disk: either loaded, or with the error that stops it loading."""

    name: str
    path: Path
    builtin: bool
    loaded: LoadedRoutine | None
    error: RoutineError | None


def _files(folder: Path) -> list[Path]:
    """The routine files of a folder: hidden ones left out (a name starting with a dot is read
    as a path, never as a routine's name; macOS leaves `._name.yaml` files on some disks)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and not p.name.startswith(".") and not p.is_dir()
    )


def discover() -> list[RoutineEntry]:
    """Every built-in and user routine, broken ones included (with their error).

    Returns:
        Built-in routines first, then the user's, each sorted by file name.
    """
    entries = []
    for builtin, folder in ((True, builtin_routines_dir()), (False, user_routines_dir())):
        for path in _files(folder):
            try:
                loaded: LoadedRoutine | None = load_routine(path, builtin=builtin)
                error = None
            except RoutineError as exc:
                loaded, error = None, exc
            entries.append(RoutineEntry(path.stem, path, builtin, loaded, error))
    return entries


def _by_name(name: str) -> Path | None:
    for folder in (user_routines_dir(), builtin_routines_dir()):
        for suffix in SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def looks_like_path(text: str) -> bool:
    """True when the user typed a path rather than a routine name."""
    return "/" in text or "\\" in text or text.endswith(SUFFIXES) or text.startswith(".")


def resolve_routine(name_or_path: str) -> LoadedRoutine:
    """Load a routine by built-in or user name (file stem), or by path.

    A user routine with the same name as a built-in one is preferred: it is usually a copy
    the user (or their therapist) adapted.

    Args:
        name_or_path: `core-stabilization`, `my-routine`, or `./routines/x.yaml`.

    Returns:
        The loaded routine.

    Raises:
        RoutineError: no such routine, or the file is not valid.
    """
    file, builtin = routine_file(name_or_path)
    return load_routine(file, builtin=builtin)


def routine_file(name_or_path: str) -> tuple[str | Path, bool]:
    """The file `resolve_routine` loads for a name or path, and whether it is built in.

    Args:
        name_or_path: `core-stabilization`, `my-routine`, or `./routines/x.yaml`.

    Returns:
        The path as given (a path) or found (a name), and True for one of hep's own.

    Raises:
        RoutineError: no routine has that name.
    """
    if looks_like_path(name_or_path) or Path(name_or_path).exists():
        return name_or_path, False
    found = _by_name(name_or_path)
    if found is None:
        folders = (builtin_routines_dir(), user_routines_dir())
        known = sorted({p.stem for d in folders for p in _files(d)})
        message = f"no routine called {name_or_path!r} (known: {', '.join(known) or 'none'})"
        programs = {
            p.stem for d in (builtin_programs_dir(), user_programs_dir()) for p in _files(d)
        }
        if name_or_path in programs:
            message += (
                f"; {name_or_path} is a program: follow it with hep program start "
                f"{shell_word(name_or_path)}, then hep play --today"
            )
        raise RoutineError([message], in_file=False)
    return found, found.parent == builtin_routines_dir()
