"""The first question on screen before the session is built (the day's facts known without the
journal): it is the question the session asks once built, and an answer given at once, before
the build, is the session's first answer."""

from __future__ import annotations

import asyncio
import signal
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal.record.facts import DayFacts
from player.routine.models import Routine
from player.session.first import NOTHING, Today, first_question
from player.tui.app import make_app
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.confirm_start import ConfirmStartDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens import playing
from player.tui.screens.playing import BUILD_AFTER_SECONDS
from tests.doubles import RecordingSoundPlayer
from tests.recording import MemoryRecorder
from tests.ui.helpers import SHORT, FakeClock, burst, ended, write_routine

STOP = "A session stopped earlier today: pain 8/10 at 09:12."


class Opening:
    """What `run_app` (player.tui.run) opens after the first question is drawn: counted."""

    def __init__(self, clock: FakeClock) -> None:
        self.calls = 0
        self.recorder = MemoryRecorder()
        self.clock = clock

    def __call__(self) -> Dependencies:
        self.calls += 1
        # The journal's own answers would differ from the facts: the session must ask the
        # question decided from the facts, which the app puts in its place.
        return Dependencies(
            sound=RecordingSoundPlayer(),
            recorder=self.recorder,
            screened_today=True,
            today=Today(stop="the journal's own words"),
            wall=self.clock.wall,
        )


def _app(tmp_path: Path, text: str, facts: DayFacts, speed: float = 1.0):  # noqa: ANN202
    clock = FakeClock()
    opening = Opening(clock)
    loaded = write_routine(tmp_path, text)
    app = make_app(loaded, None, clock=clock, speed=speed, opening=opening, ahead=facts)
    return app, opening


async def test_the_question_is_up_before_the_session_is_built(tmp_path: Path) -> None:
    facts = DayFacts(Today(line="Earlier today: completed at 07:30"), screened=True)
    app, opening = _app(tmp_path, SHORT, facts)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        assert opening.calls == 0 and app.conductor is None
        await asyncio.sleep(BUILD_AFTER_SECONDS * 4)
        await pilot.pause()
        assert opening.calls == 1 and app.conductor is not None
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog)  # the same question, not asked again
        assert app.conductor.prompt is not None and app.conductor.prompt.when == "baseline"
        assert app.conductor.today == facts.today  # the facts, not the journal's answer
        await pilot.press("3", "enter")
        await pilot.pause()
        assert opening.recorder.data("checkin")[0]["pain"] == 3


async def test_an_answer_before_the_build_is_the_sessions_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build waits longer than the test can take to answer, however busy the machine.
    monkeypatch.setattr(playing, "BUILD_AFTER_SECONDS", 30.0)
    app, opening = _app(tmp_path, SHORT, DayFacts(NOTHING, screened=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert opening.calls == 0
        await pilot.press("4", "enter")  # at once, before the session is built
        await pilot.pause()
        assert opening.calls == 1
        assert opening.recorder.data("checkin")[0]["pain"] == 4
        assert app.conductor is not None and app.conductor.stage == "running"


async def test_a_stop_today_asks_start_anyway_first(tmp_path: Path) -> None:
    app, opening = _app(tmp_path, SHORT, DayFacts(Today(stop=STOP), screened=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStartDialog)
        assert opening.calls == 0
        await pilot.press("n")
        await pilot.pause()
        assert app.conductor is not None and app.conductor.stage == "done"
        assert opening.recorder.started is None  # not started: nothing kept


async def test_the_red_flag_questions_come_first_when_due(tmp_path: Path) -> None:
    daily = SHORT.replace("safety: {screen: never}", "safety: {screen: daily}")
    app, opening = _app(tmp_path, daily, DayFacts(NOTHING, screened=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionsDialog)
        await pilot.press("y")  # a yes to the first, before the build
        await pilot.pause()
        assert opening.calls == 1
        answers = opening.recorder.data("screen")[0]["answers"]
        assert list(answers.values()) == [True]


async def test_quitting_at_the_first_question_before_the_build_keeps_nothing(
    tmp_path: Path,
) -> None:
    app, opening = _app(tmp_path, SHORT, DayFacts(NOTHING, screened=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert opening.recorder.events == [] and opening.recorder.finished is None


ROUTINES = {
    screen: Routine.model_validate(
        {
            "name": "R",
            "description": "d",
            "safety": {"screen": screen, "stop_at": 6},
            "exercises": [{"name": "E", "duration": 10}],
        }
    )
    for screen in ("never", "daily", "always")
}
WORDS = st.one_of(st.none(), st.text(min_size=1, max_size=30))


@settings(max_examples=200, deadline=None)
@given(
    screen=st.sampled_from(sorted(ROUTINES)),
    line=WORDS,
    stop=WORDS,
    care=WORDS,
    screened=st.booleans(),
    speed=st.sampled_from([1.0, 1.5, 30.0]),
)
def test_the_question_asked_ahead_is_the_sessions_first(
    screen: str, line: str | None, stop: str | None, care: str | None, screened: bool, speed: float
) -> None:
    routine = ROUTINES[screen]
    today = Today(line, stop, care)
    c = Conductor(routine, Dependencies(today=today, screened_today=screened), speed=speed)
    c.start(0.0)
    assert c.prompt == first_question(routine, today, screened, speed)


async def test_ctrl_c_before_the_build_asks_as_it_does_after(tmp_path: Path) -> None:
    app, opening = _app(tmp_path, SHORT, DayFacts(NOTHING, screened=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert opening.calls == 0
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and opening.calls == 1
        assert type(app.screen).__name__ == "ConfirmQuitDialog"


async def test_after_start_anyway_the_journal_says_whether_the_red_flags_are_due(
    tmp_path: Path,
) -> None:
    """ "Start anyway?" was put up from a note that said the red-flag questions were answered
    today, and is answered after midnight, when the journal says they are not: they are asked,
    as without the note (whether they are due is asked of the journal at that answer)."""
    daily = SHORT.replace("safety: {screen: never}", "safety: {screen: daily}")
    clock = FakeClock()
    opening = Opening(clock)
    asked: list[str] = []

    def screened_today() -> bool:  # the journal, on the new day
        asked.append("journal")
        return False

    def journal() -> Dependencies:
        return opening()._replace(screened_today=screened_today)

    facts = DayFacts(Today(stop=STOP), screened=True)
    loaded = write_routine(tmp_path, daily)
    app = make_app(loaded, None, clock=clock, opening=journal, ahead=facts)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmStartDialog)
        await pilot.press("y")
        await pilot.pause()
        assert asked == ["journal"]
        assert isinstance(app.screen, QuestionsDialog)


class _NoTimer:
    """A `threading.Timer` that never starts: the watchdogs that end the process after a
    signal have no place in a test."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.daemon = True

    def start(self) -> None:
        pass


@pytest.fixture
def no_watchdogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handle a signal in the app without the timers that would end the test's process."""
    monkeypatch.setattr(threading, "Timer", _NoTimer)


@pytest.mark.usefixtures("no_watchdogs")
async def test_a_note_typed_at_the_first_question_is_kept_when_a_signal_comes_before_the_build(
    tmp_path: Path,
) -> None:
    """A note typed (or pasted) at the first question, and the terminal closed before the
    session was built: the note is kept with the interrupted session, as it was when the
    session was built before its first question."""
    app, opening = _app(tmp_path, SHORT, DayFacts(NOTHING, screened=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog) and opening.calls == 0
        dialog.query_one("#checkin-note", Input).value = "knee sore"
        app._signalled(signal.SIGTERM)  # noqa: SLF001 - as the signal watch calls it
        await pilot.pause()
    assert opening.calls == 1
    notes = [e["text"] for e in opening.recorder.data("note")]
    assert notes == ["knee sore"]


@pytest.mark.usefixtures("no_watchdogs")
async def test_a_signal_with_keys_still_untaken_ends_the_app_with_them_and_its_status(
    tmp_path: Path,
) -> None:
    """A signal comes as keys typed just before it are still on their way: it is handled from
    the event loop, outside the app's own context (as the signal watch calls it), waits for
    them, keeps the note they typed with the interrupted session, and ends hep with the
    signal's status (not the session's own, when its screen closes after)."""
    app, opening = _app(tmp_path, SHORT, DayFacts(NOTHING, screened=True))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckinDialog) and dialog.note_ready
        burst(app, "tab", "a", "b", "c")
        for _ in range(1000):  # until the app has them: handed on one by one from there
            if app._keys_untaken():  # noqa: SLF001
                break
            await asyncio.sleep(0)
        assert app._keys_untaken()  # noqa: SLF001 - the signal comes with keys on their way
        loop = asyncio.get_running_loop()
        signalled = threading.Thread(
            target=loop.call_soon_threadsafe,
            args=(app._signalled, signal.SIGTERM),  # noqa: SLF001 - as the signal watch calls it
        )
        signalled.start()
        signalled.join()
        await ended(pilot)
    assert app.return_value == 128 + signal.SIGTERM
    assert [e["text"] for e in opening.recorder.data("note")] == ["abc"]
