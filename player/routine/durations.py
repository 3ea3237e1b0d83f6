"""Durations in routine files: seconds as a number, or strings like `45s`, `2m`, `1m30s`, `1h`."""

from __future__ import annotations

import math
import re
from typing import Any

from player.words import whole_number

# The grammar, written once. A duration is seconds as a number (`90`, `7.5`), or one to three
# parts in the order hours, minutes, seconds, each a number and a unit as people write it:
# `45s`, `45 sec`, `45 seconds`; `2m`, `2 min`, `2 minutes`; `1h`, `1 hr`, `1 hour`; in any
# letter case. From it come both the parser below and the JSON Schema pattern editors use, so
# the two cannot disagree on what a duration is. It is kept to what a JSON Schema (ECMA 262)
# pattern and Python's `re` read alike: ASCII digits and spaces, no flags, no named groups.
_NUMBER = r"([0-9]+(?:[.][0-9]+)?)"
_SPACE = r"[ \t\r\n]*"
_UNITS = (r"h(?:rs?|ours?)?", r"m(?:ins?|inutes?)?", r"s(?:ecs?|econds?)?")
"""Hours, minutes, seconds, lower case; `_any_case` lets each letter be upper case too."""
_HUGE = 10**15  # larger ints are treated as infinite rather than converted to float


def _any_case(regex: str) -> str:
    """Each letter of `regex` as `[xX]` (JSON Schema patterns take no case-insensitive flag)."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in regex)


def duration_pattern(*, allow_zero: bool = True) -> str:
    """The duration grammar as one regular expression, for the parser and the JSON Schema.

    Args:
        allow_zero: False to refuse strings whose every digit is 0 (`0`, `0s`, `0m 0s`), for
            durations that must be longer than zero.

    Returns:
        An anchored pattern; group 1 is a plain number of seconds, groups 2-4 the hours,
        minutes and seconds of the other form.
    """
    parts = "".join(f"(?:{_NUMBER}{_SPACE}{_any_case(unit)}{_SPACE})?" for unit in _UNITS)
    nonzero = "" if allow_zero else "(?=[^1-9]*[1-9])"
    # The lookahead makes the unit form start with a number, so an empty string is no duration.
    return f"^{nonzero}{_SPACE}(?:{_NUMBER}{_SPACE}|(?=[0-9]){parts})$"


def _above(limit: int) -> str:
    """A pattern for a number written as in the grammar (a leading `0*` allowed) above `limit`.

    Args:
        limit: A whole number, at least 0.

    Returns:
        An unanchored pattern: more digits than `limit`, the same number of digits but larger,
        or `limit` itself with a fraction that is not zero.
    """
    digits = str(limit)
    fraction = r"(?:[.][0-9]+)?"
    larger = [f"[1-9][0-9]{{{len(digits)},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - i - 1
            larger.append(f"{digits[:i]}[{int(digit) + 1}-9][0-9]{{{rest}}}")
    return f"0*(?:(?:{'|'.join(larger)}){fraction}|{digits}[.][0-9]*[1-9][0-9]*)"


def over_limit_pattern(limit_seconds: int) -> str:
    """Durations in the grammar that a single part puts over `limit_seconds`, for the JSON Schema.

    A pattern cannot add, so this finds a part over the limit on its own (`3h`, `121m`,
    `7201s`, `7201`) and a whole-limit part followed by more time (`2h 5s`); a sum of parts
    each under the limit (`1h 90m`) is left to the loader.

    Args:
        limit_seconds: The longest duration allowed, a whole number of minutes.

    Returns:
        An unanchored pattern (for a JSON Schema `not`).
    """
    space = _SPACE
    hours, minutes, seconds = (_any_case(unit) for unit in _UNITS)
    whole = r"(?:[.]0*)?"
    edge = "(?:^|[^0-9.])"
    over = [
        f"^{space}{_above(limit_seconds)}{space}$",
        f"{edge}{_above(limit_seconds // 3600)}{space}{hours}",
        f"{edge}{_above(limit_seconds // 60)}{space}{minutes}",
        f"{edge}{_above(limit_seconds)}{space}{seconds}",
    ]
    if limit_seconds % 3600 == 0:
        over.append(f"{edge}0*{limit_seconds // 3600}{whole}{space}{hours}.*[1-9]")
    over.append(f"{edge}0*{limit_seconds // 60}{whole}{space}{minutes}.*[1-9]")
    return "|".join(f"(?:{part})" for part in over)


def _grammar() -> re.Pattern[str]:
    """The parser's form of the grammar, built from `duration_pattern` when it is used.

    `re` keeps the patterns it compiled, keyed by their text, so the work is done once; the
    rule itself still runs on every call (nothing of it is frozen when the module loads).
    """
    return re.compile(duration_pattern())


DURATION_HINT = "seconds as a number, or a string like 45s, 2m or 1m30s"


def parse_duration(value: Any) -> float:
    """Turn a routine's duration value into seconds.

    Args:
        value: an int or float (seconds) or a string such as `"45s"`, `"2m"`, `"1m30s"`, `"90"`.

    Returns:
        The duration in seconds (may be zero or negative: range checks are the caller's).

    Raises:
        ValueError: the value is not a duration; the message says what was found.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected {DURATION_HINT} (found {describe(value)})")
    seconds: float | None = None
    if isinstance(value, int) and abs(value) > _HUGE:
        seconds = math.inf if value > 0 else -math.inf
    elif isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _grammar().match(value)):
        plain, hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
        seconds = plain + hours * 3600 + minutes * 60 + secs
    if seconds is None or math.isnan(seconds):
        raise ValueError(f"expected {DURATION_HINT} (found {describe(value)})")
    return seconds


def format_duration(seconds: float | None, *, tenths: bool = False) -> str:
    """Show a length of time the way a person reads (and a routine file takes) it.

    The one format of every duration hep shows: the summary, the journal, `hep show`, stats,
    reports and both faces. What it prints reads back through `parse_duration` (to the minute
    from an hour up, where seconds are left out; to the tenth with `tenths`).

    Args:
        seconds: Seconds (rounded to whole ones; below zero shows as `0s`), or None when unknown.
        tenths: Keep a tenth of a second under an hour (`2.5s`, `1m05.5s`): for a dose as the
            routine gives it (a 2.5 s tempo, a 10.4 s stretch), which whole seconds would
            misstate; times measured or added up stay whole.

    Returns:
        `45s`, `2m`, `1m30s`, `1h05m`; `-` for None.
    """
    if seconds is None:
        return "-"
    if not math.isfinite(seconds):
        return "forever" if seconds > 0 else "0s"
    if tenths and 0 < seconds < 3600 and round(seconds * 10) % 10:
        whole, tenth = divmod(round(seconds * 10), 10)
        minutes, secs = divmod(whole, 60)
        return f"{minutes}m{secs:02d}.{tenth}s" if minutes else f"{secs}.{tenth}s"
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes and secs:
        return f"{minutes}m{secs:02d}s"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"


def describe(value: Any) -> str:
    """A short, readable account of a value found in a file, for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        text = whole_number(value)  # `0x` and 5,000 digits is past what str() writes out
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
