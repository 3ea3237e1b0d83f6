"""The `hep` command line: thin click commands that parse, call and print."""

from __future__ import annotations

import click

from player import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hep")
def cli() -> None:
    """hep plays a home exercise program: timers, cues, pain check-ins and a journal.

    hep guides a program; it does not diagnose.
    """


# --- play --- (the `play` command: routine picker, Textual app, --plain line player)
# --- end play ---


# Sub-command groups that live in their own modules are attached here.
from player.journal_cli import journal  # noqa: E402
from player.routine_cli import list_routines, new, schema, show, validate  # noqa: E402

for command in (list_routines, show, validate, new, schema, journal):
    cli.add_command(command)


def main() -> None:
    """Run the `hep` command."""
    cli(prog_name="hep")
