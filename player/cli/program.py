"""`hep program` (start, show, stop, calendar, schema), `hep today` and `hep morning` (thin)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from player import localday
from player.answers import (
    DIGITS_ONLY,
    AnswerError,
    foreign_digits,
    quoted,
    read_pain,
    read_stiffness,
)
from player.cli.complete import complete_programs
from player.cli.errors import (
    CliError,
    hep_line,
    journal_errors,
    open_journal,
    routine_error,
    write_out,
)
from player.cli.options import Day, PainNumber, StiffnessChoice, TimeOfDay, not_ahead
from player.files import read_line
from player.routine.loader import LoadedRoutine, RoutineError
from player.session.outcomes import EXIT_STATUS

if TYPE_CHECKING:
    from player.journal.record.background import BackgroundRecorder
    from player.journal.store.store import Journal
    from player.program.playing import Turn as PlayingTurn
    from player.program.today import ProgramDay

NOTHING_DUE = 5
"""`hep play --today`'s exit status when no routine is due today (and not yet done)."""
NO_PROGRAM = (
    "No program is being followed. Start one with hep program start NAME-or-FILE "
    "(hep list shows the programs)."
)


def date_option(help_text: str = "The day to look at (default: today).") -> Any:
    """The one `--date YYYY-MM-DD` option, default today."""
    return click.option("--date", "day", type=Day(), default=None, help=help_text)


def _state(store: Journal, day: date) -> ProgramDay | None:
    with journal_errors():
        return _day_state(store, day)


def _day_state(store: Journal, day: date) -> ProgramDay | None:
    """The program on `day` (None: none followed); raises `JournalError`."""
    from player.journal.store.errors import JournalError
    from player.program.today import on_day, shown_on

    if day <= localday.today():  # what is shown for a day that has begun is kept
        try:
            return shown_on(store, day)
        except JournalError:  # a journal that cannot be written is still shown
            pass
    return on_day(store, day)


@click.group()
def program() -> None:
    """Follow a program over weeks: start one, see where you are, stop it."""


@program.command()
@click.argument("file", metavar="NAME-or-FILE", shell_complete=complete_programs)
@date_option("The program's first day (default: today).")
@click.option("--phase", default=None, help="Start at this phase (its name or number).")
def start(file: str, day: date | None, phase: str | None) -> None:
    """Start following a program: a built-in or user program name, or a program file."""
    from player.program.loader import ProgramError, resolve_program
    from player.program.today import start_program

    try:
        loaded = resolve_program(file)
    except ProgramError as exc:
        raise routine_error(exc) from None
    first = 0
    if phase is not None:
        found = loaded.program.phase_index(phase)
        if found is None:
            names = ", ".join(p.name for p in loaded.program.phases)
            digits = f"; {DIGITS_ONLY}" if foreign_digits(phase) else ""
            raise CliError(
                f"--phase: no phase {quoted(phase)} in {loaded.display} (phases: {names}{digits})"
            )
        first = found
    day = day or localday.today()
    with open_journal() as store:
        current = _state(store, day)
        if current is not None and current.record.loaded.source_hash == loaded.source_hash:
            raise CliError(
                f"already following {loaded.program.name!r} since "
                f"{current.record.started_on.isoformat()} (phase {current.phase.name}); "
                "hep program stop first to start it over"
            )
        with journal_errors():
            stopped, started = start_program(store, loaded, day, first)
    if stopped is not None:
        click.echo(f"Stopped {stopped.loaded.program.name!r}; its record stays in the journal.")
    name = loaded.program.phases[first].name
    click.echo(
        f"Started {loaded.program.name!r} on {day.isoformat()} at phase {name}. "
        "hep today shows what is due."
    )


@program.command()
@date_option()
def show(day: date | None) -> None:
    """Show the program: its phases, where you are, and the decisions with their reasons."""
    from player.program.report import show_lines

    with open_journal() as store:
        state = _state(store, day or localday.today())
    if state is None:
        click.echo(NO_PROGRAM)
        return
    for line in show_lines(state):
        click.echo(line)


@program.command()
@date_option("The program's last day (default: today).")
def stop(day: date | None) -> None:
    """Stop following the program (its sessions, mornings and decisions stay in the journal)."""
    from player.program.loader import ProgramError
    from player.program.store import stop_unreadable
    from player.program.today import stop_program

    last = day or localday.today()
    with open_journal() as store, journal_errors():
        try:
            stopped = stop_program(store, last)
        except ProgramError:  # its copy cannot be read: stopped as it is
            name = stop_unreadable(store, last)
            click.echo(
                f"Stopped {name!r} (its copy in the journal could not be read). Its sessions, "
                "mornings and decisions stay in the journal."
            )
            return
    if stopped is None:
        click.echo(NO_PROGRAM)
        return
    click.echo(
        f"Stopped {stopped.program.name!r} in phase {stopped.phase.name}. Its sessions, "
        "mornings and decisions stay in the journal."
    )


@program.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this .ics file (private, whole or not at all) instead of standard output.",
)
@date_option("The first day to put in the calendar (default: today).")
@click.option(
    "--at",
    "at",
    type=TimeOfDay(),
    default=None,
    help="Give each session this start time (default: all-day events).",
)
def calendar(output: Path | None, day: date | None, at: time | None) -> None:
    """The planned sessions as an iCalendar file, for your own calendar's reminders."""
    from player.program.calendar import calendar_text

    with open_journal() as store:
        state = _state(store, day or localday.today())
    if state is None:
        raise CliError(NO_PROGRAM[0].lower() + NO_PROGRAM[1:].rstrip("."))
    text = calendar_text(state, at=at)
    write_out(text, output, "calendar")


@program.command()
def schema() -> None:
    """Print the JSON Schema of program files (for editors)."""
    from player.program.models import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@click.command()
@date_option()
@click.option("--short", is_flag=True, help="One line, for a shell prompt or a login message.")
def today(day: date | None, short: bool) -> None:
    """What the program has for today: due and done, the phase, the morning check, the latest
    decision and why."""
    from player.journal.record.today import NOTHING, earlier_today
    from player.program.report import short_line, today_lines

    with open_journal() as store:
        state = _state(store, day or localday.today())
        # A stop today: why the next one asks first, as `hep play` will say it.
        earlier = earlier_today(store) if day in (None, localday.today()) else NOTHING
    if state is None:
        if not short:
            click.echo(NO_PROGRAM)
        return
    if short:
        click.echo(short_line(state, earlier))
        return
    for line in today_lines(state, stop=earlier.stop):
        click.echo(line)


@click.command()
@click.option("--pain", type=PainNumber(), default=None, help="Pain this morning, 0-10.")
@click.option(
    "--stiffness",
    type=StiffnessChoice(),
    default=None,
    help="How long the morning stiffness lasted.",
)
@click.option("--skip", is_flag=True, help="Note that the check was skipped today.")
@date_option("The morning's day (default: today).")
def morning(pain: int | None, stiffness: str | None, skip: bool, day: date | None) -> None:
    """The next-morning check: pain (and stiffness) the morning after a session. Asks for what
    the options leave out."""
    from player.program import today as program_today

    day = not_ahead(day, "a morning check")
    with open_journal() as store:
        state = _state(store, day)
        asks_stiffness = state is None or state.program.morning.ask_stiffness
        if skip:
            pain, stiffness = None, None
        else:
            if pain is None:
                pain = _read_pain()
            if pain is not None and stiffness is None and asks_stiffness:
                stiffness = _read_stiffness()
        earlier = state.morning if state is not None else None
        with journal_errors():
            after, made = program_today.record_morning(store, day, pain, stiffness)
    if earlier is not None:
        click.echo(f"This replaces the check already noted for {day.isoformat()}.")
    from player.program.report import STIFFNESS_WORDS

    if pain is None:
        click.echo(f"Noted: morning check skipped ({day.isoformat()}).")
    else:
        stiff = f", {STIFFNESS_WORDS[stiffness]}" if stiffness else ""
        click.echo(f"Noted: morning pain {pain}/10{stiff} ({day.isoformat()}).")
    if after is None:
        click.echo("No program is being followed, so nothing was decided.")
    for decision in made:
        label = "Note" if decision.action in ("notice", "revise") else "Decision"
        click.echo(f"{label}: {decision.reason}")


def _line(question: str) -> str | None:
    """Ask on standard output, read one line from standard input (None at its end)."""
    click.echo(question)
    line = read_line(sys.stdin)
    return None if line == "" else line.strip()  # as typed: the readers take any case


def _read_pain() -> int | None:
    """Ask for the morning's pain until answered; an empty answer skips the check."""
    while True:
        answer = _line("Pain this morning, 0-10? (Enter to skip)")
        if answer is None:
            raise CliError("no answer (end of input): nothing noted; give --pain N or --skip")
        if answer == "":
            return None
        try:
            return read_pain(answer, flags=False).pain
        except AnswerError as exc:
            if not sys.stdin.isatty():
                raise CliError(f"morning pain: {exc}") from None
            digits = f" ({DIGITS_ONLY})" if foreign_digits(answer) else ""
            click.echo(f"Please answer with a number from 0 to 10, or Enter to skip{digits}.")


def _read_stiffness() -> str | None:
    """Ask how long the morning stiffness lasted; an empty answer leaves it out."""
    while True:
        answer = _line("Stiffness this morning: none, under 30 minutes, or over 30? (n/u/o)")
        if answer is None or answer == "":
            return None
        try:
            return read_stiffness(answer)
        except AnswerError as exc:
            if not sys.stdin.isatty():
                raise CliError(f"stiffness: {exc}") from None
        click.echo("Please answer n (none), u (under 30 minutes) or o (over 30 minutes).")


# --- around `hep play` -----------------------------------------------------------------------


def todays(day: date, journal: BackgroundRecorder | None = None) -> LoadedRoutine:
    """`hep play --today`: the first routine due on `day` and not yet done, at its dose.

    Args:
        day: The program day.
        journal: The session's journal, being opened on its own thread: the day is read
            through it (see `program_turn`). None, or a journal it cannot serve: opened here.

    Raises:
        CliError: No program is being followed.
        SystemExit: Nothing is due (status 5), after saying so.
        RoutineError: The routine due cannot be used.
    """
    from player.journal import JournalError
    from player.program.playing import NothingDue, todays_routine

    late: list[str] = []

    def due(store: Journal) -> LoadedRoutine:
        from player.program.playing import caught_up

        late.extend(caught_up(store))  # said, as `hep play NAME` says it
        state = _day_state(store, day)
        if state is None:
            raise CliError(NO_PROGRAM[0].lower() + NO_PROGRAM[1:].rstrip("."))
        return todays_routine(state)

    try:
        try:
            found = journal.use(due) if journal is not None else None
        except JournalError:
            found = None  # refused on the session's journal: opened here, as for any command
        if found is None:
            with open_journal() as store, journal_errors():
                found = due(store)
    except (NothingDue, CliError) as exc:
        for line in late:
            click.echo(line)
        for line in journal.take_notices() if journal is not None else []:
            click.echo(hep_line(line), err=True)  # no session to show them
        if isinstance(exc, CliError):
            raise
        click.echo(f"hep: {exc}; hep today shows the day", err=True)
        raise SystemExit(NOTHING_DUE) from None
    for line in late:
        click.echo(line)
    return found


@dataclass
class Turn:
    """A session about to be played: the routine at the program's dose, and its exit status."""

    loaded: LoadedRoutine | None
    status: int = 0
    advice: tuple[str, ...] = ()
    """What the program says after any stop (its `on_stop`), for the session's stop message."""
    notes: list[str] = field(default_factory=list)
    """What the program said before the session (its dose), for a face that covers the
    terminal to show too."""
    count_now: Callable[[], object] | None = None
    """Count the sessions played so far for the program, at once and once (the terminal is
    gone: hep exits right after); None when no program is followed."""


@contextmanager
def program_turn(
    loaded: LoadedRoutine | None,
    day: date,
    *,
    chosen: bool,
    journal: BackgroundRecorder | None = None,
) -> Iterator[Turn]:
    """Around one session: the program's dose before it, its decision after it.

    A problem with the journal here never stops the session; it is told as one line.

    Args:
        loaded: The routine to play (None: the app's picker chooses).
        day: The program day.
        chosen: True for `hep play --today`.
        journal: The session's journal, being opened on its own thread: the dose is read
            through it (one open and one check for damage per start, the check running while
            this thread loads the program), and it is closed before the program counts the
            session. None: the journal is opened here.

    Yields:
        The turn; the block plays `turn.loaded` and sets `turn.status`.
    """
    from player.locations import journal_path
    from player.program.followed import program_followed

    turn = Turn(loaded)
    started: playing.Turn | None = None
    if not chosen and not program_followed(journal_path()):
        yield turn  # no program to follow: the session goes on as it is
        return
    from player.journal import Journal, JournalError
    from player.program import playing

    def before(store: Journal, keep: bool = True) -> tuple[list[str], playing.Turn]:
        notes = playing.caught_up(store)  # first: a session counted late may change the dose
        if loaded is not None and not chosen:
            turn.loaded, note = playing.for_program(store, loaded, day)
            notes += [note] if note else []
        turn.advice = playing.stop_advice(store, day)
        return notes, playing.begin(store, day, chosen=chosen, keep=keep)

    try:
        try:  # the session shows what opening its journal changed (files made private)
            opened = journal.use(partial(before, keep=False)) if journal is not None else None
        except JournalError:
            opened = None  # refused on the session's journal: the program opens its own
        if opened is not None and journal is not None:
            # Written on the journal's thread before the session's first event, while the
            # first question is put up (it waits on the disk).
            journal.later(partial(playing.keep_day, turn=opened[1]))
        if opened is None:
            with Journal.open() as store:
                for line in store.notices:
                    if line.startswith("made "):  # what it could not change, the session tells
                        click.echo(hep_line(line), err=True)
                opened = before(store)
        notes, started = opened
        for note in notes:
            click.echo(note)
            turn.notes.append(note)
    except JournalError as exc:
        unfollowed = (
            f"the program cannot be followed for this session: {exc}; the routine plays as its "
            "file has it, and the program counts the session the next time it can"
        )
        # Not repeated in the app: the quick look says "followed" when it cannot tell (the
        # journal unreadable), so this may be said to someone who follows no program; the
        # app tells the journal's own problem.
        click.echo(hep_line(unfollowed), err=True)
    except RoutineError as exc:
        raise routine_error(exc) from None
    if started is None:
        yield turn
        return
    settling: playing.Turn | None = started
    said: list[str] = []
    """What the program decided on the sessions counted as each was kept."""
    counted = [0]
    """How many sessions were counted as they were kept."""

    def as_kept(store: Journal) -> None:  # on the journal's thread, each session just kept
        said.extend(playing.settle(store, started))
        counted[0] += 1

    def all_counted() -> bool:  # once the journal is closed
        return journal is not None and journal.finished == counted[0]

    if journal is not None:
        journal.after_each_session(as_kept)

    def count(*, patient: bool = True) -> list[str]:
        nonlocal settling
        if settling is None:
            return []  # counted already (at a hang-up)
        kept, settling = settling, None
        if journal is None:
            return _counted(kept, patient=patient)
        journal.close()  # every session written whole before the program counts it
        if all_counted():
            return said  # each counted as it was kept
        return said + _counted(kept, patient=patient)

    turn.count_now = lambda: count(patient=False)
    yield turn
    try:
        lines = count()
    except KeyboardInterrupt:  # taken at once, even while a busy journal is waited for
        late = f"the program did not count this session: {NOT_COUNTED}"
        lines = said + ([] if all_counted() else [hep_line(late)])
        turn.status = EXIT_STATUS["interrupted"]
    for line in lines:
        click.echo(line)


NOT_COUNTED = "the session is kept, and the program counts it the next time hep starts"
COUNT_MORE_SECONDS = 60.0
"""How much longer than any command a busy journal is waited for (saying so) to count a
session for the program: a session the program does not count then is never counted."""


def _counted(started: PlayingTurn, *, patient: bool = True) -> list[str]:
    """Count the session(s) just played for the program, waiting for a busy journal (whose
    sessions kept meanwhile in a recovery file go in when it opens): `patient`, up to
    `COUNT_MORE_SECONDS` more than any command."""
    from time import monotonic

    from player.journal import Journal, JournalError
    from player.journal.store.errors import is_locked
    from player.journal.store.store import DEFAULT_TIMEOUT
    from player.program import playing

    try:
        try:
            with Journal.open(timeout=DEFAULT_TIMEOUT) as store:
                return playing.settle(store, started)
        except JournalError as exc:
            if not (patient and is_locked(exc)):
                raise
            click.echo(
                hep_line(
                    f"{exc.message}; waiting up to {COUNT_MORE_SECONDS:g} s more to count this "
                    "session for the program (Ctrl+C: it is kept, and counted at the next"
                    " start)"
                ),
                err=True,
            )
        until = monotonic() + COUNT_MORE_SECONDS
        while True:  # in short waits, so that Ctrl+C is taken at once
            try:
                with Journal.open(timeout=min(1.0, max(until - monotonic(), 0.01))) as store:
                    return playing.settle(store, started)
            except JournalError as exc:
                if not is_locked(exc) or monotonic() >= until:
                    raise
    except JournalError as exc:
        return [hep_line(f"the program could not count this session: {exc}; {NOT_COUNTED}")]
