"""Writing the table of hep's own routines in compiled form (`player.routine.shipped` reads it):
each routine validated in full, as its first play would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from player.locations import builtin_routines_dir
from player.routine.cache import file_stamps
from player.routine.compiled import FORMAT, LAYOUT, routine_data
from player.routine.files import read_raw
from player.routine.loader import load_routine
from player.routine.shipped import bytes_key


def shipped_table(folder: Path | None = None) -> dict[str, Any]:
    """The table for the routines in `folder` (default: hep's own), each validated in full.

    Raises:
        RoutineError: A routine is not valid.
        ValueError: A routine names a sound or picture file (what it validates to would depend
            on that file too).
    """
    folder = folder or builtin_routines_dir()
    routines: dict[str, Any] = {}
    for file in sorted(folder.glob("*.yaml")):
        loaded = load_routine(file, builtin=True, open_pictures=True)  # in full, not from a cache
        if file_stamps(loaded.routine, folder):
            raise ValueError(f"{file.name} names files of its own: it cannot be shipped compiled")
        routines[bytes_key(read_raw(file, str(file)))] = {
            "file": file.name,
            "source_hash": loaded.source_hash,
            "routine": routine_data(loaded.routine),
        }
    return {"format": FORMAT, "layout": LAYOUT, "routines": routines}


def table_text(table: dict[str, Any]) -> str:
    """The table as its file keeps it."""
    return json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
