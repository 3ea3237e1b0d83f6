"""Text measured in terminal cells, so columns line up with wide (CJK) and combining characters."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def cells(text: str) -> int:
    """How many terminal cells `text` takes (a CJK character takes two).

    Args:
        text: One line.

    Returns:
        Its display width.
    """
    return cell_len(text)


def fit(text: str, width: int) -> str:
    """Text on one line, cut to `width` cells with an ellipsis when longer.

    Args:
        text: Any text; runs of whitespace become one space.
        width: Cells available (at least 1).

    Returns:
        The text, at most `width` cells wide.
    """
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    """Text padded with spaces on the right to `width` cells (never cut).

    Args:
        text: One line.
        width: The column's width in cells.

    Returns:
        The text and enough spaces to fill the column.
    """
    return text + " " * max(0, width - cell_len(text))


def fit_pad(text: str, width: int) -> str:
    """A table cell: `fit` then `pad`, so it is exactly `width` cells wide."""
    return pad(fit(text, width), width)
