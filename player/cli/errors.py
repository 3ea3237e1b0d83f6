"""The command line's one error style: a line per problem on standard error, exit status 2.

A problem in a file the user named (a routine, an export's output) is shown as the file shows
it, `path:line:col: what is wrong (found ...)` or `path: what is wrong`; any other problem (an
option's value, a session id, hep's own journal) as `hep: what is wrong`. Never click's usage
text, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from player.safetext import spelled_out

if TYPE_CHECKING:
    from player.journal.store.store import Journal
    from player.routine.loader import RoutineError

BAD_INPUT = 2
"""The exit status for input hep cannot use (a bad file, option, name or id)."""


def hep_line(message: str) -> str:
    """A problem not tied to a file, as it is shown: `hep: message`."""
    return f"hep: {message}"


class CliError(click.ClickException):
    """Expected bad input: its lines on standard error, exit status 2, no traceback."""

    exit_code = BAD_INPUT

    def __init__(self, *messages: str, lines: Sequence[str] = ()) -> None:
        """Build the error.

        Args:
            *messages: Problems not tied to a file; each is shown as `hep: message`.
            lines: Problems in files the user named, each already `path:line:col: ...` or
                `path: ...`; shown as they are, before the messages.
        """
        found = (*lines, *(hep_line(message) for message in messages))
        self.lines = tuple(
            spelled_out(line) for line in found
        )  # file text never acts on a terminal
        super().__init__("\n".join(self.lines))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the lines to standard error (or `file`)."""
        for line in self.lines:
            click.echo(line, file=file, err=True)


def _sentence(text: str) -> str:
    """Click's message as part of one of our lines: lower-case start, no full stop."""
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def usage_error(exc: click.UsageError) -> CliError:
    """Click's usage error (a bad option value, an unknown option or command, a missing
    argument) as one line: `hep: --speed: 100 is not in the range 1<=x<=60`.

    Args:
        exc: What click raised while parsing the command line.

    Returns:
        The one-line error to raise instead of click's usage text.
    """
    if isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter):
        param = exc.param
        if isinstance(param, click.Option) and param.opts:
            return CliError(f"{param.opts[0]}: {_sentence(exc.message)}")
        return CliError(_sentence(exc.message))
    hint = f" ({exc.ctx.command_path} -h for help)" if exc.ctx is not None else ""
    return CliError(_sentence(exc.format_message()) + hint)


def routine_error(exc: RoutineError) -> CliError:
    """A routine that cannot be used: its lines as the file shows them (`path:line:col: ...`),
    or `hep: ...` for a name that matches no routine.

    Args:
        exc: The loader's error.

    Returns:
        The error to raise.
    """
    return CliError(lines=exc.lines) if exc.in_file else CliError(*exc.lines)


def _cannot_write(exc: Exception) -> bool:
    """Whether a journal that would not open is only unwritable (full disk, read-only)."""
    text = str(exc)
    return any(
        words in text
        for words in ("disk is full", "read-only file system", "is read-only", "cannot write in")
    )


def open_journal(*, reading: bool = False) -> Journal:
    """Open the journal for a command, telling on standard error what was made private.

    Args:
        reading: The command only reads (the review): a journal that cannot be written (a
            full disk, a read-only mount or file) is then opened read-only, and said so.
    """
    from player.journal import Journal, JournalError

    try:
        # A command that writes checks the file for damage before anything is written, as
        # `hep play` does; the review only reads, and is spared the check.
        store = Journal.open(check=not reading)
    except JournalError as exc:
        if not reading or not _cannot_write(exc):
            raise CliError(str(exc)) from exc
        try:  # the review still reads a journal it cannot write
            store = Journal.open_read_only()
        except JournalError:
            raise CliError(str(exc)) from exc
        click.echo(hep_line(f"{exc.message}; it is read as it is"), err=True)
    for line in store.notices:
        click.echo(hep_line(line), err=True)
    context = click.get_current_context(silent=True)
    if context is not None:  # rows the review left out are named when the command ends
        context.call_on_close(lambda: tell_skipped(list(store.skipped.values())))
    return store


SKIPPED_SHOWN = 10
"""Rows left out that are named one a line; the rest are counted."""


def tell_skipped(skipped: Sequence[str], why: str = "left out (it cannot be read)") -> None:
    """Name the journal rows left out, one line each on standard error (the first few, then
    how many more).

    Args:
        skipped: Each row as `what: what is wrong`.
        why: What happened to them.
    """
    for line in skipped[:SKIPPED_SHOWN]:
        click.echo(spelled_out(hep_line(f"{line}: {why}")), err=True)
    if len(skipped) > SKIPPED_SHOWN:
        more = len(skipped) - SKIPPED_SHOWN
        click.echo(hep_line(f"and {more} more row{'' if more == 1 else 's'} {why}"), err=True)


@contextmanager
def journal_errors() -> Iterator[None]:
    """Turn a `JournalError` in the block into the one-line `hep:` error."""
    from player.journal import JournalError

    try:
        yield
    except JournalError as exc:
        raise CliError(str(exc)) from exc


def write_out(text: str, output: Path | None, what: str) -> None:
    """Print `text`, or write it to `output` whole (or not at all) and say so on standard
    error; a file that cannot be written is the one-line error `FILE: cannot write the WHAT`.

    Args:
        text: What to write.
        output: The `--output` file, or None for standard output.
        what: What it is, for the message (`export`, `calendar`).
    """
    if output is None:
        click.echo(text, nl=False)
        return
    from player.journal.reports.export import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        problem = f"{output}: cannot write the {what} ({exc.strerror or exc})"
        raise CliError(lines=[problem]) from exc
    click.echo(f"Wrote {output}", err=True)
