"""Asks before quitting a session; the session is kept in the journal as quit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmQuitDialog(ModalScreen[bool]):
    """`y` or `q` or Enter quits (True); `n` or Escape goes back to the session (False)."""

    BINDINGS = [
        Binding("y,q,enter", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def __init__(
        self, detail: str = "The session is kept in your journal as quit.", note: str | None = None
    ) -> None:
        """Prepare the dialog.

        Args:
            detail: The line under the question.
            note: What happens to the session clock while it is open, if a session is on.
        """
        super().__init__()
        self.detail = detail
        self.note = note

    def compose(self) -> ComposeResult:
        """The question and the keys."""
        with Vertical(id="quit-box", classes="dialog"):
            yield Static(Text("Quit this session?", style="bold"))
            yield Static(Text(self.detail))
            if self.note:
                yield Static(Text(self.note), id="quit-note")
            yield Static(Text("y: quit   n / Esc: keep going", style="dim"))

    def action_answer(self, yes: bool) -> None:
        """Return the answer."""
        self.dismiss(yes)
