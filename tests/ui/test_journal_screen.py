"""The journal screen: list, a session's detail, the pain chart, empty and damaged journals."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Static

from player.journal import Journal, SessionRecorder
from player.journal.reports import report
from player.journal.review.query import local, routine_key
from player.tui.app import HepApp, make_app
from player.tui.screens.journal import JournalScreen
from player.tui.screens.journal_detail import JournalDetailScreen
from player.tui.screens.picker import PickerScreen
from player.tui.widgets.pain_chart import PainChart, legend
from tests.journal_sample import play_sample
from tests.ui.helpers import plain

SIZE = (100, 30)
FIRST = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)

# (routine, outcome, preview), oldest first; one session a day from FIRST, each 21m30s long.
PLAYED = [
    ("Core", "completed", False),
    ("Core", "stopped_pain", False),
    ("Knee [bold]x[/bold]", "completed", False),
    ("Core", "completed", True),
    ("Core", "stopped_red_flag", False),
    ("Core", "quit", False),
]


def fill(data_dir: Path, played: list[tuple[str, str, bool]]) -> list[int]:
    """Record the sessions through the store API, then give them fixed days and lengths."""
    path = data_dir / "journal.sqlite3"
    with Journal.open(path) as journal:
        recorder = SessionRecorder(journal)
        ids = []
        for name, outcome, preview in played:
            session_id = play_sample(recorder, outcome=outcome, routine_name=name, preview=preview)
            assert session_id is not None
            ids.append(session_id)
    with sqlite3.connect(path) as conn:  # the store has no API to back-date a session
        for day, session_id in enumerate(ids):
            start = FIRST + timedelta(days=day)
            conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
                (_stored(start), _stored(start + timedelta(minutes=21, seconds=30)), session_id),
            )
    return ids


def _stored(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def app() -> HepApp:
    return make_app(entries=lambda: [])


async def open_journal(pilot: Pilot[Any]) -> JournalScreen:
    """Press `j` on the picker and wait for the journal to be read."""
    assert isinstance(pilot.app.screen, PickerScreen)
    await pilot.press("j")
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.loaded
    return screen


async def open_detail(pilot: Pilot[Any]) -> JournalDetailScreen:
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, JournalDetailScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def rows(screen: JournalScreen) -> list[list[str]]:
    table = screen.query_one("#sessions", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def drawn(widget: Widget) -> str:
    """The widget's lines as drawn on the screen."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_list_shows_sessions_newest_first_with_outcomes_and_pains(
    isolated_data_dir: Path,
) -> None:
    ids = fill(isolated_data_dir, PLAYED)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        listed = rows(screen)
        assert [int(row[0]) for row in listed] == ids[::-1]
        newest = listed[0]
        start = local(FIRST + timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
        # Active time (the pause left out), not the 21m30s from start to end.
        assert newest == ["6", start, "Core", "2m34s", "quit", "2/3/-", ""]
        by_id = {int(row[0]): row for row in listed}
        assert by_id[ids[1]][4:6] == ["stopped: pain", "2/6/6"]
        assert by_id[ids[4]][4:6] == ["stopped: red flag", "-/-/-"]
        assert by_id[ids[3]][4:] == ["completed", "2/3/1", "x10"]  # the preview, marked
        assert [row[6] for row in listed].count("x10") == 1
        note = plain(screen.query_one("#journal-note", Static))
        assert note.startswith("6 sessions.")
        table = screen.query_one("#sessions", DataTable)
        assert table.has_focus and table.cursor_row == 0
        assert "stopped: red flag" in drawn(table)


async def test_routine_name_with_markup_shows_literally(isolated_data_dir: Path) -> None:
    fill(isolated_data_dir, PLAYED)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        table = screen.query_one("#sessions", DataTable)
        assert "Knee [bold]x[/bold]" in drawn(table)
        await pilot.press("down", "down", "down")  # to the Knee session
        await pilot.pause()
        title = screen.query_one("#chart-title", Static)
        assert "Pain over time: Knee [bold]x[/bold]" in drawn(title)
        detail = await open_detail(pilot)
        body = detail.query_one("#journal-detail", Static)
        assert "Session 3: Knee [bold]x[/bold], completed" in drawn(body)


async def test_detail_shows_planned_against_done_and_every_checkin(
    isolated_data_dir: Path,
) -> None:
    ids = fill(isolated_data_dir, PLAYED)
    async with app().run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("down", "down")  # newest first: quit, red flag, preview
        await pilot.press("down")  # the Knee session
        await pilot.press("down")  # stopped for pain
        detail = await open_detail(pilot)
        assert detail.session.id == ids[1]
        text = plain(detail.query_one("#journal-detail", Static))
        assert "Session 2: Core, stopped: pain" in text
        assert "active time 2m49s (planned 4m44s); answering 0s; start to end 21m30s" in text
        assert "pain before 2/10, highest 6/10, at the end 6/10" in text
        assert "Stopped at 6/10 during Side bridge: at or above the stop level of 6." in text
        lines = text.splitlines()
        calves = next(line for line in lines if "Calves" in line and "left/right" in line)
        assert "2m10s, 2 sets, left/right" in calves and calves.rstrip().endswith("done")
        bridge = next(line for line in lines if "Side bridge" in line and "reps" in line)
        assert "1m30s, 3 sets, reps 5/3/1" in bridge
        assert bridge.rstrip().endswith("stopped during: 1 of 3 sets, 6 of 9 reps, 45s of 1m30s")
        breathing = next(line for line in lines if "Box breathing" in line)
        assert breathing.rstrip().endswith("not reached")
        checkins = [line.strip() for line in lines if line.startswith("        ")]
        assert checkins.count("after the set (set 1): 3/10") == 2
        assert "before the session: 2/10" in checkins and "at the stop (set 2): 6/10" in checkins
        assert len(checkins) == 5  # before, 2 + 1 after sets, the stop
        assert "during Calves, right: calves tight today" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, JournalScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PickerScreen)


async def test_chart_follows_the_highlighted_routine_without_previews(
    isolated_data_dir: Path,
) -> None:
    ids = fill(isolated_data_dir, PLAYED)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        chart = screen.query_one("#pain-chart", PainChart)
        assert chart.display and chart.size.height > 5
        core = [ids[0], ids[1], ids[4], ids[5]]  # oldest first, the preview left out
        assert [s.id for s in chart.sessions] == core
        series = {line.label: line.values for line in chart.series}
        assert series == {
            "before": [2, 2, None, 2],
            "highest": [3, 6, None, 3],
            "at the end": [1, 6, None, None],
        }
        title = plain(screen.query_one("#chart-title", Static))
        assert title.startswith("Pain over time: Core  4 sessions")
        assert "previews left out" in title
        picture = str(chart.render())
        # The legend is beside the title, not drawn over the plot's top rows (the high pains).
        assert "before" not in picture and "highest" not in picture and "at the end" not in picture
        assert title.endswith("━━ before  ━━ highest  ━━ at the end")
        colours = [str(span.style) for span in legend().spans]
        assert colours == ["blue", "red", "green"]  # each mark in its line's colour
        first = local(chart.sessions[0].started_at)
        assert f"{first.day} {first:%b}" in picture  # the axis reads day and month, once each
        assert picture.count(f"{first.day} {first:%b}") == 1
        await pilot.press("down", "down", "down")  # the Knee session
        await pilot.pause()
        assert [s.id for s in chart.sessions] == [ids[2]]
        knee = screen.sessions[str(ids[2])]  # its routine, as the stats tell routines apart
        assert screen.chart_routine == routine_key(knee.routine_name, knee.routine_path)
        await pilot.press("up")  # the Core preview: its routine's chart, previews left out
        await pilot.pause()
        assert [s.id for s in chart.sessions] == core


async def test_preview_only_routine_says_there_is_nothing_to_chart(
    isolated_data_dir: Path,
) -> None:
    fill(isolated_data_dir, [("Hips", "completed", True)])
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert rows(screen)[0][6] == "x10"
        chart = screen.query_one("#pain-chart", PainChart)
        assert chart.sessions == []
        title = plain(screen.query_one("#chart-title", Static))
        assert title == "No sessions of Hips at normal speed to chart (previews are left out)."


async def test_empty_journal_shows_a_friendly_line(isolated_data_dir: Path) -> None:
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        message = screen.query_one("#journal-message", Static)
        assert plain(message) == report.EMPTY_JOURNAL
        assert message.display
        assert not screen.query_one("#sessions", DataTable).display
        assert not screen.query_one("#pain-chart", PainChart).display
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PickerScreen)


async def test_damaged_journal_shows_its_one_line_error(isolated_data_dir: Path) -> None:
    isolated_data_dir.mkdir(parents=True)
    path = isolated_data_dir / "journal.sqlite3"
    junk = b"this is not a journal\n" * 300
    path.write_bytes(junk)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert screen.problem is not None and "\n" not in screen.problem
        assert screen.problem.startswith(f"{path}: the journal is damaged")
        text = plain(screen.query_one("#journal-message", Static))
        assert text == f"The journal cannot be read: {screen.problem}"
        assert "Traceback" not in text
        assert screen.has_class("-failed")
        assert not screen.query_one("#sessions", DataTable).display
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PickerScreen)
    assert path.read_bytes() == junk  # left untouched


async def test_the_chart_keeps_a_routine_s_history_when_its_title_changed(
    isolated_data_dir: Path,
) -> None:
    ids = fill(isolated_data_dir, [("Core", "completed", False), ("Core v2", "completed", False)])
    with sqlite3.connect(isolated_data_dir / "journal.sqlite3") as conn:  # one file, retitled
        conn.execute("UPDATE sessions SET routine_path = '/routines/core.yaml'")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        chart = screen.query_one("#pain-chart", PainChart)
        assert [s.id for s in chart.sessions] == ids
        title = plain(screen.query_one("#chart-title", Static))
        assert title.startswith("Pain over time: Core v2  2 sessions"), title
