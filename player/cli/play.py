"""`hep play`: the routine picker, the Textual app, or the `--plain` line player."""

from __future__ import annotations

import sys

import click

from player.cli.errors import CliError, routine_error
from player.cli.options import Number


@click.command()
@click.argument("routine", required=False)
@click.option("--plain", is_flag=True, help="Play as plain lines (screen readers, scripts).")
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
def play(
    routine: str | None, plain: bool, speed: float, mute: bool, bell: bool, voice: bool
) -> None:
    """Play a routine: a built-in or user routine name, or a path to a YAML file."""
    from player.routine.discovery import discover, resolve_routine
    from player.routine.loader import RoutineError

    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if routine is None:
        if terminal and not plain:
            from player.tui.app import run_app

            raise SystemExit(run_app(None, speed=speed, mute=mute, bell=bell, voice=voice))
        names = ", ".join(entry.name for entry in discover()) or "none yet"
        raise CliError(f"which routine? hep play NAME, with NAME one of: {names}")
    try:
        loaded = resolve_routine(routine)
    except RoutineError as exc:
        raise routine_error(exc) from None
    if not plain and not terminal:
        click.echo("hep: not a terminal, so playing line by line (--plain)", err=True)
        plain = True
    if not plain:
        from player.tui.app import run_app

        raise SystemExit(run_app(loaded, speed=speed, mute=mute, bell=bell, voice=voice))
    from player.plain import play_plain

    raise SystemExit(play_plain(loaded, speed=speed, mute=mute, bell=bell, voice=voice))
