"""Yes/no questions asked one at a time (the red-flag screen before a session)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.tui.dialogs.keys import KEYS_BINDING, show_keys
from player.tui.dialogs.yes_no import YesNoKeys


class QuestionsDialog(YesNoKeys, ModalScreen[tuple[bool, ...] | None]):
    """Ask each question with `y`/`n`; returns the answers in order. Escape or q returns None,
    or the answers given so far when one of them is a yes (a yes is never dropped)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape,q", "cancel", "Leave", show=False),
        Binding("enter", "nudge", "What to press", show=False),
        KEYS_BINDING,
    ]

    def __init__(
        self,
        title: str,
        intro: str,
        questions: list[str],
        on_answer: Callable[[bool], object] | None = None,
    ) -> None:
        """Prepare the dialog.

        Args:
            title: The heading.
            intro: A line above the questions.
            questions: The questions, each answered yes or no.
            on_answer: Called with each answer as it is given (before the next question).
        """
        super().__init__()
        self.heading = title
        self.intro = intro
        self.questions = questions
        self.on_answer = on_answer
        self.answers: list[bool] = []

    def compose(self) -> ComposeResult:
        """Heading, intro, the current question and the keys."""
        with Vertical(id="questions-box", classes="dialog"):
            yield Static(Text(self.heading, style="bold"), id="questions-title")
            yield Static(Text(self.intro), id="questions-intro")
            yield Static(id="questions-count", classes="dim")
            yield Static(id="question")
            yield Static(Text("y: yes   n: no   Esc or q: leave", style="dim"), id="questions-hint")

    def on_mount(self) -> None:
        """Show the first question."""
        self._show()

    def _show(self) -> None:
        i = len(self.answers)
        count = f"Question {i + 1} of {len(self.questions)}"
        self.query_one("#questions-count", Static).update(Text(count, style="dim"))
        self.query_one("#question", Static).update(Text(self.questions[i], style="bold"))

    def action_answer(self, yes: bool) -> None:
        """Record an answer and show the next question, or return the answers."""
        if not self.is_mounted:
            return  # a key typed before the questions were on screen answers none of them
        self.answers.append(yes)
        if self.on_answer is not None:
            self.on_answer(yes)
        if len(self.answers) == len(self.questions):
            self.dismiss(tuple(self.answers))
        else:
            self._show()

    def action_nudge(self) -> None:
        """Enter with no answer: say which keys answer."""
        hint = "Press y for yes or n for no (Esc or q: leave)."
        self.query_one("#questions-hint", Static).update(Text(hint, style="bold"))

    def action_keys(self) -> None:
        """`?`: what each key does here."""
        show_keys(self, [("y", "yes"), ("n", "no"), ("esc or q", "leave")])

    def action_cancel(self) -> None:
        """Leave without answering the rest (the answers so far go back if one is a yes)."""
        self.dismiss(tuple(self.answers) if any(self.answers) else None)
