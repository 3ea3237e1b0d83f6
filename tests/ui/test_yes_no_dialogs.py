"""The yes-or-no dialogs (the red-flag questions, "start anyway?") answer Enter with what to
press, and q leaves the "start anyway?" question as Escape does, as on every first question."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.questions import QuestionsDialog
from tests.ui.helpers import screen_text


class _Host(App[None]):
    """A bare app that shows one dialog and keeps what it returned."""

    def __init__(self, dialog: ConfirmStartDialog | QuestionsDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("behind")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


async def test_enter_on_a_red_flag_question_says_what_to_press() -> None:
    app = _Host(QuestionsDialog("Safety questions", "Answer y or n.", ["Fever?", "Fall?"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Press y for yes or n for no" in screen_text(app)
        assert "Question 1 of 2" in screen_text(app)
        assert app.results == []
        await pilot.press("n", "n")
        await pilot.pause()
    assert app.results == [(False, False)]


async def test_enter_on_start_anyway_says_what_to_press() -> None:
    app = _Host(ConfirmStartDialog("Earlier today a session stopped."))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Press y to start anyway, or n or Esc for not today" in screen_text(app)
        assert app.results == []


async def test_q_on_start_anyway_is_not_today() -> None:
    app = _Host(ConfirmStartDialog("Earlier today a session stopped."))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.results == [False]


async def test_leaving_the_red_flag_questions_after_a_yes_returns_the_yes() -> None:
    app = _Host(QuestionsDialog("Safety questions", "Answer y or n.", ["Numbness?", "Fall?"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y", "escape")
        await pilot.pause()
    assert app.results == [(True,)]


async def test_leaving_the_red_flag_questions_after_noes_returns_nothing() -> None:
    app = _Host(QuestionsDialog("Safety questions", "Answer y or n.", ["Numbness?", "Fall?"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "q")
        await pilot.pause()
    assert app.results == [None]
