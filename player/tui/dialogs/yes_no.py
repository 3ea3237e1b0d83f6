"""What every dialog answered y or n shares: the keys read in either case, and a pasted answer."""

from __future__ import annotations

from textual import events

from player.answers import AnswerError, read_yes_no, yes_no_key


class YesNoKeys:
    """A dialog answered `y` or `n` (mixed in before its `ModalScreen`): the bindings name the
    keys for the footer; `on_key` reads them in either case, so that with Caps Lock on `Y`
    answers as `y` does; `on_paste` reads a pasted answer as the plain player reads a line."""

    def action_answer(self, yes: bool) -> None:
        """Take the answer (each dialog its own way)."""
        raise NotImplementedError

    def action_nudge(self) -> None:
        """Say which keys answer, where the dialog has a line for it (Enter there says so)."""

    def on_key(self, event: events.Key) -> None:
        """`y` or `n` in either case."""
        yes = yes_no_key(event.character)
        if yes is not None:
            event.stop()
            self.action_answer(yes)

    def on_paste(self, event: events.Paste) -> None:
        """A pasted answer, read whole (`read_yes_no`: `y`, `YES`, `n` with its line break);
        anything else (`yn`, two lines, a sentence) answers nothing and says what to press."""
        event.stop()
        if not event.text:
            return
        try:
            yes = read_yes_no(event.text)
        except AnswerError:
            self.action_nudge()
            return
        self.action_answer(yes)
