"""The session journal: a SQLite store of sessions and events, and its review."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.journal.record.recorder import SessionRecorder
    from player.journal.store.errors import JournalError
    from player.journal.store.store import EVENT_KINDS, Journal
    from player.session.outcomes import OUTCOMES

__all__ = ["EVENT_KINDS", "OUTCOMES", "Journal", "JournalError", "SessionRecorder"]

_HOMES = {
    "SessionRecorder": "player.journal.record.recorder",
    "JournalError": "player.journal.store.errors",
    "EVENT_KINDS": "player.journal.store.store",
    "Journal": "player.journal.store.store",
    "OUTCOMES": "player.session.outcomes",
}
"""Where each name lives: imported when first asked for, so a module of the journal (the
schema's parts, the record types) can be imported without the store and the recorder."""


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
