"""A session whose process was killed at the red-flag questions after a yes is found later as the
red-flag stop leaving would have kept (the same outcome, reason and verdict as a quit there),
wherever it is found unfinished: at the journal's opening, in a recovery file, by the next start
the same day. Noes only, or a kill later in the session, stay interrupted; a hand-edited
screen row never stops a command."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.record.background import BackgroundRecorder
from player.journal.record.today import earlier_today
from player.journal.records import format_utc, utc_now
from player.journal.review.query import get_session, list_sessions
from player.journal.store import recovery
from player.journal.store.store import INTERRUPTED_REASON
from player.session.kept import SessionStart
from player.session.outcomes import counts_as_session
from player.session.questions import RED_FLAG_QUESTIONS
from player.session.safety import CheckinAnswer, judge_screen, screen_stop
from tests.journal_sample import gone_pid
from tests.screened import SCREENED, screened_session


def _writer_gone(path: Path) -> None:
    """Every running session's writer is a process that has ended (as after kill -9)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ? WHERE outcome = 'running'", (gone_pid(),))
    conn.close()


def _killed(path: Path, answers: list[bool], *, then: str = "") -> None:
    """Answer the red-flag questions with `answers` (and, with `then`, go on into the session),
    then leave the session running, its writer gone: nothing closes it."""
    journal = Journal.open(path)
    c = screened_session(journal)
    for yes in answers:
        c.answer_yes_no(1.0, yes)
    if then == "exercise":
        c.answer_pain(2.0, CheckinAnswer(2))
        c.tick(12.0)  # into the exercise
        assert c.stage == "running"
    journal.close()
    _writer_gone(path)


def _row(path: Path) -> dict[str, Any]:
    with Journal.open(path) as journal:
        rows = journal.query("SELECT outcome, reason FROM sessions")
    assert len(rows) == 1, rows
    return dict(rows[0])


def _verdicts(path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT data FROM events WHERE kind = 'verdict' ORDER BY id")
        return [json.loads(row[0]) for row in rows]
    finally:
        conn.close()


def _quit(path: Path, answers: list[bool]) -> None:
    with Journal.open(path) as journal:
        c = screened_session(journal)
        for yes in answers:
            c.answer_yes_no(1.0, yes)
        c.quit(2.0)


@pytest.mark.parametrize("question", range(len(RED_FLAG_QUESTIONS)))
def test_a_kill_after_a_yes_keeps_what_quitting_there_keeps(tmp_path: Path, question: int) -> None:
    """Each question, whatever its urgency: killed and quit keep the same stop."""
    answers = [False] * question + [True]
    killed, left = tmp_path / "killed.sqlite3", tmp_path / "quit.sqlite3"
    _killed(killed, answers)
    _quit(left, answers)
    found, quit_ = _row(killed), _row(left)
    assert found["outcome"] == "stopped_red_flag", found
    assert found == quit_
    asked = RED_FLAG_QUESTIONS[question]
    assert found["reason"] == f"Stopped at the red-flag questions: {asked.short}."
    verdict = judge_screen({asked.id: True})
    assert _verdicts(killed) == _verdicts(left) == [verdict.journal_data("stopped_red_flag")]
    with Journal.open(killed) as journal:
        (session,) = list_sessions(journal)
        assert not counts_as_session(session.outcome, session.exercises_worked)


def test_a_yes_then_noes_then_a_kill_is_the_stop_for_that_yes(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False, False, False, True, False, False])  # a fall: see a clinician first
    found = _row(path)
    assert found == {
        "outcome": "stopped_red_flag",
        "reason": "Stopped at the red-flag questions: pain after a serious fall or accident.",
    }


@pytest.mark.parametrize("noes", [1, 3, len(RED_FLAG_QUESTIONS)])
def test_noes_then_a_kill_stay_interrupted(tmp_path: Path, noes: int) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False] * noes)
    assert _row(path) == {"outcome": "interrupted", "reason": INTERRUPTED_REASON}
    assert _verdicts(path) == []


def test_a_kill_in_the_exercise_after_all_noes_stays_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False] * len(RED_FLAG_QUESTIONS), then="exercise")
    assert _row(path) == {"outcome": "interrupted", "reason": INTERRUPTED_REASON}
    assert all(v["stops"] is False for v in _verdicts(path))


def test_a_kill_before_any_answer_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [])
    with Journal.open(path) as journal:
        assert list_sessions(journal) == []


def test_the_next_start_the_same_day_asks_first_with_the_stops_reason(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [True])
    with Journal.open(path) as journal:
        today = earlier_today(journal)
        c = Conductor(
            SCREENED,
            Dependencies(recorder=SessionRecorder(journal), today=lambda: earlier_today(journal)),
        )
        c.start(0.0)
    assert today.stop is not None
    assert "red-flag questions stopped a session" in today.stop
    assert "(numbness around the genitals or bottom)" in today.stop
    assert c.stage == "confirm" and c.prompt is not None
    assert c.prompt.text == "Start anyway? (y or n)"
    assert c.prompt.context == today.stop


def test_a_recovery_file_of_a_killed_process_after_a_yes_is_kept_as_the_stop(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "journal.sqlite3"
    Journal.open(journal).close()
    start = SessionStart("Core", None, "h", False, 1.0, 20.0, [], "2026-01-02T03:04:05.000Z")
    one = recovery.Kept(start)
    wall = "2026-01-02T03:04:09.000Z"
    one.events.append(("screen", 0.0, {"answers": {"saddle_numbness": False}}, wall))
    one.events.append(("screen", 0.0, {"answers": {"saddle_numbness": False, "fever": True}}, wall))
    lines = recovery.encode([one]).decode().splitlines()
    pid = gone_pid()
    header = {**json.loads(lines[0]), "pid": pid, "token": None}
    recovery.path_for(journal, pid).write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    assert _row(journal) == {
        "outcome": "stopped_red_flag",
        "reason": "Stopped at the red-flag questions: a fever.",
    }


@pytest.mark.parametrize(
    "data",
    [
        "not json {",
        "[1, 2]",
        '{"answers": "yes"}',
        '{"answers": ["saddle_numbness"]}',
        '{"answers": {"no_such_question": true}}',
        '{"answers": {"fever": "yes", "fall": 1}}',
        '{"no_answers": true}',
    ],
)
def test_a_hand_edited_screen_row_never_stops_a_command(tmp_path: Path, data: str) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE events SET data = ? WHERE kind = 'screen'", (data,))
    conn.close()
    with Journal.open(path) as journal:
        (session,) = list_sessions(journal)
        assert session.outcome == "interrupted"
        detail = get_session(journal, session.id)
        assert detail is not None
        assert len(journal.skipped) <= 1, journal.skipped


def test_a_hand_edited_answer_row_of_an_unfinished_session_never_stops_the_opening(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False] * len(RED_FLAG_QUESTIONS), then="exercise")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE events SET data = 'pain: 2' WHERE kind = 'checkin'")
    conn.close()
    with Journal.open(path) as journal:
        (session,) = list_sessions(journal)
        assert session.outcome == "interrupted"


@pytest.mark.parametrize(
    ("answers", "stops"),
    [
        ({}, False),
        ({q.id: False for q in RED_FLAG_QUESTIONS}, False),
        ({"fever": True}, True),
        ({"saddle_numbness": True, "fever": False}, True),
        ({"no_such_question": True}, False),
        ({"fever": "yes"}, False),
        ({"fever": 1}, False),
        ("fever", False),
        (None, False),
    ],
)
def test_the_stop_after_a_yes_is_judge_screens_own(answers: Any, stops: bool) -> None:
    found = screen_stop(answers)
    assert (found is not None) == stops
    if found is not None:
        assert found == judge_screen(answers)


def test_a_kill_after_the_stop_was_written_keeps_it_once(tmp_path: Path) -> None:
    """Killed between the red-flag verdict and the session's end: the verdict is not written
    twice."""
    path = tmp_path / "j.sqlite3"
    answers = {q.id: q.id == "weight_loss" for q in RED_FLAG_QUESTIONS}
    verdict = judge_screen(answers)
    with Journal.open(path) as journal:
        session = journal.start_session(SessionStart("Core", None, "h", False, 1.0, 20.0, []))
        journal.record(session, "screen", 0.0, {"answers": answers})
        journal.record(session, "verdict", 0.0, verdict.journal_data())
    _writer_gone(path)
    assert _row(path) == {
        "outcome": "stopped_red_flag",
        "reason": "Stopped at the red-flag questions: unexplained weight loss.",
    }
    assert _verdicts(path) == [verdict.journal_data()]


@contextmanager
def _held(path: Path) -> Iterator[None]:
    """Another program holds the journal's write lock for the block."""
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


def test_the_next_start_while_another_program_holds_the_journal_still_asks_first(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    _killed(path, [False, True])
    with _held(path):
        recorder = BackgroundRecorder(path)
        today = recorder.earlier_today()
        recorder.close()
        assert _raw_outcomes(path) == ["running"]  # the copy read changed nothing
    assert today.stop is not None and "red-flag questions stopped a session" in today.stop
    assert "(new bladder or bowel trouble)" in today.stop
    assert today.care is not None and "emergency department" in today.care
    assert _row(path)["outcome"] == "stopped_red_flag"


def test_a_stop_kept_only_in_a_recovery_file_asks_first_while_the_journal_is_held(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "journal.sqlite3"
    Journal.open(journal).close()
    now = format_utc(utc_now())
    one = recovery.Kept(SessionStart("Core", None, "h", False, 1.0, 20.0, [], now))
    one.events.append(("screen", 0.0, {"answers": {"saddle_numbness": False, "fever": True}}, now))
    lines = recovery.encode([one]).decode().splitlines()
    pid = gone_pid()
    header = {**json.loads(lines[0]), "pid": pid, "token": None}
    kept = recovery.path_for(journal, pid)
    kept.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    with _held(journal):
        recorder = BackgroundRecorder(journal)
        today = recorder.earlier_today()
        recorder.close()
    assert kept.exists()  # merged by the journal's next opening, not by the read
    assert today.stop is not None and "(a fever)" in today.stop
    assert today.care is not None and "doctor or therapist" in today.care


def _raw_outcomes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT outcome FROM sessions ORDER BY id")]
    finally:
        conn.close()
