"""The instructions of the exercise under way, with its picture and link, over a paused session."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from player.tui.pictures import picture_widget


class InstructionsDialog(ModalScreen[None]):
    """How to do the exercise; `i`, Escape or Enter closes it."""

    CSS_PATH = "help.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [Binding("escape,i,enter,q", "close", "Close")]

    def __init__(
        self,
        exercise: str,
        instructions: str | None,
        *,
        picture: Path | None = None,
        link: str | None = None,
        note: str | None = None,
    ) -> None:
        """Prepare the dialog.

        Args:
            exercise: The exercise's name.
            instructions: How to do it (routine text: shown as typed, never as markup).
            picture: Its picture, if it has one.
            link: Its web address, if it has one.
            note: What happens to the session clock while it is open.
        """
        super().__init__()
        self.exercise = exercise
        self.instructions = instructions
        self.picture = picture
        self.link = link
        self.note = note

    def compose(self) -> ComposeResult:
        """The name, the note, the instructions, the picture and the link."""
        with VerticalScroll(id="instructions-box", classes="dialog"):
            yield Static(Text(self.exercise, style="bold"))
            if self.note:
                yield Static(Text(self.note), id="instructions-note")
            words = (self.instructions or "No instructions for this exercise.").strip()
            yield Static(Text(words), id="instructions")
            if self.picture is not None:
                yield picture_widget(self.picture)
                yield Static(Text(f"Picture: {self.picture}", style="dim"), id="picture-path")
            if self.link:
                yield Static(Text(f"Link: {self.link}"), id="link")
            yield Static(Text("i or Esc closes this.", style="dim"))

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
