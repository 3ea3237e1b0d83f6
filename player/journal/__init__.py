"""The session journal: a SQLite store of sessions and events, and its review."""

from player.journal.record.recorder import SessionRecorder
from player.journal.store.errors import JournalError
from player.journal.store.store import EVENT_KINDS, Journal
from player.session.outcomes import OUTCOMES

__all__ = ["EVENT_KINDS", "OUTCOMES", "Journal", "JournalError", "SessionRecorder"]
