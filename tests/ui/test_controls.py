"""The app's controls from the one table: skip exercise, dialogs that pause the session, hints,
and a footer that shows every key on 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Digits, Static
from textual.widgets._footer import FooterKey

from player.controls import CONTROLS, footer_label
from player.tui.dialogs.confirm_quit import ConfirmQuitDialog
from player.tui.dialogs.help import HelpDialog
from player.tui.dialogs.instructions import InstructionsDialog
from player.tui.screens.playing import PAUSED_FOR_DIALOG, PlayingScreen
from tests.pictures import PNG
from tests.ui.helpers import SHORT, FakeClock, build, playing, run_for, text_of, write_routine

PICTURED = """\
name: Pictured
description: One held exercise with a picture and a link, then one at your own pace.
defaults: {get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: none}
safety: {screen: never}
exercises:
  - name: Bird dog
    instructions: Reach one arm and the opposite leg out.
    reps: 2
    hold: 5s
    image: bird-dog.png
    link: https://example.org/bird-dog
  - name: Cat-camel
    reps: 5
"""


async def test_e_skips_the_rest_of_the_exercise(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        assert text_of(app, "#exercise-name") == "Calf roll"
        await pilot.press("e")
        await pilot.pause()
        assert text_of(app, "#step-kind") == "REST"
        assert text_of(app, "#exercise-name") == "Breathe"  # the rest shows what comes next
        assert app.conductor is not None
        first = app.conductor.exercise_results()[0]
        assert (first.exercise, first.status) == ("Calf roll", "skipped")


@pytest.mark.parametrize(
    ("key", "dialog", "close"),
    [
        ("question_mark", HelpDialog, "escape"),
        ("q", ConfirmQuitDialog, "n"),
        ("i", InstructionsDialog, "i"),
    ],
)
async def test_dialogs_pause_the_session_while_open(
    tmp_path: Path, key: str, dialog: type, close: str
) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await run_for(pilot, clock, 3)  # one second into the 5 s work
        screen = playing(app)
        digits = screen.query_one("#clock", Digits)
        assert digits.value == "0:04"
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, dialog)
        assert PAUSED_FOR_DIALOG in "\n".join(str(w.render()) for w in app.screen.query("Static"))
        await run_for(pilot, clock, 30)
        assert app.conductor is not None
        assert app.conductor.view(clock()).session.paused
        assert digits.value == "0:04"
        await pilot.press(close)
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert not app.conductor.view(clock()).session.paused
        assert text_of(app, "#pause-note") == ""
        await run_for(pilot, clock, 1)
        assert digits.value == "0:03"


async def test_a_session_paused_before_stays_paused_after_help(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter", "space")
        await pilot.press("question_mark")
        await pilot.pause()
        note = str(app.screen.query_one("#help-note").render())
        assert "The session is paused; space goes on once this is closed." in note
        await pilot.press("escape")
        await run_for(pilot, clock, 5)
        assert app.conductor is not None and app.conductor.view(clock()).session.paused
        assert "PAUSED" in text_of(app, "#pause-note")


async def test_instructions_show_the_picture_and_the_link(tmp_path: Path) -> None:
    (tmp_path / "bird-dog.png").write_bytes(PNG)
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, PICTURED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter", "i")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsDialog)
        assert app.screen.query_one("#picture").display
        assert text_of(app, "#instructions") == "Reach one arm and the opposite leg out."
        assert text_of(app, "#link") == "Link: https://example.org/bird-dog"
        assert str((tmp_path / "bird-dog.png").resolve()) in text_of(app, "#picture-path")


@pytest.mark.parametrize(
    "damaged",
    [PNG[:33] + b"\0" * 200, PNG[:50]],
    ids=["unreadable after its header", "cut short"],
)
async def test_a_picture_that_cannot_be_decoded_is_said_and_the_session_goes_on(
    tmp_path: Path, damaged: bytes
) -> None:
    # Its header passes the cheap check made as the routine loads (`hep validate` decodes it
    # and refuses it); pressing i must not end the session with a traceback.
    (tmp_path / "bird-dog.png").write_bytes(damaged)
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, PICTURED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter", "i")
        await pilot.pause()
        assert isinstance(app.screen, InstructionsDialog)
        assert text_of(app, "#picture-problem").startswith("The picture cannot be shown")
        assert not app.screen.query("#picture")
        assert text_of(app, "#instructions") == "Reach one arm and the opposite leg out."
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        assert app.conductor is not None and app.conductor.outcome is None


async def test_held_reps_relax_between_and_self_paced_says_enter(tmp_path: Path) -> None:
    (tmp_path / "bird-dog.png").write_bytes(PNG)
    clock = FakeClock()
    app, sound = build(write_routine(tmp_path, PICTURED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("0", "enter")
        await run_for(pilot, clock, 2 + 5 + 1)  # get ready, the first hold, into the relax
        assert text_of(app, "#step-kind") == "RELAX"
        assert "relax" in sound.cue_names
        await run_for(pilot, clock, 2 + 5 + 2 + 2)  # the second hold, the rest, get ready
        assert text_of(app, "#step-kind") == "YOUR PACE"
        assert text_of(app, "#hint") == "Enter when done"
        await pilot.press("enter")
        await pilot.pause()
        assert str(playing(app).query_one("#hint", Static).render()) == ""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_footer_shows_every_control(tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        shown = [(k.key_display, k.description) for k in keys]
        assert shown == [(footer_label(c.keys[0]), c.label) for c in CONTROLS]
        assert all(0 <= k.region.x and k.region.right <= size[0] for k in keys)
        assert all(k.region.width > 0 for k in keys)
