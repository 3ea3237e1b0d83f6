"""The start-up baseline: the smallest Textual app that paints one question."""

from textual.app import App, ComposeResult
from textual.widgets import Static

QUESTION = "How much pain do you feel right now? (0-10)"


class MinimalApp(App[None]):
    """One line with the question, nothing else."""

    def compose(self) -> ComposeResult:
        """The one widget."""
        yield Static(QUESTION)


if __name__ == "__main__":
    MinimalApp().run()
