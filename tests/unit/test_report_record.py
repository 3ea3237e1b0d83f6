"""The report for the clinic says what happened: each session's active time and exercises done,
stops by the rules apart from the user's own, and a date axis that reads right for one day or
two years."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from player.journal import Journal, SessionRecorder
from player.journal.reports.export import export_text
from player.journal.reports.svg import axis_labels
from player.journal.review.query import local
from tests.journal_sample import play_sample

DAY = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # the same local day in any zone, for 80 min


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(opened)
    for outcome in ("completed", "stopped_pain", "stopped_user", "nothing_done", "quit"):
        assert play_sample(recorder, outcome=outcome, routine_name="Core") is not None
    return opened


def _table(md: str, first_header: str) -> list[list[str]]:
    table = next(t for t in md.split("\n\n") if t.startswith(f"| {first_header} |"))
    return [line.strip("| ").split(" | ") for line in table.splitlines()]


def test_each_session_has_its_active_time_and_exercises_done(journal: Journal) -> None:
    md = export_text(journal, "md")
    head, _, *rows = _table(md, "date")
    assert head[:5] == ["date", "routine", "outcome", "active time", "exercises done"]
    by_outcome = {row[2]: row for row in rows}
    assert by_outcome["completed"][3:5] == ["4m38s", "3 of 3"]
    assert by_outcome["stopped: pain"][3:5] == ["2m49s", "1 of 3"]
    assert by_outcome["nothing done"][4] == "0 of 3"


def test_stops_by_the_user_are_counted_and_listed_apart(journal: Journal) -> None:
    md = export_text(journal, "md")
    assert "Stops by the pain rules or a red flag: 1; stops by the user's own choice" in md
    assert "(no rule broken): 1;" in md
    head, _, *weeks = _table(md, "week of")
    week = dict(zip(head, weeks[-1], strict=True))
    assert (week["stopped by the rules"], week["stopped by the user"]) == ("1", "1")
    # Completed, stopped for pain and stopped by the user count; nothing done and quit do not.
    assert week["done"] == "3"
    stops = md.split("## Stops", 1)[1].split("\n## ", 1)[0]
    rules, own = stops.split("### Stopped by the user's own choice (no rule broken)")
    assert "at or above the stop level of 6" in rules and "chose to stop" not in rules
    assert "Stopped at 3/10 during Side bridge: chose to stop." in own.split("###")[0]


def test_the_chart_marks_the_users_stops_apart_from_the_rules(journal: Journal) -> None:
    page = export_text(journal, "html")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="stop"') == 1 and svg.count('class="own-stop"') == 1
    assert "1 stopped by the pain rules or a red flag; 1 stopped by the user" in svg
    assert ">stopped by the rules</text>" in svg and ">stopped by the user</text>" in svg


def _labels(moments: list[datetime]) -> list[str]:
    return [label for _, label in axis_labels(moments)[0]]


def test_one_days_sessions_are_labelled_by_their_time_with_the_date_once() -> None:
    moments = [DAY + timedelta(minutes=10 * i) for i in range(8)]
    labels, span = axis_labels(moments)
    local_times = [local(m).strftime("%H:%M") for m in moments]
    assert [label for _, label in labels] == local_times
    assert span == local(moments[0]).strftime("%a %Y-%m-%d")


def test_two_years_are_labelled_by_month_and_year_never_the_same_label_twice() -> None:
    moments = [DAY - timedelta(days=730 - 3 * i) for i in range(244)]
    labels = _labels(moments)
    assert len(labels) == len(set(labels)) >= 6
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label) for label in labels)
    assert labels[0].endswith(str(local(moments[0]).year))
    assert labels[-1].endswith(str(local(moments[-1]).year))


def test_a_few_weeks_are_labelled_by_day_and_month_without_repeats() -> None:
    moments = [DAY + timedelta(days=i // 3, hours=i % 3) for i in range(30)]
    labels = _labels(moments)
    assert len(labels) == len(set(labels))
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", label) for label in labels)
