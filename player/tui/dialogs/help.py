"""The help overlay: every key of the player."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("space", "pause / resume"),
    ("n  or  right", "skip this step"),
    ("b  or  left", "back to the previous step"),
    ("enter", "done (self-paced sets), go on (when the routine waits)"),
    ("i", "show / hide the instructions"),
    ("m", "mute / unmute the cues"),
    ("!", "stop now for pain (asks pain, flags and a note; Esc carries on)"),
    ("q  or  ctrl+c", "quit (asks first; the session is kept as quit)"),
    ("?", "this help"),
)


class HelpDialog(ModalScreen[None]):
    """Lists the keys; any of Escape, `?`, `h` or Enter closes it."""

    BINDINGS = [Binding("escape,question_mark,h,enter,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with Vertical(id="help-box", classes="dialog"):
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(Text("Esc or ? closes this help.", style="dim"))

    def action_close(self) -> None:
        """Close the overlay."""
        self.dismiss(None)
