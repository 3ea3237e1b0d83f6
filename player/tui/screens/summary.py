"""The summary at the end of a session: how it ended, time, pain, each exercise, the notes."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from player.tui.screens.read_first import ReadFirst


class SummaryScreen(ReadFirst, Screen[None]):
    """Shows how the session went; Enter or Escape closes it (back to the picker, or out of hep
    when it was opened on one routine), `q` leaves hep."""

    CSS_PATH = "ending.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding("enter,escape", "close", "Close"),
        Binding("q", "app.request_quit", "Quit"),
    ]
    HELP_ROWS = (("enter or esc", "close the summary"), ("↑ ↓", "scroll"), ("q", "quit hep"))
    """What `?` lists here (the app's help)."""

    def __init__(
        self,
        heading: str,
        facts: list[tuple[str, str]],
        exercises: list[tuple[str, str]],
        note: str | None = None,
        notes: list[str] | None = None,
    ) -> None:
        """Prepare the screen.

        Args:
            heading: The title (the routine's name and how many exercises were done).
            facts: Label and value rows: outcome, times, pain before, highest, at the end.
            exercises: Each exercise's name and what became of it (done, partly done with how
                much, skipped, not reached).
            note: A closing word (e.g. on pain compared with the start).
            notes: The notes written during the session, with where.
        """
        super().__init__()
        self.heading = heading
        self.facts = facts
        self.exercises = exercises
        self.note = note
        self.notes = notes or []

    def compose(self) -> ComposeResult:
        """The facts table, then the exercises."""
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold")
        facts.add_column()
        for label, value in self.facts:
            facts.add_row(label, Text(value))
        done = Table.grid(padding=(0, 2))
        done.add_column()
        done.add_column(style="bold")
        for name, status in self.exercises:
            done.add_row(Text(name), Text(status))
        with Center(), VerticalScroll(id="summary-box"):
            yield Static(Text(self.heading, style="bold"), id="summary-title")
            yield Static(facts, id="summary-facts")
            yield Static("")
            yield Static(done, id="summary-exercises")
            if self.notes:
                yield Static("")
                lines = Text("Notes", style="bold")
                for note in self.notes:
                    lines.append("\n" + note, style="")
                yield Static(lines, id="summary-notes")
            if self.note:
                yield Static("")
                yield Static(Text(self.note), id="summary-note")
        yield Footer()

    def action_close(self) -> None:
        """Close the summary."""
        self.dismiss(None)
