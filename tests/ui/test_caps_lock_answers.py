"""With Caps Lock on (or Shift held), the app's letter answers read as the plain keys, as `YES`
and `7 SHARP` do in the plain player: a red-flag yes, a flag, a stiffness is never lost to case."""

from __future__ import annotations

import pytest

from player.session.safety import CheckinAnswer
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.morning import MorningDialog
from player.tui.dialogs.questions import QuestionsDialog
from tests.ui.helpers import answer


async def test_red_flag_questions_take_y_and_n_in_either_case() -> None:
    questions = QuestionsDialog("Safety", "Answer y or n.", ["Fever?", "Fall?", "Numbness?"])
    assert await answer(questions, "N", "Y", "n") == [(False, True, False)]


@pytest.mark.parametrize(("key", "expected"), [("Y", True), ("N", False), ("y", True)])
async def test_start_anyway_and_quit_take_either_case(key: str, expected: bool) -> None:
    assert await answer(ConfirmStartDialog("A session stopped."), key) == [expected]
    assert await answer(ConfirmQuitDialog(), key) == [expected]


@pytest.mark.parametrize(
    ("keys", "flags"),
    [
        (("6", "S", "T", "enter"), ("sharp", "numbness")),
        (("6", "D", "enter"), ("spreading",)),
        (("6", "s", "enter"), ("sharp",)),  # a plain key toggles once, not twice
        (("6", "S", "s", "enter"), ()),
    ],
)
async def test_checkin_flags_in_either_case(keys: tuple[str, ...], flags: tuple[str, ...]) -> None:
    assert await answer(CheckinDialog("Bird dog"), *keys) == [CheckinAnswer(6, flags)]


async def test_capitals_typed_in_the_note_stay_in_the_note() -> None:
    answers = await answer(CheckinDialog("Bird dog"), "4", "tab", "S", "T", "enter")
    assert answers == [CheckinAnswer(4, (), "ST")]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("3", "U", "enter"), (3, "under30")),
        (("3", "O", "enter"), (3, "over30")),
        (("3", "O", "N", "enter"), (3, "none")),
        (("2", "u", "enter"), (2, "under30")),
    ],
)
async def test_morning_stiffness_in_either_case(keys: tuple[str, ...], expected: object) -> None:
    assert await answer(MorningDialog(), *keys) == [expected]
