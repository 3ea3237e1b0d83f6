"""Each answer to the red-flag questions is in the journal as it is given: the session starts there
at the first answer, so a process killed after a yes still has the yes; an unfinished screen is
never a clearance for the day, and `journal show` says what was answered and how urgent a yes is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from player.conductor.core import NOTHING_KEPT
from player.journal import Journal
from player.journal.record.screening import screened_today
from player.journal.reports.report import show_lines
from player.journal.review.query import list_sessions, load_details
from player.session.outcomes import counts_as_session
from player.session.questions import RED_FLAG_QUESTIONS
from tests.journal_sample import gone_pid
from tests.screened import screened_session


def _screens(journal: Journal) -> list[dict[str, bool]]:
    """The answers of each `screen` event kept, in order."""
    rows = journal.query("SELECT data FROM events WHERE kind = 'screen' ORDER BY id")
    return [json.loads(row[0])["answers"] for row in rows]


def test_each_answer_is_in_the_journal_as_it_is_given(tmp_path: Path) -> None:
    given = [False, True, False, False, False, False, False]
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        c = screened_session(journal)
        assert list_sessions(journal) == [], "no answer yet: nothing kept"
        so_far: dict[str, bool] = {}
        for question, yes in zip(RED_FLAG_QUESTIONS[:-1], given, strict=False):
            c.answer_yes_no(1.0, yes)
            so_far[question.id] = yes
            assert [s.outcome for s in list_sessions(journal)] == ["running"], question.id
            assert _screens(journal)[-1] == so_far, f"after {question.id}"
        c.answer_yes_no(2.0, False)
        assert c.outcome == "stopped_red_flag"
        (session,) = list_sessions(journal)
        assert session.outcome == "stopped_red_flag"
        assert _screens(journal)[-1] == {q.id: q.id == "bladder_bowel" for q in RED_FLAG_QUESTIONS}


def test_a_process_killed_after_a_yes_leaves_the_yes_and_its_urgency(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    c = screened_session(journal)
    c.answer_yes_no(1.0, False)
    c.answer_yes_no(1.0, True)  # new bladder or bowel trouble: an emergency sign
    journal.close()  # nothing closes the session: as after kill -9, its writer then gone
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sessions SET writer_pid = ?", (gone_pid(),))
    conn.close()
    with Journal.open(path) as again:  # the next start closes it, as leaving there would
        (session,) = list_sessions(again)
        assert session.outcome == "stopped_red_flag"
        assert session.reason == "Stopped at the red-flag questions: new bladder or bowel trouble."
        assert not counts_as_session(session.outcome, session.exercises_worked)
        (detail,) = load_details(again, [session])
    text = "\n".join(show_lines(detail))
    assert "red-flag questions: yes to new bladder or bowel trouble" in text, text
    assert "emergency" in text, text
    assert "2 of 7 answered" in text, text


def test_leaving_after_noes_keeps_the_answers_and_before_any_keeps_nothing(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        c = screened_session(journal)
        notices = c.quit(1.0)
        assert [n.text for n in notices if n.kind == "left"] == [NOTHING_KEPT]
        assert list_sessions(journal) == []
        c = screened_session(journal)
        c.answer_yes_no(1.0, False)
        assert c.kept_if_left() == "quit"
        c.quit(2.0)
        assert [s.outcome for s in list_sessions(journal)] == ["quit"]
        assert _screens(journal) == [{RED_FLAG_QUESTIONS[0].id: False}]


def test_an_unfinished_screen_of_noes_is_no_clearance_for_the_day(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        c = screened_session(journal)
        for _ in RED_FLAG_QUESTIONS[:-1]:
            c.answer_yes_no(1.0, False)
        assert not screened_today(journal), "one question never answered"
        c.answer_yes_no(1.0, False)
        assert screened_today(journal)
        c = screened_session(journal)
        c.answer_yes_no(1.0, True)
        assert not screened_today(journal), "a yes later in the day takes it back"
