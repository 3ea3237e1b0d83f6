"""The next-morning check: pain 0-10 and how long the stiffness lasted; Escape skips it."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.answers import (
    STIFFNESS,
    STIFFNESS_KEYS,
    AnswerError,
    Stiffness,
    read_stiffness,
    stiffness_key,
)
from player.program.report import STIFFNESS_WORDS
from player.tui.dialogs.keys import KEYS_BINDING, show_keys
from player.tui.widgets.pain_scale import PainScale

MorningAnswer = tuple[int, Stiffness | None]


class MorningDialog(ModalScreen[MorningAnswer | None]):
    """Ask the morning after a session day; Enter answers, Escape skips (returns None)."""

    BINDINGS = [
        Binding("n", "stiffness('none')", "No stiffness", show=False),
        Binding("u", "stiffness('under30')", "Under 30 min", show=False),
        Binding("o", "stiffness('over30')", "Over 30 min", show=False),
        Binding("escape", "skip", "Skip", show=False),
        KEYS_BINDING,
    ]

    def __init__(self, *, ask_stiffness: bool = True) -> None:
        """Prepare the dialog.

        Args:
            ask_stiffness: Offer the stiffness answers too.
        """
        super().__init__()
        self.ask_stiffness = ask_stiffness
        self.stiffness: Stiffness | None = None

    def compose(self) -> ComposeResult:
        """Heading, the pain scale, the stiffness answers and the keys."""
        with Vertical(id="morning-box", classes="dialog"):
            yield Static(Text("Good morning", style="bold"), id="morning-title")
            why = (
                "You had a session yesterday. Pain should be back to your usual by this "
                "morning; your answer tells the program whether to go on, hold or step back."
            )
            yield Static(Text(why), id="morning-why")
            yield Static(Text("How much pain do you feel this morning?"), id="morning-question")
            other = self._pasted_stiffness if self.ask_stiffness else None
            yield PainScale(id="morning-pain", other=other)
            if self.ask_stiffness:
                yield Static(self._stiffness_text(), id="morning-stiffness")
            hint = "Enter: answer   Esc: skip today"
            if self.ask_stiffness:
                hint = "Enter: answer   n u o: stiffness   Esc: skip today"
            yield Static(Text(hint, style="dim"), id="morning-hint")

    def on_mount(self) -> None:
        """Put the keys on the scale."""
        self.query_one(PainScale).focus()

    def _stiffness_text(self) -> Text:
        text = Text("Stiffness this morning:\n")
        for name in STIFFNESS:
            chosen = name == self.stiffness
            mark = "(x)" if chosen else "( )"
            text.append(
                f"{STIFFNESS_KEYS[name]} {mark} {STIFFNESS_WORDS[name]}\n",
                style="bold reverse" if chosen else "",
            )
        text.rstrip()
        return text

    def action_keys(self) -> None:
        """`?`: what each key does here."""
        from player.session.scale import pain_word

        low, high = pain_word(0, None), pain_word(10, None)
        rows = [
            ("0 to 9", f"this morning's pain: 0 {low}, 10 {high}; 1 then 0 makes 10"),
            ("← → ↑ ↓", "one less or one more"),
        ]
        if self.ask_stiffness:
            words = ", ".join(f"{STIFFNESS_KEYS[n]} {STIFFNESS_WORDS[n]}" for n in STIFFNESS)
            rows.append(("n u o", f"how long the stiffness lasted: {words}"))
        rows += [
            ("enter", "answer"),
            ("esc", "skip today's check (a skipped check breaks a run of good mornings)"),
        ]
        show_keys(self, rows, note=None)  # no session is running

    def on_key(self, event: events.Key) -> None:
        """`n`, `u` or `o` in either case (Caps Lock on reads as off), as the scale lets
        letters go."""
        name = stiffness_key(event.character)
        if name is not None:
            event.stop()
            self.action_stiffness(name)

    def _pasted_stiffness(self, text: str) -> bool:
        """A pasted stiffness answer, read as `hep morning` reads a typed one
        (`read_stiffness`: `u`, `U`, `under 30`, `none`); the scale reads a pasted number
        first, so `0` is pain.

        Returns:
            True when the paste was a stiffness answer (it is chosen).
        """
        try:
            name = read_stiffness(text)
        except AnswerError:
            return False
        self.action_stiffness(name)
        return True

    def action_stiffness(self, name: Stiffness) -> None:
        """Pick a stiffness answer."""
        if not self.ask_stiffness:
            return
        self.stiffness = name
        self.query_one("#morning-stiffness", Static).update(self._stiffness_text())

    def action_skip(self) -> None:
        """Skip the check today."""
        self.dismiss(None)

    @on(PainScale.Chosen, "#morning-pain")
    def _answered(self, event: PainScale.Chosen) -> None:
        self.dismiss((event.value, self.stiffness))
