"""Authoring commands: `hep list`, `show`, `validate`, `new` and `schema`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from player.cli.errors import CliError, routine_error
from player.locations import builtin_routines_dir, user_routines_dir
from player.routine.discovery import SUFFIXES, discover, resolve_routine
from player.routine.durations import format_duration
from player.routine.loader import RoutineError, load_routine
from player.routine.models import json_schema
from player.routine.starter import starter_text
from player.routine.timeline import timeline

SCHEMA_FILE = "routine.schema.json"


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, no_color="NO_COLOR" in os.environ)


@click.command("list")
def list_routines() -> None:
    """List built-in and your own routines, with exercises and planned time."""
    entries = discover()
    rows: list[tuple[str, Text, str, str, str]] = []
    for entry in entries:
        where = "built-in" if entry.builtin else "yours"
        if entry.loaded:
            routine = entry.loaded.routine
            time = format_duration(routine.planned_seconds())
            rows.append((entry.name, Text(routine.name), str(len(routine.exercises)), time, where))
        else:
            rows.append((entry.name, Text("broken (see below)", style="red"), "-", "-", where))
    table = Table(box=None, pad_edge=False)
    table.add_column("routine", no_wrap=True)
    table.add_column("name", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("exercises", justify="right")
    table.add_column("time", justify="right")
    table.add_column("where", no_wrap=True)
    for name, title, count, time, where in rows:
        table.add_row(Text(name), title, count, time, Text(where))
    console = _console()
    natural = console.measure(table, options=console.options.update_width(10_000)).maximum
    if natural <= console.width:
        console.print(table)
    else:  # too narrow for the table: one routine to a block, nothing cut
        for name, title, count, time, where in rows:
            console.print(Text.assemble((name, "bold"), f"  {where}"))
            facts = f": {count} exercises, {time}" if count != "-" else ""
            console.print(Padding(Text.assemble(title, facts), (0, 0, 0, 2), expand=False))
    if any(not entry.builtin for entry in entries):
        console.print(Text(f"Yours are in {user_routines_dir()}"), soft_wrap=True)
    for entry in entries:
        if entry.error is not None:
            console.print(Text(f"broken: {entry.error.lines[0]}"), soft_wrap=True)


@click.command()
@click.argument("routine")
def show(routine: str) -> None:
    """Show ROUTINE (a built-in name or a path) as its timeline, with the total time."""
    try:
        loaded = resolve_routine(routine)
    except RoutineError as exc:
        raise routine_error(exc) from None
    r = loaded.routine
    console = _console()
    source = "built-in" if loaded.builtin else loaded.display
    console.print(Text(f"{r.name} ({source})", style="bold"))
    console.print(Text(r.description.strip()))
    table = Table(box=None, pad_edge=False)
    for heading in ("at", "exercise", "set", "side", "what", "time"):
        table.add_column(heading, justify="right" if heading in ("at", "time") else "left")
    rows = timeline(r)
    for row in rows:
        seconds = ("~" if row.estimated else "") + format_duration(row.seconds)
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


def _expand(paths: tuple[str, ...]) -> list[str]:
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.suffix in SUFFIXES)
            files.extend(found or [given + os.sep])
        else:
            files.append(given)
    return files


@click.command()
@click.argument("paths", nargs=-1, required=True)
def validate(paths: tuple[str, ...]) -> None:
    """Check routine files (or folders of them); exit 0 only if all pass."""
    problems: list[str] = []
    for given in _expand(paths):
        if given.endswith(os.sep) and Path(given).is_dir():
            folder = given.rstrip(os.sep) or os.sep
            problems.append(f"{folder}: no routine files (.yaml, .yml) in this folder")
            continue
        try:
            loaded = load_routine(given)
        except RoutineError as exc:
            problems += exc.lines
            continue
        r = loaded.routine
        click.echo(
            f"ok {given} ({len(r.exercises)} exercises, {format_duration(r.planned_seconds())})"
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
    schema = builtin_routines_dir() / SCHEMA_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(starter_text(schema.resolve().as_uri(), path.name))
    except FileExistsError:
        problem = f"{path}: already exists; not overwriting it (choose another name)"
        raise CliError(lines=[problem]) from None
    except OSError as exc:
        raise CliError(lines=[f"{path}: cannot write ({exc.strerror or exc})"]) from None
    click.echo(f"wrote {path}; edit it, then: hep validate {path}")


@click.command()
def schema() -> None:
    """Print the JSON Schema of routine files (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2))
