"""Words that agree with their number: `1 point`, `2 points`."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """A count and its word, the word in the plural unless the count is one.

    Args:
        count: How many.
        word: The word for one (`point`, `exercise`).

    Returns:
        E.g. `1 point`, `3 points`.
    """
    return f"{count} {word}{'' if count == 1 else 's'}"
