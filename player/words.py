"""Words in messages: counts that agree with their number (`1 point`, `2 points`), sizes, and
paths as words of a command to paste."""

from __future__ import annotations

import math
import os


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


def whole_number(value: int) -> str:
    """A whole number in digits, or in words past the 4,300 digits Python writes out.

    Args:
        value: The number (`0o` and 6,000 digits in a file is one).

    Returns:
        E.g. `42`, or `a whole number of 5,419 digits`.
    """
    try:
        return str(value)
    except ValueError:
        return f"a whole number of {math.floor(math.log10(abs(value))) + 1:,} digits"


def size_over(size: int, limit: int) -> str:
    """A file's size in words, beside a limit it is over: `3.4 MB`, or its bytes when a tenth
    of a megabyte would show it at the limit (`1,048,600 bytes`, never `1.0 MB` against 1 MB).

    Args:
        size: The file's size in bytes.
        limit: The limit in bytes (a whole number of megabytes).

    Returns:
        The size, as `found` text for a message.
    """
    megabytes = size / 1048576
    if round(megabytes, 1) <= limit / 1048576:
        return f"{size:,} bytes"
    return f"{megabytes:.1f} MB"


def shell_word(text: str) -> str:
    """A path or name as one word of a command the user can paste into their shell: quoted
    only when it needs quotes (`'a b/my routine.yaml'`; on Windows, in double quotes).

    Args:
        text: The word, as shown (already made safe to print).

    Returns:
        The word, quoted when a shell would split it or read something in it.
    """
    if os.name == "nt":
        return f'"{text}"' if any(c in text for c in " \t&|<>^()%!;,=") else text
    import shlex  # when a command is shown: a routine's first frame shows none

    return shlex.quote(text)
