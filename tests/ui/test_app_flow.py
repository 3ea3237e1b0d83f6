"""Where the app goes between screens: back to the picker after a session, keys typed early,
and a question that falls due while another dialog is open."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from player.journal.record.today import Today
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.screens.picker import PickerScreen
from player.tui.screens.playing import PlayingScreen
from player.tui.screens.stopped import StoppedScreen
from player.tui.screens.summary import SummaryScreen
from tests.ui.helpers import SHORT, FakeClock, build, ended, run_for, write_routine

CHECKED = SHORT.replace("checkin: none", "checkin: after_exercise")


async def _play_short_from_the_picker(pilot: object, app: object, clock: FakeClock) -> None:
    """Choose the user routine `Short` in the picker and play it to the summary."""
    routines = app.screen.query_one("#routines", OptionList)  # type: ignore[attr-defined]
    names = [str(routines.get_option_at_index(i).prompt) for i in range(routines.option_count)]
    index = next(i for i, name in enumerate(names) if name.startswith("Short"))
    routines.highlighted = index
    await pilot.press("enter", "2", "enter")  # type: ignore[attr-defined]
    await run_for(pilot, clock, 16)  # type: ignore[arg-type]
    assert isinstance(app.screen, CheckinDialog)  # type: ignore[attr-defined]
    await pilot.press("1", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, SummaryScreen)  # type: ignore[attr-defined]


async def test_after_the_summary_the_picker_comes_back_and_q_leaves(
    isolated_data_dir: Path,
) -> None:
    folder = isolated_data_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "short.yaml").write_text(SHORT, encoding="utf-8")
    clock = FakeClock()
    app, _ = build(None, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _play_short_from_the_picker(pilot, app, clock)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await _play_short_from_the_picker(pilot, app, clock)  # a second session, same app
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and app.is_running
        await pilot.press("q")
        await ended(pilot)
    assert app.return_value == 0


async def test_opened_on_a_routine_the_summary_closes_the_app(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 16)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("q")
        await ended(pilot)
    assert not app.is_running and app.return_value == 0


async def test_a_checkin_due_while_quit_is_asked_waits_for_the_answer(tmp_path: Path) -> None:
    """Found by tests/faults: the check-in opened over the quit question took its `y`."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, CHECKED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 5)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        await run_for(pilot, clock, 4)  # the session stands still under the question
        assert isinstance(app.screen, ConfirmQuitDialog)
        assert app.conductor is not None and app.conductor.prompt is None
        await pilot.press("n")
        await run_for(pilot, clock, 4)  # the first exercise ends: its check-in comes up
        assert isinstance(app.screen, CheckinDialog)  # asked, never over the quit question
        await pilot.press("ctrl+c")
        await pilot.pause()
        await pilot.press("y")
        await ended(pilot)
    assert app.conductor is not None and app.conductor.outcome == "quit"
    assert app.return_value == 4


async def test_keys_typed_before_the_first_question_answer_it(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "enter")  # typed ahead: held until the question is up
        await pilot.pause(0.2)
        assert isinstance(app.screen, PlayingScreen)
        assert app.conductor is not None and app.conductor.baseline == 3


async def test_not_starting_after_a_stop_today_goes_back_to_the_picker(
    isolated_data_dir: Path,
) -> None:
    folder = isolated_data_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "short.yaml").write_text(SHORT, encoding="utf-8")
    why = "Earlier today a session stopped at 5/10 at 09:12 (pain spreading down the leg)."
    clock = FakeClock()
    app, _ = build(None, clock, today=Today(line=why, stop=why))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", OptionList)
        names = [str(routines.get_option_at_index(i).prompt) for i in range(routines.option_count)]
        routines.highlighted = next(i for i, name in enumerate(names) if name.startswith("Short"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStartDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StoppedScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and app.is_running
        await pilot.press("q")
        await ended(pilot)
    assert app.return_value == 4  # the last session's status: not started, as a quit
