"""What every dialog answered y or n shares: the keys read in either case."""

from __future__ import annotations

from textual import events

from player.answers import yes_no_key


class YesNoKeys:
    """A dialog answered `y` or `n` (mixed in before its `ModalScreen`): the bindings name the
    keys for the footer; `on_key` reads them in either case, so that with Caps Lock on `Y`
    answers as `y` does."""

    def action_answer(self, yes: bool) -> None:
        """Take the answer (each dialog its own way)."""
        raise NotImplementedError

    def on_key(self, event: events.Key) -> None:
        """`y` or `n` in either case."""
        yes = yes_no_key(event.character)
        if yes is not None:
            event.stop()
            self.action_answer(yes)
