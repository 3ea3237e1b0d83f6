"""The names of the files hep keeps beside the journal, for the modules that look for them
without opening it."""

from __future__ import annotations

from pathlib import Path

RECOVERY_SUFFIX = ".jsonl"
"""A recovery file's ending: a session kept while the journal could not take it."""


def recovery_glob(journal: Path) -> str:
    """The pattern of the recovery files waiting beside `journal` (in its folder)."""
    return f"{journal.name}.recovery-*{RECOVERY_SUFFIX}"
