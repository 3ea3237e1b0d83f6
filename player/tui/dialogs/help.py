"""The help overlay: every control of the player, from the one table of keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from player.controls import help_rows

CLOSE = "Esc or ? closes this help."
"""The help's last line, on show however small the terminal (the keys scroll above it)."""


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
