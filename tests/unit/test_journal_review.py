"""Review logic: dates, weeks and streaks, durations, atomic writes, Markdown cells, the
routine filter."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from player.journal.records import format_utc, parse_utc
from player.journal.reports.clinic_text import Bullets, Table
from player.journal.reports.export import write_atomic
from player.journal.reports.markdown import cell, render
from player.journal.reports.report import pain_triple
from player.journal.review.query import list_sessions, parse_since
from player.journal.review.stats import streak, week_start
from player.journal.store.store import Journal
from player.session.outcomes import (
    COUNTED,
    EXIT_STATUS,
    OUTCOME_WORDS,
    OUTCOMES,
    RUNNING,
    outcome_word,
)
from tests.journal_sample import start_session

MONDAY = date(2024, 5, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-05-01", date(2024, 5, 1)), ("7d", date(2024, 4, 29)), ("2w", date(2024, 4, 22))],
)
def test_since_takes_a_date_or_days_or_weeks_back(text: str, expected: date) -> None:
    moment = parse_since(text, today=MONDAY)
    assert moment.tzinfo is not None
    assert (moment.date(), moment.hour, moment.minute) == (expected, 0, 0)


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01", "5y", "-3d"])
def test_since_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="give YYYY-MM-DD"):
        parse_since(text)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_week_start_is_the_monday_on_or_before(day: date) -> None:
    start = week_start(day)
    assert start.weekday() == 0 and 0 <= (day - start).days < 7


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, 0),
        ({MONDAY: 3}, 1),
        ({MONDAY: 1, date(2024, 4, 29): 3, date(2024, 4, 22): 4}, 2),  # this week still going
        ({MONDAY: 3, date(2024, 4, 29): 2, date(2024, 4, 22): 4}, 1),  # a short week breaks it
        ({date(2024, 4, 22): 3}, 0),  # last week missed
    ],
)
def test_streak_counts_weeks_in_a_row_meeting_the_target(
    counts: dict[date, int], expected: int
) -> None:
    assert streak(counts, 3, MONDAY) == expected


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2200, 1, 1)))
def test_stored_times_read_back_to_the_millisecond_and_sort_as_time(moment: datetime) -> None:
    aware = moment.astimezone()
    text = format_utc(aware)
    assert text.endswith("Z") and len(text) == 24
    assert abs((parse_utc(text) - aware).total_seconds()) < 0.001
    assert (format_utc(aware) <= format_utc(aware + timedelta(days=366))) is True


def test_every_outcome_has_words_that_fit_the_list_and_an_exit_status() -> None:
    assert set(OUTCOME_WORDS) == {*OUTCOMES, RUNNING}
    assert set(EXIT_STATUS) == set(OUTCOMES)
    assert max(len(word) for word in OUTCOME_WORDS.values()) <= 17  # the outcome column
    assert len(set(OUTCOME_WORDS.values())) == len(OUTCOME_WORDS)
    assert {EXIT_STATUS[o] for o in OUTCOMES if o not in COUNTED} & {0, 3} == set()
    assert outcome_word("stopped_pain") == "stopped: pain"
    assert outcome_word(None) == "running" and outcome_word("paused_forever") == "paused_forever"


def test_pain_triple_marks_missing_values() -> None:
    assert pain_triple(2, None, 0) == "2/-/0"


def test_markdown_cells_keep_routine_text_on_one_line_without_pipes() -> None:
    assert cell("a | b\nc") == "a \\| b c"


def test_an_atomic_write_replaces_the_file_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["report.md"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["report.md"]


@pytest.mark.parametrize(
    "asked",
    [
        "étirements du dos",
        "ÉTIREMENTS DU DOS",
        "Étirements du dos",
        "rückenübung",
        "RÜCKENÜBUNG.YAML",
    ],
)
def test_the_routine_filter_takes_its_title_and_file_in_any_case_beyond_ascii(
    journal: Journal, asked: str
) -> None:
    """`--routine` is "its file name as played or its title, any case": an accented letter
    in either case too, not only A-Z."""
    wanted = start_session(
        journal, routine_name="Étirements du dos", routine_path="/r/Rückenübung.yaml"
    )
    start_session(journal, routine_name="Other", routine_path="/r/other.yaml")
    assert [s.id for s in list_sessions(journal, routine=asked)] == [wanted]


def test_the_routine_filter_lists_the_latest_of_that_routine_up_to_the_limit(
    journal: Journal,
) -> None:
    """`hep journal --routine X --limit N`: the N latest sessions of X, however many sessions
    of other routines came after them."""
    wanted = [start_session(journal, routine_name="Bridge") for _ in range(2)]
    for _ in range(3):
        start_session(journal, routine_name="Other", routine_path="/r/other.yaml")
    assert [s.id for s in list_sessions(journal, routine="bridge", limit=2)] == wanted[::-1]


class _Shown(HTMLParser):
    """The text a Markdown viewer shows (tags dropped, entities read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _as_viewed(markdown: str) -> str:
    viewer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    shown = _Shown()
    shown.feed(viewer.render(markdown))
    return " ".join("".join(shown.parts).split())


@pytest.mark.parametrize(
    "note",
    ["&amp; is how HTML writes &", "a &lt;b&gt; tag", "&#9731; snowman", "~~not struck~~"]
    + ["*not em* _nor this_ `nor code`", "<b>not bold</b>", "[not](a link)", "| a | b |"],
)
def test_a_note_reads_in_the_markdown_report_as_it_was_written(note: str) -> None:
    """The Markdown report shows a note, or a routine's name in a table, as typed: nothing in
    it is read as an entity, strikethrough, emphasis, code, HTML or a link."""
    assert _as_viewed(render([Bullets([f"Core, after Lift: {note}"])])) == (
        f"Core, after Lift: {note}"
    )
    assert _as_viewed(render([Table(["routine"], [[note]], [False])])) == f"routine {note}"
