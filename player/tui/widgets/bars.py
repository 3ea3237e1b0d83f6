"""Plain text bars: progress with a label and time left, and the breathing bar."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FULL = "█"
EMPTY = "░"


def bar_text(fraction: float, width: int) -> str:
    """A bar `width` cells wide, `fraction` (0-1) of it filled.

    Args:
        fraction: How much is filled; clamped to 0-1.
        width: Cells.

    Returns:
        The bar as block characters.
    """
    width = max(0, width)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return FULL * filled + EMPTY * (width - filled)


class LabelledBar(Widget):
    """`label  [bar]  right` on one line; the bar takes the width that is left."""

    DEFAULT_CSS = """
    LabelledBar { height: 1; }
    """

    state: reactive[tuple[str, float, str]] = reactive(("", 0.0, ""))
    """Label, fraction filled, and the text on the right (e.g. time left)."""

    def render(self) -> Text:
        """Draw the label, bar and right-hand text to the widget's width."""
        label, fraction, right = self.state
        label_part = f"{label:<10.10} "
        right_part = f" {right}"
        width = self.size.width - len(label_part) - len(right_part)
        text = Text(label_part, style="bold")
        text.append(bar_text(fraction, width))
        text.append(right_part)
        return text


class BreathBar(Widget):
    """A bar that fills while breathing in, stays while holding and empties breathing out."""

    DEFAULT_CSS = """
    BreathBar { height: 1; }
    """

    fill: reactive[float] = reactive(0.0)
    """0 (empty lungs) to 1 (full)."""

    def cells(self) -> int:
        """How many cells are filled at the current width (what the eye sees change)."""
        width = max(0, self.size.width)
        return round(max(0.0, min(1.0, self.fill)) * width)

    def render(self) -> Text:
        """Draw the bar centred so it grows out from the middle."""
        width = max(0, self.size.width)
        filled = self.cells()
        pad = (width - filled) // 2
        text = Text(" " * pad)
        text.append(FULL * filled, style="bold")
        text.append(" " * (width - filled - pad))
        return text


def breath_fill(rep_phase: str | None, into: float, length: float) -> float:
    """How full the breathing bar is during a breath's rep phase.

    Args:
        rep_phase: `inhale`, `hold`, `exhale`, `hold_after`, or None.
        into: Seconds into the rep phase.
        length: The rep phase's length.

    Returns:
        0-1: growing while breathing in, full while holding, shrinking while breathing out.
    """
    part = into / length if length > 0 else 1.0
    part = max(0.0, min(1.0, part))
    match rep_phase:
        case "inhale":
            return part
        case "hold":
            return 1.0
        case "exhale":
            return 1.0 - part
        case _:
            return 0.0
