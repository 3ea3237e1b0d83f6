"""The report for the clinic as one printable HTML page and as Markdown: the same content, no
script, nothing fetched from elsewhere, every text from the journal escaped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from player import localday
from player.journal import Journal, SessionRecorder
from player.journal.figures import Pain
from player.journal.reports.clinic import Point, build
from player.journal.reports.clinic_text import Bullets, Heading, Paragraph, Table
from player.journal.reports.export import export_text, report_text
from player.journal.reports.html import render
from player.journal.reports.svg import pain_chart
from player.journal.review.query import list_sessions, load_details
from tests.journal_sample import STOP_REASONS, play_sample

HOSTILE = '<script>alert(1)</script> & "Core" <img src=http://x/y.png>'


class Tags(HTMLParser):
    """Every start tag and attribute, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style and data.strip():
            self.text.append(" ".join(data.split()))


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(opened)
    for outcome, name in [
        ("completed", "Core"),
        ("stopped_pain", "Core"),
        ("quit", HOSTILE),
        ("stopped_red_flag", "Core"),
    ]:
        assert play_sample(recorder, outcome=outcome, routine_name=name) is not None
    return opened


def test_the_html_page_has_no_script_and_fetches_nothing(journal: Journal) -> None:
    page = export_text(journal, "html")
    parsed = Tags()
    parsed.feed(page)
    names = {tag for tag, _ in parsed.tags}
    assert "script" not in names and "img" not in names and "link" not in names
    assert {"html", "head", "style", "body", "table", "svg", "h1"} <= names
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "href"), (tag, name)
            if value and "://" in value:
                assert (tag, name, value) == ("svg", "xmlns", "http://www.w3.org/2000/svg")
    assert "url(" not in page and "@import" not in page
    assert "<script>" not in page and HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Core&quot;" in page


def test_the_html_page_says_what_the_markdown_says(journal: Journal) -> None:
    page_html = export_text(journal, "html")
    page = Tags()
    page.feed(page_html)
    md = export_text(journal, "md")
    text = " ".join(page.text)
    for words in (
        "Sessions planned and done, per week",
        STOP_REASONS["stopped_pain"],
        STOP_REASONS["stopped_red_flag"],
        "Ended early without a stop (not counted)",
        "calves tight today",
        "Pain per session",
    ):
        assert words in md and words in text, words
    md_headings = [h.replace("\\", "") for h in re.findall(r"^#+ (.+)$", md, flags=re.MULTILINE)]
    html_headings = [unescape(h) for h in re.findall(r"<h[1-3]>(.*?)</h[1-3]>", page_html)]
    assert md_headings == html_headings and len(md_headings) >= 8


def test_the_pain_chart_is_labelled_and_marks_the_stops(journal: Journal) -> None:
    page = export_text(journal, "html")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert '<title id="chart-title">Pain per session, 0-10 (' in svg  # and the day or the span
    assert "4 sessions; 2 stopped by the pain rules or a red flag; 0 stopped by the user" in svg
    assert svg.count('<polygon class="stop"') == 2
    assert svg.count("<polyline") >= 3  # before, highest and at the end


def test_an_empty_period_is_a_short_page(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        page = export_text(journal, "html")
        md = export_text(journal, "md")
    assert "No sessions in this period." in page and "<svg" not in page
    assert md.splitlines()[0] == "# Home exercise journal" and "No sessions in this period." in md


def test_a_period_from_a_day_still_to_come_never_ends_before_it_starts(tmp_path: Path) -> None:
    """`--since` a day still to come matches no session, as the list and stats say; the report
    said "Period: 2026-12-08 to 2026-12-07", a period that ends before it begins."""
    today = date(2026, 12, 7)
    since = localday.midnight(date(2026, 12, 8))
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        md = export_text(journal, "md", since=since, today=today)
        page = export_text(journal, "html", since=since, today=today)
    period = next(line for line in md.splitlines() if line.startswith("Period: "))
    assert period.startswith("Period: from 2026-12-08, a day still to come (local dates;")
    assert "to 2026-12-07" not in md and "to 2026-12-07" not in page
    assert "No sessions in this period." in md


def test_a_week_under_way_is_not_counted_as_missed(journal: Journal) -> None:
    details = load_details(journal, list_sessions(journal, newest_first=False))
    monday = date.today() - timedelta(days=date.today().weekday())
    md = report_text(details, "md", today=monday + timedelta(days=8))
    # Two sessions count: the red-flag stop came before any exercise, so it does not.
    assert "met in 0 of 1 week (this week is under way)." in md
    assert re.search(r"\| \d{4}-\d\d-\d\d \| 3 \| 2 \| no \|", md)
    assert re.search(r"\| \d{4}-\d\d-\d\d \| 3 \| 0 \| under way \|", md)
    md = report_text(details, "md", today=monday + timedelta(days=15))
    assert "met in 0 of 2 weeks (this week is under way)." in md
    assert re.search(r"\| \d{4}-\d\d-\d\d \| 3 \| 0 \| no \|", md)


def test_a_chart_of_one_session_says_one_session() -> None:
    one = Point(datetime(2025, 3, 3, 7, 30, tzinfo=UTC), "Core", "completed", Pain(2, 3, 1))
    svg = pain_chart([one])
    assert "1 session; 0 stopped by the pain rules" in svg


def test_an_exercise_that_comes_twice_in_a_routine_counts_each_session_once_in_its_rows(
    tmp_path: Path,
) -> None:
    """A routine that names an exercise twice (breathing to start and to end): each place
    in it is a row of its own, so "sessions" is the sessions played, not the times it came."""
    opened = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(opened)
    for _ in range(2):
        assert play_sample(recorder, rounds=2, routine_name="Twice") is not None
    sessions = list_sessions(opened, newest_first=False)
    report = build(load_details(opened, sessions))
    rows = {row.exercise: row for row in report.exercises}
    assert list(rows)[:2] == ["Calves", "Side bridge"]
    assert "Calves (2nd)" in rows and len(rows) == 2 * len({r.split(" (")[0] for r in rows})
    assert {row.sessions for row in rows.values()} == {2}
    assert {sum(row.statuses.values()) for row in rows.values()} == {2}
    assert all(row.compared <= row.sessions for row in rows.values())
    assert "| Calves (2nd) | 2 | 2 |" in export_text(opened, "md")


def test_a_preview_s_stop_and_note_are_marked_as_the_preview_s(tmp_path: Path) -> None:
    """With previews included, a stop and a note from a preview say so, as its row in the
    sessions' table does ("A preview is marked as one everywhere", README)."""
    opened = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(opened)
    assert play_sample(recorder, outcome="stopped_pain", preview=True) is not None
    md = export_text(opened, "md", include_previews=True)
    stops = [line for line in md.splitlines() if line.startswith("- ") and "Stopped at" in line]
    notes = [line for line in md.splitlines() if line.startswith("- ") and "slept badly" in line]
    assert stops and notes
    for line in stops + notes:
        assert "Sample routine (preview at 10x speed)" in line, line


LONG_WORD = "https://example.org/" + "a" * 280
"""A pasted address with no place to break: 300 characters."""


class Holders(HTMLParser):
    """For each text holding `word`, its open elements (tag and classes), outermost first."""

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word
        self.open: list[tuple[str, set[str]]] = []
        self.holders: list[list[tuple[str, set[str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"meta", "br", "img"}:
            self.open.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.word in data:
            self.holders.append(list(self.open))


def _wrapping_selectors(style: str) -> set[str]:
    """The selectors of the page's rules that break a long word anywhere (screen and print)."""
    assert "@media" not in style, "a rule for one medium only: check it keeps the wrapping"
    found: set[str] = set()
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", style):
        if re.search(r"overflow-wrap:\s*anywhere", declarations):
            found |= {s.strip() for s in selectors.split(",")}
    return found


def _wraps(element: tuple[str, set[str]], selectors: set[str]) -> bool:
    tag, classes = element
    return tag in selectors or any(f"{tag}.{c}" in selectors for c in classes)


def _long_words_wrap(page: str) -> int:
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    selectors = _wrapping_selectors(style.group(1))
    holders = Holders(LONG_WORD)
    holders.feed(page)
    for chain in holders.holders:
        assert any(_wraps(e, selectors) for e in chain), f"{LONG_WORD[:20]}... in {chain}"
    return len(holders.holders)


def test_a_long_unbroken_word_wraps_in_paragraphs_lists_and_table_cells() -> None:
    page = render(
        [
            Heading(3, LONG_WORD),
            Paragraph(f"see {LONG_WORD}"),
            Bullets([f"2026-12-07 08:00, Core: “{LONG_WORD}”"]),
            Table(
                ["date", "routine", "sessions"],
                [["2026-12-07", LONG_WORD, "3"]],
                [False, False, True],
            ),
        ]
    )
    assert _long_words_wrap(page) == 4
    # Only the cell with the long word breaks anywhere: a date or a count keeps its shape.
    assert re.search(r'<td>2026-12-07</td><td class="[^"]*">https', page)
    assert '<td class="n">3</td>' in page


def test_a_long_routine_name_wraps_everywhere_the_report_shows_it(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    recorder = SessionRecorder(journal)
    for outcome in ("completed", "stopped_pain"):
        assert play_sample(recorder, outcome=outcome, routine_name=LONG_WORD) is not None
    assert _long_words_wrap(export_text(journal, "html")) >= 3
