"""Leaving: q or Escape at the first question keeps nothing, a quit goes back to the picker with
a line on the session, a quit at the closing question says the session will not count, and the
picker's help lists the picker's keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from player.journal import Journal, SessionRecorder
from player.journal.review.query import list_sessions
from player.session.outcomes import UNCOUNTED_AT_THE_END
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import KEPT_AS_QUIT, ConfirmQuitDialog
from player.tui.dialogs.help import HelpDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens.picker import PickerScreen
from tests.ui.helpers import (
    SHORT,
    FakeClock,
    build,
    playing,
    run_for,
    screen_text,
    write_routine,
)


def _user_routine(data: Path, text: str = SHORT) -> None:
    folder = data / "routines"
    folder.mkdir(parents=True)
    (folder / "short.yaml").write_text(text, encoding="utf-8")


async def _choose_short(pilot: object, app: object) -> None:
    routines = app.screen.query_one("#routines", OptionList)  # type: ignore[attr-defined]
    names = [str(routines.get_option_at_index(i).prompt) for i in range(routines.option_count)]
    routines.highlighted = next(i for i, name in enumerate(names) if name.startswith("Short"))
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def _last_line(app: object) -> str:
    return str(app.screen.query_one("#picker-last", Static).render())  # type: ignore[attr-defined]


async def test_q_at_the_first_question_goes_back_to_the_picker_keeping_nothing(
    isolated_data_dir: Path, tmp_path: Path
) -> None:
    _user_routine(isolated_data_dir)
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(None, clock, recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await _choose_short(pilot, app)
            assert isinstance(app.screen, CheckinDialog)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen) and app.is_running
            assert "nothing is kept in the journal" in _last_line(app)
        assert list_sessions(journal) == []


async def test_escape_at_the_first_question_leaves_a_routine_played_by_name(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(write_routine(tmp_path, SHORT), clock, recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.1)
            assert isinstance(app.screen, CheckinDialog)
            await pilot.press("escape")
            await pilot.pause()
        assert not app.is_running
        assert list_sessions(journal) == []


async def test_escape_on_the_safety_questions_leaves_without_a_stop(tmp_path: Path) -> None:
    clock = FakeClock()
    screened = SHORT.replace("screen: never", "screen: always")
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(write_routine(tmp_path, screened), clock, recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.1)
            assert isinstance(app.screen, QuestionsDialog)
            await pilot.press("escape")
            await pilot.pause()
        assert app.conductor is not None and app.conductor.outcome == "quit"
        assert list_sessions(journal) == []


async def test_quitting_a_session_goes_back_to_the_picker_with_a_line(
    isolated_data_dir: Path,
) -> None:
    _user_routine(isolated_data_dir)
    clock = FakeClock()
    app, _ = build(None, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _choose_short(pilot, app)
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 4)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and app.is_running
        line = _last_line(app)
        assert line.startswith("Last session: Short, quit (")
        assert "of 2 exercises" in line and "kept in the journal" in line


async def test_the_pickers_help_lists_the_pickers_keys(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, _ = build(None, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        listed = [what for _, what in app.screen.rows]
        assert "play the highlighted routine" in listed
        assert "skip this step" not in listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_a_flag_the_routine_goes_on_with_is_named_on_screen(tmp_path: Path) -> None:
    text = SHORT.replace("screen: never", "screen: never, stop_on: [sharp]")
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, text), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("2", "t", "enter")  # t: new numbness or tingling
        await pilot.pause()
        assert app.conductor is not None and app.conductor.stage == "running"
        shown = str(playing(app).query_one("#notices", Static).render())
        assert "Noted: new numbness or tingling" in shown


async def test_quitting_at_the_closing_question_says_the_session_will_not_count(
    tmp_path: Path,
) -> None:
    """Every exercise done, then q at "How much pain...": the dialog says the session is kept
    as quit and why it does not count, and the journal keeps it so, as the plain player does
    when its input ends there."""
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app, _ = build(write_routine(tmp_path, SHORT), clock, recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("2", "enter")
            await run_for(pilot, clock, 30)
            assert isinstance(app.screen, CheckinDialog)
            assert playing(app).conductor.stage == "final"
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmQuitDialog)
            said = " ".join(screen_text(app).split())
            assert KEPT_AS_QUIT in said and UNCOUNTED_AT_THE_END in said, said
            await pilot.press("y")
            await pilot.pause()
        (session,) = list_sessions(journal)
    assert (session.outcome, session.final) == ("quit", None)


async def test_the_quit_question_at_the_closing_question_is_whole_in_a_small_terminal(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 30)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        said = " ".join(" ".join(line.strip(" █") for line in lines).split())
        assert UNCOUNTED_AT_THE_END in said and "y: quit" in said, "\n".join(lines)
