"""A session that began before midnight and stopped after it stopped today: the next session
today names it and asks before starting."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from player import localday
from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.record.today import NOTHING, earlier_today
from player.routine.models import Routine
from player.session.safety import CheckinAnswer

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "defaults": {"get_ready": 0, "rest_between_exercises": 0},
        "safety": {"screen": "never"},
        "exercises": [{"name": "Bird dog", "duration": 20}],
    }
)


def _stopped_session(path: Path, started: datetime, ended: datetime) -> None:
    with Journal.open(path) as journal:
        c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)))
        c.start(0.0)
        c.answer_pain(0.0, CheckinAnswer(2))
        c.tick(10.0)
        c.stop(10.0)
        c.answer_pain(10.0, CheckinAnswer(5, ("spreading",)))
    stamp = "%Y-%m-%dT%H:%M:%S.000Z"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE sessions SET started_at = ?, ended_at = ?",
            (started.astimezone(UTC).strftime(stamp), ended.astimezone(UTC).strftime(stamp)),
        )


def _midnight() -> datetime:
    return localday.midnight(localday.today()).astimezone()


def test_a_stop_just_after_midnight_in_a_session_begun_before_it_is_today(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    midnight = _midnight()
    _stopped_session(path, midnight - timedelta(minutes=10), midnight + timedelta(minutes=5))
    with Journal.open(path) as journal:
        today = earlier_today(journal, now=midnight + timedelta(minutes=30))
    assert today.stop is not None
    assert today.line is not None and "pain spreading down the leg" in today.line


def test_a_stop_before_midnight_is_yesterday(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    midnight = _midnight()
    _stopped_session(path, midnight - timedelta(minutes=30), midnight - timedelta(minutes=5))
    with Journal.open(path) as journal:
        assert earlier_today(journal, now=midnight + timedelta(minutes=30)) == NOTHING
