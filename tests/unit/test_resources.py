"""Shared session set-up: the journal and sound for both faces, the daily screen, signals."""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.conductor.resources import STOP_SIGNALS, session_resources, stop_signals
from player.journal import Journal, figures
from player.journal.record.background import BackgroundRecorder
from player.journal.record.screening import screened_today
from player.routine.models import Routine
from player.session.kept import SessionStart
from player.session.safety import CheckinAnswer
from tests.doubles import RecordingSoundPlayer
from tests.journal_sample import ALL_NO

ROUTINE = Routine.model_validate(
    {
        "name": "Short",
        "description": "d",
        "safety": {"screen": "daily"},
        "exercises": [{"name": "Calves", "duration": 10}],
    }
)


def _screen(journal: Journal, answers: dict[str, bool]) -> None:
    session = journal.start_session(
        SessionStart(
            routine_name="Short",
            routine_path=None,
            routine_hash="h",
            preview=False,
            speed=1.0,
            planned_seconds=10.0,
            plan=[],
        ),
    )
    journal.record(session, "screen", 0.0, {"answers": answers})


def test_screened_today_needs_an_all_no_screen_from_today(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    assert not screened_today(journal)
    _screen(journal, {**ALL_NO, "saddle_numbness": True})
    assert not screened_today(journal), "a yes answer is no clearance"
    _screen(journal, ALL_NO)
    assert screened_today(journal)
    assert not screened_today(journal, now=datetime.now() + timedelta(days=1))
    journal.close()


def test_a_red_flag_later_the_same_day_takes_the_clearance_back(tmp_path: Path) -> None:
    # A yes means no exercise today: a screen asked again (a routine that screens every time,
    # a journal that could not tell) and answered yes outweighs the morning's all-no.
    journal = Journal.open(tmp_path / "j.sqlite3")
    _screen(journal, ALL_NO)
    assert screened_today(journal)
    _screen(journal, {**ALL_NO, "saddle_numbness": True})
    assert not screened_today(journal)
    journal.close()


def test_daily_screen_is_asked_once_a_day_through_the_shared_set_up(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    prompts = []
    for _ in range(2):
        with session_resources(journal_path=path, sound=RecordingSoundPlayer()) as res:
            c = Conductor(
                ROUTINE,
                Dependencies(
                    sound=res.sound, recorder=res.recorder, screened_today=res.screened_today
                ),
            )
            c.start(0.0)
            assert c.prompt is not None
            prompts.append(c.prompt.kind)
            while c.prompt is not None and c.prompt.kind == "yes_no":
                c.answer_yes_no(1.0, False)
            c.answer_pain(2.0, CheckinAnswer(1))
            c.quit(3.0)
    assert prompts == ["yes_no", "pain"]


def test_an_unopenable_journal_does_not_stop_the_session(tmp_path: Path) -> None:
    bad = tmp_path / "j.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    with session_resources(journal_path=bad, sound=RecordingSoundPlayer()) as res:
        c = Conductor(ROUTINE, Dependencies(sound=res.sound, recorder=res.recorder))
        notices = c.start(0.0)
        # The journal hears of the session with its first answer; it is written on a thread,
        # so its problem comes in later.
        while c.prompt is not None and c.prompt.kind == "yes_no":
            notices += c.answer_yes_no(0.5, False)
        notices += c.answer_pain(0.5, CheckinAnswer(1))
        res.recorder.flush()
        notices += c.tick(1.0) + c.tick(2.0)
    problems = [n.text for n in notices if n.kind == "problem"]
    assert len(problems) == 1 and "damaged" in problems[0] and "\n" not in problems[0]
    assert bad.read_bytes() == b"this is not a database" * 100


def test_given_sound_and_recorder_are_used_and_not_closed(tmp_path: Path) -> None:
    sound = RecordingSoundPlayer()
    with session_resources(sound=sound, journal_path=tmp_path / "j.sqlite3") as res:
        assert res.sound is sound
    assert not sound.closed


def test_mute_and_audibility_go_through_the_conductor() -> None:
    sound = RecordingSoundPlayer()
    c = Conductor(ROUTINE, Dependencies(sound=sound))
    assert c.audible and not c.muted
    c.set_muted(True)
    assert sound.muted and c.muted and not c.audible
    assert not Conductor(ROUTINE).audible, "no sound player: cues must show on screen"


def test_highest_includes_the_baseline_and_last_checkin_does_not() -> None:
    c = Conductor(ROUTINE, Dependencies(screened_today=True))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(3))
    highest = figures.pain(c.record().events).highest
    assert (highest, c.last_checkin) == (3, None)


def test_stop_signals_call_the_handler_and_restore() -> None:
    got: list[int] = []
    before = signal.getsignal(signal.SIGTERM)
    with stop_signals(got.append):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
    assert got == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is before
    hangup = getattr(signal, "SIGHUP", None)
    assert set(STOP_SIGNALS) == {signal.SIGTERM} | ({hangup} if hangup is not None else set())


def test_a_journal_opened_ahead_is_the_sessions_and_closes_with_it(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _screen(journal, ALL_NO)
    early = BackgroundRecorder(path)
    early.read_ahead()
    with session_resources(journal=early, sound=RecordingSoundPlayer()) as res:
        assert res.recorder is early
        c = Conductor(ROUTINE, res)
        c.start(0.0)
        assert c.prompt is not None and c.prompt.kind == "pain"  # screened earlier today
    assert early.flush(0)  # closed: its thread has ended
