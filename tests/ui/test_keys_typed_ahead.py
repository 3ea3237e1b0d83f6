"""Keys typed ahead reach the questions after the one they answer, in order; but a key typed
before a stop message or the summary was on screen (an Enter doubled or bounced on the answer
that ended the session) never closes it unseen: those screens are there to be read."""

from __future__ import annotations

from pathlib import Path

from textual import events

from player.tui.screens.stopped import StoppedScreen
from player.tui.screens.summary import SummaryScreen
from tests.ui.helpers import (
    SHORT,
    FakeClock,
    after_burst,
    build,
    burst,
    ended,
    run_for,
    write_routine,
)


async def test_an_enter_typed_with_a_stopping_answer_leaves_the_stop_message_up(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "7", "enter", "enter", "q")  # 7 is at the stop level of 6: no session
        await after_burst(pilot)
        assert isinstance(app.screen, StoppedScreen), "the advice, still to be read"
        assert app.conductor is not None and app.conductor.outcome == "stopped_pain"
        await pilot.press("enter")  # typed once it is on screen: goes on
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_an_enter_typed_with_the_last_answer_leaves_the_summary_up(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 16)
        burst(app, "1", "enter", "enter")
        await after_burst(pilot)
        assert isinstance(app.screen, SummaryScreen) and app.is_running, "not closed unseen"
        await pilot.press("enter")
        await ended(pilot)
    assert not app.is_running and app.return_value == 0


async def test_a_paste_typed_with_a_stopping_answer_leaves_the_stop_message_up(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, events.Paste("8"), "enter", "space")
        await after_burst(pilot)
        assert isinstance(app.screen, StoppedScreen)


async def test_keys_still_on_their_way_when_the_app_ends_are_dropped(tmp_path: Path) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "tab", *"a note typed fast")
        await pilot.pause(0.01)
        assert app.keys_waiting
    # The app has ended, its screens closed; a look at the keys still due then (its loop may
    # run one more callback) finds no screen to give them to, and drops them.
    assert not app.screen_stack
    app._check_keys()
    assert not app.keys_waiting
