"""`?` on a question: the binding every question has, and what it shows (the help dialog, imported
when first asked for)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen

QUESTION_WAITS = "The session's clock waits while a question is open."
"""The note of a question's own help: nothing runs on meanwhile."""
KEYS_BINDING = Binding("question_mark", "keys", "Keys", show=False, priority=True)
"""`?` on a question: its own keys (`action_keys`, which calls `show_keys`). Taken as the key
arrives, before the question's focused widget sees it: a plain binding is looked up only once the
key has gone through that widget, and keys typed in the same burst (a paste, a slow link) were
handed to the widget meanwhile and answered the question behind the help. Taken first, the help
is up before the next key is handed on, and that key goes to the help. In a text field (the
check-in's note) `?` stays text: Textual leaves the keys a focused field types to it."""


def show_keys(
    question: Screen[Any], rows: list[tuple[str, str]], note: str | None = QUESTION_WAITS
) -> None:
    """`?` on a question: its own keys, over it (closing the help goes back to the question,
    as it was).

    Args:
        question: The question's dialog.
        rows: (keys as read, what they do) rows.
        note: A line above the keys (default: the session's clock waits).
    """
    from player.tui.dialogs.help import HelpDialog

    question.app.push_screen(HelpDialog(note, rows=[*rows, ("?", "these keys")]))
