"""Durations in routine files: seconds as a number, or strings like `45s`, `2m`, `1m30s`, `1h`."""

from __future__ import annotations

import math
import re
from typing import Any

# Units as people write them: 45s, 45 sec, 45 seconds; 2m, 2 min, 2 minutes; 1h, 1 hour.
_H = r"h(?:rs?|ours?)?"
_M = r"m(?:ins?|inutes?)?"
_S = r"s(?:ecs?|econds?)?"
_PATTERN = re.compile(
    rf"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*{_H})?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*{_M})?"
    rf"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*{_S})?\s*$",
    re.IGNORECASE,
)
_HUGE = 10**15  # larger ints are treated as infinite rather than converted to float
_PLAIN_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")

DURATION_HINT = "seconds as a number, or a string like 45s, 2m or 1m30s"
DURATION_PATTERN = (
    r"^\s*(\d+(\.\d+)?\s*[hH]([rR][sS]?|[oO][uU][rR][sS]?)?)?"
    r"\s*(\d+(\.\d+)?\s*[mM]([iI][nN][sS]?|[iI][nN][uU][tT][eE][sS]?)?)?"
    r"\s*(\d+(\.\d+)?\s*[sS]([eE][cC][sS]?|[eE][cC][oO][nN][dD][sS]?)?)?\s*$"
)
"""The same forms as a JSON Schema pattern (JSON Schema has no case-insensitive flag)."""


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
    elif isinstance(value, str):
        if _PLAIN_NUMBER.match(value):
            seconds = float(value)
        elif (match := _PATTERN.match(value)) and any(match.group(k) for k in ("h", "m", "s")):
            hours = float(match.group("h") or 0)
            minutes = float(match.group("m") or 0)
            seconds = hours * 3600 + minutes * 60 + float(match.group("s") or 0)
    if seconds is None or math.isnan(seconds):
        raise ValueError(f"expected {DURATION_HINT} (found {describe(value)})")
    return seconds


def format_duration(seconds: float) -> str:
    """Show seconds the way a person reads them: `45s`, `2m`, `1m30s`, `1h05m`."""
    if not math.isfinite(seconds):
        return "forever" if seconds > 0 else "-forever"
    total = int(round(seconds))
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
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
