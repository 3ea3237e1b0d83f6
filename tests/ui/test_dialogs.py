"""The check-in, question and quit dialogs answer with the keys a person on a mat would use."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.answers import DIGITS_ONLY
from player.routine.models import Safety
from player.session.safety import CheckinAnswer
from player.session.scale import pain_words
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.help import HelpDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.widgets.pain_scale import NUDGE, PainScale
from tests.ui.helpers import FakeClock, Host, answer, build, screen_text, write_routine


@pytest.mark.parametrize(
    ("keys", "pain"),
    [
        (("7", "enter"), 7),
        (("1", "0", "enter"), 10),
        (("1", "enter"), 1),
        (("0", "enter"), 0),
        (("3", "8", "enter"), 8),
        (("right", "right", "right", "enter"), 2),
        (("5", "left", "enter"), 4),
        (("9", "right", "right", "enter"), 10),
    ],
)
async def test_checkin_pain_by_typing_or_arrows(keys: tuple[str, ...], pain: int) -> None:
    assert await answer(CheckinDialog("Bird dog"), *keys) == [CheckinAnswer(pain, ())]


@pytest.mark.parametrize("key", ["\u00b2", "\u0663", "\uff17"])
async def test_checkin_refuses_a_digit_key_that_is_not_0_to_9_and_says_so(key: str) -> None:
    dialog = CheckinDialog("Bird dog")
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4", key)
        await pilot.pause()
        scale = dialog.query_one(PainScale)
        assert scale.value == 4
        assert f"{DIGITS_ONLY.capitalize()} (found {key!r})" in str(scale.render())
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [CheckinAnswer(4, ())]


@pytest.mark.parametrize(
    ("keys", "pain"),
    [
        (("1", "0", "0"), 10),  # a 0 that bounced after 10 is not "no pain"
        (("1", "0", "0", "0"), 0),  # a second 0 is
        (("1", "0", "3"), 3),
    ],
)
async def test_checkin_a_zero_right_after_ten_keeps_ten_once(
    keys: tuple[str, ...], pain: int
) -> None:
    answers = await answer(CheckinDialog("Bird dog"), *keys, "enter")
    assert answers == [CheckinAnswer(pain, ())]


async def test_checkin_flags_toggle() -> None:
    answers = await answer(CheckinDialog("Bird dog"), "3", "s", "t", "d", "d", "enter")
    assert answers == [CheckinAnswer(3, ("sharp", "numbness"))]


async def test_checkin_enter_without_a_number_does_not_answer() -> None:
    assert await answer(CheckinDialog("Bird dog"), "enter") == []


async def test_checkin_enter_without_a_number_says_what_to_press() -> None:
    dialog = CheckinDialog("Bird dog")
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        scale = dialog.query_one(PainScale)
        assert NUDGE not in str(scale.render())
        await pilot.press("enter")
        await pilot.pause()
        assert NUDGE in str(scale.render())
        assert scale.content_size.width >= len(NUDGE)  # on one line, never cut
        await pilot.press("3")
        await pilot.pause()
        assert NUDGE not in str(scale.render())


async def test_checkin_scale_words_follow_the_routines_stop_level() -> None:
    dialog = CheckinDialog("Bird dog", scale=pain_words(Safety(stop_at=5)))
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        scale = dialog.query_one(PainScale)
        await pilot.press("4")
        await pilot.pause()
        assert "4/10: moderate" in str(scale.render())
        await pilot.press("5")
        await pilot.pause()
        assert "5/10: the session stops (your stop level is 5)" in str(scale.render())


async def test_checkin_takes_an_optional_note_after_tab() -> None:
    keys = ("4", "s", "tab", *"hip sore, sharp", "enter")
    assert await answer(CheckinDialog("Bird dog"), *keys) == [
        CheckinAnswer(4, ("sharp",), "hip sore, sharp")
    ]
    # Letters typed in the note are the note's, not flag keys; Enter with no note skips it.
    assert await answer(CheckinDialog("Bird dog"), "2", "tab", "enter") == [CheckinAnswer(2)]


async def test_checkin_note_needs_a_number_first_and_escape_goes_back_to_the_scale() -> None:
    keys = ("tab", *"tight", "enter", "3", "enter")
    assert await answer(CheckinDialog("x"), *keys) == [CheckinAnswer(3, (), "tight")]
    keys = ("tab", "escape", "escape")
    assert await answer(CheckinDialog("x", cancellable=True), *keys) == [None]


async def test_checkin_escape_only_when_cancellable() -> None:
    assert await answer(CheckinDialog("x"), "escape") == []
    assert await answer(CheckinDialog("x", cancellable=True), "escape") == [None]


async def test_checkin_shows_previous_answer_and_literal_title() -> None:
    dialog = CheckinDialog("[bold]Bird[/] dog", previous="Last answer: 3/10 before the session")
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in dialog.query("Static"))
    assert "[bold]Bird[/] dog" in text
    assert "Last answer: 3/10 before the session" in text


async def test_questions_take_y_and_n_in_order() -> None:
    dialog = QuestionsDialog("Before you start", "Answer y or n.", ["one?", "two?", "three?"])
    assert await answer(dialog, "n", "y", "n") == [(False, True, False)]


@pytest.mark.parametrize(("key", "quit"), [("y", True), ("enter", True), ("n", False)])
async def test_confirm_quit(key: str, quit: bool) -> None:  # noqa: A002
    assert await answer(ConfirmQuitDialog(), key) == [quit]


async def test_question_mark_on_a_pain_question_lists_its_keys_and_goes_back_to_it(
    tmp_path: Path,
) -> None:
    routine = write_routine(
        tmp_path,
        "name: R\ndescription: d\nsafety: {screen: never}\n"
        "exercises:\n  - {name: A, duration: 5s}\n",
    )
    app, _ = build(routine, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        await pilot.press("3", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        shown = screen_text(app)
        assert "how much pain: 0 no pain, 10 worst imaginable" in shown
        assert "mark or unmark: s sharp" in shown and "leave, nothing kept" in shown
        assert "clock waits while a question is open" in shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog), "? again closes the help"
        await pilot.press("tab", *"why?", "tab", "enter")
        await pilot.pause()
        assert app.conductor is not None and app.conductor.baseline == 3
        notes = [e.data["text"] for e in app.conductor.record().events if e.kind == "note"]
        assert notes == ["why?"], "a ? typed in the note is text"


async def test_question_mark_on_the_red_flag_questions_lists_yes_and_no(tmp_path: Path) -> None:
    routine = write_routine(
        tmp_path,
        "name: R\ndescription: d\nsafety: {screen: always}\n"
        "exercises:\n  - {name: A, duration: 5s}\n",
    )
    app, _ = build(routine, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert "leave" in screen_text(app)
        await pilot.press("escape", "n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        assert app.screen.answers == [False], "the answer after the help counts"
