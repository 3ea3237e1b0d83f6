"""Routines compiled once, kept in the user's cache folder, so a routine played before starts
without YAML or pydantic.

An entry is a JSON file named by its key: a hash of hep's version, the compiled form's version
and layout, the routine file's real path and its bytes. One byte changed in the file, another
hep, another layout: another key, so the routine is validated again. The sound and picture
files a routine names are stamped too (path, file, size, time written and time changed): if one
changed, the entry is not used. The time changed is the system's own (`st_ctime`): a file
rewritten to the same size with its time written set back (`touch -r`) still shows as changed.
Entries are trusted only when the folder and the file are the user's own and private (0700 and
0600), the file is a regular file, its seal (a digest of the rest of the entry) still
matches, and its content reads back as a routine in compiled form with every value checked and
within the format's limits; anything else is ignored (and, once the routine is validated,
written over). A cache that cannot be written is no cache: nothing fails.

A routine changed from its file (a program's dose) is kept the same way, as a variant: its key
is a hash of hep's version, the compiled form's, the change in words and the whole routine it
was changed from, so a later start at the same dose needs no pydantic either.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from player import __version__
from player.files import PRIVATE_BITS, read_private, write_private
from player.locations import cache_dir
from player.routine.compiled import FORMAT, LAYOUT, Routine, compiled_routine, routine_data
from player.routine.files import RoutineError, resolve_inside

MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""A routine file is at most 1 MB; its compiled form is never near this."""
KEEP_ENTRIES = 200
"""Entries kept; the oldest go when there are more (each file edit makes a new one)."""
_CHECK_OWNER = hasattr(os, "geteuid")  # POSIX: the owner and mode bits say who can write


def routines_dir() -> Path:
    """The cache's folder of compiled routines."""
    return cache_dir() / "routines"


def variants_dir() -> Path:
    """The cache's folder of routines changed from their file (a program's dose)."""
    return cache_dir() / "variants"


def entry_key(path: Path, raw: bytes) -> str:
    """The key of a routine file's entry.

    Args:
        path: The routine file's real path.
        raw: The file's bytes.

    Returns:
        A hex digest of hep's version, the compiled form's version and layout, the path and
        the bytes.
    """
    digest = hashlib.sha256()
    for part in (f"hep {__version__}", f"format {FORMAT}", LAYOUT, str(path)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(raw)
    return digest.hexdigest()


def _named_files(routine: Any) -> list[str]:
    """The sound and picture paths a routine names, as written, in order."""
    named = list((routine.sound or {}).values())
    for exercise in routine.exercises:
        named += list((exercise.sound or {}).values())
        if exercise.image is not None:
            named.append(exercise.image)
    return named


def file_stamps(routine: Any, base_dir: Path) -> list[list[Any]]:
    """What the files a routine names are now: path, file (device and inode), size, time
    written and time changed (the system's, which no program sets back); None for a file gone.

    Raises:
        RoutineError: A path leads out of the routine's folder (validation says where).
        OSError: The folder cannot be followed.
    """
    stamps: list[list[Any]] = []
    for named in _named_files(routine):
        target = resolve_inside(base_dir, named, named)
        try:
            info = target.stat()
        except OSError:
            stamps.append([str(target), None, None, None, None, None])
            continue
        stamps.append(
            [
                str(target),
                info.st_dev,
                info.st_ino,
                info.st_size,
                info.st_mtime_ns,
                info.st_ctime_ns,
            ]
        )
    return stamps


def _private_folder(folder: Path) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not _CHECK_OWNER or (info.st_uid == os.geteuid() and not info.st_mode & PRIVATE_BITS)


def _read_private(file: Path) -> bytes | None:
    """The bytes of a regular file the user owns that nobody else can read or write."""
    try:
        return read_private(file, MAX_ENTRY_BYTES)
    except OSError:
        return None


def cached(path: Path, raw: bytes, base_dir: Path) -> tuple[Routine, str] | None:
    """The routine compiled from these bytes before, if its entry can be trusted.

    Args:
        path: The routine file's real path.
        raw: The file's bytes, as just read.
        base_dir: The routine's folder (for the files it names).

    Returns:
        The routine in plain form and the file's source hash, or None (no entry, or one that is
        not private, not whole, not this file's or not this hep's, or the files it names
        changed).
    """
    key = entry_key(path, raw)
    entry = _read_entry(routines_dir(), key)
    if entry is None:
        return None
    try:
        source_hash = entry["source_hash"]
        if not isinstance(source_hash, str) or len(source_hash) != 64:
            return None
        routine = compiled_routine(entry["routine"])
        if entry["files"] != file_stamps(routine, base_dir):
            return None
    except (ValueError, KeyError, TypeError, RecursionError, OSError, RoutineError):
        return None  # damaged or altered: validated from the file again
    return routine, source_hash


def store(path: Path, raw: bytes, base_dir: Path, routine: Any, source_hash: str) -> None:
    """Keep a validated routine's compiled form for the next start; never fails.

    Args:
        path: The routine file's real path.
        raw: The file's bytes, as validated.
        base_dir: The routine's folder.
        routine: The validated routine.
        source_hash: The hash `LoadedRoutine` carries.
    """
    key = entry_key(path, raw)
    try:
        entry = {
            "source_hash": source_hash,
            "files": file_stamps(routine, base_dir),
            "routine": routine_data(routine),
        }
    except (OSError, ValueError, TypeError, RecursionError, RoutineError):
        return
    _write_entry(routines_dir(), key, entry)


def variant_key(routine: Routine, change: str) -> str:
    """The key of a routine's variant: a hex digest of hep's version, the compiled form's
    version and layout, the change and the routine's whole compiled form.

    Args:
        routine: The routine the change starts from, in compiled form.
        change: The change, in words that name all of it (such as a program's dose).
    """
    digest = hashlib.sha256()
    for part in (f"hep {__version__}", f"format {FORMAT}", LAYOUT, change):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    data = json.dumps(routine_data(routine), sort_keys=True, separators=(",", ":"))
    digest.update(data.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def variant(routine: Routine, change: str) -> Routine | None:
    """The routine as `change` made it before (validated then), if its entry can be trusted:
    a program's dose needs no pydantic at a later start.

    Args:
        routine: The routine the change starts from, in compiled form.
        change: The change, in words that name all of it.

    Returns:
        The changed routine in compiled form, or None (no entry, or one that cannot be
        trusted, as for `cached`).
    """
    try:
        entry = _read_entry(variants_dir(), variant_key(routine, change))
        return None if entry is None else compiled_routine(entry["routine"])
    except (ValueError, KeyError, TypeError, RecursionError, OSError, RoutineError):
        return None


def keep_variant(routine: Routine, change: str, changed: Any) -> None:
    """Keep a validated variant of a routine for the next start; never fails.

    Args:
        routine: The routine the change started from, in compiled form.
        change: The change, in words that name all of it.
        changed: The validated result.
    """
    try:
        key = variant_key(routine, change)
        entry = {"routine": routine_data(changed)}
    except (ValueError, TypeError, RecursionError):
        return
    _write_entry(variants_dir(), key, entry)


def _read_entry(folder: Path, key: str) -> dict[str, Any] | None:
    """The entry under `key`, if the folder and the file are the user's own and private, and
    it is whole JSON for this key, this hep and this compiled form."""
    if not _private_folder(folder):
        return None
    content = _read_private(folder / f"{key}.json")
    if content is None or len(content) > MAX_ENTRY_BYTES:
        return None
    try:
        entry = json.loads(content)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if entry.get("hep") != __version__ or entry.get("format") != FORMAT:
            return None
        if entry.get("seal") != _seal(entry):
            return None  # altered since it was written (by hand, or a flipped bit)
    except (ValueError, TypeError, RecursionError):
        return None
    return entry


def _seal(entry: dict[str, Any]) -> str:
    """A digest of everything in an entry but the seal itself: an entry changed after it was
    written no longer matches it."""
    rest = {name: value for name, value in entry.items() if name != "seal"}
    text = json.dumps(rest, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _write_entry(folder: Path, key: str, entry: dict[str, Any]) -> None:
    """Keep `entry` under `key` (stamped with the key, hep's version and the compiled form's),
    in a private folder, whole or not at all; never fails."""
    try:
        stamped = {"key": key, "hep": __version__, "format": FORMAT, **entry}
        stamped["seal"] = _seal(stamped)
        content = json.dumps(stamped, separators=(",", ":"), allow_nan=False).encode("ascii")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private_folder(folder):
            if not stat.S_ISDIR(folder.lstat().st_mode):
                return  # a link or a file where the folder should be: no cache
            os.chmod(folder, 0o700)  # an existing folder of the user's, too open: made private
            if not _private_folder(folder):
                return
        write_private(folder / f"{key}.json", content)
        _prune(folder)
    except (OSError, ValueError, TypeError, RecursionError):
        return


def _prune(folder: Path) -> None:
    """Drop the oldest entries beyond `KEEP_ENTRIES`."""
    entries = [p for p in folder.iterdir() if p.suffix == ".json"]
    if len(entries) <= KEEP_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP_ENTRIES]:
        old.unlink(missing_ok=True)
