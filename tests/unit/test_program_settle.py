"""After the app's picker has played several of the program's routines in one run, the program
counts every one of them, oldest first: not only the last."""

from __future__ import annotations

from datetime import date

from player.journal.store.store import Journal
from player.program.playing import begin, settle
from player.program.today import on_day
from player.session.kept import SessionEnd, SessionStart
from tests.program_sim import MONDAY, Sim


def _played_in_the_app(sim: Sim, reference: str, *, preview: bool = False) -> int:
    """A session written as the app writes it (this process), not yet counted."""
    loaded = sim.loaded.routine(reference)
    session = sim.journal.start_session(
        SessionStart(
            routine_name=loaded.routine.name,
            routine_path=str(loaded.path),
            routine_hash=loaded.source_hash,
            preview=preview,
            speed=60.0 if preview else 1.0,
            planned_seconds=loaded.routine.planned_seconds(),
            plan=[],
        )
    )
    sim.journal.record(session, "checkin", 2.0, {"pain": 2, "flags": [], "when": "final"})
    sim.journal.finish(
        session, SessionEnd(outcome="completed", reason=None, baseline=1, highest=2, final=1)
    )
    return session


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
        _played_in_the_app(sim, reference)
    lines = settle(journal, turn)
    assert len(lines) == 2 and all(line.startswith("Program: ") for line in lines)
    assert _done(journal, MONDAY) >= set(due[:2])


def test_a_preview_among_them_is_named_and_the_others_count(journal: Journal) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    first, second = sorted({item.entry.routine for item in sim.on(MONDAY).due})[:2]
    _played_in_the_app(sim, first, preview=True)
    _played_in_the_app(sim, second)
    lines = settle(journal, turn)
    assert lines[0].startswith("Program: a preview does not count")
    assert second in _done(journal, MONDAY) and first not in _done(journal, MONDAY)


def _stopped_in_the_app(sim: Sim, reference: str) -> None:
    loaded = sim.loaded.routine(reference)
    session = sim.journal.start_session(
        SessionStart(
            routine_name=loaded.routine.name,
            routine_path=str(loaded.path),
            routine_hash=loaded.source_hash,
            preview=False,
            speed=1.0,
            planned_seconds=loaded.routine.planned_seconds(),
            plan=[],
        )
    )
    sim.journal.record(session, "checkin", 2.0, {"pain": 7, "flags": [], "when": "stop"})
    sim.journal.finish(
        session, SessionEnd(outcome="stopped_pain", reason="pain", baseline=1, highest=7, final=7)
    )


def test_a_stop_for_pain_followed_by_another_session_in_the_same_run_still_holds(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    turn = begin(journal, MONDAY, chosen=False)
    first, second = sorted({item.entry.routine for item in sim.on(MONDAY).due})[:2]
    _stopped_in_the_app(sim, first)
    _played_in_the_app(sim, second)
    lines = settle(journal, turn)
    assert "was stopped at 7/10" in lines[0] and "holds at" in lines[0]
    tuesday = on_day(journal, MONDAY.fromordinal(MONDAY.toordinal() + 1))
    assert tuesday is not None and tuesday.standing.holding, "the stop holds the next day"
