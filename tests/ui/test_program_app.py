"""The program in the app: the morning question first after a session day, and the picker with
today's due routines first, marked."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from player.journal.record.background import BackgroundRecorder
from player.journal.store.store import Journal
from player.program.playing import program_view
from player.program.store import mornings
from player.tui.dialogs.help import HelpDialog
from player.tui.dialogs.morning import MorningDialog
from player.tui.screens.picker import PickerScreen
from player.tui.screens.stopped import StoppedScreen
from tests.program_sim import MONDAY, Sim
from tests.ui.helpers import SHORT, FakeClock, build, run_for, screen_text, write_routine


def _followed(journal_file: Path) -> None:
    """The built-in program started on a Monday, with that day's routines played."""
    with Journal.open(journal_file) as journal:
        sim = Sim(journal)
        sim.play_due(MONDAY)


async def _stopped_for_pain(pilot: Pilot[object], clock: FakeClock) -> None:
    """Pain 1 before, then `!` three seconds in and pain 7: the session stops."""
    await pilot.press("1", "enter")
    await run_for(pilot, clock, 3)
    await pilot.press("exclamation_mark")
    await pilot.pause()
    await pilot.press("7", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StoppedScreen)


def _picker_names(app: object) -> list[str]:
    routines = app.screen.query_one("#routines", OptionList)  # type: ignore[attr-defined]
    return [str(routines.get_option_at_index(i).prompt) for i in range(routines.option_count)]


async def test_the_morning_after_a_session_day_is_asked_first_and_kept(tmp_path: Path) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    _followed(journal_file)
    tuesday = MONDAY + timedelta(days=1)
    with program_view(True, tuesday, journal_file) as (view, on_morning):
        assert view is not None and view.morning_due and on_morning is not None
        app, _ = build(None, FakeClock(), program=view, on_morning=on_morning)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MorningDialog)
            await pilot.press("3", "u", "enter")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
    with Journal.open(journal_file) as journal:
        kept = mornings(journal)
    assert [(m.day, m.pain, m.stiffness) for m in kept] == [(tuesday, 3, "under30")]


async def test_escape_skips_the_morning_and_the_picker_puts_what_is_due_first(
    tmp_path: Path,
) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    _followed(journal_file)
    tuesday = MONDAY + timedelta(days=1)
    with program_view(True, tuesday, journal_file) as (view, on_morning):
        assert view is not None
        app, _ = build(None, FakeClock(), program=view, on_morning=on_morning)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            names = _picker_names(app)
    # Tuesday: relaxation is due every day; core work is Mon/Wed/Fri, done on Monday.
    assert names[0].startswith("Relaxation and breathing")
    assert "due today" in names[0]
    core = next(name for name in names if name.startswith("Core stabilization"))
    assert "due today" not in core and "last played" in core


async def test_no_program_no_morning_question(tmp_path: Path) -> None:
    with program_view(True, MONDAY, tmp_path / "journal.sqlite3") as (view, on_morning):
        assert view is None and on_morning is None


async def test_the_programs_stop_advice_shows_with_a_stop_in_the_app(tmp_path: Path) -> None:
    advice = "Call the clinic on 01234 567890 if the pain has not settled by tomorrow."
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock, advice=(advice,))
    async with app.run_test(size=(100, 40)) as pilot:
        await _stopped_for_pain(pilot, clock)
        assert advice in " ".join(screen_text(app).split())


def test_the_view_read_through_the_sessions_journal_is_the_same_and_keeps_the_morning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    _followed(journal_file)
    tuesday = MONDAY + timedelta(days=1)
    with program_view(True, tuesday, journal_file) as (own, _):
        assert own is not None
    opened: list[object] = []
    real_open = Journal.open.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Journal], *args: object, **kwargs: object) -> Journal:
        opened.append(threading.current_thread().name)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Journal, "open", classmethod(counted))
    recorder = BackgroundRecorder(journal_file)
    try:
        with program_view(True, tuesday, journal_file, recorder) as (view, on_morning):
            assert view is not None and on_morning is not None
            assert [e.path for e in view.entries] == [e.path for e in own.entries]
            assert view.notes == own.notes and view.morning_due
            said = on_morning(4, "none")
            assert said and all(isinstance(line, str) for line in said)
        assert opened == ["hep-journal"], "one open, on the journal's thread"
    finally:
        recorder.close()
    with Journal.open(journal_file) as journal:
        assert [(m.day, m.pain) for m in mornings(journal)] == [(tuesday, 4)]


def test_a_sessions_journal_that_cannot_serve_leaves_the_view_to_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    _followed(journal_file)
    tuesday = MONDAY + timedelta(days=1)
    monkeypatch.setattr(BackgroundRecorder, "use", lambda self, work: None)
    recorder = BackgroundRecorder(journal_file)
    try:
        with program_view(True, tuesday, journal_file, recorder) as (view, on_morning):
            assert view is not None and view.morning_due and on_morning is not None
            on_morning(2, None)
            assert view.again is not None
            again = view.again()
            assert again is not None and not again.morning_due, "read again on its own journal"
    finally:
        recorder.close()
    with Journal.open(journal_file) as journal:
        assert [(m.day, m.pain) for m in mornings(journal)] == [(tuesday, 2)]


async def test_the_morning_question_shows_all_of_itself_and_its_keys_on_question_mark(
    tmp_path: Path,
) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    _followed(journal_file)
    tuesday = MONDAY + timedelta(days=1)
    with program_view(True, tuesday, journal_file) as (view, on_morning):
        app, _ = build(None, FakeClock(), program=view, on_morning=on_morning)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MorningDialog)
            box = app.screen.query_one("#morning-box")
            hint = app.screen.query_one("#morning-hint")
            assert hint.region.bottom <= box.region.bottom, "the keys line is inside the box"
            assert "n u o: stiffness" in screen_text(app) and "Stiffness this morning" in (
                screen_text(app)
            )
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpDialog)
            assert "breaks a run of good mornings" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MorningDialog), "the help closed, the question stays"


async def test_what_the_program_said_before_the_app_is_shown_in_it(tmp_path: Path) -> None:
    note = "At the program's dose (sets -1), phase Settle of 'Back'."
    app, _ = build(write_routine(tmp_path, SHORT), FakeClock(), notes=(note,))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        shown = [str(n.message) for n in app._notifications]
        assert note in shown


async def test_back_in_the_picker_a_routine_just_counted_is_no_longer_due(
    isolated_data_dir: Path,
) -> None:
    """The program counts the session as it is kept; the picker then marks its routines
    again, so the one just played is not offered as still due today."""
    from player.cli.program import program_turn
    from player.locations import journal_path

    routines = isolated_data_dir / "routines"
    routines.mkdir(parents=True)
    (routines / "tiny.yaml").write_text(
        "name: Tiny\ndescription: d\ndefaults: {checkin: none, get_ready: 0s}\n"
        "exercises:\n  - {name: Lift, duration: 2s}\n",
        encoding="utf-8",
    )
    program = routines / "daily.yaml"
    program.write_text(
        "name: Daily\ndescription: d\nphases:\n  - name: Only\n    weeks: 2\n"
        "    routines:\n      - {routine: tiny.yaml, every: day}\n",
        encoding="utf-8",
    )
    with Journal.open(journal_path()) as journal:
        Sim(journal, program)  # started on MONDAY, nothing played yet
    clock = FakeClock()
    recorder = BackgroundRecorder(journal_path())
    with (
        program_turn(None, MONDAY, chosen=False, journal=recorder),
        program_view(True, MONDAY, journal_path(), recorder) as (view, on_morning),
    ):
        assert view is not None and view.again is not None
        app, _ = build(
            None, clock, program=view, on_morning=on_morning, recorder=recorder, screened_today=True
        )
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            first = _picker_names(app)[0]
            assert "due today" in first, first
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("1", "enter")
            await run_for(pilot, clock, 3)
            await pilot.press("2", "enter")  # the question at the end
            await pilot.pause()
            for _ in range(3):  # the summary
                if not isinstance(app.screen, PickerScreen):
                    await pilot.press("enter")
                    await pilot.pause()
            for _ in range(100):
                await pilot.pause(0.05)
                names = _picker_names(app) if isinstance(app.screen, PickerScreen) else []
                played = next((n for n in names if n.startswith(first[:12])), first)
                if "due today" not in played:
                    break
            assert isinstance(app.screen, PickerScreen)
            assert "due today" not in played, names
            assert "last played" in played, played
            current = app.screen.current
            assert current is not None and current.path.name == "tiny.yaml", (
                "the routine just played stays highlighted"
            )


def _tiny_program(data: Path, dose: str = "") -> Path:
    """A user routine of two sets and a program that plays it every day (with `dose`)."""
    routines = data / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "tiny.yaml").write_text(
        "name: Tiny\ndescription: d\ndefaults: {checkin: none, get_ready: 0s}\n"
        "exercises:\n  - {name: Lift, duration: 2s, sets: 2}\n",
        encoding="utf-8",
    )
    program = data / "programs" / "daily.yaml"
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text(
        "name: Daily\ndescription: d\nphases:\n  - name: Only\n    weeks: 2\n"
        f"    routines:\n      - {{routine: tiny, every: day{dose}}}\n",
        encoding="utf-8",
    )
    return program


def test_a_routine_done_today_still_plays_at_the_programs_dose_from_the_picker(
    isolated_data_dir: Path,
) -> None:
    """Done for the day, it is no longer marked due; played again, it is still the program's
    dose, not its file's (during a hold, not the dose the program holds back from)."""
    from player.locations import journal_path
    from player.program.playing import picker_view
    from player.routine.discovery import discover

    program = _tiny_program(isolated_data_dir, ", sets: -1")
    with Journal.open(journal_path()) as journal:
        sim = Sim(journal, program)
        before = picker_view(journal, discover(), MONDAY)
        sim.play(MONDAY, sim.on(MONDAY).due[0].entry.routine)
        after = picker_view(journal, discover(), MONDAY)
    for view, due in ((before, True), (after, False)):
        tiny = next(e for e in view.entries if e.path.name == "tiny.yaml")
        assert tiny.loaded is not None
        assert [ex.sets for ex in tiny.loaded.routine.exercises] == [1], "sets -1 of 2"
        note = view.notes[tiny.path]
        assert ("due today (sets -1)" in note) is due, note
        assert due or "at the program's dose (sets -1)" in note, note


async def test_a_morning_answer_that_ends_a_hold_marks_the_picker_again(
    isolated_data_dir: Path,
) -> None:
    from player.locations import journal_path

    program = _tiny_program(isolated_data_dir)
    with Journal.open(journal_path()) as journal:
        sim = Sim(journal, program)
        sim.play(MONDAY, "tiny", outcome="stopped_pain", highest=7)
    tuesday = MONDAY + timedelta(days=1)
    with program_view(True, tuesday, journal_path()) as (view, on_morning):
        assert view is not None and view.morning_due
        held = next(e for e in view.entries if e.path.name == "tiny.yaml")
        assert "due today (sets -1)" in view.notes[held.path], "held after the stop"
        app, _ = build(None, FakeClock(), program=view, on_morning=on_morning)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MorningDialog)
            await pilot.press("1", "n", "enter")
            for _ in range(100):
                await pilot.pause(0.05)
                names = _picker_names(app) if isinstance(app.screen, PickerScreen) else []
                if names and "sets -1" not in names[0]:
                    break
            assert isinstance(app.screen, PickerScreen)
            assert names[0].startswith("Tiny") and "due today" in names[0], names
            assert "sets -1" not in names[0], "the hold ended: the full dose again"
            tiny = app.screen.entries[0]
            assert tiny.loaded is not None and tiny.loaded.routine.exercises[0].sets == 2


async def test_the_stop_message_scrolls_whole_into_view_in_a_small_terminal(
    tmp_path: Path,
) -> None:
    """In a terminal too small for it, the stop's advice is not cut off unseen: it scrolls."""
    advice = "Call the clinic on 01234 567890 if the pain has not settled by tomorrow."
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock, advice=(advice,))
    async with app.run_test(size=(40, 10)) as pilot:
        await _stopped_for_pain(pilot, clock)
        box = app.screen.query_one("#stopped-box")
        hint = app.screen.query_one("#stopped-hint")
        assert hint.region.y >= box.region.bottom, "too small: the end is out of view at first"
        await pilot.press("end")
        await pilot.pause()
        assert box.region.y <= hint.region.y < box.region.bottom, "scrolled to the end"
        assert "01234 567890" in " ".join(screen_text(app).split()) or any(
            "01234" in str(w.render()) for w in app.screen.query(".stopped-line")
        )


async def test_question_mark_after_a_stop_lists_that_screens_own_keys(tmp_path: Path) -> None:
    clock = FakeClock()
    app, _ = build(write_routine(tmp_path, SHORT), clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await _stopped_for_pain(pilot, clock)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        shown = " ".join(screen_text(app).split())
        assert "see the summary" in shown and "pause" not in shown, shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoppedScreen)
