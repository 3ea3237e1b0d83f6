"""hep's own routines, validated when hep was made: a routine file with exactly the bytes of one
of them (the built-in one, or a copy of it anywhere) starts at its first play as a routine played
before does, from its compiled form, with no YAML and no pydantic.

The compiled forms are kept beside the built-in routines (`SHIPPED_NAME`), keyed by a digest of
each file's bytes, for routines that name no sound or picture file of their own (so what they
validate to depends on their bytes alone). The table is written by `scripts/ship_routines.py`
(`player.routine.ship`), and a test checks it is what validating the routines gives now: a routine
edited without writing the table again is validated at its first play, as any other.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from player.locations import builtin_routines_dir
from player.routine.compiled import FORMAT, LAYOUT, Routine, compiled_routine

SHIPPED_NAME = "compiled-routines.json"
"""The table's file, in the built-in routines' folder."""
SHIPPED_LIMIT = 4 * 1024 * 1024
"""The longest table read (three routines make about 40 KB)."""


def shipped_file() -> Path:
    """The table of hep's own routines in compiled form."""
    return builtin_routines_dir() / SHIPPED_NAME


def bytes_key(raw: bytes) -> str:
    """The table's key for a routine file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def shipped(raw: bytes) -> tuple[Routine, str] | None:
    """The compiled form of the built-in routine whose file has exactly these bytes.

    Args:
        raw: A routine file's bytes.

    Returns:
        The routine in plain form and its source hash; None when no built-in routine has these
        bytes, or the table is missing, damaged or of another compiled form (the file is then
        validated as ever).
    """
    try:
        with shipped_file().open("rb") as file:
            table = json.loads(file.read(SHIPPED_LIMIT + 1))
        if not isinstance(table, dict):
            return None
        if table.get("format") != FORMAT or table.get("layout") != LAYOUT:
            return None
        entry = table["routines"].get(bytes_key(raw))
        if entry is None:
            return None
        source_hash = entry["source_hash"]
        if not isinstance(source_hash, str) or len(source_hash) != 64:
            return None
        return compiled_routine(entry["routine"]), source_hash
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
