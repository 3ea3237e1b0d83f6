"""The end-of-session summary: one set of facts that the app's screen and the plain player share."""

from __future__ import annotations

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.routine.models import Routine
from player.session.safety import CheckinAnswer
from tests.recording import MemoryRecorder


def routine() -> Routine:
    return Routine.model_validate(
        {
            "name": "Test",
            "description": "A test routine.",
            "defaults": {"get_ready": 5, "rest_between_exercises": 10},
            "safety": {"screen": "never"},
            "exercises": [
                {"name": "Calves", "duration": 30},
                {"name": "Bridge", "reps": 2, "hold": 10},
            ],
        }
    )


def quit_after_the_first_exercise() -> Conductor:
    c = Conductor(routine(), Dependencies(recorder=MemoryRecorder()))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(40.0)
    c.answer_pain(41.0, CheckinAnswer(3, note="calves tight"))
    c.quit(45.0)
    return c


def test_the_summary_has_the_session_figures() -> None:
    summary = quit_after_the_first_exercise().summary()
    assert summary.outcome == "quit" and summary.stepped
    assert summary.heading == "Test: 1 of 2 exercises done, 1 not reached"
    times = dict(summary.times)
    # 45 s on the clock, 6 of them answering the check-in after Calves.
    assert times["active time"].startswith("39s ") and times["answering"] == "6s"
    assert (summary.pain.baseline, summary.pain.highest, summary.pain.final) == (2, 3, None)
    assert [text for _, text in (n.split(": ", 1) for n in summary.note_lines())] == [
        "calves tight"
    ]
    assert summary.closing is None


def test_both_faces_read_the_same_facts() -> None:
    summary = quit_after_the_first_exercise().summary()
    facts = dict(summary.facts())
    lines = summary.lines()
    assert facts["Outcome"] == "Quit"
    # How it ended is shown by both, in the same words.
    assert summary.ending and facts["How it ended"] == summary.ending
    assert f"How it ended: {summary.ending}" in lines
    # The times and pain figures are the same numbers in both.
    assert facts["Active time"] in lines[2]
    assert lines[3] == "Pain 2/10 before, 3/10 highest, - at the end."
    assert (facts["Pain before"], facts["Highest"], facts["At the end"]) == ("2/10", "3/10", "-")


def test_a_completed_session_has_no_ending_and_keeps_its_closing_words() -> None:
    c = Conductor(routine(), Dependencies(recorder=MemoryRecorder()))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    for now in range(1, 400):
        c.tick(float(now))
        if c.prompt is not None:
            c.answer_pain(float(now), CheckinAnswer(1))
        if c.stage == "done":
            break
    summary = c.summary()
    assert summary.outcome == "completed"
    assert summary.ending is None and "How it ended" not in dict(summary.facts())
    assert summary.closing is not None and summary.closing == " ".join(c.message)
    assert not any(line.startswith("How it ended") for line in summary.lines())


def test_the_journal_starts_the_session_when_the_summary_does() -> None:
    """A slow first answer: the journal's start to end is the summary's, not from the answer."""
    from datetime import UTC, datetime, timedelta

    from player.journal.records import format_utc

    now = [datetime(2025, 3, 3, 7, 30, tzinfo=UTC)]
    recorder = MemoryRecorder()
    c = Conductor(routine(), Dependencies(recorder=recorder, wall=lambda: now[0]))
    c.start(0.0)
    now[0] += timedelta(seconds=40)  # the first question waits 40 s for its answer
    c.answer_pain(0.0, CheckinAnswer(2))
    c.quit(1.0)
    assert recorder.started is not None
    assert recorder.started.started_at == format_utc(c.record().summary.started_at)
