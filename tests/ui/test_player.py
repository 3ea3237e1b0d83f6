"""The Textual player driven with keys and a fake clock, from the first question to the summary."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.widgets import Digits, OptionList

from player.journal.record.today import Today
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.help import HelpDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens.playing import PlayingScreen
from player.tui.screens.stopped import StoppedScreen
from player.tui.screens.summary import SummaryScreen
from tests.ui.helpers import (
    SHORT,
    FakeClock,
    build,
    burst,
    ended,
    playing,
    run_for,
    screen_text,
    text_of,
    write_routine,
)


async def test_short_routine_plays_to_the_summary(tmp_path: Path) -> None:
    clock = FakeClock()
    app, sound = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)  # baseline pain
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert text_of(app, "#exercise-name") == "Calf roll"
        assert text_of(app, "#step-kind") == "GET READY"
        assert app.screen.query_one("#clock", Digits).value == "0:02"
        await run_for(pilot, clock, 2)
        assert text_of(app, "#step-kind") == "WORK"
        assert "Slow rolls" in text_of(app, "#cue-lines")
        assert app.screen.query_one("#clock", Digits).value == "0:05"
        await run_for(pilot, clock, 7)  # work 5 s, rest between 2 s
        assert text_of(app, "#exercise-name") == "Breathe"
        await run_for(pilot, clock, 2.5)  # get ready 2 s, half a second in
        assert text_of(app, "#step-kind") == "BREATHE IN"
        assert "breath 1 of 1" in text_of(app, "#where")
        await run_for(pilot, clock, 2)
        assert text_of(app, "#step-kind") == "BREATHE OUT"
        await run_for(pilot, clock, 2)
        assert isinstance(app.screen, CheckinDialog)  # pain at the end
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Completed" in text and "Short: 2 of 2 exercises done" in text
        assert "Pain before   2/10" in text and "At the end    1/10" in text
        assert "Active time   15s (planned 15s)" in text
        assert "Start to end" in text
        await pilot.press("enter")
        await ended(pilot)
    assert app.return_value == 0
    assert "session_done" in sound.cue_names and "go" in sound.cue_names


async def test_pause_freezes_the_countdown(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await run_for(pilot, clock, 3)  # one second into the 5 s work
        digits = app.screen.query_one("#clock", Digits)
        assert digits.value == "0:04"
        await pilot.press("space")
        assert "PAUSED" in text_of(app, "#pause-note")
        await run_for(pilot, clock, 30)
        assert digits.value == "0:04"
        assert text_of(app, "#step-kind") == "WORK"
        await pilot.press("space")
        await run_for(pilot, clock, 1)
        assert digits.value == "0:03"
        assert text_of(app, "#pause-note") == ""


async def test_skip_and_back(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        assert text_of(app, "#step-kind") == "GET READY"
        await pilot.press("s")
        assert text_of(app, "#step-kind") == "WORK"
        await pilot.press("right")
        assert text_of(app, "#step-kind") == "REST"
        await pilot.press("b")
        assert text_of(app, "#step-kind") == "WORK"
        assert app.screen.query_one("#clock", Digits).value == "0:05"
        await pilot.press("left")
        assert text_of(app, "#step-kind") == "GET READY"


async def test_checkin_seven_on_core_stabilization_stops_with_the_reason() -> None:
    clock = FakeClock()
    app, sound = build("core-stabilization", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)  # red flags first (screen: daily)
        await pilot.press(*"nnnnnnn")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert text_of(app, "#exercise-name") == "Cat-camel warm-up"
        await pilot.press("s")  # past get ready
        assert text_of(app, "#step-kind") == "YOUR PACE"
        await pilot.press("enter")  # the self-paced set is done
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        assert "Cat-camel warm-up" in screen_text(app)
        assert "2/10 before the session" in screen_text(app)
        await pilot.press("7", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StoppedScreen)
        text = screen_text(app)
        assert "Pain is 7 out of 10, at or above your stop level of 6." in text
        assert "Stopping now was the right call" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Stopped: pain" in screen_text(app)
        await pilot.press("enter")
        await ended(pilot)
    assert app.return_value == 3
    assert sound.cue_names[-1] == "stopped"


async def test_quit_asks_first_and_keeps_the_session_as_quit(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert app.conductor is not None and app.conductor.outcome is None
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        await pilot.press("y")
        await ended(pilot)
    assert app.conductor.outcome == "quit"
    assert app.return_value == 4


async def test_stop_for_pain_asks_pain_flags_and_a_note_then_stops(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "enter")
        await run_for(pilot, clock, 3)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        assert "Stop the session" in screen_text(app)
        assert playing(app).conductor.view(clock()).session.paused
        await pilot.press("2", "d", "tab", *"calf pulled", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StoppedScreen)
        assert "You stopped the session: pain spreading down the leg." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        reason = "Stopped at 2/10 during Calf roll: pain spreading down the leg."
        assert reason in text and "calf pulled" in text
        assert "Calf roll  stopped during: 1s of 5s" in text
    c = app.conductor
    assert c is not None and c.final == 2 and c.outcome == "stopped_pain"


async def test_escape_at_the_stop_question_carries_on(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "enter")
        await run_for(pilot, clock, 3)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        clock.advance(20)  # time at the question is not session time
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        view = playing(app).conductor.view(clock()).session
        assert not view.paused and view.step_elapsed == 1.0
    assert app.conductor is not None and app.conductor.outcome is None


async def test_a_stop_earlier_today_asks_before_starting(tmp_path: Path) -> None:
    why = "Earlier today a session stopped at 5/10 at 09:12 (pain spreading down the leg)."
    line = "Earlier today: stopped at 5/10 at 09:12 (pain spreading down the leg)"
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock, today=Today(line=line, stop=why))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStartDialog)
        assert why in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        assert line in screen_text(app), "the first question shows today's earlier answers"
    app, _ = build(write_routine(tmp_path, SHORT), clock, today=Today(line=line, stop=why))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StoppedScreen) and "Not started" in screen_text(app)
        await pilot.press("enter")
        await ended(pilot)
    assert app.return_value == 4 and app.conductor is not None
    assert not app.conductor.log.started


async def test_routine_text_is_shown_literally(tmp_path: Path) -> None:
    routine = """\
name: "[bold]Mine[/bold]"
description: "[@click=app.quit]x[/] and [red]"
defaults: {get_ready: 0, checkin: none}
safety: {screen: never}
exercises:
  - name: "[@click=app.quit]Roll[/]"
    duration: 10s
    instructions: 'Type \\x1b[31m red and [b]bold[/b]'
    cues: ["[blink]Slow[/blink]"]
"""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, routine), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        assert text_of(app, "#exercise-name") == "[@click=app.quit]Roll[/]"
        assert text_of(app, "#cue-lines") == "[blink]Slow[/blink]"
        assert "[bold]Mine[/bold]" in text_of(app, "#play-header")
        await pilot.press("i")
        assert text_of(app, "#instructions") == "Type \\x1b[31m red and [b]bold[/b]"
        await pilot.press("i")
        await pilot.click("#exercise-name")  # a click on the name must not quit
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert app.is_running


async def test_picker_lists_routines_and_shows_a_broken_one(isolated_data_dir: Path) -> None:
    user = isolated_data_dir / "routines"
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text("name: x\nexercises: 3\n", encoding="utf-8")
    app, _ = build(None, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = str(app.screen.query_one("#routines", OptionList).get_option_at_index(0).prompt)
        assert first.startswith("Core stabilization") and "7 exercises" in first
        assert "McGill's big three" in text_of(app, "#routine-detail")
        await pilot.press("end")
        await pilot.pause()
        detail = text_of(app, "#routine-detail")
        assert "cannot be played" in detail and "broken.yaml" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PlayingScreen)
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        assert playing(app).conductor.routine.name == "Core stabilization"


async def test_help_overlay_lists_the_keys(tmp_path: Path) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert "stop now for pain" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)


async def test_resizes_never_crash_and_small_terminals_drop_the_big_digits(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        for size in [(80, 24), (60, 20), (30, 10), (200, 60), (60, 20)]:
            await pilot.resize_terminal(*size)
            await run_for(pilot, clock, 1)
        screen = playing(app)
        assert screen.has_class("-small")
        assert screen.query_one("#clock", Digits).styles.display == "none"
        assert text_of(app, "#clock-text") != ""
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-small")


async def test_cue_marker_flashes_when_sound_is_muted(tmp_path: Path) -> None:
    clock = FakeClock()
    app, sound = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter", "m")
        assert sound.muted
        await run_for(pilot, clock, 2)
        assert "Go" in text_of(app, "#marker")
        assert "[muted]" in text_of(app, "#play-header")


async def test_quit_while_a_checkin_is_open_closes_the_dialog_and_leaves(tmp_path: Path) -> None:
    """Found by tests/faults: quitting over an open check-in left the app waiting for it."""
    clock = FakeClock()
    routine = SHORT.replace("checkin: none", "checkin: after_exercise")
    app, _ = build(write_routine(tmp_path, routine), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "enter")
        await run_for(pilot, clock, 9)  # get ready 2 s + 5 s of work: the check-in opens
        assert isinstance(app.screen, CheckinDialog)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitDialog)
        await pilot.press("y")
        await ended(pilot)
    assert app.conductor is not None and app.conductor.outcome == "quit"
    assert app.return_value == 4


async def test_the_first_question_is_drawn_before_the_playing_screen_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paint first, load later: the session's first question is drawn over a screen that holds
    only its heading, and the step panel, bars and keys come once it is on show; the garbage
    collector, paused while hep starts, is back on by then."""
    panels_under_question: list[int] = []
    shown = CheckinDialog.on_mount

    def on_mount(dialog: CheckinDialog) -> None:
        panels_under_question.append(len(playing(dialog.app).query("#play-body, Footer")))
        shown(dialog)

    monkeypatch.setattr(CheckinDialog, "on_mount", on_mount)
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CheckinDialog)
            assert panels_under_question == [0]
            await pilot.pause(0.3)
            screen = playing(app)
            assert len(screen.query("#play-body, Footer")) == 2
            assert gc.isenabled()
            await pilot.press("2", "enter")
            await pilot.pause()
            assert text_of(app, "#exercise-name") == "Calf roll"
    finally:
        gc.enable()


async def test_a_first_question_answered_at_once_still_shows_the_step(tmp_path: Path) -> None:
    """Keys typed before the playing screen is built answer the first question, and the step
    is drawn as soon as the screen is back."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert text_of(app, "#exercise-name") == "Calf roll"
        assert text_of(app, "#step-kind") == "GET READY"


async def test_leaving_at_a_first_question_answered_at_once_ends_without_an_error(
    tmp_path: Path,
) -> None:
    """`q` typed while hep loads leaves at the first question, before the playing screen is
    built: the screen, closed before its step panel was in place, draws nothing (it drew into
    the missing panel and the app ended in a traceback)."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "q")
        await ended(pilot)
    assert app.conductor is not None and app.conductor.outcome == "quit"
    assert app.return_value == 4


async def test_one_self_paced_rep_is_said_in_the_singular(tmp_path: Path) -> None:
    text = SHORT.replace("    duration: 5s\n    cues: [Slow rolls]\n", "    reps: 1\n")
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, text), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 2)  # get ready
        assert text_of(app, "#exercise-name") == "Calf roll"
        assert text_of(app, "#where") == "1 rep"
