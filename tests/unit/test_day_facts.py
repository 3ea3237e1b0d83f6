"""The day's facts kept beside the journal: what they say is what the journal says, and they are
not trusted whenever the journal may say something else."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from player import localday
from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal
from player.journal.record.background import BackgroundRecorder
from player.journal.record.facts import DayFacts, facts_file, read_facts
from player.journal.record.recorder import SessionRecorder
from player.journal.record.screening import screened_today
from player.journal.record.today import NOTHING, earlier_today
from player.program.followed import followed_in
from player.routine.models import Routine
from player.session.first import first_question
from player.session.safety import RED_FLAG_QUESTIONS, CheckinAnswer

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "defaults": {"get_ready": 0, "rest_between_exercises": 0},
        "safety": {"screen": "daily"},
        "exercises": [{"name": "Bird dog", "duration": 20}],
    }
)


def session(journal: Path, *steps: Callable[[Conductor], object]) -> None:
    """One session kept through the recorder `hep play` uses, then the recorder closed (which
    keeps the day's facts)."""
    recorder = BackgroundRecorder(journal)
    recorder.keep_facts(followed_in)
    try:
        c = Conductor(
            ROUTINE,
            Dependencies(
                recorder=recorder,
                screened_today=recorder.screened_today,
                today=recorder.earlier_today,
            ),
        )
        c.start(0.0)
        for step in steps:
            step(c)
    finally:
        recorder.close()


def screen_no(c: Conductor) -> None:
    for _ in RED_FLAG_QUESTIONS:
        c.answer_yes_no(0.0, False)


def screen_yes(c: Conductor) -> None:
    c.answer_yes_no(0.0, True)
    for _ in RED_FLAG_QUESTIONS[1:]:
        c.answer_yes_no(0.0, False)


def pain(level: int) -> Callable[[Conductor], object]:
    return lambda c: c.answer_pain(0.0, CheckinAnswer(level))


def finish(c: Conductor) -> None:
    c.tick(100.0)
    while c.stage != "done":
        c.answer_pain(100.0, CheckinAnswer(2))


def asked(journal: Path) -> DayFacts:
    """What the journal itself says (as a start without the note asks it)."""
    with Journal.open(journal) as j:
        return DayFacts(earlier_today(j), screened_today(j))


def test_no_note_until_hep_closes_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    Journal.open(journal).close()  # a journal, but no note beside it
    assert not facts_file(journal).exists()
    assert read_facts(journal) is None
    session(journal, screen_no, pain(2), finish)
    assert facts_file(journal).exists()


@pytest.mark.parametrize(
    "steps",
    [
        (screen_no, pain(2), finish),  # a session completed: its answers, screened today
        (screen_no, pain(8)),  # stopped at the baseline by the pain level: asks first
        (screen_yes,),  # a red flag: asks first, with its care
        (lambda c: c.quit(0.0),),  # left at the first question: nothing said
    ],
    ids=["completed", "pain-stop", "red-flag", "left"],
)
def test_the_note_says_what_the_journal_says(tmp_path: Path, steps: tuple) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, *steps)
    kept = read_facts(journal)
    assert kept is not None
    assert kept == asked(journal)


def test_a_stop_today_makes_the_next_first_question_start_anyway(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_yes)
    kept = read_facts(journal)
    assert kept is not None and kept.today.stop and kept.today.care
    prompt = first_question(ROUTINE, kept.today, kept.screened, 1.0)
    assert prompt.kind == "confirm"
    assert first_question(ROUTINE, kept.today, kept.screened, 30.0).kind != "confirm"


def test_screened_today_skips_the_red_flag_questions_next_time(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    kept = read_facts(journal)
    assert kept is not None and kept.screened
    prompt = first_question(ROUTINE, kept.today, kept.screened, 1.0)
    assert prompt.kind == "pain" and prompt.when == "baseline"
    assert prompt.context and "Earlier today" in prompt.context


def test_a_later_day_with_the_journal_untouched_has_nothing_yet(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_yes)
    with localday.fixed_clock(localday.now() + timedelta(days=1)):
        assert read_facts(journal) == DayFacts(NOTHING, False)


def test_a_clock_set_back_is_not_trusted(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    with localday.fixed_clock(localday.now() - timedelta(minutes=5)):
        assert read_facts(journal) is None
    with localday.fixed_clock(localday.now() - timedelta(days=1)):
        assert read_facts(journal) is None


def test_another_time_zone_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TZ", "Europe/Berlin")
    session(journal, screen_no, pain(2), finish)
    assert read_facts(journal) is not None
    monkeypatch.setenv("TZ", "America/New_York")
    assert read_facts(journal) is None


def _another_session_written_without_the_note(journal: Path) -> None:
    """A session kept by something other than this recorder (another terminal's hep, a
    restore, `hep journal` edits): the journal changes; the note is left as it was."""
    note = facts_file(journal)
    saved = note.read_bytes()
    session(journal, pain(8))
    note.write_bytes(saved)


def test_a_journal_written_since_is_not_trusted(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    _another_session_written_without_the_note(journal)
    assert read_facts(journal) is None


def test_a_journal_open_elsewhere_is_not_trusted(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    with Journal.open(journal) as other:  # another program has it open: its log is there
        other.query("SELECT 1")
        assert Path(f"{journal}-wal").exists()
        assert read_facts(journal) is None


def test_a_session_waiting_in_a_recovery_file_is_not_trusted(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    (tmp_path / f"{journal.name}.recovery-4242.jsonl").write_text("{}\n")
    assert read_facts(journal) is None


def test_a_journal_put_back_from_a_copy_is_not_trusted(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    backup = tmp_path / "backup.sqlite3"
    shutil.copy2(journal, backup)
    session(journal, screen_yes)  # a stop, kept in the note
    os.replace(backup, journal)  # the older journal restored over it: another file
    assert read_facts(journal) is None


def test_a_program_followed_is_left_to_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    note = json.loads(facts_file(journal).read_text())
    assert note["program"] is False
    facts_file(journal).write_text(json.dumps({**note, "program": True}))
    assert read_facts(journal) is None


@pytest.mark.parametrize(
    "edit",
    [
        lambda note: "not json {",
        lambda note: json.dumps([note]),
        lambda note: json.dumps({**note, "facts": 99}),
        lambda note: json.dumps({**note, "hep": "0.0.0-other"}),
        lambda note: json.dumps({**note, "screened": "yes"}),
        lambda note: json.dumps({**note, "today": {"stop": 5}}),
        lambda note: json.dumps({**note, "day": "yesterday"}),
        lambda note: json.dumps({**note, "written": "now"}),
        lambda note: json.dumps({**note, "journal": "the same"}),
        lambda note: "[" * 100_000,
        lambda note: " " * 70_000 + json.dumps(note),
    ],
    ids=[
        "garbage",
        "a-list",
        "other-version",
        "other-hep",
        "screened-text",
        "stop-number",
        "day-words",
        "written-text",
        "identity-text",
        "deep",
        "too-long",
    ],
)
def test_a_damaged_note_is_not_trusted(tmp_path: Path, edit: Callable[[dict], str]) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    note = json.loads(facts_file(journal).read_text())
    facts_file(journal).write_text(edit(note))
    assert read_facts(journal) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_note_that_is_not_a_file_is_not_read(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    facts_file(journal).unlink()
    os.mkfifo(facts_file(journal))  # would hold a plain open() up for good
    assert read_facts(journal) is None


def test_words_a_terminal_acts_on_are_never_read_from_the_note(tmp_path: Path) -> None:
    """hep never writes them: the note is not trusted (the journal is asked), so they are
    never shown."""
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(8))
    note = json.loads(facts_file(journal).read_text())
    note["today"]["stop"] = "stopped\x1b]52;c;aGk=\x07 at 8/10"
    facts_file(journal).write_text(json.dumps(note))
    assert read_facts(journal) is None


def test_the_note_is_private(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(8))
    assert stat.S_IMODE(facts_file(journal).stat().st_mode) == 0o600


def test_no_note_while_a_session_is_left_open(tmp_path: Path) -> None:
    """A session still running when the recorder closes (its process cut short) is closed at
    the journal's next opening, which may change what today says: no note then."""
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    assert facts_file(journal).exists()
    session(journal, pain(2))  # screened already: its baseline answered, never finished
    assert not facts_file(journal).exists()
    assert read_facts(journal) is None


def test_a_stop_kept_elsewhere_while_this_hep_closes_is_not_lost_from_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another hep keeps a session stopped for pain while this one closes its journal, and
    closes first: the note this one keeps must not say "no stop today"."""
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    close = SessionRecorder.close
    done = []

    def another_stops_first(self: SessionRecorder) -> None:
        if not done:
            done.append(True)
            monkeypatch.setattr(SessionRecorder, "close", close)
            session(journal, screen_no, pain(9))
        close(self)

    monkeypatch.setattr(SessionRecorder, "close", another_stops_first)
    session(journal, screen_no, pain(2), finish)
    assert done
    kept = read_facts(journal)
    truth = asked(journal)
    assert truth.today.stop is not None
    assert kept is None or kept == truth, kept


def test_a_journal_written_between_the_two_looks_leaves_no_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    import player.journal.record.facts as facts

    real = facts.facts_now

    def with_a_write_meanwhile(j: Journal, followed: Callable[[Journal], bool]) -> object:
        read = real(j, followed)
        other = sqlite3.connect(journal)
        other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x)")
        other.commit()
        other.close()
        return read

    monkeypatch.setattr(facts, "facts_now", with_a_write_meanwhile)
    session(journal, screen_no, pain(8))
    assert not facts_file(journal).exists()


def test_reading_the_closed_journal_leaves_no_file_beside_it(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    journal = tmp_path / "data" / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    left = sorted(p.name for p in journal.parent.iterdir())
    assert left == [journal.name, facts_file(journal).name]


def test_the_note_is_read_without_sqlite_or_the_store() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; "
        "from player.journal.record.facts import read_facts; "
        "read_facts(Path('nowhere/journal.sqlite3')); "
        "heavy = ('sqlite3', 'player.journal.store.store', 'player.conductor'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_day_older_than_now_but_a_journal_from_the_future_is_not_trusted(
    tmp_path: Path,
) -> None:
    """A note from a day ahead of today (the clock set back past midnight) is not read."""
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(2), finish)
    note = json.loads(facts_file(journal).read_text())
    ahead = (datetime.fromisoformat(note["day"]) + timedelta(days=1)).date().isoformat()
    facts_file(journal).write_text(json.dumps({**note, "day": ahead}))
    assert read_facts(journal) is None
