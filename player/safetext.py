"""The one way text from a file (routine, program, journal, note) is made safe for a terminal."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import Any

# What a terminal acts on, as whole sequences first, so no argument is left behind as text:
# - CSI (ESC [ or the C1 byte 0x9B): colours, cursor moves, screen clearing;
# - OSC (ESC ] or 0x9D) up to BEL or ST: window titles, hyperlinks, the clipboard (OSC 52);
# - DCS, SOS, PM, APC (ESC P X ^ _ or 0x90 0x98 0x9E 0x9F) up to ST: device strings;
# - any other ESC with its intermediates and final character (character sets, resets).
# Each part is a bounded class or a run of one class, so matching is linear in the text.
_SEQUENCES = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# The characters left over that a terminal acts on: C0 (but tab and newline), DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidirectional embeddings, overrides and isolates reorder what is shown, so a line can read
# other than it is (Unicode TR #9; "Trojan Source", CVE-2021-42574). Marks (LRM, RLM) stay.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# The line and paragraph separators break a line as a newline does (pagers, some terminals).
_SEPARATORS = "\u2028\u2029"
_UNSAFE = f"[{_CONTROLS}{_BIDI}{_SEPARATORS}]"
_UNSAFE_IN_A_LINE = f"[\t\n{_CONTROLS}{_BIDI}{_SEPARATORS}]"
_LINE_BREAKS = r"[\t\n\r\v\f\x85\u2028\u2029]"
_SEPARATOR = f"[{_SEPARATORS}]"


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """`source` compiled, the first time it is needed: these character classes take a
    millisecond or more each to compile, and most text has nothing to take out."""
    return re.compile(source)


def shown(text: str, *, lines: bool = False) -> str:
    """`text` as a terminal may show it: no escape sequence, control character or bidi override.

    Whole escape sequences go (an OSC 52 takes its clipboard text with it); a line break or tab
    (or a line or paragraph separator) becomes a space unless `lines`, so one line from a file
    stays one line on screen; a separator is a space with `lines` too (a name may be shown
    so). Rich markup is not touched: show the result with `rich.text.Text` or `markup=False`,
    or use `shown_markup` where markup is rendered.

    Args:
        text: Text read from a routine, program, journal or note.
        lines: Keep newlines (and tabs) for text shown as several lines (instructions).

    Returns:
        The text with nothing a terminal would act on.
    """
    if _pattern(_UNSAFE if lines else _UNSAFE_IN_A_LINE).search(text) is None:
        return text
    text = _pattern(_SEPARATOR if lines else _LINE_BREAKS).sub(" ", text)
    return _pattern(_UNSAFE).sub("", _pattern(_SEQUENCES).sub("", text))


def shown_markup(text: str) -> str:
    """`shown(text)` with Rich markup escaped, for a place that renders markup.

    Args:
        text: Text read from a file.

    Returns:
        Markup that shows the text as typed.
    """
    from rich.markup import escape

    return escape(shown(text))


def spelled_out(text: str) -> str:
    """`text` with every character a terminal acts on written out (`\\x1b`), for an error line
    that must show what is wrong in the file. Line breaks are written out too: one line stays one.

    Args:
        text: An error line that may quote a file.

    Returns:
        One printable line.
    """
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def shown_deep(value: Any, *, lines: bool = False, kept_in: Collection[str] = ()) -> Any:
    """Every string inside `value` (lists, tuples, dicts, pydantic models) through `shown`.

    Args:
        value: A value read from a file: a string, a container or a validated model.
        lines: Passed to `shown` (keep newlines).
        kept_in: The fields of a model (by name) whose text keeps its newlines, whatever
            `lines` says (a routine's `instructions`); the rest is made one line each.

    Returns:
        The same shape with every string made safe; a model comes back as a changed copy.
    """
    if isinstance(value, str):
        return shown(value, lines=lines)
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict) and hasattr(value, "model_copy"):
        changed = {
            name: shown_deep(getattr(value, name), lines=lines or name in kept_in, kept_in=kept_in)
            for name in fields
        }
        return value.model_copy(update=changed)
    if isinstance(value, list | tuple):
        return type(value)(shown_deep(item, lines=lines, kept_in=kept_in) for item in value)
    if isinstance(value, dict):
        return {
            shown_deep(k): shown_deep(v, lines=lines, kept_in=kept_in) for k, v in value.items()
        }
    return value
