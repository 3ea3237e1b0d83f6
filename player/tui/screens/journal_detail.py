"""One session from the journal: exercise by exercise, planned against done, every check-in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from player.journal import Journal, JournalError
from player.journal.records import SessionSummary
from player.journal.reports import report
from player.journal.review import query


def detail_text(lines: list[str]) -> Text:
    """The lines of `report.show_lines` as literal text, the title and table head in bold.

    Args:
        lines: The session's lines.

    Returns:
        One text, nothing in it read as markup.
    """
    text = Text()
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        if number == 0 or line.lstrip().startswith("#  exercise"):
            text.append(line, style="bold")
        elif line.lstrip().startswith("check-in"):
            text.append(line, style="cyan")
        else:
            text.append(line)
    return text


class JournalDetailScreen(Screen[None]):
    """A past session in full; Escape goes back to the list."""

    CSS_PATH = "journal.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("question_mark", "app.help", "Keys"),
    ]

    @dataclass
    class Loaded(Message):
        """The session's lines were made (empty if it is no longer in the journal)."""

        lines: list[str]

    @dataclass
    class Failed(Message):
        """The journal could not be read."""

        problem: str

    def __init__(self, session: SessionSummary, path: Path | None = None) -> None:
        """Prepare the screen.

        Args:
            session: The session to show, from the list.
            path: The journal file; None for the data folder's.
        """
        super().__init__()
        self.session = session
        self.path = path
        self.lines: list[str] = []
        """The lines shown, once read."""
        self.problem: str | None = None
        """The journal's one-line error, if reading failed."""

    def compose(self) -> ComposeResult:
        """Title, the session's text in a scroll, and the keys."""
        title = Text.assemble(("hep - journal - session ", "bold"), (str(self.session.id), "bold"))
        yield Static(title, id="journal-detail-title")
        with VerticalScroll(id="journal-detail-scroll"):
            yield Static(Text("Reading the session..."), id="journal-detail")
        yield Footer()

    def on_mount(self) -> None:
        """Read the session off the UI thread."""
        self.query_one("#journal-detail-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="journal-read")
    def _load(self) -> None:
        try:
            with Journal.open(self.path, check=False) as journal:
                detail = query.get_session(journal, self.session.id)
        except JournalError as exc:
            self.post_message(self.Failed(" ".join(str(exc).split())))
            return
        self.post_message(self.Loaded(report.show_lines(detail) if detail else []))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.lines = message.lines
        body = self.query_one("#journal-detail", Static)
        if not message.lines:
            body.update(Text(f"Session {self.session.id} is no longer in the journal."))
            return
        body.update(detail_text(message.lines))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.problem = message.problem
        self.query_one("#journal-detail", Static).update(
            Text.assemble(("The journal cannot be read: ", "bold"), message.problem)
        )
        self.add_class("-failed")

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()
