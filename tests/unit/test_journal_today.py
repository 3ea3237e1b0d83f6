"""Today's context from the journal: earlier answers and stops, read as the next session starts."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.record.today import (
    NOTHING,
    TODAY_READS,
    earlier_today,
    seriousness,
    session_phrase,
)
from player.journal.review.query import list_sessions, load_details
from player.routine.models import Routine
from player.session.outcomes import STOPPED
from player.session.safety import CheckinAnswer
from tests.journal_sample import play_sample

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "defaults": {"get_ready": 0, "rest_between_exercises": 0},
        "safety": {"screen": "never"},
        "exercises": [{"name": "Bird dog", "duration": 20, "sides": ["left", "right"]}],
    }
)


def play(
    journal: Journal, *answers: CheckinAnswer, stop_at: float | None = None, speed: float = 1
) -> None:
    c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)), speed=speed)
    c.start(0.0)
    c.answer_pain(0.0, answers[0])
    if stop_at is not None:
        c.tick(stop_at)
        c.stop(stop_at)
        c.answer_pain(stop_at, answers[1])
        return
    c.tick(100.0)
    for answer in answers[1:]:
        c.answer_pain(100.0, answer)


def test_an_empty_day_has_nothing_to_say(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        assert earlier_today(journal) == NOTHING


def test_earlier_answers_and_a_stop_are_told_and_the_stop_asks_first(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        play(journal, CheckinAnswer(2), CheckinAnswer(3), CheckinAnswer(3))
        play(journal, CheckinAnswer(3), CheckinAnswer(5, ("spreading",)), stop_at=30.0)
        play(journal, CheckinAnswer(1), CheckinAnswer(1), CheckinAnswer(1), speed=10)  # a preview
        today = earlier_today(journal)
    assert today.line is not None and today.stop is not None
    hhmm = r"\d\d:\d\d"
    assert re.fullmatch(
        rf"Earlier today: stopped at 5/10 at {hhmm} \(pain spreading down the leg\); "
        rf"completed at {hhmm} \(2/10 before, 3/10 at the end\)",
        today.line,
    ), today.line
    assert re.fullmatch(
        rf"Earlier today a session stopped at 5/10 at {hhmm} \(pain spreading down the leg\)\. "
        "After a stop, rest is usually the better choice: start again only if the pain has "
        r"settled\.",
        today.stop,
    ), today.stop


def test_yesterdays_stop_does_not_ask_again(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        play(journal, CheckinAnswer(3), CheckinAnswer(7), stop_at=10.0)
    yesterday = (datetime.now().astimezone() - timedelta(days=1)).replace(hour=12)
    with sqlite3.connect(path) as conn:
        stamp = yesterday.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        conn.execute("UPDATE sessions SET started_at = ?, ended_at = ?", (stamp, stamp))
    with Journal.open(path) as journal:
        assert earlier_today(journal) == NOTHING


def test_a_journal_that_cannot_be_read_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        play(journal, CheckinAnswer(3), CheckinAnswer(7), stop_at=10.0)
        journal.close()
        assert earlier_today(journal) == NOTHING


def test_every_stop_of_the_day_is_listed_most_serious_first(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        play(journal, CheckinAnswer(3), CheckinAnswer(7), stop_at=10.0)
        play(journal, CheckinAnswer(2), CheckinAnswer(4, ("spreading",)), stop_at=30.0)
        for _ in range(5):  # more sessions than the line names without a stop
            play(journal, CheckinAnswer(1), CheckinAnswer(1), CheckinAnswer(1))
        today = earlier_today(journal)
    assert today.line is not None and today.stop is not None
    spreading = today.line.index("pain spreading down the leg")
    level = today.line.index("stopped at 7/10")
    assert spreading < level < today.line.index("completed")
    assert today.line.count("completed") == 4
    assert "pain spreading down the leg" in today.stop


OUTCOMES_PLAYED = (
    "completed",
    "stopped_pain",
    "stopped_user",
    "stopped_red_flag",
    "quit",
    "nothing_done",
)


def test_what_today_reads_of_each_session_says_what_all_its_events_say(tmp_path: Path) -> None:
    # The first question needs only the pain answers and the verdicts of today's sessions: each
    # session read that way is named and ordered exactly as its whole record would be.
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        recorder = SessionRecorder(journal)
        for outcome in OUTCOMES_PLAYED:
            play_sample(recorder, outcome=outcome)
        sessions = list_sessions(journal)
        whole = load_details(journal, sessions)
        read = load_details(journal, sessions, kinds=TODAY_READS, plans=False)
    assert len(whole) == len(OUTCOMES_PLAYED)
    assert sum(len(d.events) for d in read) < sum(len(d.events) for d in whole)
    for all_events, some in zip(whole, read, strict=True):
        assert {e.kind for e in some.events} <= TODAY_READS and some.plan == []
        assert [e.id for e in some.events] == [
            e.id for e in all_events.events if e.kind in TODAY_READS
        ]
        assert session_phrase(some) == session_phrase(all_events)
        if all_events.summary.outcome in STOPPED:
            assert seriousness(some) == seriousness(all_events)


def test_today_reads_no_plan_and_only_the_events_it_names(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        recorder = SessionRecorder(journal)
        play_sample(recorder, outcome="stopped_pain")
        play_sample(recorder, outcome="completed")
        asked: list[str] = []
        journal._conn.set_trace_callback(asked.append)  # noqa: SLF001 - what is read
        today = earlier_today(journal)
    assert today.line is not None and "stopped at 6/10" in today.line
    assert not any(re.search(r"\bplan\b", sql) for sql in asked)
    assert any("kind IN" in sql for sql in asked)


def test_a_stop_by_the_rules_in_a_preview_asks_first_and_is_named_a_preview(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        play(journal, CheckinAnswer(1), CheckinAnswer(9), stop_at=5.0, speed=10)
        play(journal, CheckinAnswer(1), CheckinAnswer(1), CheckinAnswer(1), speed=10)
        today = earlier_today(journal)
    hhmm = r"\d\d:\d\d"
    assert today.line is not None and today.stop is not None
    assert re.fullmatch(
        rf"Earlier today: stopped at 9/10 in a preview at {hhmm} \(at or above the stop level "
        r"of 6\)",
        today.line,
    ), "the stop is named as a preview's; the preview played to the end is left out"
    assert today.stop.startswith("Earlier today a preview stopped at 9/10 at "), today.stop


def test_a_preview_stopped_by_the_stop_key_alone_does_not_ask(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        play(journal, CheckinAnswer(1), CheckinAnswer(1), stop_at=5.0, speed=10)
        assert earlier_today(journal) == NOTHING
