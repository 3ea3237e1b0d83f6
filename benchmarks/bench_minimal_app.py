"""The start-up baseline: the smallest Textual app that paints one `Digits` widget."""

from textual.app import App, ComposeResult
from textual.widgets import Digits


class MinimalApp(App[None]):
    """One Digits showing 0:00, nothing else."""

    def compose(self) -> ComposeResult:
        """The one widget."""
        yield Digits("0:00")


if __name__ == "__main__":
    MinimalApp().run()
