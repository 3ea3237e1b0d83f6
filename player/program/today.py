"""A program on a given day, read from the journal; and the events that make it decide."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from player import localday
from player.journal.records import format_utc, parse_utc, utc_now
from player.journal.store.store import Journal
from player.localday import day_text
from player.program import decide, store
from player.program.decide import Decision, Standing
from player.program.dose import DoseError, apply_dose
from player.program.evidence import Progress
from player.program.history import History, MorningFact
from player.program.loader import LoadedProgram
from player.program.models import Dose, Phase, Prescription, Program
from player.program.schedule import Due, due_on
from player.program.store import ProgramRecord
from player.program.turns import TurnDay, turn_of
from player.routine.loader import LoadedRoutine, RoutineError


@dataclass(frozen=True)
class ProgramDay:
    """Everything about the program being followed, as of one day."""

    record: ProgramRecord
    day: date
    decisions: tuple[Decision, ...]
    """Its decisions up to the day, oldest first, replayed from the history; the last
    `pending` of them are not in the journal's record yet."""
    pending: int
    history: History
    loads: dict[tuple[str, Dose], float] = field(default_factory=dict, compare=False, repr=False)
    routines: dict[str, LoadedRoutine | RoutineError] = field(
        default_factory=dict, compare=False, repr=False
    )

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
    def plan_phase(self) -> int:
        """The phase whose routines make the day's plan: the current one, or after a step back
        the phase the person was in, when its lighter dose is the smaller load on the day (a
        step back never raises the day's load)."""
        s = self.standing
        if not s.holding or not s.caps:
            return s.phase
        return min((s.phase, *s.caps), key=lambda p: (self.load(p), p != s.phase))

    def load(self, phase: int, holding: bool | None = None) -> float:
        """The day's planned seconds in a phase, at its dose (lighter while holding).

        Args:
            phase: The phase's index.
            holding: Whether at the lighter dose (default: as the program stands).

        Returns:
            The planned seconds of the routines the phase has for the day (a routine that
            cannot be loaded counts as 30 minutes).
        """
        held = self.standing.holding if holding is None else holding
        standing = Standing(phase, self.standing.phase_start, holding=held)
        before = self.history.until(self.day - timedelta(days=1))
        total = 0.0
        for item in due_on(self.program, phase, before, self.day):
            if not item.due:
                continue
            dose = decide.dose_for(self.program, standing, item.entry.routine, phase) or Dose()
            key = (item.entry.routine, dose)
            if key not in self.loads:
                try:
                    routine = apply_dose(self.routine(item.entry).routine, dose)
                    self.loads[key] = routine.planned_seconds()
                except (RoutineError, DoseError):
                    self.loads[key] = 30 * 60.0
            total += self.loads[key]
        return total

    @property
    def due(self) -> list[Due]:
        """The day's routines, the due ones first."""
        return due_on(self.program, self.plan_phase, self.history.until(self.day), self.day)

    @property
    def progress(self) -> Progress:
        """The current phase's progress towards its rule for moving on."""
        return decide.progress_on(
            self.program, self.record.started_on, self.standing, self.history, self.day
        )

    @property
    def morning(self) -> MorningFact | None:
        """The day's morning check, if any (skipped included)."""
        return self.history.morning_on(self.day)

    @property
    def morning_due(self) -> bool:
        """Whether to ask the morning question: the day before had a session, and the day has
        no morning check yet."""
        return self.started and self.history.morning_due(self.day) and self.morning is None

    def dose(self, reference: str) -> Dose | None:
        """A routine's dose in force on the day (None: not in the day's plan)."""
        return decide.dose_for(self.program, self.standing, reference, self.plan_phase)

    def routine(self, entry: Prescription) -> LoadedRoutine:
        """Load a routine of the program (raises `RoutineError` when it cannot be used); each
        routine is read once for the day's view."""
        found = self.routines.get(entry.routine)
        if found is None:
            try:
                found = self.record.loaded.routine(entry.routine)
            except RoutineError as exc:
                found = exc
            self.routines[entry.routine] = found
        if isinstance(found, RoutineError):
            raise found
        return found

    def match(self, path: Path | None, source_hash: str | None = None) -> Prescription | None:
        """The day's prescription of the routine file `path`, if it has one; when no file is
        at `path` any more (moved or renamed since it was played, or None: not known), the
        prescription whose file has the same text (`source_hash`), if any."""
        found = self._by_path(path) if path is not None else None
        if found is None and source_hash and not _still_there(path):
            found = self._by_text(source_hash)
        return found

    def _prescribed(self) -> Iterator[tuple[Prescription, LoadedRoutine]]:
        """The day's prescriptions with their routines (those that load)."""
        for phase in dict.fromkeys((self.plan_phase, self.standing.phase)):
            for entry in self.program.phases[phase].routines:
                try:
                    yield entry, self.routine(entry)
                except RoutineError:
                    continue

    def _by_path(self, path: Path) -> Prescription | None:
        try:
            wanted = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop, say
            return None
        for entry, loaded in self._prescribed():
            if loaded.path is not None and loaded.path.resolve() == wanted:
                return entry
        return None

    def _by_text(self, source_hash: str) -> Prescription | None:
        return next(
            (e for e, loaded in self._prescribed() if loaded.source_hash == source_hash), None
        )


def _still_there(path: Path | None) -> bool:
    """Whether a file is at `path` (a routine played from there that the program does not
    name is another file, not the program's moved away)."""
    try:
        return path is not None and path.exists()
    except (OSError, ValueError):
        return False


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


def shown_on(journal: Journal, day: date) -> ProgramDay | None:
    """The program as of `day`, its decisions up to the day written to the journal first, so
    the record keeps what was shown (`hep today`, `hep program show`).

    Args:
        journal: The open journal.
        day: A day that has begun (the record is not written ahead of time).

    Returns:
        The program on that day, or None when none is being followed.
    """
    record = store.active(journal)
    if record is None:
        return None
    if day < record.started_on:
        return _day(journal, record, day)
    catch_up(journal)
    return _settle(journal, record, day)[0]


def _first_phase(log: list[Decision]) -> int:
    return log[0].standing.phase if log else 0


def _day(journal: Journal, record: ProgramRecord, day: date) -> ProgramDay:
    log = store.in_force(store.decisions(journal, record.id))
    facts = store.history(journal, record.id)
    until = max(day, record.started_on)
    made = decide.replay(record.loaded.program, record.started_on, _first_phase(log), facts, until)
    shown = [d for d in made if d.day <= day] or made[:1]
    agree = 0
    for old, new in zip(log, shown, strict=False):
        if _key(old) != _key(new):
            break
        agree += 1
    return ProgramDay(record, day, tuple(shown), len(shown) - agree, facts)


def _key(d: Decision) -> tuple[object, ...]:
    return (d.day, d.action, d.reason, d.session_id, d.morning_id)


def _settle(
    journal: Journal, record: ProgramRecord, day: date
) -> tuple[ProgramDay, list[Decision]]:
    """Write the decisions made by `day` that the journal does not have yet; when the facts of
    an earlier day changed (a morning noted again), say so and write them again from that day.

    Returns:
        The program on the day, and the decisions written.
    """
    newest = store.last_decision(journal, record.id)
    log = store.in_force(store.decisions(journal, record.id))
    last = max([day, *(d.day for d in log)])
    facts = store.history(journal, record.id)
    made = decide.replay(record.loaded.program, record.started_on, _first_phase(log), facts, last)
    agree = 0
    for old, new in zip(log, made, strict=False):
        if _key(old) != _key(new):
            break
        agree += 1
    written: list[Decision] = []
    if agree < len(log):
        since = min(log[agree].day, made[agree].day if agree < len(made) else log[agree].day)
        first = next((i for i, d in enumerate(made) if d.day >= since), len(made))
        revise = Decision(
            since, "revise", _revised(journal, since, log[agree:]), made[max(0, first - 1)].standing
        )
        written = [revise, *made[first:]]
    else:
        written = made[agree:]
    written = [d for d in written if d.day <= last]
    if not store.record_decisions(journal, record.id, written, after=newest):
        return _settle(journal, record, day)  # another command wrote meanwhile: from its record
    shown = [d for d in made if d.day <= day] or made[:1]
    return ProgramDay(record, day, tuple(shown), 0, facts), written


def _revised(journal: Journal, day: date, replaced: list[Decision]) -> str:
    """Why the decisions from `day` on were made again, in words (`replaced`: the decisions
    shown before that no longer stand)."""
    answers = [m for m in store.mornings(journal) if m.day == day]
    text = f"The decisions from {day_text(day)} on were made again"
    if len(answers) > 1:
        said = ", then ".join("skipped" if m.pain is None else f"{m.pain}/10" for m in answers)
        return f"{text}: the morning check of that day was noted again ({said}); the latest counts."
    if answers and not any(d.morning_id == answers[0].id for d in replaced if d.day == day):
        said = "skipped" if answers[0].pain is None else f"{answers[0].pain}/10"
        return f"{text}: the morning check of that day ({said}) was noted after they were shown."
    return (
        f"{text} from the journal's sessions and mornings: what was kept for that day, or "
        "the rule in this version of hep, changed."
    )


def record_morning(
    journal: Journal, day: date, pain: int | None, stiffness: str | None
) -> tuple[ProgramDay | None, list[Decision]]:
    """Keep a morning check (a second one for a day replaces the first) and let the program
    decide on it.

    Args:
        journal: The open journal.
        day: The morning's day.
        pain: 0-10, or None when skipped.
        stiffness: `none`, `under30`, `over30`, or None.

    Returns:
        The program afterwards (None when none is followed) and the decisions made.
    """
    store.add_morning(journal, day, pain, stiffness)
    record = store.active(journal)
    if record is None or day < record.started_on:
        return None, []
    today, written = _settle(journal, record, day)
    return today, written


@dataclass(frozen=True)
class Played:
    """A session just played, as the journal has it."""

    session_id: int
    routine_path: Path | None
    routine_name: str
    outcome: str
    highest: int | None
    preview: bool
    routine_hash: str | None = None
    """The text of the routine it was played from (`LoadedRoutine.source_hash`): how the
    program knows its routine when the file was moved or renamed since."""


def played_here(journal: Journal, after: int) -> list[Played]:
    """The sessions this process wrote with an id above `after`, oldest first (those just
    played: one from `hep play NAME`, any number from the app's picker)."""
    rows = journal.query(
        "SELECT id, routine_path, routine_name, outcome, highest_pain, preview, routine_hash"
        " FROM sessions WHERE id > ? AND writer_pid = ? ORDER BY id",
        (after, os.getpid()),
    )
    return [
        Played(
            row["id"],
            Path(row["routine_path"]) if row["routine_path"] else None,
            row["routine_name"],
            row["outcome"],
            row["highest_pain"],
            row["preview"],
            row["routine_hash"],
        )
        for row in rows
    ]


CATCH_UP_DAYS = 7
"""How long a session kept but never counted is still counted later (see `catch_up`)."""


def _not_counted(journal: Journal, record: ProgramRecord) -> list[tuple[Played, TurnDay]]:
    """Whole sessions of the program's routines, played since it was started (and in the
    last `CATCH_UP_DAYS`), that it never counted, oldest first, with the program days they
    were played for (their process's turn; else the day each started)."""
    since = journal.query("SELECT started_at FROM programs WHERE id = ?", (record.id,))[0][0]
    recent = format_utc(utc_now() - timedelta(days=CATCH_UP_DAYS))
    rows = journal.query(
        "SELECT id, routine_path, routine_name, outcome, highest_pain, preview, started_at,"
        " routine_hash FROM sessions s WHERE started_at >= ? AND started_at >= ?"
        " AND outcome != 'running' AND routine_path IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM program_sessions p WHERE p.session_id = s.id)"
        " ORDER BY id",
        (since, recent),
    )
    if not rows:
        return []
    named: set[Path] = set()
    texts: set[str] = set()
    for phase in record.loaded.program.phases:
        for entry in phase.routines:
            try:
                found = record.loaded.routine(entry.routine)
                texts.add(found.source_hash)
                if found.path is not None:
                    named.add(found.path.resolve())
            except (RoutineError, OSError, RuntimeError):
                continue
    today = localday.today()
    out = []
    for row in rows:
        try:  # a row edited by hand is left alone
            kept: Path | None = Path(row["routine_path"])
            known = row["routine_hash"] in texts
            if kept is not None and kept.is_absolute():
                # A file the program names, or one moved or renamed since that had the text
                # of one (a file still there is another file, as it was when it ended).
                if kept.resolve() not in named and (_still_there(kept) or not known):
                    continue
            elif known:
                kept = None  # relative to where hep ran then, not now: only its text tells
            else:
                continue
            on = localday.day_of(parse_utc(row["started_at"]))
        except (OSError, ValueError, TypeError, RuntimeError):
            continue
        if on > today:
            continue  # started "later than now": the clock was wrong then, or is now
        turn = turn_of(journal, row["id"]) or TurnDay(on, chosen=False)
        preview = bool(row["preview"])
        if preview and not turn.chosen:
            continue  # a preview counts only as the day's chosen session
        played = Played(
            row["id"],
            kept,
            row["routine_name"],
            row["outcome"],
            row["highest_pain"],
            preview,
            row["routine_hash"],
        )
        out.append((played, turn))
    return out


def catch_up(journal: Journal) -> list[tuple[Played, date, list[Decision]]]:
    """Count the sessions kept but never counted, as they would have been counted then: the
    process that played them ended before it could (killed, the power lost, the journal busy
    until it gave up), or they were kept in a recovery file and reached the journal later.

    Returns:
        Each session counted now, its day, and the decisions made on it.
    """
    record = store.active(journal)
    if record is None:
        return []
    counted = []
    for played, turn in _not_counted(journal, record):
        entry, decisions = record_session(journal, played, turn.day, chosen=turn.chosen)
        if entry is not None:
            counted.append((played, turn.day, decisions))
    return counted


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
    before, _ = _settle(journal, record, day)
    entry = before.match(played.routine_path, played.routine_hash)
    if entry is None:
        return None, []
    if not store.link_session(journal, record.id, played.session_id, day, entry.routine):
        return None, []  # counted already (by the process that played it)
    _, written = _settle(journal, record, day)
    return entry, written


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
    before, _ = _settle(journal, record, day)
    name = before.phase.name
    last = Decision(day, "stop", f"Stopped in phase {name}.", before.standing)
    store.stop(journal, record.id, last)
    return replace(before, decisions=(*before.decisions, last))
