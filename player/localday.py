"""The local calendar day: every "today", "yesterday", "this week" and "in a row" asks here."""

from __future__ import annotations

import os
import time as _time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ZERO = timedelta(0)
ONE_DAY = timedelta(days=1)
"""One calendar day (between dates; never added to an instant, whose days may be 23 or 25
hours long)."""

_clock: Callable[[], datetime] | None = None
"""A stand-in for the wall clock (tests), or None for the real one."""
LOCALTIME = "/etc/localtime"
"""The system's zone: a link into the zoneinfo folder (its name then says which), or a copy of
a zone's file (no name to go by)."""


class _SystemZone(tzinfo):
    """The C library's local time, asked instant by instant: used only when the zone has no
    IANA name that zoneinfo can read (a POSIX `TZ` rule such as `CET-1CEST,M3.5.0,M10.5.0/3`)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(seconds=self._local(dt).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return self._local(dt).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        stamp = dt.replace(tzinfo=UTC).timestamp()
        offset = timedelta(seconds=_time.localtime(stamp).tm_gmtoff)
        return (dt + offset).replace(tzinfo=self)

    @staticmethod
    def _local(dt: datetime | None) -> _time.struct_time:
        if dt is None:
            return _time.localtime()
        fields = (*dt.timetuple()[:8], -1)
        return _time.localtime(_time.mktime(_time.struct_time(fields)))


def _key_from_localtime() -> str | None:
    """The IANA name of the system's zone from `/etc/localtime` (a link into zoneinfo)."""
    try:
        target = os.path.realpath(LOCALTIME)
    except OSError:
        return None
    marker = f"zoneinfo{os.sep}"
    return target.split(marker, 1)[1] if marker in target else None


def zone() -> tzinfo:
    """The user's time zone, read afresh each time: `TZ` when set (an IANA name such as
    `Europe/Berlin`), else the system's own zone.

    Returns:
        A `ZoneInfo` when the zone has a name zoneinfo knows; otherwise the C library's local
        time, asked instant by instant (still right on clock-change days).
    """
    named = os.environ.get("TZ")
    if named is not None:
        key = named.removeprefix(":")
        if key in ("", "UTC", "UTC0", "GMT", "GMT0", "Z"):
            return UTC
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            if hasattr(_time, "tzset"):  # the C library reads TZ again (not on Windows)
                _time.tzset()
            return _SystemZone()
    system = _key_from_localtime()
    if system:
        try:
            return ZoneInfo(system)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    localtime = Path(LOCALTIME)
    if localtime.is_file():
        try:
            with localtime.open("rb") as handle:
                return ZoneInfo.from_file(handle)
        except (ValueError, OSError):
            pass
    return _SystemZone()


def now() -> datetime:
    """The current instant, aware, in the user's zone (the stand-in clock's when one is set)."""
    moment = _clock() if _clock is not None else datetime.now(UTC)
    return at(moment)


@contextmanager
def fixed_clock(moment: datetime | Callable[[], datetime]) -> Iterator[None]:
    """Make `now()` (and so `today()`) answer `moment` inside the block, for tests.

    Args:
        moment: An instant (naive: local wall time) or a function giving one each call.
    """
    global _clock
    before = _clock
    _clock = moment if callable(moment) else (lambda: moment)
    try:
        yield
    finally:
        _clock = before


def at(moment: datetime) -> datetime:
    """An instant in the user's zone; a naive one is read as local wall time.

    Args:
        moment: The instant.

    Returns:
        The same instant with the user's zone.
    """
    tz = zone()
    if moment.tzinfo is None:
        return _wall(moment, tz)
    return moment.astimezone(tz)


def _wall(moment: datetime, tz: tzinfo) -> datetime:
    """A naive local wall time as an aware instant (in a gap, the earlier reading)."""
    return moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def day_of(moment: datetime) -> date:
    """The user's calendar date at an instant (naive: local wall time).

    Args:
        moment: The instant, such as a journal's UTC time.

    Returns:
        The local date, with the zone's offset at that very instant.
    """
    return at(moment).date()


def today(moment: datetime | None = None) -> date:
    """Today's local date (or the date at `moment`).

    Args:
        moment: An instant to judge by instead of the clock.

    Returns:
        The date.
    """
    return day_of(moment if moment is not None else now())


def yesterday(day: date | None = None) -> date:
    """The calendar day before `day` (default: today)."""
    return (day or today()) - ONE_DAY


def midnight(day: date) -> datetime:
    """The first instant of a local date, as the zone has it that day.

    On a day whose midnight does not exist (a zone that springs forward at 00:00) it is the
    moment the clocks jump to; a day 23 or 25 hours long still starts at its own midnight.
    On the calendar's first day (0001-01-01) in a zone ahead of UTC, whose midnight comes
    before the first instant Python can hold, it is that first instant (`--since 0001-01-01`).

    Args:
        day: The local date.

    Returns:
        An aware instant in the user's zone (subtract instants in UTC: Python subtracts two
        times of one zone by their wall clocks, so a 23-hour day would look 24 hours long).
    """
    tz = zone()
    if day == date.min and (datetime.combine(day, dtime(), tzinfo=tz).utcoffset() or _ZERO) > _ZERO:
        return datetime.min.replace(tzinfo=UTC).astimezone(tz)
    candidates = []
    for fold in (0, 1):
        wall = datetime.combine(day, dtime(), tzinfo=tz).replace(fold=fold)
        instant = wall.astimezone(UTC).astimezone(tz)
        if instant.date() == day:
            candidates.append(instant)
    if not candidates:  # the zone skipped 00:00 to a time after it: the jump is the start
        wall = datetime.combine(day, dtime(), tzinfo=tz)
        instant = wall.astimezone(UTC).astimezone(tz)
        while instant.date() < day:
            instant = (instant.astimezone(UTC) + timedelta(minutes=15)).astimezone(tz)
        candidates.append(instant)
    return min(candidates, key=lambda c: c.astimezone(UTC))


def day_span(day: date) -> tuple[datetime, datetime]:
    """A local date as instants: from its midnight up to (not including) the next one."""
    return midnight(day), midnight(day + ONE_DAY)


def is_today(moment: datetime, when: datetime | None = None) -> bool:
    """Whether an instant falls on today's local date (or on the date at `when`)."""
    return day_of(moment) == today(when)


def week_start(day: date) -> date:
    """The Monday of the week holding `day` (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def this_week(day: date | None = None) -> tuple[date, date]:
    """The Monday and the Sunday of the week holding `day` (default: today)."""
    monday = week_start(day or today())
    return monday, monday + timedelta(days=6)


def days_between(first: date, last: date) -> int:
    """Calendar days from `first` to `last` (0: the same day; negative: `last` is earlier)."""
    return (last - first).days


def days(first: date, last: date) -> list[date]:
    """Every date from `first` to `last`, both included (empty when `last` is earlier)."""
    return [first + timedelta(days=n) for n in range(max(0, (last - first).days + 1))]


def in_a_row(dates: Iterable[date], ending: date) -> int:
    """How many consecutive calendar days, ending on `ending`, are among `dates`.

    A day missing breaks the run: answers on Monday and Wednesday are not two in a row.

    Args:
        dates: The days that count (in any order, repeats allowed).
        ending: The last day of the run (0 when it is not among `dates`).

    Returns:
        The length of the run.
    """
    found = set(dates)
    count = 0
    day = ending
    while day in found:
        count += 1
        day -= ONE_DAY
    return count


def day_text(day: date) -> str:
    """A date as every list shows it: `Wed 2024-06-12`."""
    return day.strftime("%a %Y-%m-%d")


def consecutive(first: date, second: date) -> bool:
    """Whether `second` is the calendar day right after `first`."""
    return second - first == ONE_DAY
