"""`?` at every question shows that question's keys and goes back to it as it was: at "start
anyway?" and "quit this session?" too, with keys typed in the same burst taken by the help,
never by the question behind it, and with the help whole in a small terminal. The quit dialog
says what quitting keeps, and a yes at the red flags is kept however the questions end."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from player.journal import Journal, SessionRecorder
from player.journal.record.today import Today
from player.journal.review.query import list_sessions
from player.session.safety import RED_FLAG_QUESTIONS
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import (
    KEPT_AS_QUIT,
    NOTHING_KEPT_YET,
    RED_FLAG_KEPT,
    ConfirmQuitDialog,
)
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.help import CLOSE, HelpDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens.stopped import StoppedScreen
from player.tui.widgets.pain_scale import PainScale
from tests.ui.helpers import SHORT, FakeClock, after_burst, build, burst, screen_text, write_routine

SCREENED = SHORT.replace("screen: never", "screen: always")
ONE = "name: R\ndescription: d\nsafety: {screen: never}\nexercises:\n  - {name: A, duration: 5s}\n"
"""One exercise with a check-in after it: the check-in's help is the longest of the questions."""


def shown(app: App[object]) -> str:
    """What the terminal shows now: the rendered lines, clipped as a person sees them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_question_mark_on_start_anyway_lists_its_keys_and_goes_back_to_it(
    tmp_path: Path,
) -> None:
    why = "Earlier today a session stopped at 5/10 at 09:12 (pain spreading down the leg)."
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock(), today=Today(line=why, stop=why))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmStartDialog)
        await pilot.press("enter")  # says what to press: still so after the help
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.rows == [
            ("y", "start anyway"),
            ("n, esc or q", "not today"),
            ("?", "these keys"),
        ]
        assert "clock waits while a question is open" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is question
        assert "Press y to start anyway" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog), "the answer after the help counts"


async def test_question_mark_on_the_quit_question_lists_its_keys_and_goes_back_to_it(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4")  # a number chosen, not yet answered
        await pilot.press("ctrl+c")
        await pilot.pause()
        quit_question = app.screen
        assert isinstance(quit_question, ConfirmQuitDialog)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.rows == [
            ("y, q or enter", "quit"),
            ("n or esc", "keep going"),
            ("?", "these keys"),
        ]
        await pilot.press("ctrl+c")  # asked already: not a second quit question over the help
        await pilot.pause()
        asked = [s for s in app.screen_stack if isinstance(s, ConfirmQuitDialog)]
        assert asked == [quit_question] and isinstance(app.screen, HelpDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quit_question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        assert app.screen.query_one(PainScale).value == 4, "the question as it was"


async def test_the_quit_question_before_the_first_answer_says_nothing_is_kept(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        routine = write_routine(tmp_path, SCREENED)
        app, _ = build(routine, FakeClock(), recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionsDialog)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert NOTHING_KEPT_YET in screen_text(app)
            assert KEPT_AS_QUIT not in screen_text(app)
            await pilot.press("y")
            await pilot.pause()
        assert app.conductor is not None and app.conductor.outcome == "quit"
        assert list_sessions(journal) == [], "what the question said"


async def test_the_quit_question_after_the_first_answer_says_the_session_is_kept(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        routine = write_routine(tmp_path, SCREENED)
        app, _ = build(routine, FakeClock(), recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            questions = app.screen
            assert isinstance(questions, QuestionsDialog)
            await pilot.press(*["n"] * len(questions.questions))
            await pilot.pause()
            assert isinstance(app.screen, CheckinDialog)  # the pain before the session
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert KEPT_AS_QUIT in screen_text(app)
            assert NOTHING_KEPT_YET not in screen_text(app)
            await pilot.press("y")
            await pilot.pause()
        assert [s.outcome for s in list_sessions(journal)] == ["quit"], "what the question said"


async def test_keys_typed_with_question_mark_at_a_check_in_go_to_the_help(tmp_path: Path) -> None:
    app, _ = build(write_routine(tmp_path, ONE), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, CheckinDialog)
        burst(app, "?", "5", "d")  # one write, as a paste or a slow link brings them
        await after_burst(pilot)
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is question
        assert question.query_one(PainScale).value is None, "no number chosen unseen"
        assert question.flags == set(), "no flag marked unseen"


async def test_keys_typed_with_question_mark_at_the_red_flags_go_to_the_help(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SCREENED), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionsDialog)
        burst(app, "?", "y")
        await after_burst(pilot)
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is question and question.answers == [], "no yes given unseen"


async def test_keys_typed_with_question_mark_at_the_quit_question_do_not_quit(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        burst(app, "?", "y")
        await after_burst(pilot)
        assert isinstance(app.screen, HelpDialog)
        assert app.conductor is not None and app.conductor.outcome is None


async def test_question_mark_typed_in_a_check_in_note_in_one_burst_is_text(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, ONE), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "3", "tab", "w", "h", "y", "?")
        await after_burst(pilot)
        assert isinstance(app.screen, CheckinDialog)
        assert app.screen.query_one("#checkin-note").value == "why?"  # type: ignore[attr-defined]


async def test_a_check_in_help_in_a_small_terminal_shows_the_way_out_and_scrolls(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, ONE), FakeClock())
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        first, last = app.screen.rows[0][1], app.screen.rows[-1][1]
        assert first.split(":")[0] in shown(app)
        assert last not in shown(app), "the keys do not fit: this checks nothing otherwise"
        assert CLOSE in shown(app) and "↑ ↓ more keys" in shown(app)
        await pilot.press(*["down"] * 20)
        await pilot.pause()
        assert last in shown(app), "every row can be reached"
        assert CLOSE in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)


async def test_the_help_says_more_keys_only_when_some_are_out_of_sight(tmp_path: Path) -> None:
    app, _ = build(write_routine(tmp_path, ONE), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert CLOSE in shown(app) and "more keys" not in shown(app)
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        await pilot.pause()
        assert CLOSE in shown(app) and "↑ ↓ more keys" in shown(app)


@pytest.mark.parametrize("end", ["quit", "escape", "answer the rest"])
async def test_a_yes_at_the_red_flags_is_kept_however_the_questions_end(
    tmp_path: Path, end: str
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        routine = write_routine(tmp_path, SCREENED)
        app, _ = build(routine, FakeClock(), recorder=SessionRecorder(journal))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionsDialog)
            await pilot.press("n", "y")  # a yes to the second question
            if end == "quit":
                await pilot.press("ctrl+c")
                await pilot.pause()
                assert isinstance(app.screen, ConfirmQuitDialog)
                assert RED_FLAG_KEPT in screen_text(app), "what quitting will do"
                # Kept as it was given, before any answer to the quit question.
                assert [s.outcome for s in list_sessions(journal)] == ["running"]
                await pilot.press("y")
            elif end == "escape":
                await pilot.press("escape")
            else:
                await pilot.press(*["n"] * (len(RED_FLAG_QUESTIONS) - 2))
            await pilot.pause()
            assert isinstance(app.screen, StoppedScreen)
        assert app.conductor is not None and app.conductor.outcome == "stopped_red_flag"
        assert [s.outcome for s in list_sessions(journal)] == ["stopped_red_flag"]


async def test_keys_typed_before_ctrl_c_in_one_burst_answer_their_questions_first(
    tmp_path: Path,
) -> None:
    """`n y` then Ctrl+C in one write: the no and the yes answer the first two safety
    questions, in order, and only then is quitting asked (saying the yes is kept)."""
    app, _ = build(write_routine(tmp_path, SCREENED), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionsDialog)
        burst(app, "n", "y", "ctrl+c")
        await after_burst(pilot)
        await pilot.pause()
        assert question.answers == [False, True], question.answers
        assert isinstance(app.screen, ConfirmQuitDialog)
        assert RED_FLAG_KEPT in screen_text(app)


async def test_a_key_typed_before_question_mark_in_one_burst_answers_the_question_first(
    tmp_path: Path,
) -> None:
    app, _ = build(write_routine(tmp_path, SCREENED), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionsDialog)
        burst(app, "n", "?")
        await after_burst(pilot)
        await pilot.pause()
        assert question.answers == [False], "the no, before the help"
        assert isinstance(app.screen, HelpDialog)


async def test_answers_typed_across_two_questions_in_one_burst_reach_both(
    tmp_path: Path,
) -> None:
    """A paste of every safety answer and the first pain answer: each question takes its own."""
    app, _ = build(write_routine(tmp_path, SCREENED), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        burst(app, *["n"] * len(RED_FLAG_QUESTIONS), "2", "enter")
        for _ in range(20):
            await pilot.pause()
        assert app.conductor is not None and app.conductor.baseline == 2, (
            "the 2 reached the pain question after the safety questions"
        )


def test_a_key_that_reaches_the_safety_questions_before_they_are_on_screen_answers_none() -> None:
    """Enter in the picker and `n` in one burst: the `n` can reach the questions' keys before
    they are drawn; it answers no question unseen (it crashed the app)."""
    heard: list[bool] = []
    dialog = QuestionsDialog("Before you start", "intro", ["first?", "second?"], heard.append)
    dialog.action_answer(False)
    assert dialog.answers == [] and heard == []


@pytest.mark.parametrize(
    ("typed", "keys", "chosen"),
    [
        ("7", "10", 10),
        ("5", "23", 3),
        ("3", "100", 10),  # the bounced 0 after 10 still kept once
        ("3", "1000", 0),
    ],
)
async def test_keys_in_one_burst_after_a_key_typed_by_hand_keep_their_order(
    tmp_path: Path, typed: str, keys: str, chosen: int
) -> None:
    """A key typed by hand, then `1` `0` in one burst (a slow link, a paste): the `0` waits
    for the `1` handed on before it, and the scale reads 10, not 0 then 1."""
    app, _ = build(write_routine(tmp_path, ONE), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        await pilot.press(typed)
        burst(app, *keys)
        await after_burst(pilot)
        assert app.screen.query_one(PainScale).value == chosen
