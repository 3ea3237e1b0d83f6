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


def ordinal(number: int) -> str:
    """A number as a place in order: `1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`.

    Args:
        number: The place, from 1.

    Returns:
        The number with its English ending.
    """
    ending = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{ending or 'th'}"
