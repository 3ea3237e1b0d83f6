"""After the app's picker has played several of the program's routines in one run, the program
counts every one of them, oldest first: not only the last."""

from __future__ import annotations

from datetime import date

from player.journal.store.store import Journal
from player.program.playing import begin, settle
from player.program.today import on_day
from tests.program_sim import MONDAY, Sim


def _done(journal: Journal, day: date) -> set[str]:
    today = on_day(journal, day)
    assert today is not None
    return {item.entry.routine for item in today.due if item.done}


def test_every_session_played_in_one_run_counts(journal: Journal) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    due = sorted({item.entry.routine for item in sim.on(MONDAY).due})
    assert len(due) >= 2, "the built-in program has more than one routine on its first day"
    for reference in due[:2]:
        sim.write(reference)
    lines = settle(journal, turn)
    assert len(lines) == 2 and all(line.startswith("Program: ") for line in lines)
    assert _done(journal, MONDAY) >= set(due[:2])


def test_a_preview_among_them_is_named_and_the_others_count(journal: Journal) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    first, second = sorted({item.entry.routine for item in sim.on(MONDAY).due})[:2]
    sim.write(first, preview=True)
    sim.write(second)
    lines = settle(journal, turn)
    assert lines[0].startswith("Program: a preview does not count")
    assert second in _done(journal, MONDAY) and first not in _done(journal, MONDAY)


def test_a_stop_for_pain_followed_by_another_session_in_the_same_run_still_holds(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    first, second = sorted({item.entry.routine for item in sim.on(MONDAY).due})[:2]
    sim.write(first, outcome="stopped_pain", highest=7)
    sim.write(second)
    lines = settle(journal, turn)
    assert "was stopped at 7/10" in lines[0] and "holds at" in lines[0]
    tuesday = on_day(journal, MONDAY.fromordinal(MONDAY.toordinal() + 1))
    assert tuesday is not None and tuesday.standing.holding, "the stop holds the next day"


def test_a_session_counted_as_it_was_kept_is_not_counted_again(journal: Journal) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    first, second = sorted({item.entry.routine for item in sim.on(MONDAY).due})[:2]
    sim.write(first, outcome="stopped_pain", highest=7)
    assert len(settle(journal, turn)) == 1, "counted as it was kept"
    sim.write(second)
    lines = settle(journal, turn)
    assert len(lines) == 1 and "was stopped" not in lines[0], "only the new session"
    assert settle(journal, turn) == []
    links = journal.query("SELECT COUNT(*), COUNT(DISTINCT session_id) FROM program_sessions")
    assert tuple(links[0]) == (2, 2)
