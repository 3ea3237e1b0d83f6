"""A session whose process was killed after a pain rule stopped it, before its end was written,
is found later as the stop it was (the same outcome as leaving would have kept), not as an
interrupted session the program would not see: a session stopped for pain holds the program
whether or not the end reached the journal. A stop with the stop key keeps its own outcome
(pain or the user's choice), as the conductor judged it with the routine's limits."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.record.today import earlier_today
from player.routine.models import Routine
from player.session.safety import CheckinAnswer
from tests.journal_sample import gone_pid

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "safety": {"stop_at": 7, "max_rise": 2, "stop_on": ["spreading"], "screen": "never"},
        "exercises": [
            {"name": "Bird dog", "duration": 20, "sets": 2, "rest": 5},
            {"name": "Dead bug", "duration": 20},
        ],
    }
)


class _KilledBeforeTheEnd(SessionRecorder):
    """The journal's recorder, with the process killed just before the session's end is written."""

    def finish(self, end: Any) -> bool:
        return True


def _killed(path: Path, answers: list[CheckinAnswer], *, stop_key: bool = False) -> Conductor:
    journal = Journal.open(path)
    c = Conductor(ROUTINE, Dependencies(recorder=_KilledBeforeTheEnd(journal)))
    c.start(0.0)
    c.answer_pain(1.0, answers[0])  # the baseline
    c.tick(60.0)  # through both sets, to the check-in
    if stop_key:
        c.stop(61.0)
    for answer in answers[1:]:
        if c.prompt is None or c.prompt.kind != "pain":
            break
        c.answer_pain(62.0, answer)
    assert c.stage == "done", c.stage
    journal.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ? WHERE outcome = 'running'", (gone_pid(),))
    conn.close()
    return c


def _found(path: Path) -> dict[str, Any]:
    with Journal.open(path) as journal:
        rows = journal.query("SELECT outcome, reason FROM sessions")
    assert len(rows) == 1, rows
    return dict(rows[0])


@pytest.mark.parametrize(
    "answers",
    [
        [CheckinAnswer(2), CheckinAnswer(7)],  # at the stop level
        [CheckinAnswer(2), CheckinAnswer(5)],  # a rise over the baseline above max_rise
        [CheckinAnswer(2), CheckinAnswer(3, ("spreading",))],  # a flag the routine stops on
    ],
)
def test_a_session_killed_after_a_pain_stop_is_found_stopped_for_pain(
    tmp_path: Path, answers: list[CheckinAnswer]
) -> None:
    path = tmp_path / "journal.sqlite3"
    c = _killed(path, answers)
    assert c.outcome == "stopped_pain"
    row = _found(path)
    assert row["outcome"] == "stopped_pain"
    assert row["reason"] and "Stopped" in row["reason"], row


def test_a_session_killed_after_the_stop_key_with_pain_over_the_limit_is_a_pain_stop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    c = _killed(path, [CheckinAnswer(2), CheckinAnswer(8)], stop_key=True)
    assert c.outcome == "stopped_pain"
    assert _found(path)["outcome"] == "stopped_pain"


def test_a_session_killed_after_the_stop_key_by_choice_is_the_users_stop(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    c = _killed(path, [CheckinAnswer(2), CheckinAnswer(2)], stop_key=True)
    assert c.outcome == "stopped_user"
    assert _found(path)["outcome"] == "stopped_user"


def test_a_session_killed_after_a_check_in_within_the_limits_stays_interrupted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2))
    c.tick(60.0)
    c.answer_pain(62.0, CheckinAnswer(3))
    assert c.stage == "running"
    journal.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ? WHERE outcome = 'running'", (gone_pid(),))
    conn.close()
    assert _found(path)["outcome"] == "interrupted"


def test_the_next_start_the_same_day_asks_start_anyway_after_a_killed_pain_stop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    _killed(path, [CheckinAnswer(2), CheckinAnswer(8)])
    with Journal.open(path) as journal:
        today = earlier_today(journal)
        c = Conductor(
            ROUTINE,
            Dependencies(recorder=SessionRecorder(journal), today=lambda: earlier_today(journal)),
        )
        c.start(0.0)
    assert today.stop is not None and "a session stopped at 8/10" in today.stop, today.stop
    assert c.stage == "confirm" and c.prompt is not None
    assert c.prompt.text == "Start anyway? (y or n)"
