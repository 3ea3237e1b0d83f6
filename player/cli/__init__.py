"""The `hep` command line: thin click commands that parse, call and print."""

from __future__ import annotations

import errno
import importlib
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from player import __version__

LAZY_COMMANDS = {
    "list": "player.cli.routines:list_routines",
    "show": "player.cli.routines:show",
    "validate": "player.cli.routines:validate",
    "new": "player.cli.routines:new",
    "schema": "player.cli.routines:schema",
    "journal": "player.cli.journal:journal",
    "play": "player.cli.play:play",
    "program": "player.cli.program:program",
    "today": "player.cli.program:today",
    "morning": "player.cli.program:morning",
    "doctor": "player.cli.doctor:doctor",
}
"""Commands imported only when used, so `hep journal` does not pay for pydantic and Textual."""


class LazyGroup(click.Group):
    """The `hep` group: imports a sub-command's module when it is asked for, and turns click's
    usage errors (here or in any sub-command) into one `hep: ...` line."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse hep's own options; a bad one ends in one line, and Ctrl+C meanwhile in status
        130, as in `invoke`."""
        try:
            with _one_line_usage_errors():
                return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt:
            raise SystemExit(128 + signal.SIGINT) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the sub-command; its bad options end in one line, and Ctrl+C before a face
        takes it (hep starting, a question on the command line) in status 130, not click's
        `Aborted!` and 1."""
        with _one_line_usage_errors():
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt:
                raise SystemExit(128 + signal.SIGINT) from None
            except Exception as exc:
                from player.cli.errors import routine_error
                from player.routine.files import RoutineError

                if isinstance(exc, RoutineError):  # a routine or program no command caught
                    raise routine_error(exc) from None
                raise

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


EXIT_STATUSES = """\b
Exit status:
  0    done (a session played to its end)
  1    a question answered no (journal delete, restore), or an error in hep itself (what
       went wrong is printed; a session under way is kept as interrupted)
  2    bad input: a routine, program or settings file, an option, a name or an id
  3    a session stopped: for pain, a red flag, or by you
  4    a session quit before its end
  5    hep play --today: nothing is due today
  6    a session played to its end with every exercise skipped (nothing done)
  7    hep play: the session could not be kept (the journal refused it and no recovery
       file could be written beside it)
  128+N  ended by signal N (130 Ctrl+C, 143 SIGTERM, 129 the terminal closed); a session
         under way is kept as interrupted, or after a yes to a safety question as a
         red-flag stop: the status is the signal's either way

\b
Shell completion (routine and program names too), once per shell:
  bash: eval "$(_HEP_COMPLETE=bash_source hep)"
  zsh:  eval "$(_HEP_COMPLETE=zsh_source hep)"
  fish: _HEP_COMPLETE=fish_source hep | source"""
"""The end of `hep --help`; README.md says the same."""


@click.group(
    "hep",
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_STATUSES,
)
@click.version_option(__version__, prog_name="hep")
def cli() -> None:
    """hep plays a home exercise program: timers, cues, pain check-ins and a journal.

    hep guides a program; it does not diagnose.
    """
    declare_journal_parts()


def declare_journal_parts() -> None:
    """Tell the journal of the tables the program keeps in its file, before any command opens
    it: every journal hep opens makes and migrates them, and a restore carries their rows."""
    from player.journal.store.later import declare_later

    declare_later("player.program.schema", "PROGRAM")


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    from player.cli.errors import usage_error

    try:
        yield
    except click.UsageError as exc:
        if isinstance(exc, _SHOWS_HELP):
            raise  # `hep` alone: click prints the help
        raise usage_error(exc) from None


_SHOWS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def tolerant_streams() -> None:
    """Make stdout and stderr replace what their encoding cannot show (an ASCII or Latin-1
    terminal, a pipe under `LANG=C`), instead of raising or losing the line; and stdin replace
    what it cannot decode, so a note typed with an accent is not taken for the end of input."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (OSError, ValueError):
                pass


# Why standard output could not take what hep wrote (a file on a full disk or over a quota).
_OUTPUT_FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is too large",
}


def _output_failed(exc: OSError) -> None:
    """Say in one line that standard output refused what hep wrote, and end with status 2.

    What is still buffered for it goes nowhere, so Python's own flush at exit finds nothing to
    complain about.
    """
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, sys.stdout.fileno())
        os.close(quiet)
    except (OSError, ValueError, AttributeError):
        pass
    reason = _OUTPUT_FAULTS[exc.errno or 0]
    click.echo(f"hep: cannot write the output: {reason} (the output is cut short)", err=True)
    sys.exit(2)


def main() -> None:
    """Run the `hep` command."""
    tolerant_streams()
    try:
        try:
            cli(prog_name="hep")
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in _OUTPUT_FAULTS:
            raise
        _output_failed(exc)
