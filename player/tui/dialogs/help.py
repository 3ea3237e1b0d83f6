"""The help overlay: every control of the player, from the one table of keys."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from player.controls import help_rows

QUESTION_WAITS = "The session's clock waits while a question is open."
"""The note of a question's own help: nothing runs on meanwhile."""
CLOSE = "Esc or ? closes this help."
"""The help's last line, on show however small the terminal (the keys scroll above it)."""
KEYS_BINDING = Binding("question_mark", "keys", "Keys", show=False, priority=True)
"""`?` on a question: its own keys (`action_keys`, which calls `show_keys`). Taken as the key
arrives, before the question's focused widget sees it: a plain binding is looked up only once the
key has gone through that widget, and keys typed in the same burst (a paste, a slow link) were
handed to the widget meanwhile and answered the question behind the help. Taken first, the help
is up before the next key is handed on, and that key goes to the help. In a text field (the
check-in's note) `?` stays text: Textual leaves the keys a focused field types to it."""


class HelpDialog(ModalScreen[None]):
    """Lists the keys (scrolled with the arrows when they do not fit); any of Escape, `?`, `h`,
    `q` or Enter closes it."""

    CSS_PATH = "help.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [Binding("escape,question_mark,h,enter,q", "close", "Close")]

    def __init__(self, note: str | None = None, rows: list[tuple[str, str]] | None = None) -> None:
        """Prepare the dialog.

        Args:
            note: What happens to the session clock while it is open, if a session is on.
            rows: The keys to list (default: the session's controls).
        """
        super().__init__()
        self.note = note
        self.rows = rows if rows is not None else help_rows("session")

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for keys, what in self.rows:
            table.add_row(keys, what)
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Text("Keys", style="bold"))
            if self.note:
                yield Static(Text(self.note), id="help-note")
            yield Static(table, id="help-rows")
            # Docked at the box's bottom (player.tcss): the way out never scrolls away.
            yield Static(Text(CLOSE, style="dim"), id="help-close")

    def on_mount(self) -> None:
        """Say how to see the keys that do not fit, if any."""
        self.call_after_refresh(self._say_more)

    def on_resize(self) -> None:
        """Say again whether keys are out of sight."""
        self.call_after_refresh(self._say_more)

    def _say_more(self) -> None:
        scrolls = self.query_one("#help-box", VerticalScroll).max_scroll_y > 0
        words = f"↑ ↓ more keys   {CLOSE}" if scrolls else CLOSE
        self.query_one("#help-close", Static).update(Text(words, style="dim"))

    def action_close(self) -> None:
        """Close the overlay."""
        self.dismiss(None)


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
    question.app.push_screen(HelpDialog(note, rows=[*rows, ("?", "these keys")]))
