"""`hep play`: the routine picker, the Textual app, or the `--plain` line player."""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from player.cli.complete import complete_routines
from player.cli.errors import CliError, routine_error
from player.cli.options import Day, Number, not_ahead

if TYPE_CHECKING:
    from player.cli.program import Turn
    from player.journal.record.background import BackgroundRecorder
    from player.journal.record.facts import DayFacts
    from player.routine.loader import LoadedRoutine


def _collect_once_started(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run `command` with Python's garbage collector paused until the session starts (the app
    or the line player turns it back on): start-up makes tens of thousands of objects that all
    live on, and collecting meanwhile only delays the first question."""

    @functools.wraps(command)
    def paused(*args: Any, **kwargs: Any) -> Any:
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@click.command()
@click.argument("routine", required=False, shell_complete=complete_routines)
@click.option("--plain", is_flag=True, help="Play as plain lines (screen readers, scripts).")
@click.option("--app", is_flag=True, help="Play full screen, whatever the settings file says.")
@click.option(
    "--speed",
    type=Number(1, 60),
    default=1.0,
    show_default=True,
    help="Play N times faster, to preview a routine.",
)
@click.option("--mute", is_flag=True, help="Start with cues silenced.")
@click.option("--bell", is_flag=True, help="Ring the terminal bell for cues instead of sounds.")
@click.option("--voice", is_flag=True, help="Speak exercise names and cue lines (espeak-ng).")
@click.option(
    "--today",
    "for_today",
    is_flag=True,
    help="Play the first routine your program has due today and not yet done.",
)
@click.option(
    "--date", "day", type=Day(), default=None, help="The program day to play for (default: today)."
)
@_collect_once_started
def play(
    routine: str | None,
    plain: bool,
    app: bool,
    speed: float,
    mute: bool,
    bell: bool,
    voice: bool,
    for_today: bool,
    day: date | None,
) -> None:
    """Play a routine: a built-in or user routine name, or a path to a YAML file.

    Options not given come from the settings file (`hep doctor` says where it is).
    """
    from player.config import ConfigError, load_settings
    from player.routine.discovery import discover, routine_file
    from player.routine.loader import RoutineError, load_compiled, load_routine

    if for_today and routine is not None:
        raise CliError("give a routine or --today, not both")
    if plain and app:
        raise CliError("give --plain or --app, not both")
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise CliError(lines=[str(exc)]) from None
    plain = plain or (settings.face == "plain" and not app)
    if not (mute or bell):
        mute, bell = settings.sound == "mute", settings.sound == "bell"
    voice = voice or settings.voice
    asked_day = day
    day = not_ahead(day, "a session")
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if routine is None and not for_today:
        if terminal and not plain:
            with _journal_ahead() as kept:  # opened and checked while the app's modules load
                import player.tui.app  # noqa: F401 - its modules load meanwhile
                from player.cli.program import program_turn

                with program_turn(None, day, chosen=False, journal=kept) as turn:
                    turn.status = _in_app(
                        None, turn, kept, speed, mute, bell, voice, program_day=day
                    )
            raise SystemExit(turn.status)
        names = ", ".join(entry.name for entry in discover()) or "none yet"
        raise CliError(f"which routine? hep play NAME, with NAME one of: {names}")
    with ExitStack() as stack:
        # `--today` reads the program's day through the session's journal, opened first; a
        # routine named is loaded (validated aside, in a child, on a first play) before it.
        journal = stack.enter_context(_journal_ahead()) if for_today else None
        try:
            if for_today:
                from player.cli.program import todays

                loaded = todays(day, journal)
            else:
                file, builtin = routine_file(str(routine))
                app_face = terminal and not plain
                found = load_compiled(file, builtin=builtin) if app_face else None
                if app_face and found is None:
                    _validated_aside(file, builtin)
                loaded = found or load_routine(file, builtin=builtin)
        except RoutineError as exc:
            raise routine_error(exc) from None
        if not plain and not terminal:
            click.echo("hep: not a terminal, so playing line by line (--plain)", err=True)
            plain = True
        if journal is None and not plain and asked_day is None:
            ahead = _facts_ahead()
            if ahead is not None:  # the first question first; the journal once it is drawn
                from player.tui.run import run_app

                status = run_app(
                    loaded, speed=speed, mute=mute, bell=bell, voice=voice, ahead=ahead
                )
                raise SystemExit(status)
        if journal is None:
            journal = stack.enter_context(_journal_ahead())
        from player.cli.program import program_turn

        turn = stack.enter_context(program_turn(loaded, day, chosen=for_today, journal=journal))
        journal.read_ahead()  # behind the program's reads, which may note the day's decision
        loaded = turn.loaded or loaded
        if not plain:
            turn.status = _in_app(loaded, turn, journal, speed, mute, bell, voice)
        else:
            from player.plain import play_plain

            gc.enable()
            turn.status = play_plain(
                loaded,
                speed=speed,
                mute=mute,
                bell=bell,
                voice=voice,
                advice=turn.advice,
                journal=journal,
            )
    raise SystemExit(turn.status)


def _in_app(
    loaded: LoadedRoutine | None,
    turn: Turn,
    journal: BackgroundRecorder,
    speed: float,
    mute: bool,
    bell: bool,
    voice: bool,
    program_day: date | None = None,
) -> int:
    """Play in the full-screen app (a routine, or the picker when `loaded` is None), with what
    the program's turn gives it: its stop advice, its notes, and its count at a hang-up.

    Args:
        loaded: The routine, or None for the picker.
        turn: The program's turn around the session.
        journal: The session's journal, being opened (closed by the app).
        speed: Session seconds per real second.
        mute: Start with cues silenced.
        bell: Ring the terminal bell for cues.
        voice: Speak exercise names and cue lines.
        program_day: The program day the picker shows.

    Returns:
        The app's exit status.
    """
    from player.tui.run import run_app

    return run_app(
        loaded,
        speed=speed,
        mute=mute,
        bell=bell,
        voice=voice,
        program_day=program_day,
        advice=turn.advice,
        journal=journal,
        on_hangup=turn.count_now,
        notes=tuple(turn.notes),
    )


def _validated_aside(file: str | Path, builtin: bool) -> None:
    """Validate a routine played for the first time in a child process, which keeps its
    compiled form in the cache, while this one imports the app: on a second core the two
    overlap. The child only fills the cache: the routine is then loaded here as ever, from the
    cache or, if the child could not keep it, validated again; a bad routine is reported from
    here (exit status 2, before any screen).

    Only where a process can be forked safely: Linux, with no other thread running yet.

    Args:
        file: The routine file (see `routine_file`).
        builtin: Whether it is one of hep's own.
    """
    if sys.platform != "linux" or threading.active_count() != 1:
        return
    from player.routine.loader import load_routine

    try:
        child = os.fork()
    except OSError:
        return
    if child == 0:  # pragma: no cover - the child's work is seen in the cache it fills
        try:
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            load_routine(file, builtin=builtin)
        except BaseException:
            pass
        finally:
            os._exit(0)
    try:
        import player.tui.app  # noqa: F401 - the app's modules, meanwhile
    finally:
        os.waitpid(child, 0)


def _facts_ahead() -> DayFacts | None:
    """The day's facts for the first question, when the note beside the journal can be trusted
    and no program is followed (`player.journal.record.facts`); None: the journal is asked."""
    from player.journal.record.facts import read_facts
    from player.locations import journal_path

    return read_facts(journal_path())


@contextmanager
def _journal_ahead() -> Iterator[BackgroundRecorder]:
    """Start opening the journal for the session on its own thread, before the face's modules
    are imported: SQLite checks the file for damage on the other core while this one loads the
    program (which reads its dose through this journal: see `program_turn`) and starts the face;
    then the caller asks it for what the first question needs (`read_ahead`). The face closes
    it; so does leaving early (a face that cannot start).

    Yields:
        The journal's recorder, for `program_turn` and `session_resources`.
    """
    from player.journal.record.background import BackgroundRecorder
    from player.program.followed import followed_in

    journal = BackgroundRecorder()
    journal.keep_facts(followed_in)  # the day's facts, kept at closing for the next start
    try:
        yield journal
    finally:
        journal.close()
