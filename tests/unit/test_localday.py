"""The local day: dates from instants in the user's zone, its own midnight on clock-change days,
and the daily screen, the stop guard and program days asking it (Berlin, Auckland)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from player import localday
from player.journal import Journal
from player.journal.record.screening import screened_today
from player.journal.record.today import NOTHING, earlier_today
from player.journal.records import format_utc
from player.session.kept import SessionStart
from player.session.safety import CheckinAnswer
from tests.journal_sample import ALL_NO
from tests.unit.test_journal_today import play

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def auckland(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Pacific/Auckland")


def test_the_zone_comes_from_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert localday.zone() == AUCKLAND
    monkeypatch.setenv("TZ", ":Europe/Berlin")
    assert localday.zone() == BERLIN
    monkeypatch.setenv("TZ", "UTC")
    assert localday.day_of(datetime(2024, 3, 30, 23, 30, tzinfo=UTC)) == date(2024, 3, 30)


def test_a_posix_rule_in_tz_still_knows_its_summer_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    # 22:30 UTC is 23:30 in winter (the same day) and 00:30 in summer (the next one).
    assert localday.day_of(datetime(2024, 1, 10, 22, 30, tzinfo=UTC)) == date(2024, 1, 10)
    assert localday.day_of(datetime(2024, 7, 10, 22, 30, tzinfo=UTC)) == date(2024, 7, 11)
    assert localday.midnight(date(2024, 7, 11)) == datetime(2024, 7, 10, 22, tzinfo=UTC)


@pytest.mark.usefixtures("berlin")
@pytest.mark.parametrize(
    ("day", "hours", "utc_midnight"),
    [
        (date(2024, 3, 30), 24, datetime(2024, 3, 29, 23, tzinfo=UTC)),
        (date(2024, 3, 31), 23, datetime(2024, 3, 30, 23, tzinfo=UTC)),  # summer time begins
        (date(2024, 4, 1), 24, datetime(2024, 3, 31, 22, tzinfo=UTC)),
        (date(2024, 10, 27), 25, datetime(2024, 10, 26, 22, tzinfo=UTC)),  # summer time ends
        (date(2024, 10, 28), 24, datetime(2024, 10, 27, 23, tzinfo=UTC)),
    ],
)
def test_berlin_days_start_at_their_own_midnight(
    day: date, hours: int, utc_midnight: datetime
) -> None:
    start, end = localday.day_span(day)
    assert start == utc_midnight
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)
    assert localday.day_of(start) == day
    before = start.astimezone(UTC) - timedelta(microseconds=1)
    assert localday.day_of(before) == day - timedelta(days=1)


def test_a_midnight_the_clocks_skip_starts_the_day_at_the_jump(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Santiago springs forward at 00:00 (to 01:00) on the first Sunday of September 2024.
    monkeypatch.setenv("TZ", "America/Santiago")
    start = localday.midnight(date(2024, 9, 8))
    assert start.astimezone(UTC) == datetime(2024, 9, 8, 4, tzinfo=UTC)
    assert (start.hour, start.minute) == (1, 0)
    assert localday.day_of(start.astimezone(UTC) - timedelta(seconds=1)) == date(2024, 9, 7)


@pytest.mark.parametrize("tz", ["Asia/Tokyo", "Etc/GMT-14", "JST-9", "Etc/GMT+12", "UTC"])
def test_the_calendars_first_and_last_days_have_a_midnight(
    monkeypatch: pytest.MonkeyPatch, tz: str
) -> None:
    # `--since 0001-01-01` east of UTC: that midnight is before the first instant Python holds.
    monkeypatch.setenv("TZ", tz)
    first = localday.midnight(date.min)
    assert first.date() == date.min and localday.day_of(first) == date.min
    assert first.astimezone(UTC) <= datetime(1, 1, 1, 23, 59, tzinfo=UTC)
    assert localday.midnight(date.max).date() == date.max


@pytest.mark.usefixtures("berlin")
def test_today_and_yesterday_follow_the_fixed_clock() -> None:
    with localday.fixed_clock(datetime(2024, 10, 27, 0, 30, tzinfo=BERLIN)):
        assert localday.today() == date(2024, 10, 27)
        assert localday.yesterday() == date(2024, 10, 26)
        assert localday.now().utcoffset() == timedelta(hours=2)
    with localday.fixed_clock(datetime(2024, 10, 27, 23, 0)):  # naive: Berlin wall time
        assert localday.now().astimezone(UTC) == datetime(2024, 10, 27, 22, tzinfo=UTC)
        assert localday.this_week() == (date(2024, 10, 21), date(2024, 10, 27))


def test_in_a_row_counts_calendar_days_not_answers() -> None:
    monday = date(2024, 6, 3)
    answered = [monday, monday + timedelta(days=2), monday + timedelta(days=3)]
    assert localday.in_a_row(answered, monday + timedelta(days=3)) == 2
    assert localday.in_a_row(answered, monday + timedelta(days=4)) == 0
    assert localday.in_a_row([*answered, monday + timedelta(days=1)], answered[-1]) == 4
    assert localday.in_a_row([monday, monday], monday) == 1
    assert localday.consecutive(date(2024, 3, 30), date(2024, 3, 31))
    assert not localday.consecutive(date(2024, 3, 30), date(2024, 4, 1))
    assert localday.days(date(2024, 2, 28), date(2024, 3, 1)) == [
        date(2024, 2, 28),
        date(2024, 2, 29),
        date(2024, 3, 1),
    ]


def _screened_at(journal: Journal, moment: datetime) -> None:
    session = journal.start_session(
        SessionStart(
            routine_name="Short",
            routine_path=None,
            routine_hash="h",
            preview=False,
            speed=1.0,
            planned_seconds=10.0,
            plan=[],
            started_at=format_utc(moment),
        ),
    )
    journal.record(session, "screen", 0.0, {"answers": ALL_NO}, wall=format_utc(moment))


@pytest.mark.parametrize(
    ("tz", "answered", "next_day"),
    [
        # The night before summer time begins, and the next morning.
        ("Europe/Berlin", datetime(2024, 3, 30, 23, 30), datetime(2024, 3, 31, 10, 0)),
        ("Europe/Berlin", datetime(2024, 3, 30, 23, 30), datetime(2024, 3, 31, 0, 10)),
        ("Europe/Berlin", datetime(2024, 10, 26, 23, 30), datetime(2024, 10, 27, 0, 10)),
        ("Pacific/Auckland", datetime(2024, 9, 28, 23, 30), datetime(2024, 9, 29, 10, 0)),
        ("Pacific/Auckland", datetime(2024, 4, 6, 23, 30), datetime(2024, 4, 7, 9, 0)),
    ],
)
def test_a_screen_the_night_before_does_not_clear_the_next_day(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tz: str,
    answered: datetime,
    next_day: datetime,
) -> None:
    monkeypatch.setenv("TZ", tz)
    zone = ZoneInfo(tz)
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        _screened_at(journal, answered.replace(tzinfo=zone))
        assert screened_today(journal, now=answered.replace(tzinfo=zone) + timedelta(minutes=20))
        assert not screened_today(journal, now=next_day.replace(tzinfo=zone))


def _stopped_at(path: Path, moment: datetime) -> None:
    with Journal.open(path) as journal:
        play(journal, CheckinAnswer(3), CheckinAnswer(6), stop_at=10.0)
    stamp = format_utc(moment)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sessions SET started_at = ?, ended_at = ?", (stamp, stamp))
        conn.execute("UPDATE events SET wall = ?", (stamp,))


@pytest.mark.parametrize(
    ("tz", "stopped", "later", "clock"),
    [
        # The day summer time ends: the stop at 00:30 is still today at 23:00.
        ("Europe/Berlin", datetime(2024, 10, 27, 0, 30), datetime(2024, 10, 27, 23, 0), "00:30"),
        ("Europe/Berlin", datetime(2024, 3, 31, 0, 30), datetime(2024, 3, 31, 23, 30), "00:30"),
        ("Pacific/Auckland", datetime(2024, 4, 7, 0, 30), datetime(2024, 4, 7, 23, 0), "00:30"),
        ("Pacific/Auckland", datetime(2024, 9, 29, 0, 15), datetime(2024, 9, 29, 23, 45), "00:15"),
    ],
)
def test_a_stop_after_midnight_asks_first_until_the_days_end(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tz: str,
    stopped: datetime,
    later: datetime,
    clock: str,
) -> None:
    monkeypatch.setenv("TZ", tz)
    zone = ZoneInfo(tz)
    path = tmp_path / "j.sqlite3"
    _stopped_at(path, stopped.replace(tzinfo=zone))
    with Journal.open(path) as journal:
        today = earlier_today(journal, now=later.replace(tzinfo=zone))
        assert today.stop is not None and f"at {clock}" in today.stop, today
        tomorrow = later.replace(tzinfo=zone) + timedelta(hours=2)
        assert earlier_today(journal, now=tomorrow) == NOTHING


@pytest.mark.usefixtures("auckland")
def test_a_program_day_is_the_local_date_far_from_utc() -> None:
    from player.cli.options import not_ahead

    # 10:00 on Sunday in Auckland is still Saturday in UTC.
    with localday.fixed_clock(datetime(2024, 9, 29, 10, 0, tzinfo=AUCKLAND)):
        assert localday.today() == date(2024, 9, 29)
        assert not_ahead(None, "a morning check") == date(2024, 9, 29)
        assert not_ahead(date(2024, 9, 29), "a morning check") == date(2024, 9, 29)
        assert localday.day_of(datetime(2024, 9, 28, 11, 30, tzinfo=UTC)) == date(2024, 9, 28)
        assert localday.day_of(datetime(2024, 9, 28, 12, 30, tzinfo=UTC)) == date(2024, 9, 29)


@pytest.mark.parametrize(
    ("tz", "moment", "day"),
    [
        ("Europe/Berlin", datetime(2024, 3, 31, 0, 30), date(2024, 3, 31)),  # summer time begins
        ("Europe/Berlin", datetime(2024, 3, 30, 23, 30), date(2024, 3, 30)),
        ("Europe/Berlin", datetime(2024, 10, 27, 0, 30), date(2024, 10, 27)),  # and ends
        ("Europe/Berlin", datetime(2024, 10, 27, 23, 30), date(2024, 10, 27)),
        ("Pacific/Auckland", datetime(2024, 9, 29, 0, 30), date(2024, 9, 29)),
        ("Pacific/Auckland", datetime(2024, 4, 7, 23, 30), date(2024, 4, 7)),
    ],
)
def test_the_program_day_of_a_command_is_the_local_date_on_clock_change_days(
    monkeypatch: pytest.MonkeyPatch, tz: str, moment: datetime, day: date
) -> None:
    from click.testing import CliRunner

    from player.cli import cli
    from player.program.loader import resolve_program
    from player.program.today import start_program

    monkeypatch.setenv("TZ", tz)
    with Journal.open() as journal:
        start_program(journal, resolve_program("back-to-running"), date(2024, 3, 1))
    with localday.fixed_clock(moment.replace(tzinfo=ZoneInfo(tz))):
        shown = CliRunner().invoke(cli, ["today"])
        noted = CliRunner().invoke(cli, ["morning", "--pain", "2", "--stiffness", "none"])
    assert shown.exit_code == 0 and shown.output.startswith(localday.day_text(day)), shown.output
    assert f"({day.isoformat()})" in noted.output, noted.output
