"""The check-in's note field comes just after the dialog is first drawn: keys typed before it is
in place wait for it (a Tab and a note typed at once reach the note, never the scale or the
flags), the dialog does not move when it comes, and the terminal cursor stays home until the
note is typed in."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import pytest
from textual.geometry import Offset
from textual.widgets import Input

from player.tui import app as app_module
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.widgets.pain_scale import PainScale
from tests.ui.helpers import SHORT, FakeClock, after_burst, build, burst, write_routine


@pytest.fixture
def note_held(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Keep each check-in's note field out until the test sets the event returned."""
    release = asyncio.Event()
    add_note = CheckinDialog._add_note

    async def held(self: CheckinDialog) -> None:
        if release.is_set():
            await add_note(self)
        else:  # look again shortly: the dialog goes on taking its messages meanwhile
            self.set_timer(0.01, partial(held, self))

    monkeypatch.setattr(CheckinDialog, "_add_note", held)
    return release


async def test_a_tab_and_a_note_typed_before_the_field_is_in_place_reach_the_note(
    tmp_path: Path, note_held: asyncio.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys wait for the field at most KEY_ORDER_SECONDS (then whatever is focused takes them):
    # longer than this test holds the field back, however busy the machine.
    monkeypatch.setattr(app_module, "KEY_ORDER_SECONDS", 60.0)
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog)
        assert not dialog.note_ready and not dialog.query("#checkin-note")
        burst(app, "tab", "s", "a", "d", "4")  # `s` and `d` are flag keys on the scale
        for _ in range(5):
            await pilot.pause()
        scale = dialog.query_one(PainScale)
        assert app.keys_waiting  # held, not lost nor given to the scale
        assert dialog.flags == set() and scale.value is None and scale.has_focus
        note_held.set()
        await after_burst(pilot)
        note = dialog.query_one("#checkin-note", Input)
        assert note.value == "sad4" and note.has_focus
        assert dialog.flags == set() and scale.value is None
        await pilot.press("tab", "3", "enter")
        await pilot.pause()
        assert app.screen is not dialog  # answered: 3, with the note
        assert app.conductor is not None and app.conductor.baseline == 3


async def test_the_dialog_keeps_its_place_when_the_note_field_comes(
    tmp_path: Path, note_held: asyncio.Event
) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog)
        before = {w.id: w.region for w in dialog.query("Static, PainScale, #checkin-box")}
        note_held.set()
        for _ in range(5):
            await pilot.pause()
        assert dialog.note_ready
        after = {w.id: w.region for w in dialog.query("Static, PainScale, #checkin-box")}
        assert after == before
        room = dialog.query_one("#checkin-note-room").region
        assert dialog.query_one("#checkin-note").region == room


async def test_the_terminal_cursor_stays_home_until_the_note_is_typed_in(tmp_path: Path) -> None:
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog) and dialog.note_ready
        assert app.cursor_position == Offset(0, 0)
        await pilot.press("tab", "o", "k")
        await pilot.pause()
        assert app.cursor_position != Offset(0, 0)  # in the note, for input methods
        await pilot.press("tab")
        await pilot.pause()
        assert app.cursor_position == Offset(0, 0)
