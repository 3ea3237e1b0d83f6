"""Option types shared by the commands; a bad value ends in one `hep: --option: ...` line."""

from __future__ import annotations

import math
import re
from datetime import date, time, timedelta
from typing import Any

import click

from player.answers import (
    DIGITS_ONLY,
    STIFFNESS,
    AnswerError,
    foreign_digits,
    quoted,
    read_date,
    read_pain,
    read_stiffness,
    read_time,
    read_whole,
)
from player.cli.errors import CliError

_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
"""A number as `--speed` takes it: 2, 2.5, .5."""


def _found(value: Any) -> str:
    return quoted(value) if isinstance(value, str) else str(value)


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
                number = read_whole(str(value), self.minimum, self.maximum)
            except AnswerError as exc:
                self.fail(str(exc), param, ctx)
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
        text = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            # Written in the digits 0-9 with a decimal point at most: float() alone also
            # takes other scripts' digits, `_` between digits and exponents.
            text = str(value).strip()
            if not _DECIMAL.fullmatch(text):
                digits = f"; {DIGITS_ONLY}" if foreign_digits(text) else ""
                self.fail(f"expected a number {span} (found {_found(value)}{digits})", param, ctx)
            number = float(text)
        if not (math.isfinite(number) and self.low <= number <= self.high):
            # Past 20 characters a float has rounded what was written (to inf, or to 0).
            written = sum(c.isdigit() for c in text)
            found = f"a number of {written:,} digits" if len(text) > 20 else f"{number:g}"
            self.fail(f"must be {span} (found {found})", param, ctx)
        return number


# How far from today a `--date` may lie. A program is replayed day by day from its first day
# to the day asked about, so a day in year 9999 (or a start in year 1) would cost minutes on
# every later command; ten years either way holds any real program with room to spare.
DATE_REACH_YEARS = 10
_DATE_REACH = timedelta(days=round(DATE_REACH_YEARS * 365.25))


class Day(click.ParamType):
    """A local date, `YYYY-MM-DD`, within ten years of today (the `--date` of every command
    that depends on the day)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date."""
        if isinstance(value, date):
            return value
        try:
            day = read_date(str(value))
        except AnswerError as exc:
            self.fail(str(exc), param, ctx)
        from player.localday import today

        if abs(day - today()) > _DATE_REACH:
            self.fail(
                f"{day.isoformat()} is more than {DATE_REACH_YEARS} years from today; "
                f"give a day within {DATE_REACH_YEARS} years",
                param,
                ctx,
            )
        return day


class TimeOfDay(click.ParamType):
    """A local time of day, `HH:MM` on the 24-hour clock (a calendar's start time)."""

    name = "HH:MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the time."""
        if isinstance(value, time):
            return value
        try:
            return read_time(str(value))
        except AnswerError as exc:
            self.fail(str(exc), param, ctx)


class StiffnessChoice(click.ParamType):
    """How long the morning stiffness lasted: none, under30 or over30 (or n, u, o)."""

    name = "|".join(STIFFNESS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Read the answer."""
        try:
            return read_stiffness(str(value))
        except AnswerError as exc:
            self.fail(str(exc), param, ctx)


class PainNumber(click.ParamType):
    """Pain on the 0-10 scale, the number alone (the morning check's `--pain`)."""

    name = "0-10"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Read the number."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        try:
            return read_pain(str(value), flags=False).pain
        except AnswerError as exc:
            self.fail(str(exc), param, ctx)


def not_ahead(day: date | None, what: str) -> date:
    """The day given (default today), refused when it is still to come.

    Args:
        day: The `--date` value, or None for today.
        what: What would be written, for the message (`a morning check`).

    Returns:
        The day.

    Raises:
        CliError: The day is after today.
    """
    from player import localday

    today = localday.today()
    if day is not None and day > today:
        raise CliError(
            f"--date: {day.isoformat()} is still to come; {what} is for today or a day gone by"
        )
    return day or today
