"""The stop screen: the calm message from the safety rules, the reason, and what to do next."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from player.tui.screens.read_first import ReadFirst


class StoppedScreen(ReadFirst, Screen[None]):
    """Shows why the session stopped; Enter goes on to the summary."""

    CSS_PATH = "ending.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding("enter,space", "go_on", "Summary"),
        Binding("q", "app.request_quit", "Quit"),
    ]
    HELP_ROWS = (("enter or space", "see the summary"), ("↑ ↓", "scroll"), ("q", "quit hep"))
    """What `?` lists here (the app's help)."""

    def __init__(
        self, heading: str, lines: list[str], hint: str = "Enter: see the summary"
    ) -> None:
        """Prepare the screen.

        Args:
            heading: The title, e.g. `Session stopped`.
            lines: The safety rules' stop message: what happened (the reason) first, then that
                stopping was right and what to do next.
            hint: The key to go on, shown last.
        """
        super().__init__()
        self.heading = heading
        self.lines = lines
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The heading, the reason and the advice."""
        # Scrolls in a small terminal (up, down): the advice is never cut off unseen.
        with Center(), VerticalScroll(id="stopped-box"):
            yield Static(Text(self.heading, style="bold"), id="stopped-title")
            if self.lines:
                yield Static(Text(self.lines[0], style="bold"), id="stopped-reason")
            for line in self.lines[1:]:
                yield Static(Text(line), classes="stopped-line")
            yield Static(Text(self.hint, style="dim"), id="stopped-hint")
        yield Footer()

    def on_mount(self, event: events.Mount) -> None:
        """The message takes the keys that scroll it (`ReadFirst` notes the time too)."""
        self.query_one("#stopped-box", VerticalScroll).focus()

    def action_go_on(self) -> None:
        """Leave for the summary."""
        self.dismiss(None)
