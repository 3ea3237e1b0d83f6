"""YAML syntax errors in words a routine author can act on, said where the mistake is: tabs,
indentation, a second colon, a key without its colon, a quote or a bracket never closed."""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#'\"\[{][^:#]*?|'[^']*'|\"[^\"]*\")[ ]*:(?:[ ]|$)"
)
KEY_LINE_MAX = 200
"""Characters of a line read for its key: the pattern backtracks, so it reads a bounded part."""
_COLON_PROBLEM = "mapping values are not allowed"
"""The parser's words for a `: ` where no key can start (a second colon, or a line indented
into the text above it)."""
_INDENT_PROBLEMS = (_COLON_PROBLEM, "expected <block end>")


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


def _item_without_colon(lines: list[str], number: int) -> Hint | None:
    """A list item meant as a key and a value, its colon left out (`- name Bird dog`), which
    YAML reads as text running on into the key below it."""
    line = lines[number - 1]
    item = line.lstrip(" ")
    if not item.startswith("- ") or ":" in item:
        return None
    words = item[2:].split(" #")[0].strip()
    return _no_colon(words, number, len(line) - len(item) + 3)


def _no_colon(words: str, line: int, column: int) -> Hint:
    return Hint(
        f"'{_quoted(words)}' is not a key and a value: write the key, a colon and a space, "
        f"then the value (such as {_quoted(_key_and_value(words))})",
        line,
        column,
    )


def _indentation(lines: list[str], number: int, column: int, problem: str) -> Hint | None:
    here = _key(lines, number)
    if here is None:
        return None
    if here.name.startswith("-") and len(here.name) > 1:
        # `-name: B`: with no space after it the dash is part of the key, not a list item.
        return Hint(
            f"a list item needs a space after its '-': write - {here.name[1:].strip()}: ...",
            number,
            here.column + 1,
        )
    if _COLON_PROBLEM in problem and column - 1 > here.colon:
        # The colon the parser stopped at is past the key's own: a `: ` inside the value
        # (`name: Bird dog: slow`), whatever the lines around it look like.
        return _second_colon(here)
    above = _content_above(lines, number)
    if above is None:
        return None
    sibling = _key(lines, above)
    if sibling is None:
        return _item_without_colon(lines, above)
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


def _tab(here: str, line: int, column: int) -> Hint:
    """A tab the parser cannot read, named by where it stands: indenting the line, at its end
    (where it cannot be seen), or between a key and its value or two items."""
    at = column - 1 if here[column - 1 : column] == "\t" else here.find("\t")
    if at < 0:
        at = column - 1
    where = f"found a tab at column {at + 1}"
    if not here[:at].strip():
        words = f"indent with spaces, not tabs ({where})"
    elif not here[at:].strip():
        words = f"a tab at the end of the line: remove it ({where}); YAML takes spaces only"
    else:
        after = here[:at].rstrip()[-1:]
        place = {":": "after a key's colon", "-": "after a list item's '-'"}.get(after, "here")
        words = f"use a space, not a tab, {place} ({where})"
    return Hint(words, line, at + 1)


def explain(
    problem: str, text: str, line: int, column: int, context: tuple[int, int] | None = None
) -> Hint | None:
    """A clearer message for a YAML syntax error, or None when there is nothing better to say.

    Args:
        problem: The YAML parser's words.
        text: The whole document.
        line: The error's line (1-based).
        column: The error's column (1-based).
        context: Where the parser began what it could not finish (1-based line and column),
            when it says.

    Returns:
        The hint, pointing at the tab, at the line whose indentation differs, or at the key,
        quote or bracket left unfinished.
    """
    lines = text.splitlines() or [""]
    if context is not None:
        found = _from_where_it_began(problem, lines, line, column, context)
        if found is not None:
            return found
    if not 1 <= line <= len(lines):
        return None
    if "expected <block end>" in problem and problem.rstrip().endswith(("found ']'", "found '}'")):
        closing = problem.rstrip()[-2]
        opening = "[" if closing == "]" else "{"
        return Hint(
            f"this '{closing}' closes nothing: remove it, or open what it closes with '{opening}'",
            line,
            column,
        )
    if "but found '<scalar>'" in problem:
        found = _quote_ends_early(lines, line, column)
        if found is not None:
            return found
    if "'\\t'" in problem:
        return _tab(lines[line - 1], line, column)
    if any(words in problem for words in _INDENT_PROBLEMS):
        return _indentation(lines, line, column, problem)
    return None


_SHOWN = 40
"""Characters of a line quoted back in a hint."""
_OPENED = {"flow sequence": ("list", "[", "]"), "flow mapping": ("mapping", "{", "}")}


def _quoted(words: str) -> str:
    return words if len(words) <= _SHOWN else words[: _SHOWN - 3] + "..."


def _key_and_value(words: str) -> str:
    """`reps = 5` or `duration 5` as the key and value it was meant to be: `reps: 5`."""
    key, _, value = words.partition("=") if "=" in words else words.partition(" ")
    key, value = key.strip(), value.strip()
    return f"{key}: {value}" if key and value else f"{words}: ..."


def _quote_ends_early(lines: list[str], line: int, column: int) -> Hint | None:
    """Text straight after a closing quote (`name: 'Child's pose'`): the value ended there."""
    here = lines[line - 1]
    if not 2 <= column <= len(here) or here[column - 2] not in "'\"":
        return None
    quote = here[column - 2]
    other = '"' if quote == "'" else "'"
    return Hint(
        f"a value in {quote} quotes ends at the next {quote}, and text follows it here; put a "
        f"value holding {quote} in {other} quotes instead",
        line,
        column - 1,
    )


def _from_where_it_began(
    problem: str, lines: list[str], line: int, column: int, context: tuple[int, int]
) -> Hint | None:
    """Problems the parser finds only further on (at a line's end, or the file's): said
    where the thing that went wrong began, the key without its colon, the quote or the bracket
    never closed."""
    if "while parsing a flow node" in problem and "<stream end>" in problem:
        found = _last_unclosed(lines)  # the parser says only where the file ended
        if found is None:
            return None
        opening, open_line, open_column = found
        noun, closing = ("list", "]") if opening == "[" else ("mapping", "}")
        return _never_closed(noun, opening, closing, open_line, open_column)
    start_line, start_column = context
    if not 1 <= start_line <= len(lines):
        return None
    start = lines[start_line - 1]
    if "while scanning a simple key" in problem and "expected ':'" in problem:
        words = start[start_column - 1 :].split(" #")[0].strip()
        return _no_colon(words, start_line, start_column)
    if "while scanning a quoted scalar" in problem and "end of stream" in problem:
        quote = start[start_column - 1 : start_column] or '"'
        return Hint(
            f"the {quote} that opens this value is never closed; end the value with {quote}",
            start_line,
            start_column,
        )
    for kind, (noun, opening, closing) in _OPENED.items():
        if f"while parsing a {kind}" in problem and f"or '{closing}'" in problem:
            if "<stream end>" in problem:
                return _never_closed(noun, opening, closing, start_line, start_column)
            return Hint(
                f"in the {noun} that opens with '{opening}' here, a comma or its closing "
                f"'{closing}' is missing before line {line}, column {column}",
                start_line,
                start_column,
            )
    return None


def _never_closed(noun: str, opening: str, closing: str, line: int, column: int) -> Hint:
    return Hint(
        f"the {noun} that opens with '{opening}' here is not closed before the end of the "
        f"file: separate its items with commas and end it with '{closing}'",
        line,
        column,
    )


def _last_unclosed(lines: list[str]) -> tuple[str, int, int] | None:
    """The last '[' or '{' that opens a list or mapping and is never closed (1-based place),
    read as YAML would: not inside quotes or a comment, and only where a value starts (after
    `: `, `- `, `[`, `{` or `,`), since `Bird dog [easy` is plain text."""
    stack: list[tuple[str, int, int]] = []
    pairs = {"]": "[", "}": "{"}
    for number, line in enumerate(lines, start=1):
        quote = ""
        before = ""
        for index, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"" and before in ("", ":", "-", "[", "{", ","):
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                break
            elif char in "[{" and before in ("", ":", "-", "[", "{", ","):
                stack.append((char, number, index + 1))
            elif char in "]}" and stack and stack[-1][0] == pairs[char]:
                stack.pop()
            if not char.isspace():
                before = char
    return stack[-1] if stack else None
