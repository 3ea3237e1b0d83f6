"""A program around a session: which routine to play today, at what dose, and what was decided
after it. Shared by `hep play` (both faces) and the app's picker."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from player import localday, locations
from player.journal.records import parse_utc
from player.journal.store.errors import JournalError
from player.journal.store.store import Journal
from player.localday import day_text
from player.program.dose import DoseError, dosed
from player.program.followed import program_followed
from player.program.loader import ProgramError
from player.program.today import (
    ProgramDay,
    catch_up,
    newest_session_id,
    on_day,
    played_here,
    record_morning,
    record_session,
)
from player.program.turns import keep_turn
from player.routine.discovery import RoutineEntry, discover
from player.routine.loader import LoadedRoutine, RoutineError
from player.safetext import shown
from player.session.outcomes import RUNNING

if TYPE_CHECKING:
    from player.journal.record.background import BackgroundRecorder


class NothingDue(Exception):
    """No routine is due today (and not yet done); the message says so in words."""


def todays_routine(today: ProgramDay) -> LoadedRoutine:
    """The first routine due on the day and not yet done, at the program's dose.

    Args:
        today: The program on the day.

    Returns:
        The routine to play.

    Raises:
        NothingDue: Everything is done, or nothing is due on the day.
        RoutineError: The routine due cannot be loaded, or its dose cannot be applied.
    """
    if not today.started:
        raise NothingDue(f"the program starts on {day_text(today.record.started_on)}")
    items = today.due
    for item in items:
        if item.due:
            return at_dose(today, today.routine(item.entry), item.entry.routine)
    done = [item for item in items if item.done]
    if done:
        raise NothingDue(f"everything due on {day_text(today.day)} is done")
    raise NothingDue(f"nothing is due on {day_text(today.day)}: a rest day")


def at_dose(today: ProgramDay, loaded: LoadedRoutine, reference: str) -> LoadedRoutine:
    """A routine at the dose the program has for it on the day.

    Raises:
        RoutineError: The dose cannot be applied (the routine changed since the program was
            checked).
    """
    try:
        return dosed(loaded, today.dose(reference))
    except DoseError as exc:
        raise RoutineError([f"{loaded.display}: at the program's dose: {exc}"]) from None


def for_program(journal: Journal, loaded: LoadedRoutine, day: date) -> tuple[LoadedRoutine, str]:
    """A routine the user picked, at the program's dose when the current phase has it.

    Returns:
        The routine to play and a line saying which dose (empty when the program has no say).
    """
    today = on_day(journal, day)
    entry = today.match(loaded.path) if today is not None and today.started else None
    if today is None or entry is None:
        return loaded, ""
    dose = today.dose(entry.routine)
    words = dose.words() if dose is not None else ""
    played = at_dose(today, loaded, entry.routine)
    where = f"phase {today.phase.name} of {today.program.name!r}"
    return played, f"At the program's dose ({words}), {where}." if words else ""


@dataclass
class Turn:
    """One session played while a program may be followed: settled once it has ended."""

    day: date
    chosen: bool
    """True when the session was played as the day's (`hep play --today`)."""
    before: int
    """The newest session id counted (or before the turn), to find the sessions this process
    then wrote: each is counted once, however often the turn is settled."""


def stop_advice(journal: Journal, day: date) -> tuple[str, ...]:
    """The program's advice for any stop (`on_stop`), made safe, or none."""
    today = on_day(journal, day)
    text = today.program.on_stop if today is not None else None
    return (shown(text),) if text else ()


def caught_up(journal: Journal) -> list[str]:
    """Count the sessions kept but never counted (see `catch_up`) and say so.

    Returns:
        Lines for the user: each session counted now, and what the program decided on it.
    """
    lines: list[str] = []
    for played, on, decisions in catch_up(journal):
        if not decisions:
            continue  # quit or interrupted: counted as such, nothing to say
        lines.append(
            f"Program: {shown(played.routine_name)} of {day_text(on)} is counted now; hep "
            "ended before it could count it then."
        )
        lines += [f"Program: {d.reason}" for d in decisions]
    return lines


def begin(journal: Journal, day: date, *, chosen: bool, keep: bool = True) -> Turn:
    """Note where the journal stands before a session, and keep the day it is played for (a
    session this process cannot count, killed, is counted later for that day).

    Args:
        journal: The open journal.
        day: The program day.
        chosen: True for `hep play --today`.
        keep: Keep the day now; False: the caller keeps it (`keep_day`) before the session's
            first write.
    """
    turn = Turn(day, chosen, newest_session_id(journal))
    if keep:
        keep_day(journal, turn)
    return turn


def keep_day(journal: Journal, turn: Turn) -> None:
    """Keep the day `turn` is played for (see `begin`)."""
    keep_turn(journal, turn.day, chosen=turn.chosen, after=turn.before)


def settle(journal: Journal, turn: Turn) -> list[str]:
    """Count the sessions just played for the program, oldest first, and say what the program
    decided on each. A session counted by an earlier call is not counted again.

    Returns:
        Lines for the user (none when no program is followed or no session counted).
    """
    lines: list[str] = []
    for played in played_here(journal, turn.before):
        if played.outcome == RUNNING:
            break  # still being played (or kept whole later): counted once it has ended
        entry, decisions = record_session(journal, played, turn.day, chosen=turn.chosen)
        turn.before = played.session_id
        if entry is not None:
            lines += [f"Program: {d.reason}" for d in decisions] or [
                "Program: a session that was quit or interrupted does not count."
            ]
            continue
        today = on_day(journal, turn.day)
        if today is not None and played.preview and not turn.chosen:
            lines.append(
                "Program: a preview does not count; play it with hep play --today to count it."
            )
    return lines


@dataclass
class PickerView:
    """What the app shows of the program: due routines first, marked, with their last day."""

    entries: list[RoutineEntry]
    notes: dict[Path, str] = field(default_factory=dict)
    """An extra line for a routine file: `due today (sets -1) · last played Mon 2024-06-10`."""
    morning_due: bool = False
    ask_stiffness: bool = True
    day: date | None = None
    again: Callable[[], PickerView | None] | None = field(default=None, compare=False, repr=False)
    """The view read again (after a session the program counted; None when the journal cannot
    tell then)."""


def _last_played(journal: Journal) -> dict[str, date]:
    rows = journal.query(
        "SELECT routine_path, MAX(started_at) FROM sessions WHERE routine_path IS NOT NULL"
        " GROUP BY routine_path"
    )
    return {row[0]: localday.day_of(parse_utc(row[1])) for row in rows if row[1]}


def picker_view(journal: Journal, entries: list[RoutineEntry], day: date) -> PickerView:
    """Order and mark the picker's routines for the program's day.

    Args:
        journal: The open journal.
        entries: What routine discovery found.
        day: Today.

    Returns:
        The entries with the ones due today first (at the program's dose), and their notes.
    """
    last = _last_played(journal)
    notes: dict[Path, str] = {}
    for entry in entries:
        when = last.get(str(entry.path)) or last.get(str(entry.path.resolve()))
        if when is not None:
            notes[entry.path] = f"last played {day_text(when)}"
    today = on_day(journal, day)
    if today is None or not today.started:
        return PickerView(entries, notes)
    due_now = [item.entry for item in today.due if item.due]
    due: list[tuple[int, RoutineEntry]] = []
    rest: list[RoutineEntry] = []
    for entry in entries:
        prescribed = today.match(entry.path) if entry.loaded is not None else None
        if entry.loaded is None or prescribed is None:
            rest.append(entry)
            continue
        # Every routine the program prescribes today plays at its dose, due or done.
        try:
            dosed = entry._replace(loaded=at_dose(today, entry.loaded, prescribed.routine))
        except RoutineError as exc:  # it cannot be played at the dose: not as its file has it
            rest.append(entry._replace(loaded=None, error=exc))
            continue
        dose = today.dose(prescribed.routine)
        words = dose.words() if dose is not None else ""
        if prescribed in due_now:
            mark = f"due today ({words})" if words else "due today"
            due.append((due_now.index(prescribed), dosed))  # in the program's order
        else:
            mark = f"at the program's dose ({words})" if words else ""
            rest.append(dosed)
        notes[entry.path] = " · ".join(filter(None, [mark, notes.get(entry.path)]))
    first = [entry for _, entry in sorted(due, key=lambda pair: pair[0])]
    morning = today.program.morning
    view = PickerView([*first, *rest], notes, today.morning_due, morning.ask_stiffness)
    view.day = day
    return view


def morning_answered(
    journal: Journal, day: date, pain: int | None, stiffness: str | None
) -> list[str]:
    """Keep the app's morning answer and say what the program decided.

    Returns:
        Lines for the user.
    """
    _, decisions = record_morning(journal, day, pain, stiffness)
    return [d.reason for d in decisions]


@contextmanager
def program_view(
    wanted: bool,
    day: date | None,
    journal_path: Path | None = None,
    journal: BackgroundRecorder | None = None,
) -> Iterator[tuple[PickerView | None, Callable[[int | None, str | None], list[str]] | None]]:
    """The program's picker view and morning handler for the app.

    A journal that cannot be opened leaves the app without a program view (the session's own
    recorder reports the problem).

    Args:
        wanted: False when the app plays a routine at once (no picker).
        day: The program day, or None for none.
        journal_path: The journal file (default: the data folder's).
        journal: The sessions' journal, being opened on its own thread: the view is read, and
            the morning kept, through it (one open and one check for damage); None, or a
            journal it cannot serve: the journal is opened here and held while the app runs.

    Yields:
        The view (None when no program is followed) and the morning handler.
    """
    if not wanted or day is None or not program_followed(journal_path or locations.journal_path()):
        yield None, None
        return
    answered_day = day

    def view_of(store: Journal) -> PickerView:
        return picker_view(store, discover(), answered_day)

    try:
        shared = journal.use(view_of) if journal is not None else None
    except (JournalError, ProgramError):
        shared = None
    if shared is not None and journal is not None:
        through = journal

        def again() -> PickerView | None:
            try:
                return through.use(view_of)
            except (JournalError, ProgramError):
                return None

        shared.again = again

        def kept(pain: int | None, stiffness: str | None) -> list[str]:
            def keep(store: Journal) -> list[str]:
                return morning_answered(store, answered_day, pain, stiffness)

            try:
                said = through.use(keep)
            except JournalError:
                said = None  # refused on the sessions' journal (busy): kept through its own
            if said is not None:
                return said
            try:
                with Journal.open(journal_path) as store:
                    return keep(store)
            except JournalError as exc:
                return [f"The morning check could not be kept: {exc}"]

        yield shared, (kept if shared.day is not None else None)
        return
    try:
        opened = Journal.open(journal_path)
    except JournalError:
        yield None, None
        return
    with opened:
        try:
            view = view_of(opened)
        except (JournalError, ProgramError):
            yield None, None
            return
        lock = threading.Lock()  # the app's thread reads it again, the morning writes

        def again_here() -> PickerView | None:
            with lock:
                try:
                    return view_of(opened)
                except (JournalError, ProgramError):
                    return None

        view.again = again_here
        if view.day is None:
            yield view, None
            return

        def on_morning(pain: int | None, stiffness: str | None) -> list[str]:
            with lock:
                try:
                    return morning_answered(opened, answered_day, pain, stiffness)
                except JournalError as exc:
                    return [f"The morning check could not be kept: {exc}"]

        yield view, on_morning
