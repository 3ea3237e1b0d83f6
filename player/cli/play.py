"""`hep play`: the routine picker, the Textual app, or the `--plain` line player."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("routine", required=False)
@click.option("--plain", is_flag=True, help="Play as plain lines (screen readers, scripts).")
@click.option(
    "--speed",
    type=click.FloatRange(1, 60),
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

    if not plain and not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo("hep: not a terminal, so playing line by line (--plain)", err=True)
        plain = True
    if routine is None and not plain:
        from player.tui.app import run_app

        raise SystemExit(run_app(None, speed=speed, mute=mute, bell=bell, voice=voice))
    if routine is None:
        click.echo("Which routine? hep play NAME --plain, with NAME one of:", err=True)
        for entry in discover():
            click.echo(f"  {entry.name}", err=True)
        raise SystemExit(2)
    try:
        loaded = resolve_routine(routine)
    except RoutineError as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        raise SystemExit(2) from None
    if not plain:
        from player.tui.app import run_app

        raise SystemExit(run_app(loaded, speed=speed, mute=mute, bell=bell, voice=voice))
    from player.plain import play_plain

    raise SystemExit(play_plain(loaded, speed=speed, mute=mute, bell=bell, voice=voice))
