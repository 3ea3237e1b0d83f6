"""The 0-10 pain scale: a row of numbers, chosen by typing, pasting or with the arrow keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from player.answers import DIGITS_ONLY, AnswerError, foreign_digits, pain_key, quoted, read_pain
from player.session.safety import CheckinAnswer
from player.session.scale import pain_words

NUDGE = "First type a number 0-10 (or use the arrows), then Enter."
"""What Enter with no number chosen says."""


class PainScale(Widget, can_focus=True):
    """The numbers 0 to 10; `7` picks 7, `1` then `0` picks 10, left/right move, a pasted `7`
    or `10` picks it, Enter answers."""

    BINDINGS = [
        Binding("left,down", "move(-1)", "Less", show=False),
        Binding("right,up", "move(1)", "More", show=False),
        Binding("enter", "choose", "Answer"),
    ]

    value: reactive[int | None] = reactive(None)
    """The number chosen so far, or None before any."""
    refused: reactive[str] = reactive("", layout=True)
    """Why the last key or paste was not taken (a digit not 0-9, a paste that is no answer),
    shown until the next number."""
    nudged: reactive[bool] = reactive(False)
    """Enter was pressed before any number: the hint says what to press, in bold."""

    @dataclass
    class Chosen(Message):
        """The user confirmed a number with Enter."""

        scale: PainScale
        value: int

        @property
        def control(self) -> PainScale:
            """The scale that was answered (lets `@on(..., "#id")` match it)."""
            return self.scale

    @dataclass
    class Pasted(Message):
        """A pasted answer chose a number and named flags after it (`7 sharp`)."""

        scale: PainScale
        answer: CheckinAnswer

        @property
        def control(self) -> PainScale:
            """The scale that was pasted on (lets `@on(..., "#id")` match it)."""
            return self.scale

    def __init__(
        self,
        *,
        words: tuple[str, ...] = (),
        reads_flags: bool = False,
        other: Callable[[str], bool] | None = None,
        id: str | None = None,  # noqa: A002 (Textual's name)
    ) -> None:
        """Make an empty scale.

        Args:
            words: The word for each number 0-10 under the routine's stop rules (the prompt's
                `scale`); plain words when empty.
            reads_flags: A pasted answer may name flags after its number (`7 sharp`, posted as
                `Pasted`); without, such a paste is refused, as `hep morning` refuses it.
            other: Tried on a paste that is no pain answer, as the dialog's own letters are
                let through when typed (the morning's stiffness): True when it took the paste;
                otherwise the paste is refused in the pain reader's words.
            id: The widget id.
        """
        super().__init__(id=id)
        self.words = words if len(words) == 11 else pain_words(None)
        self.reads_flags = reads_flags
        self.other = other
        self._typed = ""

    def render(self) -> Text:
        """The row of numbers with the chosen one marked, and its word under it."""
        text = Text()
        for n in range(11):
            label = f" {n} "
            if n == self.value:
                text.append(f"[{n}]", style="reverse bold")
            else:
                text.append(label)
        word = f"{self.value}/10: {self.words[self.value]}" if self.value is not None else ""
        text.append("\n")
        hint = "type a number 0-10, or use the arrow keys"
        if self.nudged and self.value is None:
            text.append(NUDGE, style="bold")
            return text
        if self.refused:
            text.append(self.refused, style="bold")
            return text
        text.append(word or hint, style="" if word else "dim")
        return text

    def on_key(self, event: events.Key) -> None:
        """Typed digits: `1` then `0` makes 10; any other digit starts a new number (see
        `pain_key`)."""
        read = pain_key(event.character, self._typed)
        if read is None:
            if event.character and foreign_digits(event.character):
                self.refused = f"{DIGITS_ONLY.capitalize()} (found {quoted(event.character)})"
                self.app.bell()
                event.stop()
            return
        self.refused = ""
        self.value, self._typed = read
        event.stop()

    def on_paste(self, event: events.Paste) -> None:
        """A pasted answer, read whole as a typed line is (`read_pain`: `7`, ` 7 `, `10` with
        its line break, never the `1` of a `10`): its number is chosen, and Enter answers, as
        after typed digits. Anything else goes to `other` when there is one; what neither
        reads (`100`, `seven`, two lines) takes nothing and says why, in the pain reader's
        words."""
        event.stop()
        if not event.text:
            return
        try:
            answer = read_pain(event.text, flags=self.reads_flags)
        except AnswerError as error:
            if self.other is not None and self.other(event.text):
                self.refused = ""
                return
            why = str(error)
            self.refused = why[:1].upper() + why[1:]
            self.app.bell()
            return
        self.refused = ""
        self.value, self._typed = answer.pain, ""  # a digit typed next starts a new number
        if answer.flags:
            self.post_message(self.Pasted(self, answer))

    def action_move(self, delta: int) -> None:
        """Move the choice by `delta`, starting from 0."""
        self._typed = ""
        self.refused = ""
        start = -1 if self.value is None and delta > 0 else (self.value or 0)
        self.value = min(10, max(0, start + delta))

    def action_choose(self) -> None:
        """Answer with the chosen number; before one is chosen, say what to press."""
        if self.value is None:
            self.nudged = True
            self.app.bell()
            return
        self.post_message(self.Chosen(self, self.value))
