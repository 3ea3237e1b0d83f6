"""YAML syntax errors in words a routine author can act on: tabs, indentation, stray colons."""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#'\"\[{][^:#]*?|'[^']*'|\"[^\"]*\")[ ]*:(?:[ ]|$)"
)
KEY_LINE_MAX = 200
"""Characters of a line read for its key: the pattern backtracks, so it reads a bounded part."""
_INDENT_PROBLEMS = ("mapping values are not allowed", "expected <block end>")


@dataclass(frozen=True)
class Hint:
    """A clearer account of a YAML error, and where it points (1-based)."""

    message: str
    line: int
    column: int


@dataclass(frozen=True)
class _Key:
    line: int
    """1-based."""
    column: int
    """0-based column where the key starts (after any `- ` of a list item)."""
    name: str
    colon: int
    """0-based column of the colon that ends the key."""


def _key(lines: list[str], number: int) -> _Key | None:
    """The key a line starts with, if it is a `key: ...` line."""
    match = _KEY_LINE.match(lines[number - 1][:KEY_LINE_MAX])
    if match is None:
        return None
    colon = lines[number - 1].index(":", match.end("key"))
    return _Key(number, len(match.group("lead")), match.group("key").strip("'\""), colon)


def _content_above(lines: list[str], number: int) -> int | None:
    """The nearest line above `number` that holds something (not blank, not a comment)."""
    for above in range(number - 1, 0, -1):
        stripped = lines[above - 1].strip()
        if stripped and not stripped.startswith("#"):
            return above
    return None


def _parent(lines: list[str], key: _Key) -> str | None:
    """The key that `key` sits under: the nearest key above it that starts further left."""
    for above in range(key.line - 1, 0, -1):
        found = _key(lines, above)
        if found is not None and found.column < key.column:
            return found.name
    return None


def _second_colon(key: _Key) -> Hint:
    return Hint(
        f"'{key.name}' holds a second ': ' in its value; put the value in quotes, "
        f'such as {key.name}: "..."',
        key.line,
        key.column + 1,
    )


def _indentation(lines: list[str], number: int, column: int) -> Hint | None:
    here = _key(lines, number)
    if here is None:
        return None
    if column - 1 > here.colon:
        # The colon the parser stopped at is past the key's own: a `: ` inside the value
        # (`name: Bird dog: slow`), whatever the lines around it look like.
        return _second_colon(here)
    above = _content_above(lines, number)
    if above is None:
        return None
    sibling = _key(lines, above)
    if sibling is None:
        return None
    if sibling.column == here.column:
        if lines[number - 1].count(": ") + lines[number - 1].rstrip().endswith(":") > 1:
            return _second_colon(here)
        return None
    parent = _parent(lines, sibling)
    under = f"the keys under '{parent}'" if parent else "the keys at the top"
    return Hint(
        f"line {number} is indented differently: '{here.name}' starts at column "
        f"{here.column + 1}, but {under} (like '{sibling.name}' on line {sibling.line}) start at "
        f"column {sibling.column + 1}; line it up with '{sibling.name}' using spaces",
        number,
        here.column + 1,
    )


def explain(problem: str, text: str, line: int, column: int) -> Hint | None:
    """A clearer message for a YAML syntax error, or None when there is nothing better to say.

    Args:
        problem: The YAML parser's words.
        text: The whole document.
        line: The error's line (1-based).
        column: The error's column (1-based).

    Returns:
        The hint, pointing at the tab or at the line whose indentation differs.
    """
    lines = text.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return None
    if "'\\t'" in problem:
        here = lines[line - 1]
        tab = here.find("\t")
        where = tab + 1 if tab >= 0 else column
        return Hint(
            f"indent with spaces, not tabs (found a tab at column {where})",
            line,
            where,
        )
    if any(words in problem for words in _INDENT_PROBLEMS):
        return _indentation(lines, line, column)
    return None
