"""A pasted answer (a terminal's bracketed paste) is read as a typed line is, by the one reader
of its kind: on the pain scale of every question that has one, at the yes/no questions and in
the note; a paste that is no answer takes nothing and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import ModalScreen
from textual.widgets import Input

from player.answers import AnswerError, read_pain, read_stiffness
from player.session.safety import FLAG_WORDS, NOTE_MAX, RED_FLAG_QUESTIONS, CheckinAnswer
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.morning import MorningDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.widgets.pain_scale import PainScale
from tests.ui.helpers import (
    SHORT,
    FakeClock,
    Host,
    after_burst,
    build,
    burst,
    playing,
    run_for,
    screen_text,
    write_routine,
)

CHECKED = SHORT.replace("checkin: none", "checkin: after_exercise")
SCREENED = SHORT.replace("screen: never", "screen: always")


def shown(app: Host) -> str:
    """The dialog's words, its scale's own line among them."""
    scales = [str(scale.render()) for scale in app.screen.query(PainScale)]
    return "\n".join([screen_text(app), *scales])


async def _pasted(dialog: ModalScreen[Any], *steps: str | events.Paste) -> tuple[Host, str]:
    """Paste (and press) `steps` on `dialog`: the host with its answers, and the screen text
    before the dialog closed (after the last paste)."""
    app = Host(dialog)
    text = ""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for step in steps:
            if isinstance(step, events.Paste):
                burst(app, step)
                await pilot.pause()
                text = shown(app)
            else:
                await pilot.press(step)
        await pilot.pause()
    return app, text


@pytest.mark.parametrize("pasted", ["7", "7\n", " 7 ", "7\r\n", "07", "\t7"])
async def test_a_pasted_number_is_chosen_on_the_checkin_scale(pasted: str) -> None:
    app, text = await _pasted(CheckinDialog("Check-in"), events.Paste(pasted), "enter")
    assert "7/10" in text, "the number chosen shows before Enter answers"
    assert app.answers == [CheckinAnswer(7, (), None)]


async def test_a_pasted_10_is_10_never_1() -> None:
    app, _ = await _pasted(CheckinDialog("Check-in"), events.Paste("10"), "enter")
    assert app.answers == [CheckinAnswer(10, (), None)]


async def test_a_paste_chooses_without_answering_until_enter() -> None:
    app, _ = await _pasted(CheckinDialog("Check-in"), events.Paste("7\n"))
    assert app.answers == [], "Enter answers, as after a typed number"


async def test_a_pasted_answer_with_flags_marks_them_as_the_plain_player_reads_them() -> None:
    dialog = CheckinDialog("Check-in")
    app, text = await _pasted(dialog, events.Paste("6 sp, nu"), "enter")
    assert f"d [x] {FLAG_WORDS['spreading']}" in text
    assert f"t [x] {FLAG_WORDS['numbness']}" in text
    assert f"s [ ] {FLAG_WORDS['sharp']}" in text
    assert app.answers == [CheckinAnswer(6, ("spreading", "numbness"), None)]


async def test_a_pasted_flag_keeps_a_flag_marked_before() -> None:
    app, _ = await _pasted(CheckinDialog("Check-in"), "s", events.Paste("4 numb"), "enter")
    assert app.answers == [CheckinAnswer(4, ("sharp", "numbness"), None)]


@pytest.mark.parametrize(
    ("pasted", "flags"),
    [
        ("s", ("sharp",)),
        ("S\n", ("sharp",)),
        ("t", ("numbness",)),
        ("sharp", ("sharp",)),
        ("sp, nu", ("spreading", "numbness")),
        ("s d", ("sharp", "spreading")),
    ],
)
async def test_flags_pasted_alone_are_marked_as_their_keys_typed_would(
    pasted: str, flags: tuple[str, ...]
) -> None:
    typed = await _pasted(CheckinDialog("Check-in"), *pasted.strip().split(), "4", "enter")
    app, text = await _pasted(CheckinDialog("Check-in"), events.Paste(pasted), "4", "enter")
    assert app.answers == [CheckinAnswer(4, flags, None)]  # type: ignore[arg-type]
    if len(pasted.strip()) == 1:
        assert app.answers == typed[0].answers, "as the key typed"
    assert "[x]" in text


async def test_a_pasted_flag_alone_keeps_the_number_chosen_before() -> None:
    app, _ = await _pasted(CheckinDialog("Check-in"), "6", events.Paste("numb"), "enter")
    assert app.answers == [CheckinAnswer(6, ("numbness",), None)]


@pytest.mark.parametrize("pasted", ["x", "s x", "sharpish", "q", "s 7"])
async def test_a_paste_of_flags_and_something_else_takes_nothing(pasted: str) -> None:
    app, text = await _pasted(CheckinDialog("Check-in"), "3", events.Paste(pasted), "enter")
    assert "[x]" not in text
    assert app.answers == [CheckinAnswer(3, (), None)]


async def test_a_flag_pasted_where_none_are_asked_is_refused() -> None:
    dialog = CheckinDialog("Session complete", ask_flags=False)
    app, text = await _pasted(dialog, "3", events.Paste("sharp"), "enter")
    assert "found 'sharp'" in text
    assert app.answers == [CheckinAnswer(3, (), None)]


async def test_flags_pasted_where_none_are_asked_are_refused_not_dropped() -> None:
    dialog = CheckinDialog("Session complete", ask_flags=False)
    app, text = await _pasted(dialog, events.Paste("7 sharp"), "enter")
    assert "found 'sharp' after the number" in text and "7/10" not in text
    assert app.answers == []


@pytest.mark.parametrize(
    "pasted", ["100", "11", "1 0", "x", "²", "７", "7\n8", "seven", "7/10", "-1", " "]
)
async def test_a_paste_that_is_no_pain_answer_takes_nothing_and_says_why(pasted: str) -> None:
    with pytest.raises(AnswerError) as refused:
        read_pain(pasted)
    dialog = CheckinDialog("Check-in")
    app, text = await _pasted(dialog, "3", events.Paste(pasted), "enter")
    reason = str(refused.value)
    assert reason[0].upper() + reason[1:] in text, "the reader's own words"
    assert app.answers == [CheckinAnswer(3, (), None)], "the number typed before stays"


async def test_an_empty_paste_changes_nothing() -> None:
    dialog = CheckinDialog("Check-in")
    app, text = await _pasted(dialog, "3", events.Paste(""), "enter")
    assert "3/10" in text
    assert app.answers == [CheckinAnswer(3, (), None)]


async def test_a_paste_in_the_note_is_note_text_not_a_number() -> None:
    app, _ = await _pasted(CheckinDialog("Check-in"), "2", "tab", events.Paste("7 sharp"), "enter")
    assert app.answers == [CheckinAnswer(2, (), "7 sharp")]


async def test_a_pasted_note_of_several_lines_is_kept_whole_on_one_line() -> None:
    note = "left calf tight\nafter the stairs\r\n3 sets done slowly"
    dialog = CheckinDialog("Check-in")
    app, _ = await _pasted(dialog, "2", "tab", events.Paste(note), "enter")
    assert app.answers == [
        CheckinAnswer(2, (), "left calf tight after the stairs 3 sets done slowly")
    ]


async def test_a_pasted_note_keeps_the_text_typed_around_it() -> None:
    dialog = CheckinDialog("Check-in")
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "tab", *"calf ", "x")
        burst(app, events.Paste("tight\nat first"))
        await pilot.pause()
        await pilot.press(" ", "o", "k")
        assert dialog.query_one(Input).value == "calf xtight at first ok"
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [CheckinAnswer(2, (), "calf xtight at first ok")]


@pytest.mark.parametrize(("pasted", "pain"), [("7", 7), ("10\n", 10), (" 0 ", 0)])
async def test_a_pasted_number_is_chosen_on_the_morning_scale(pasted: str, pain: int) -> None:
    app, _ = await _pasted(MorningDialog(), events.Paste(pasted), "u", "enter")
    assert app.answers == [(pain, "under30")]


@pytest.mark.parametrize(
    ("pasted", "stiffness"),
    [
        ("u", "under30"),
        ("U\n", "under30"),
        ("o", "over30"),
        ("n\r\n", "none"),
        (" under 30 ", "under30"),
        ("over 30 min", "over30"),
        ("none", "none"),
        ("no", "none"),
    ],
)
async def test_a_pasted_stiffness_answer_is_chosen_as_a_typed_one_is(
    pasted: str, stiffness: str
) -> None:
    assert read_stiffness(pasted) == stiffness, "the reader hep morning asks with"
    app, text = await _pasted(MorningDialog(), "7", events.Paste(pasted), "enter")
    assert "Expected" not in text
    assert app.answers == [(7, stiffness)]


async def test_a_pasted_stiffness_letter_then_a_pasted_number_answer_both() -> None:
    app, _ = await _pasted(MorningDialog(), events.Paste("o"), events.Paste("0"), "enter")
    assert app.answers == [(0, "over30")], "0 is pain on the scale, never stiffness"


async def test_a_stiffness_paste_where_stiffness_is_not_asked_is_refused() -> None:
    dialog = MorningDialog(ask_stiffness=False)
    app, text = await _pasted(dialog, "3", events.Paste("u"), "enter")
    assert "Expected a number from 0 to 10 (found 'u')" in text
    assert app.answers == [(3, None)]


@pytest.mark.parametrize("pasted", ["x", "7 u", "u\no", "ｕ", "under 40"])
async def test_a_morning_paste_that_is_no_answer_takes_nothing(pasted: str) -> None:
    app, text = await _pasted(MorningDialog(), "3", events.Paste(pasted), "enter")
    assert "Expected a number from 0 to 10" in text
    assert app.answers == [(3, None)]


async def test_the_morning_scale_refuses_flags_as_hep_morning_does() -> None:
    app, text = await _pasted(MorningDialog(), events.Paste("7 sharp"), "enter")
    assert "found 'sharp' after the number" in text
    assert app.answers == []


@pytest.mark.parametrize(
    ("pasted", "yes"),
    [("y", True), ("Y\n", True), (" yes ", True), ("YES", True), ("n", False), ("No\r\n", False)],
)
async def test_a_pasted_yes_or_no_answers_a_red_flag_question(pasted: str, yes: bool) -> None:
    dialog = QuestionsDialog("Safety questions", "Answer y or n.", ["Fever?", "Fall?"])
    app, _ = await _pasted(dialog, events.Paste(pasted), "n")
    assert app.answers == [(yes, False)]


@pytest.mark.parametrize("pasted", ["x", "yn", "y\nn", "ｙ", "yes please", " "])
async def test_a_paste_that_is_no_yes_or_no_takes_nothing_and_says_what_to_press(
    pasted: str,
) -> None:
    dialog = QuestionsDialog("Safety questions", "Answer y or n.", ["Fever?", "Fall?"])
    app, text = await _pasted(dialog, events.Paste(pasted))
    assert dialog.answers == [] and app.answers == []
    assert "Press y for yes or n for no" in text
    assert "Question 1 of 2" in text


@pytest.mark.parametrize(("pasted", "yes"), [("y\n", True), (" N", False)])
async def test_a_pasted_answer_to_start_anyway(pasted: str, yes: bool) -> None:
    app, _ = await _pasted(ConfirmStartDialog("Earlier today."), events.Paste(pasted))
    assert app.answers == [yes]


async def test_a_paste_that_is_no_answer_to_start_anyway_says_what_to_press() -> None:
    app, text = await _pasted(ConfirmStartDialog("Earlier today."), events.Paste("maybe"))
    assert app.answers == []
    assert "Press y to start anyway" in text


@pytest.mark.parametrize(("pasted", "answers"), [("yes", [True]), ("n\n", [False]), ("q", [])])
async def test_a_pasted_answer_to_the_quit_question(pasted: str, answers: list[bool]) -> None:
    app, _ = await _pasted(ConfirmQuitDialog(), events.Paste(pasted))
    assert app.answers == answers


async def test_answers_pasted_through_a_whole_session_start_reach_each_question(
    tmp_path: Path,
) -> None:
    """Each red-flag question, then the first pain question, answered by a paste each."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SCREENED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        pastes = [events.Paste("n\n") for _ in RED_FLAG_QUESTIONS]
        burst(app, *pastes, events.Paste("3\n"), "enter")
        await after_burst(pilot)
        await pilot.pause()
        c = app.conductor
        assert c is not None and c.baseline == 3, "each paste reached its own question"


async def test_a_paste_typed_at_start_up_keeps_its_place_among_the_keys(tmp_path: Path) -> None:
    """Keys typed while hep starts are held for the first question and handed over in order;
    a paste among them is held too, never taken before the keys typed ahead of it."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app._early_keys is not None, "still holding the keys typed at start-up"
        burst(app, "5", events.Paste("3"), "enter")
        await pilot.pause(0.2)
        await after_burst(pilot)
        assert app.conductor is not None and app.conductor.baseline == 3


async def test_a_paste_at_the_after_exercise_check_in_is_its_answer(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, CHECKED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 8)
        assert isinstance(app.screen, CheckinDialog)
        burst(app, events.Paste("4\n"), "enter")
        await after_burst(pilot)
        await pilot.pause()
        checkins = [e.data for e in playing(app).conductor.record().events if e.kind == "checkin"]
        assert [(c["when"], c["pain"]) for c in checkins] == [
            ("baseline", 2),
            ("after_exercise", 4),
        ]


async def test_a_pasted_note_longer_than_a_note_keeps_what_fits_as_typing_would() -> None:
    dialog = CheckinDialog("Check-in")
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "tab", "a")
        burst(app, events.Paste("b" * (NOTE_MAX + 10)))
        await pilot.pause()
        assert dialog.query_one(Input).value == "a" + "b" * (NOTE_MAX - 1)
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [CheckinAnswer(2, (), "a" + "b" * (NOTE_MAX - 1))]


async def test_the_reason_a_paste_is_refused_is_shown_whole_in_the_dialog(tmp_path: Path) -> None:
    pasted = "seven and a half, maybe more"
    with pytest.raises(AnswerError) as refused:
        read_pain(pasted)
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        burst(app, events.Paste(pasted))
        await after_burst(pilot)
        lines = [strip.text.strip(" █") for strip in app.screen._compositor.render_strips()]
        on_screen = " ".join(" ".join(lines).split())
        assert " ".join(str(refused.value).split())[1:] in on_screen, "every line of it"
