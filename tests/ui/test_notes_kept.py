"""Notes are never lost: a burst of keys or a paste in the check-in and end dialogs keeps every
character, from the first number to the Enter that sends it."""

from __future__ import annotations

from pathlib import Path

from textual import events

from player.tui.dialogs.checkin import CheckinDialog
from player.tui.screens.summary import SummaryScreen
from tests.ui.helpers import (
    SHORT,
    FakeClock,
    after_burst,
    build,
    burst,
    playing,
    run_for,
    write_routine,
)

CHECKED = SHORT.replace("checkin: none", "checkin: after_exercise").replace(
    "safety: {screen: never}", "safety: {screen: never, stop_on: [sharp]}"
)
NOTE = "left calf tight after the stairs, 3 sets done slowly"


def _notes(app: object) -> list[tuple[str, str]]:
    record = playing(app).conductor.record()  # type: ignore[arg-type]
    return [(str(e.data["when"]), str(e.data["text"])) for e in record.events if e.kind == "note"]


async def test_a_burst_of_keys_in_the_checkin_and_end_dialogs_keeps_every_note(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, CHECKED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 8)
        assert isinstance(app.screen, CheckinDialog)
        burst(app, "3", "tab", *NOTE, "enter")  # typed faster than the app handles keys
        await after_burst(pilot)
        await run_for(pilot, clock, 8)
        assert isinstance(app.screen, CheckinDialog)
        # The last check-in closes the session: its note is the session's last word.
        burst(app, "2", "t", "tab", *"breathing was easy", "enter")
        await after_burst(pilot)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert _notes(app) == [("after_exercise", NOTE), ("after_exercise", "breathing was easy")]
        checkins = [e.data for e in playing(app).conductor.record().events if e.kind == "checkin"]
        answers = [(c["when"], c["pain"], c["flags"]) for c in checkins]
        assert answers[:3] == [
            ("baseline", 2, []),
            ("after_exercise", 3, []),
            ("after_exercise", 2, ["numbness"]),
        ], "the flag typed before Tab is kept; the letters of a note are never flag keys"


async def test_a_burst_in_the_end_dialog_keeps_the_end_note(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 16)
        assert isinstance(app.screen, CheckinDialog), "the closing question"
        burst(app, "1", "tab", *"sat down after, fine", "enter")
        await after_burst(pilot)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert _notes(app) == [("final", "sat down after, fine")]


async def test_a_paste_in_the_end_dialog_keeps_the_whole_note(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 16)
        assert isinstance(app.screen, CheckinDialog)
        burst(app, "1", "tab", events.Paste(NOTE), "enter")
        await after_burst(pilot)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert _notes(app) == [("final", NOTE)]


async def test_a_key_typed_right_after_a_notes_enter_is_not_part_of_the_note(
    tmp_path: Path,
) -> None:
    """`3 Tab cn Enter !` in one burst: the note is "cn", and `!` asks to stop for pain."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, CHECKED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 8)
        assert isinstance(app.screen, CheckinDialog)
        burst(app, "3", "tab", "c", "n", "enter", "exclamation_mark")
        await after_burst(pilot)
        assert _notes(app) == [("after_exercise", "cn")]
        assert isinstance(app.screen, CheckinDialog), "the stop question, asked by `!`"
        assert playing(app).conductor.prompt is not None
        assert playing(app).conductor.prompt.kind == "pain"


async def test_a_note_typed_at_a_checkin_is_kept_when_the_session_is_quit_there(
    tmp_path: Path,
) -> None:
    """Quitting (Ctrl+C, then y) with a note typed and not yet sent: the note goes in the
    journal with the quit, as the plain player's `note` line would, never dropped unsaid."""
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, CHECKED), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await run_for(pilot, clock, 8)
        assert isinstance(app.screen, CheckinDialog)
        await pilot.press("3", "tab", *NOTE)
        conductor = playing(app).conductor
        await pilot.press("ctrl+c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert conductor.outcome == "quit"
        notes = [e.data["text"] for e in conductor.record().events if e.kind == "note"]
        assert notes == [NOTE]
