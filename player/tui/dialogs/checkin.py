"""The check-in dialog: pain 0-10 and the flags sharp, spreading and numbness."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.routine.models import FLAGS, Flag
from player.session.safety import FLAG_WORDS, CheckinAnswer
from player.tui.widgets.pain_scale import PainScale

FLAG_KEYS: dict[Flag, str] = {"sharp": "s", "spreading": "d", "numbness": "t"}
"""The key that toggles each flag in the dialog."""


class CheckinDialog(ModalScreen[CheckinAnswer | None]):
    """Ask for pain now; Enter answers, Escape (only when `cancellable`) returns None."""

    BINDINGS = [
        Binding("s", "flag('sharp')", "Sharp", show=False),
        Binding("d", "flag('spreading')", "Spreading", show=False),
        Binding("t", "flag('numbness')", "Numbness", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(
        self,
        title: str,
        *,
        question: str = "How much pain do you feel right now?",
        previous: str | None = None,
        ask_flags: bool = True,
        cancellable: bool = False,
    ) -> None:
        """Prepare the dialog.

        Args:
            title: The heading (e.g. the exercise name); shown literally.
            question: The question under it.
            previous: The previous answer for comparison, e.g. `3/10 before the session`.
            ask_flags: Offer the sharp/spreading/numbness toggles.
            cancellable: Let Escape close the dialog without an answer.
        """
        super().__init__()
        self.heading = title
        self.question = question
        self.previous = previous
        self.ask_flags = ask_flags
        self.cancellable = cancellable
        self.flags: set[Flag] = set()

    def compose(self) -> ComposeResult:
        """The heading, the question, the scale, the flags and the previous answer."""
        with Vertical(id="checkin-box", classes="dialog"):
            yield Static(Text(self.heading, style="bold"), id="checkin-title")
            yield Static(Text(self.question), id="checkin-question")
            yield PainScale(id="pain")
            if self.ask_flags:
                yield Static(self._flags_text(), id="checkin-flags")
            last = f"Last answer: {self.previous}" if self.previous else "No earlier answer today."
            yield Static(Text(last, style="dim"), id="checkin-previous")
            hint = "Enter: answer"
            if self.ask_flags:
                hint += "   s d t: flags"
            if self.cancellable:
                hint += "   Esc: back"
            yield Static(Text(hint, style="dim"), id="checkin-hint")

    def on_mount(self) -> None:
        """Put the keys on the scale."""
        self.query_one(PainScale).focus()

    def _flags_text(self) -> Text:
        text = Text()
        for name in FLAGS:
            mark = "[x]" if name in self.flags else "[ ]"
            style = "bold reverse" if name in self.flags else ""
            text.append(f"{FLAG_KEYS[name]} {mark} {FLAG_WORDS[name]}\n", style=style)
        text.rstrip()
        return text

    def action_flag(self, name: Flag) -> None:
        """Toggle a flag."""
        if not self.ask_flags:
            return
        self.flags ^= {name}
        self.query_one("#checkin-flags", Static).update(self._flags_text())

    def action_cancel(self) -> None:
        """Close without an answer when allowed."""
        if self.cancellable:
            self.dismiss(None)

    @on(PainScale.Chosen, "#pain")
    def _answered(self, event: PainScale.Chosen) -> None:
        flags = tuple(f for f in FLAGS if f in self.flags)
        self.dismiss(CheckinAnswer(event.value, flags))
