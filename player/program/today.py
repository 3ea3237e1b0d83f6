"""A program on a given day, read from the journal; and the events that make it decide."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from player.journal.store import Journal
from player.program import decide, store
from player.program.decide import Decision, Progress, Standing
from player.program.history import History, MorningFact, SessionFact
from player.program.loader import LoadedProgram
from player.program.models import Dose, Phase, Prescription, Program
from player.program.schedule import Due, due_on
from player.program.store import ProgramRecord
from player.routine.loader import LoadedRoutine, RoutineError


@dataclass(frozen=True)
class ProgramDay:
    """Everything about the program being followed, as of one day."""

    record: ProgramRecord
    day: date
    decisions: tuple[Decision, ...]
    """Its decisions up to the day, oldest first; the last `pending` of them are due but not
    written yet (a phase's weeks ran out since the last morning or session)."""
    pending: int
    history: History

    @property
    def program(self) -> Program:
        """The program, as it was when started."""
        return self.record.loaded.program

    @property
    def started(self) -> bool:
        """False before the program's first day."""
        return self.day >= self.record.started_on

    @property
    def standing(self) -> Standing:
        """Where the program stands on the day."""
        return self.decisions[-1].standing

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.program.phases[self.standing.phase]

    @property
    def due(self) -> list[Due]:
        """The current phase's routines on the day, the due ones first."""
        return due_on(self.program, self.standing.phase, self.history.until(self.day), self.day)

    @property
    def progress(self) -> Progress:
        """The current phase's progress towards its rule for moving on."""
        return decide.progress(self.program, self.standing, self.history, self.day)

    @property
    def morning(self) -> MorningFact | None:
        """The day's morning check, if any (skipped included)."""
        return self.history.morning_on(self.day)

    @property
    def morning_due(self) -> bool:
        """Whether to ask the morning question: the day before had a session, and the day has
        no morning check yet."""
        yesterday = self.day - timedelta(days=1)
        played = any(s.counts for s in self.history.sessions_on(yesterday))
        return self.started and played and self.morning is None

    def dose(self, reference: str) -> Dose | None:
        """A routine's dose in force on the day (None: not in the current phase)."""
        return decide.dose_for(self.program, self.standing, reference)

    def routine(self, entry: Prescription) -> LoadedRoutine:
        """Load a routine of the program (raises `RoutineError` when it cannot be used)."""
        return self.record.loaded.routine(entry.routine)

    def match(self, path: Path | None) -> Prescription | None:
        """The current phase's prescription of the routine file `path`, if it has one."""
        if path is None:
            return None
        wanted = path.resolve()
        for entry in self.phase.routines:
            try:
                found = self.routine(entry).path
            except RoutineError:
                continue
            if found is not None and found.resolve() == wanted:
                return entry
        return None


def on_day(journal: Journal, day: date) -> ProgramDay | None:
    """The program being followed, as of `day` (nothing is written).

    Args:
        journal: The open journal.
        day: The day to look at (may be ahead of today, or behind).

    Returns:
        The program on that day, or None when none is being followed.
    """
    record = store.active(journal)
    if record is None:
        return None
    return _day(journal, record, day)


def _day(journal: Journal, record: ProgramRecord, day: date) -> ProgramDay:
    written = store.decisions(journal, record.id)
    shown = [d for d in written if d.day <= day] or written[:1]
    facts = store.history(journal, record.id)
    pending = decide.catch_up(record.loaded.program, shown[-1], facts, day)
    return ProgramDay(record, day, (*shown, *pending), len(pending), facts)


def _settle(journal: Journal, record: ProgramRecord, day: date) -> ProgramDay:
    """Write the decisions due by `day` (ends of phases) and return the program then."""
    today = _day(journal, record, day)
    if today.pending:
        store.record_decisions(journal, record.id, list(today.decisions[-today.pending :]))
        today = replace(today, pending=0)
    return today


def record_morning(
    journal: Journal, day: date, pain: int | None, stiffness: str | None
) -> tuple[ProgramDay | None, list[Decision]]:
    """Keep a morning check and let the program decide on it.

    Args:
        journal: The open journal.
        day: The morning's day.
        pain: 0-10, or None when skipped.
        stiffness: `none`, `under30`, `over30`, or None.

    Returns:
        The program afterwards (None when none is followed) and the decisions made.
    """
    morning_id = store.add_morning(journal, day, pain, stiffness)
    record = store.active(journal)
    if record is None or day < record.started_on:
        return None, []
    before = _settle(journal, record, day)
    morning = MorningFact(morning_id, day, pain, stiffness)
    told = store.notice_given(journal)
    made = decide.on_morning(
        before.program, before.standing, before.history, morning, told_stiffness=told
    )
    store.record_decisions(journal, record.id, made)
    return _day(journal, record, day), made


@dataclass(frozen=True)
class Played:
    """A session just played, as the journal has it."""

    session_id: int
    routine_path: Path | None
    routine_name: str
    outcome: str
    highest: int | None
    preview: bool
    worked: int | None = None
    """Exercises with some work done (None: the journal cannot tell)."""


def last_played_here(journal: Journal, after: int) -> Played | None:
    """The latest session this process wrote with an id above `after` (the one just played)."""
    rows = journal.query(
        "SELECT id, routine_path, routine_name, outcome, highest_pain, preview, exercises_worked"
        " FROM sessions"
        " WHERE id > ? AND writer_pid = ? ORDER BY id DESC LIMIT 1",
        (after, os.getpid()),
    )
    if not rows:
        return None
    row = rows[0]
    path = Path(row["routine_path"]) if row["routine_path"] else None
    return Played(
        row["id"],
        path,
        row["routine_name"],
        row["outcome"],
        row["highest_pain"],
        row["preview"],
        row["exercises_worked"],
    )


def newest_session_id(journal: Journal) -> int:
    """The highest session id so far (0 for an empty journal)."""
    return int(journal.query("SELECT COALESCE(MAX(id), 0) FROM sessions")[0][0])


def record_session(
    journal: Journal, played: Played, day: date, *, chosen: bool = False
) -> tuple[Prescription | None, list[Decision]]:
    """Count a session for the program day `day` if it is one of the phase's routines, and
    let the program decide on it.

    A preview (played faster) counts only when it was `chosen` as the day's session
    (`hep play --today`); a routine outside the current phase does not count.

    Args:
        journal: The open journal.
        played: The session.
        day: The program day it was played for.
        chosen: True when the user played it as the day's session.

    Returns:
        The prescription it counted for (None: it did not count) and the decisions made.
    """
    record = store.active(journal)
    if record is None or day < record.started_on or (played.preview and not chosen):
        return None, []
    before = _settle(journal, record, day)
    entry = before.match(played.routine_path)
    if entry is None:
        return None, []
    store.link_session(journal, record.id, played.session_id, day, entry.routine)
    fact = SessionFact(
        played.session_id,
        day,
        entry.routine,
        played.routine_name,
        played.outcome,
        played.highest,
        played.worked,
    )
    facts = History((*before.history.sessions, fact), before.history.mornings)
    made = decide.on_session(before.program, before.standing, facts, fact)
    decisions = [made] if made is not None else []
    store.record_decisions(journal, record.id, decisions)
    return entry, decisions


def start_program(
    journal: Journal, loaded: LoadedProgram, day: date, phase: int = 0
) -> tuple[ProgramRecord | None, ProgramRecord]:
    """Start following a program on `day`, stopping the one followed until then (if any).

    Args:
        journal: The open journal.
        loaded: The program.
        day: Its first day.
        phase: The phase to start at (0: the first).

    Returns:
        The program stopped (None when there was none) and the one started.
    """
    previous = store.active(journal)
    if previous is not None:
        stop_program(journal, day)
    program_id = store.start(journal, loaded, decide.start(loaded.program, day, phase))
    started = store.active(journal)
    assert started is not None and started.id == program_id
    return previous, started


def stop_program(journal: Journal, day: date) -> ProgramDay | None:
    """Stop following the program (its journal rows stay).

    Returns:
        The program as it stood when stopped, or None when none was followed.
    """
    record = store.active(journal)
    if record is None:
        return None
    before = _settle(journal, record, day)
    name = before.phase.name
    last = Decision(day, "stop", f"Stopped in phase {name}.", before.standing)
    store.stop(journal, record.id, last)
    return replace(before, decisions=(*before.decisions, last))
