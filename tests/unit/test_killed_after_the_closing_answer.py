"""The closing pain answer is the session's end: a process killed after it, before the session's
end was written (at the note question that follows it at a terminal, or in the moment before
the end is written), is found later as leaving there keeps it: played through (completed, or
nothing done when every exercise was skipped), with the closing pain, never as interrupted."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from player.conductor.core import NOTE_QUESTION, Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.routine.models import Routine
from player.session.kept import SessionEnd
from player.session.safety import CheckinAnswer
from tests.journal_sample import gone_pid

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "defaults": {"get_ready": 5, "rest_between_exercises": 10, "checkin": "none"},
        "safety": {"screen": "never"},
        "exercises": [{"name": "Bird dog", "duration": 20}, {"name": "Dead bug", "duration": 20}],
    }
)


class _KilledBeforeTheEnd(SessionRecorder):
    """The journal's recorder, with the process killed just before the session's end is written."""

    def finish(self, end: SessionEnd) -> bool:
        return True


def _at_the_closing_question(journal: Journal, *, skip_all: bool = False) -> Conductor:
    c = Conductor(ROUTINE, Dependencies(recorder=_KilledBeforeTheEnd(journal)))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2))  # the baseline
    at = 2.0
    while skip_all and c.stage == "running":  # each exercise, and the rest between them
        c.skip_exercise(at)
        at += 1.0
    c.tick(70.0)
    assert c.stage == "final" and c.prompt is not None and c.prompt.when == "final"
    return c


def _found(path: Path) -> dict[str, Any]:
    """The session as the next opening of the journal finds it, its writer gone."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ? WHERE outcome = 'running'", (gone_pid(),))
    conn.close()
    with Journal.open(path) as journal:
        rows = journal.query("SELECT outcome, reason, final_pain, highest_pain FROM sessions")
    assert len(rows) == 1, rows
    return dict(rows[0])


@pytest.mark.parametrize("skip_all", [False, True], ids=["worked", "every-exercise-skipped"])
def test_a_kill_at_the_note_question_after_the_closing_answer_keeps_the_session_played_through(
    tmp_path: Path, skip_all: bool
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = _at_the_closing_question(journal, skip_all=skip_all)
    asked = c.answer_pain(71.0, CheckinAnswer(4), note_follows=True)
    assert [(n.kind, n.text) for n in asked] == [("ask", NOTE_QUESTION)]
    assert c.stage == "final" and c.outcome is None  # killed here, at the note question
    journal.close()
    found = _found(path)
    expected = "nothing_done" if skip_all else "completed"
    assert found == {"outcome": expected, "reason": None, "final_pain": 4, "highest_pain": 4}


@pytest.mark.parametrize("leave", ["interrupt", "quit", "decline"])
def test_a_kill_there_keeps_what_leaving_there_keeps(tmp_path: Path, leave: str) -> None:
    """Ctrl+C, a closed terminal or `quit` at that note question keep the session as the
    conductor closes it; a kill there keeps the same."""
    left = tmp_path / "left.sqlite3"
    journal = Journal.open(left)
    c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2))
    c.tick(70.0)
    c.answer_pain(71.0, CheckinAnswer(4), note_follows=True)
    getattr(c, leave)(72.0)
    journal.close()
    with Journal.open(left) as journal:
        (kept,) = journal.query("SELECT outcome, reason, final_pain FROM sessions")
    killed = tmp_path / "killed.sqlite3"
    journal = Journal.open(killed)
    _at_the_closing_question(journal).answer_pain(71.0, CheckinAnswer(4), note_follows=True)
    journal.close()
    found = _found(killed)
    assert (kept["outcome"], kept["reason"], kept["final_pain"]) == ("completed", None, 4)
    assert (found["outcome"], found["reason"], found["final_pain"]) == ("completed", None, 4)


def test_a_kill_after_the_closing_answer_before_its_end_is_written_keeps_it_completed(
    tmp_path: Path,
) -> None:
    """A face that takes the note with the answer (the app) closes the session at once: killed
    before the end reaches the journal, it is found completed all the same."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = _at_the_closing_question(journal)
    c.answer_pain(71.0, CheckinAnswer(3, note="stiff"))
    assert c.stage == "done" and c.outcome == "completed"
    journal.close()
    assert _found(path)["outcome"] == "completed"


def test_a_kill_at_the_closing_question_before_its_answer_stays_interrupted(
    tmp_path: Path,
) -> None:
    """Without the pain at the end the session does not count, as leaving there keeps it."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    _at_the_closing_question(journal)
    journal.close()
    found = _found(path)
    assert (found["outcome"], found["final_pain"]) == ("interrupted", None)


CHECKED = Routine.model_validate(
    ROUTINE.model_dump() | {"defaults": {"get_ready": 5, "checkin": "after_exercise"}}
)
"""The routine with a check-in after each exercise: the last one ends the session."""


def _at_the_last_check_in(journal: Journal) -> Conductor:
    c = Conductor(CHECKED, Dependencies(recorder=_KilledBeforeTheEnd(journal)))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2))
    c.tick(30.0)
    c.answer_pain(31.0, CheckinAnswer(3))
    c.tick(80.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise", c.prompt
    return c


@pytest.mark.parametrize(("pain", "found"), [(3, "completed"), (8, "stopped_pain")])
def test_a_kill_at_the_note_question_after_the_last_check_in_keeps_what_it_ends_with(
    tmp_path: Path, pain: int, found: str
) -> None:
    """A session that ends with its last check-in asks no closing question after it: that
    answer is the closing one, and a kill at its note question keeps the session played
    through (or the stop it makes, over the limits), with that pain at the end."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = _at_the_last_check_in(journal)
    asked = c.answer_pain(81.0, CheckinAnswer(pain), note_follows=True)
    assert [(n.kind, n.text) for n in asked] == [("ask", NOTE_QUESTION)]
    journal.close()
    row = _found(path)
    assert (row["outcome"], row["final_pain"]) == (found, pain), row


def test_the_last_check_in_answered_with_its_note_then_killed_before_the_end_is_completed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = _at_the_last_check_in(journal)
    c.answer_pain(81.0, CheckinAnswer(3, note="fine"))
    assert c.stage == "done" and c.outcome == "completed"
    journal.close()
    row = _found(path)
    assert (row["outcome"], row["final_pain"], row["highest_pain"]) == ("completed", 3, 3), row
