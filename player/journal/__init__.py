"""The session journal: a SQLite store of sessions and events, and its review."""

from player.journal.errors import JournalError
from player.journal.recorder import SessionRecorder
from player.journal.store import EVENT_KINDS, Journal
from player.session.outcomes import OUTCOMES

__all__ = ["EVENT_KINDS", "OUTCOMES", "Journal", "JournalError", "SessionRecorder"]
