"""Authoring commands: `hep list`, `show`, `validate`, `new` and `schema`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from player.cli.complete import complete_routines
from player.cli.errors import CliError, routine_error
from player.locations import user_routines_dir
from player.routine.discovery import SUFFIXES, discover, looks_like_path, resolve_routine
from player.routine.durations import format_duration
from player.routine.loader import LoadedRoutine, RoutineError, load_routine
from player.routine.models import json_schema
from player.routine.starter import starter_text
from player.routine.timeline import alternation_note, pain_asked, timed_cues, timeline
from player.safetext import shown, spelled_out
from player.session.scale import stop_rules_text
from player.words import plural, shell_word

SCHEMA_FILE = "routine.schema.json"


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, no_color="NO_COLOR" in os.environ)


@click.command("list")
def list_routines() -> None:
    """List built-in and your own routines, with exercises and planned time."""
    entries = discover()
    rows: list[_Listed] = []
    for entry in entries:
        where = "built-in" if entry.builtin else "yours"
        if entry.loaded:
            routine = entry.loaded.routine
            time = format_duration(routine.planned_seconds())
            rows.append(
                _Listed(
                    entry.name,
                    Text(routine.name),
                    str(len(routine.exercises)),
                    time,
                    where,
                    f"{_count(len(routine.exercises), 'exercise')}, {time}",
                )
            )
        else:
            rows.append(
                _Listed(entry.name, Text("broken (see below)", style="red"), "-", "-", where)
            )
    console = _console()
    _print_listing(console, ("routine", "exercises", "time"), rows)
    if any(not entry.builtin for entry in entries):
        console.print(Text(f"Yours are in {user_routines_dir()}"), soft_wrap=True)
    for entry in entries:
        if entry.error is not None:
            console.print(Text(f"broken: {entry.error.lines[0]}"), soft_wrap=True)
    _list_programs(console)


@dataclass(frozen=True)
class _Listed:
    """One line of `hep list`: a routine or a program."""

    name: str
    title: Text
    first: str
    """Exercises (a routine) or phases (a program); `-` when it cannot be loaded."""
    second: str
    """Planned time (a routine) or weeks (a program)."""
    where: str
    facts: str = ""
    """Both numbers in words, for a narrow terminal: `7 exercises, 18m51s`."""


def _print_listing(console: Console, headings: tuple[str, str, str], rows: list[_Listed]) -> None:
    """Rows as a table, or one block a row when the terminal is too narrow: nothing cut."""
    kind, first, second = headings
    table = Table(box=None, pad_edge=False)
    table.add_column(kind, no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column(first, justify="right", no_wrap=True)
    table.add_column(second, justify="right", no_wrap=True)
    table.add_column("where", no_wrap=True)
    for row in rows:
        table.add_row(Text(shown(row.name)), row.title, row.first, row.second, Text(row.where))
    natural = console.measure(table, options=console.options.update_width(10_000)).maximum
    if natural <= console.width:
        console.print(table)
        return
    for row in rows:
        console.print(Text.assemble((shown(row.name), "bold"), f"  {row.where}"))
        facts = f": {row.facts}" if row.first != "-" else ""
        console.print(Padding(Text.assemble(row.title, facts), (0, 0, 0, 2), expand=False))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _list_programs(console: Console) -> None:
    """The programs under the routines: built-in and the user's, broken ones named."""
    from player.program.loader import ProgramError, load_program, program_files

    files = program_files()
    if not files:
        return
    rows: list[_Listed] = []
    broken = []
    for path, builtin in files:
        where = "built-in" if builtin else "yours"
        try:
            program = load_program(path, builtin=builtin).program
        except ProgramError as exc:
            rows.append(
                _Listed(path.stem, Text("broken (see below)", style="red"), "-", "-", where)
            )
            broken.append(exc.lines[0])
            continue
        phases, weeks = str(len(program.phases)), str(program.weeks)
        facts = f"{_count(len(program.phases), 'phase')}, {_count(program.weeks, 'week')}"
        rows.append(_Listed(path.stem, Text(program.name), phases, weeks, where, facts))
    console.print()
    _print_listing(console, ("program", "phases", "weeks"), rows)
    console.print(Text("Follow one: hep program start NAME (hep show NAME shows it)"))
    for line in broken:
        console.print(Text(f"broken: {line}"), soft_wrap=True)


@click.command()
@click.argument("routine", shell_complete=complete_routines)
def show(routine: str) -> None:
    """Show ROUTINE (a name or a path) as its timeline, with the total time; a program as its
    phases."""
    from player.program.loader import looks_like_program

    program_file = looks_like_path(routine) and looks_like_program(Path(routine))
    try:
        if program_file:
            raise RoutineError([], in_file=False)
        loaded = resolve_routine(routine)
    except RoutineError as exc:
        if exc.in_file and exc.lines and looks_like_path(routine) and Path(routine).is_file():
            raise routine_error(exc) from None  # a routine file with a mistake, as validate says
        _show_program(routine, exc)
        return
    r = loaded.routine
    console = _console()
    source = "built-in" if loaded.builtin else spelled_out(loaded.display)
    console.print(Text(f"{r.name} ({source})", style="bold"))
    console.print(Text(r.description.strip()))
    table = Table(box=None, pad_edge=False)
    for heading in ("at", "exercise", "set", "side", "what", "time"):
        table.add_column(heading, justify="right" if heading in ("at", "time") else "left")
    rows = timeline(r)
    for row in rows:
        seconds = ("~" if row.estimated else "") + format_duration(row.seconds, tenths=True)
        table.add_row(
            format_duration(row.start),
            Text(row.exercise),
            row.set,
            Text(row.side),
            Text(row.what),
            seconds,
        )
    console.print(table)
    estimated = any(row.estimated for row in rows)
    total = format_duration(r.planned_seconds())
    note = " (self-paced sets estimated at 3 s a rep; check-ins not included)" if estimated else ""
    console.print(f"Total: {'about ' if estimated else ''}{total}{note}")
    notes = [alternation_note(exercise) for exercise in r.exercises]
    if not r.defaults.auto_advance:  # as the players wait: before each exercise not right_after
        notes.append(
            "Waits for you (Enter, or done) before each exercise that does not follow right "
            "after; the waits are not in the total."
        )
    for line in [note for note in notes if note] + picture_lines(loaded):
        console.print(Text(line), soft_wrap=True)
    screen = {"always": "before every session", "daily": "before the first session of each day"}
    asks = screen.get(r.safety.screen, "never")
    console.print(Text(f"{stop_rules_text(r.safety)} Red-flag questions: {asks}."), soft_wrap=True)
    if r.safety.advice:
        console.print(Text("On a stop it adds: " + shown(r.safety.advice)), soft_wrap=True)
    console.print(Text("Pain is asked: " + "; ".join(pain_asked(r)) + "."), soft_wrap=True)
    cues = timed_cues(r)
    if cues:
        console.print(Text("Timed cues: " + "; ".join(cues) + "."), soft_wrap=True)


def picture_lines(loaded: LoadedRoutine) -> list[str]:
    """A line for each exercise's picture and link, as `hep show` prints them.

    Args:
        loaded: The routine.

    Returns:
        `Bird dog: picture pictures/bird-dog.png` and `Bird dog: link https://...` lines.
    """
    lines = []
    for i, exercise in enumerate(loaded.routine.exercises):
        path = loaded.image_path(i)
        if path is not None:
            lines.append(f"{exercise.name}: picture {path}")
        if exercise.link:
            lines.append(f"{exercise.name}: link {exercise.link}")
    return lines


def _show_program(name: str, routine_problem: RoutineError) -> None:
    """Show a program by name or path; when there is none, the routine's problem stands."""
    from player.program.loader import ProgramError, resolve_program
    from player.program.report import program_lines

    try:
        loaded = resolve_program(name)
    except ProgramError as exc:
        if not exc.in_file and routine_problem.lines:
            raise routine_error(routine_problem) from None
        raise routine_error(exc) from None
    for line in program_lines(loaded):
        click.echo(line)


def _expand(paths: tuple[str, ...]) -> list[str]:
    """The files to check: each file given, and the YAML files in and below each folder given,
    hidden ones left out (as `hep list` leaves them out: `.git`, macOS's `._name.yaml`)."""
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found or [given + os.sep])
        else:
            files.append(given)
    return files


@click.command()
@click.argument("paths", nargs=-1, required=True)
def validate(paths: tuple[str, ...]) -> None:
    """Check routine and program files (or folders of them); exit 0 only if all pass."""
    from player.program.loader import load_program, looks_like_program

    problems: list[str] = []
    for given in _expand(paths):
        if given.endswith(os.sep) and Path(given).is_dir():
            folder = given.rstrip(os.sep) or os.sep
            problems.append(f"{spelled_out(folder)}: no routine files (.yaml, .yml) in this folder")
            continue
        if looks_like_program(Path(given)):
            try:
                program = load_program(given).program
            except RoutineError as exc:
                problems += exc.lines
                continue
            phases = f"{plural(len(program.phases), 'phase')}, {plural(program.weeks, 'week')}"
            click.echo(f"ok {spelled_out(given)} (program, {phases})")
            continue
        try:
            loaded = load_routine(given, open_pictures=True)
        except RoutineError as exc:
            problems += exc.lines
            continue
        r = loaded.routine
        click.echo(
            f"ok {spelled_out(given)} ({plural(len(r.exercises), 'exercise')}, "
            f"{format_duration(r.planned_seconds())})"
        )
    if problems:
        raise CliError(lines=problems)


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
def new(path: Path) -> None:
    """Write a commented starter routine to PATH (never overwrites)."""
    if path.is_dir():
        raise CliError(lines=[f"{path}: is a folder; give a file name ending in .yaml"])
    if path.suffix not in SUFFIXES:
        raise CliError(lines=[f"{path}: a routine file name ends in .yaml"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(starter_text(SCHEMA_FILE, shell_word(spelled_out(path.name))))  # a comment
    except FileExistsError:
        problem = f"{path}: already exists; not overwriting it (choose another name)"
        raise CliError(lines=[problem]) from None
    except OSError as exc:
        raise CliError(lines=[f"{path}: cannot write ({exc.strerror or exc})"]) from None
    schema_copy = path.parent / SCHEMA_FILE
    wrote_schema = _write_schema_copy(schema_copy)
    named = spelled_out(str(path))  # as an error line names it: one line, nothing acted on
    click.echo(f"wrote {named}; edit it, then: hep validate {shell_word(named)}")
    if wrote_schema:
        click.echo(
            f"wrote {spelled_out(str(schema_copy))} beside it, for editors (its modeline points "
            "there)"
        )


def _write_schema_copy(path: Path) -> bool:
    """Keep a copy of this hep's routine schema beside the user's routines, so the modeline of
    `hep new` stays valid whatever happens to hep's own install; refreshed when it differs.

    Returns:
        True when it was written now.
    """
    text = json.dumps(json_schema(), indent=2) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    try:
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        raise CliError(lines=[f"{path}: cannot write ({exc.strerror or exc})"]) from None
    return True


@click.command()
def schema() -> None:
    """Print the JSON Schema of routine files (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2))
