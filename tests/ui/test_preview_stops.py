"""A stop by the rules in a preview (a red-flag yes, a pain answer) is a real answer about the
body: the app asks "Start anyway?" before a session later that day, with the care it said."""

from __future__ import annotations

from pathlib import Path

from player.journal import Journal, SessionRecorder
from player.journal.record.today import earlier_today
from player.session.questions import RED_FLAG_QUESTIONS
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens.stopped import StoppedScreen
from tests.ui.helpers import SHORT, FakeClock, build, ended, screen_text, write_routine

EMERGENCY = "go to an emergency department now"


async def test_a_red_flag_yes_in_a_preview_asks_before_a_session_later_that_day(
    tmp_path: Path,
) -> None:
    loaded = write_routine(tmp_path, SHORT.replace("screen: never", "screen: always"))
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(loaded, clock, recorder=SessionRecorder(journal), speed=30)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionsDialog)
            # A yes to new numbness around the genitals (an emergency), no to the others.
            await pilot.press("y", *["n"] * (len(RED_FLAG_QUESTIONS) - 1))
            await pilot.pause()
            assert isinstance(app.screen, StoppedScreen), screen_text(app)
        assert app.conductor is not None and app.conductor.outcome == "stopped_red_flag"
        app, _ = build(loaded, clock, today=lambda: earlier_today(journal, now=clock.wall()))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmStartDialog), screen_text(app)
            text = screen_text(app)
            assert "the red-flag questions stopped a preview" in text and EMERGENCY in text
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, StoppedScreen)
            assert EMERGENCY in screen_text(app), "declining repeats the care"
            await pilot.press("enter")
            await ended(pilot)
        assert app.return_value == 4


async def test_a_pain_stop_in_a_preview_asks_before_a_session_later_that_day(
    tmp_path: Path,
) -> None:
    loaded = write_routine(tmp_path, SHORT)
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(loaded, clock, recorder=SessionRecorder(journal), speed=30)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CheckinDialog)
            await pilot.press("8", "enter")  # above the default stop level
            await pilot.pause()
            assert isinstance(app.screen, StoppedScreen), screen_text(app)
        assert app.conductor is not None and app.conductor.outcome == "stopped_pain"
        app, _ = build(loaded, clock, today=lambda: earlier_today(journal, now=clock.wall()))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmStartDialog), screen_text(app)
            assert "Earlier today a preview stopped at 8/10" in screen_text(app)
