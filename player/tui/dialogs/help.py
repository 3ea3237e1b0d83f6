"""The help overlay: every control of the player, from the one table of keys."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from player.controls import help_rows

QUESTION_WAITS = "The session's clock waits while a question is open."
"""The note of a question's own help: nothing runs on meanwhile."""


class HelpDialog(ModalScreen[None]):
    """Lists the keys; any of Escape, `?`, `h`, `q` or Enter closes it."""

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
        with Vertical(id="help-box", classes="dialog"):
            yield Static(Text("Keys", style="bold"))
            if self.note:
                yield Static(Text(self.note), id="help-note")
            yield Static(table)
            yield Static(Text("Esc or ? closes this help.", style="dim"))

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
