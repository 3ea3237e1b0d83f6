"""A session's span in `hep journal show` and the app's details reads the right way round: an
end on the next day names its day, and an end after the clocks went back names each time's
zone ("Sun 2026-10-25 02:59 to 02:00" read as a session that ended before it began)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from player.journal.reports.report import span_text


@pytest.fixture(autouse=True)
def _berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_a_session_within_one_hour_of_one_day_gives_the_end_as_a_time() -> None:
    start = datetime(2026, 12, 7, 16, 42, 10, tzinfo=UTC)
    end = datetime(2026, 12, 7, 16, 43, 0, tzinfo=UTC)
    assert span_text(start, end) == "Mon 2026-12-07 17:42 to 17:43"


def test_an_end_after_midnight_names_its_day() -> None:
    start = datetime(2026, 12, 13, 22, 59, 52, tzinfo=UTC)
    end = datetime(2026, 12, 13, 23, 0, 14, tzinfo=UTC)
    assert span_text(start, end) == "Sun 2026-12-13 23:59 to Mon 2026-12-14 00:00"


def test_an_end_after_the_clocks_went_back_names_each_times_zone() -> None:
    start = datetime(2026, 10, 25, 0, 59, 54, tzinfo=UTC)  # 02:59:54 CEST
    end = datetime(2026, 10, 25, 1, 0, 14, tzinfo=UTC)  # 02:00:14 CET
    assert span_text(start, end) == "Sun 2026-10-25 02:59 CEST to 02:00 CET"


def test_a_running_session_has_no_end_yet() -> None:
    start = datetime(2026, 12, 7, 16, 42, 10, tzinfo=UTC)
    assert span_text(start, None) == "Mon 2026-12-07 17:42 to still running"


def test_an_end_before_the_start_says_the_clock_was_set_back() -> None:
    """The system's clock set back an hour during a 19 s session: the journal keeps the end the
    clock gave, which the span gave as if the session had ended before it began."""
    start = datetime(2026, 12, 7, 17, 37, 18, tzinfo=UTC)
    end = datetime(2026, 12, 7, 16, 37, 39, tzinfo=UTC)
    assert span_text(start, end) == "Mon 2026-12-07 18:37 to 17:37 (the clock was set back)"
