"""Asks before a session starts on a day a session already stopped for pain or a red flag."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.tui.dialogs.keys import KEYS_BINDING, show_keys
from player.tui.dialogs.yes_no import YesNoKeys


class ConfirmStartDialog(YesNoKeys, ModalScreen[bool]):
    """`y` starts the session (True); `n`, Escape or `q` does not (False)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Start anyway"),
        Binding("n,escape,q", "answer(False)", "Not today"),
        Binding("enter", "nudge", "What to press", show=False),
        KEYS_BINDING,
    ]

    def __init__(self, why: str) -> None:
        """Prepare the dialog.

        Args:
            why: What happened earlier today and what is usually wise (shown literally).
        """
        super().__init__()
        self.why = why

    def compose(self) -> ComposeResult:
        """The reason, the question and the keys."""
        with Vertical(id="confirm-start-box", classes="dialog"):
            yield Static(Text("A session stopped earlier today", style="bold"))
            yield Static(Text(self.why), id="confirm-start-why")
            yield Static(Text("Start anyway?", style="bold"), id="confirm-start-question")
            yield Static(
                Text("y: start anyway   n / Esc: not today", style="dim"), id="confirm-start-keys"
            )

    def action_nudge(self) -> None:
        """Enter with no answer: say which keys answer."""
        hint = "Press y to start anyway, or n or Esc for not today."
        self.query_one("#confirm-start-keys", Static).update(Text(hint, style="bold"))

    def action_keys(self) -> None:
        """`?`: what each key does here."""
        show_keys(self, [("y", "start anyway"), ("n, esc or q", "not today")])

    def action_answer(self, yes: bool) -> None:
        """Return the answer."""
        self.dismiss(yes)
