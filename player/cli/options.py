"""Option types shared by the commands; a bad value ends in one `hep: --option: ...` line."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import click


def _found(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


class Whole(click.ParamType):
    """A whole number, at least `minimum` (a count of sessions, weeks, a target)."""

    name = "integer"

    def __init__(self, minimum: int = 1, maximum: int | None = None) -> None:
        """Set the values allowed.

        Args:
            minimum: The smallest value allowed.
            maximum: The largest value allowed (None: no limit).
        """
        self.minimum = minimum
        self.maximum = maximum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the number."""
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"expected a whole number (found {_found(value)})", param, ctx)
        if number < self.minimum:
            self.fail(f"must be at least {self.minimum} (found {number})", param, ctx)
        if self.maximum is not None and number > self.maximum:
            self.fail(f"must be at most {self.maximum} (found {number})", param, ctx)
        return number


class Number(click.ParamType):
    """A number from `low` to `high` (a speed-up)."""

    name = "number"

    def __init__(self, low: float, high: float) -> None:
        """Set the range allowed.

        Args:
            low: The smallest value allowed.
            high: The largest value allowed.
        """
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the number."""
        span = f"from {self.low:g} to {self.high:g}"
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"expected a number {span} (found {_found(value)})", param, ctx)
        if not (math.isfinite(number) and self.low <= number <= self.high):
            self.fail(f"must be {span} (found {number:g})", param, ctx)
        return number


class Day(click.ParamType):
    """A local date, `YYYY-MM-DD` (the `--date` of every command that depends on the day)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date."""
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"expected a date as YYYY-MM-DD (found {_found(value)})", param, ctx)
