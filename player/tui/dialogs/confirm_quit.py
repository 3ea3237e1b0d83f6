"""Asks before quitting a session, saying whether the journal keeps it (as quit) or not."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.session.outcomes import Outcome
from player.tui.dialogs.keys import KEYS_BINDING, QUESTION_WAITS, show_keys
from player.tui.dialogs.yes_no import YesNoKeys

KEPT_AS_QUIT = "The session is kept in your journal as quit."
NOTHING_KEPT_YET = "Nothing is kept in your journal: the session has not started yet."
RED_FLAG_KEPT = (
    "You answered yes to a safety question: the session stops there, kept in your journal."
)
KEPT_WORDS: dict[Outcome | None, str] = {
    "quit": KEPT_AS_QUIT,
    None: NOTHING_KEPT_YET,
    "stopped_red_flag": RED_FLAG_KEPT,
}
"""The line under the question for each way quitting now is kept (the conductor's
`kept_if_left`)."""


class ConfirmQuitDialog(YesNoKeys, ModalScreen[bool]):
    """`y` or `q` or Enter quits (True); `n` or Escape goes back to the session (False)."""

    CSS_PATH = "help.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding("y,q,enter", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Keep going"),
        KEYS_BINDING,
    ]

    def __init__(
        self, *, kept: Outcome | None = "quit", note: str | None = None, also: str | None = None
    ) -> None:
        """Prepare the dialog.

        Args:
            kept: How quitting now is kept in the journal (the conductor's `kept_if_left`):
                as quit, as a red-flag stop, or not at all (None, before the first answer).
            note: What happens to the session clock while it is open, if a session is on.
            also: What quitting now means beyond that (the conductor's `left_words`: at the
                closing question, that the session will not count).
        """
        super().__init__()
        self.detail = KEPT_WORDS[kept] + (f" {also}" if also else "")
        self.note = note

    def compose(self) -> ComposeResult:
        """The question and the keys."""
        with Vertical(id="quit-box", classes="dialog"):
            yield Static(Text("Quit this session?", style="bold"))
            yield Static(Text(self.detail))
            if self.note:
                yield Static(Text(self.note), id="quit-note")
            yield Static(Text("y: quit   n / Esc: keep going", style="dim"))

    def action_keys(self) -> None:
        """`?`: what each key does here."""
        rows = [("y, q or enter", "quit"), ("n or esc", "keep going")]
        show_keys(self, rows, note=self.note or QUESTION_WAITS)

    def action_answer(self, yes: bool) -> None:
        """Return the answer."""
        self.dismiss(yes)
