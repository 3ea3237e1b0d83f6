"""A face that asks for the note after the pain answer (the plain player at a terminal) hands the
answer over at once: it is in the journal before the note question, so a process killed there
keeps it (an answer over the limits is found as the stop it was), and the note that follows is
kept with that check-in. Leaving at the note question keeps the answer, as given."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from player.conductor.core import NOTE_QUESTION, Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder, figures
from player.routine.models import Routine
from player.session.safety import CheckinAnswer
from tests.journal_sample import gone_pid
from tests.recording import MemoryRecorder

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "defaults": {"get_ready": 5, "rest_between_exercises": 10},
        "safety": {"screen": "never"},
        "exercises": [{"name": "Bird dog", "duration": 20}, {"name": "Dead bug", "duration": 20}],
    }
)
WHERE = ("when", "exercise", "exercise_index", "set", "side", "step")


def _at_the_check_in(recorder: MemoryRecorder | SessionRecorder) -> Conductor:
    c = Conductor(ROUTINE, Dependencies(recorder=recorder))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2), note_follows=True)
    assert c.prompt is not None and c.prompt.kind == "note"
    c.add_note(2.0, "")
    c.tick(40.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    return c


@pytest.mark.parametrize(("pain", "found"), [(8, "stopped_pain"), (3, "interrupted")])
def test_an_answer_is_in_the_journal_before_its_note_question(
    tmp_path: Path, pain: int, found: str
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    c = _at_the_check_in(SessionRecorder(journal))
    asked = c.answer_pain(41.0, CheckinAnswer(pain), note_follows=True)
    assert [(n.kind, n.text) for n in asked] == [("ask", NOTE_QUESTION)]
    assert c.stage == "running" and c.outcome is None  # nothing said of a stop yet
    journal.close()  # killed at the note question
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ?", (gone_pid(),))
    conn.close()
    with Journal.open(path) as journal:
        (row,) = journal.query("SELECT outcome, highest_pain FROM sessions")
    assert (row["outcome"], row["highest_pain"]) == (found, pain)


def test_the_note_that_follows_is_kept_with_its_check_in_then_the_stop_is_said() -> None:
    recorder = MemoryRecorder()
    c = _at_the_check_in(recorder)
    c.answer_pain(41.0, CheckinAnswer(8), note_follows=True)
    assert recorder.data("checkin")[-1]["pain"] == 8 and recorder.finished is None
    out = c.add_note(60.0, "knee gave way")
    assert [n.kind for n in out if n.kind == "stop"] == ["stop"]
    assert c.outcome == "stopped_pain" and recorder.finished is not None
    checkin, note = recorder.data("checkin")[-1], recorder.data("note")[-1]
    assert note["text"] == "knee gave way"
    assert {k: note[k] for k in WHERE} == {k: checkin[k] for k in WHERE}


def test_time_at_the_note_question_is_answering_time() -> None:
    c = _at_the_check_in(MemoryRecorder())
    c.answer_pain(41.0, CheckinAnswer(3), note_follows=True)
    c.add_note(50.0, "")  # nine seconds at the note question, no note
    assert c.prompt is None and c.stage == "running"
    # The session's clock started at 2 (the baseline's note); its 25 s of work ended at 27: from
    # there to the answer at 41 and on to the end of the note question at 50.
    assert figures.answer_seconds(c.log.events) == pytest.approx(23.0)


@pytest.mark.parametrize("leave", ["quit", "decline", "interrupt", "stop"])
def test_leaving_at_the_note_question_keeps_the_answer_as_given(leave: str) -> None:
    recorder = MemoryRecorder()
    c = _at_the_check_in(recorder)
    c.answer_pain(41.0, CheckinAnswer(8), note_follows=True)
    getattr(c, leave)(45.0)
    assert c.outcome == "stopped_pain" and c.stage == "done"
    assert recorder.finished is not None and recorder.finished.outcome == "stopped_pain"
    assert [d["pain"] for d in recorder.data("checkin")] == [2, 8]


def test_time_at_the_note_question_of_the_last_check_in_is_answering_time() -> None:
    c = _at_the_check_in(MemoryRecorder())
    c.answer_pain(41.0, CheckinAnswer(3), note_follows=True)
    c.add_note(41.0, "")
    c.tick(80.0)  # through the rest and the second exercise, to its check-in
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    before = figures.answer_seconds(c.log.events)
    c.answer_pain(81.0, CheckinAnswer(3), note_follows=True)
    c.add_note(90.0, "fine")  # the last check-in closes the session
    assert c.outcome == "completed"
    # From the end of the work to the end of its note question: all answering, none active.
    events = c.log.events
    work_end = max(e.clock for e in events if e.kind == "exercise_done")
    assert figures.answer_seconds(events) == pytest.approx(before + 90.0 - 2.0 - work_end)
