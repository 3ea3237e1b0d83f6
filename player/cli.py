"""The `hep` command line: thin click commands that parse, call and print."""

from __future__ import annotations

import importlib
import sys

import click

from player import __version__

LAZY_COMMANDS = {
    "list": "player.routine_cli:list_routines",
    "show": "player.routine_cli:show",
    "validate": "player.routine_cli:validate",
    "new": "player.routine_cli:new",
    "schema": "player.routine_cli:schema",
    "journal": "player.journal_cli:journal",
}
"""Commands imported only when used, so `hep journal` does not pay for pydantic and Textual."""


class LazyGroup(click.Group):
    """A click group that imports a sub-command's module when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included."""
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called `cmd_name`, imported on first use."""
        if cmd_name in LAZY_COMMANDS:
            module, name = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hep")
def cli() -> None:
    """hep plays a home exercise program: timers, cues, pain check-ins and a journal.

    hep guides a program; it does not diagnose.
    """


# --- play --- (the `play` command: routine picker, Textual app, --plain line player)
@cli.command()
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


# --- end play ---


def main() -> None:
    """Run the `hep` command."""
    cli(prog_name="hep")
