"""`hep journal`: review past sessions: the list, one session, stats and exports (thin)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import click

from player import localday
from player.answers import AnswerError, quoted, read_whole, read_yes_no
from player.cli.errors import (
    CliError,
    hep_line,
    journal_errors,
    open_journal,
    tell_skipped,
    write_out,
)
from player.cli.options import Whole
from player.files import read_line
from player.journal.reports.export import FORMATS
from player.safetext import spelled_out


class SinceType(click.ParamType):
    """A local date `YYYY-MM-DD`, or `7d` / `4w` back from today."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date (see `query.parse_since`)."""
        if isinstance(value, datetime):
            return value
        from player.journal.review.query import parse_since

        try:
            return parse_since(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class FormatType(click.ParamType):
    """One of the export formats."""

    name = "|".join(FORMATS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check the format name."""
        text = str(value).lower()
        if text not in FORMATS:
            named = ", ".join(FORMATS[:-1]) + f" or {FORMATS[-1]}"
            self.fail(f"unknown format {value!r}: use {named}", param, ctx)
        return text


def _run(action: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a journal function, turning a `JournalError` (e.g. a damaged file) into one line."""
    from player.journal import JournalError

    try:
        return action(*args, **kwargs)
    except JournalError as exc:
        raise CliError(str(exc)) from exc


_since = click.option(
    "--since", type=SinceType(), default=None, help="Only sessions from this local date on."
)
_routine = click.option(
    "--routine",
    default=None,
    help="Only this routine: its file name as played (si-joint) or its title, any case.",
)

GROUP_OPTIONS = {
    "routine": "--routine",
    "since": "--since",
    "limit": "--limit",
    "show_all": "--all",
    "include_previews": "--include-previews",
    "as_json": "--json",
}
"""The options of `hep journal` itself, by parameter name."""
PASSED_ON: dict[str, frozenset[str]] = {
    "stats": frozenset({"routine", "since", "include_previews", "as_json"}),
    "export": frozenset({"routine", "since", "include_previews"}),
    "show": frozenset({"as_json"}),
}
"""Which of them each subcommand takes when given before it (`hep journal --routine X stats`);
any other given before a subcommand is refused, never ignored."""


def _pass_on(ctx: click.Context) -> None:
    """Hand the options given to `hep journal` on to its subcommand, or refuse them.

    They become the subcommand's defaults, so the same option given after the subcommand wins.

    Raises:
        CliError: An option given that the subcommand has no use for.
    """
    sub = ctx.invoked_subcommand or ""
    given = [
        name
        for name in GROUP_OPTIONS
        if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
    ]
    takes = PASSED_ON.get(sub, frozenset())
    for name in given:
        if name not in takes:
            spelled = GROUP_OPTIONS[name]
            if name == "include_previews" and not ctx.params[name]:
                spelled = "--no-previews"
            what = ", ".join(GROUP_OPTIONS[n] for n in sorted(takes)) or "none of them"
            raise CliError(
                f"{spelled} does not apply to `hep journal {sub}` (of the list's options it "
                f"takes {what}; `hep journal {sub} -h` shows its own)"
            )
    ctx.default_map = {sub: {name: ctx.params[name] for name in given}}


def _previews(default: bool | None, text: str) -> Any:
    """The one spelling of the previews option (sessions played at another speed)."""
    return click.option(
        "--include-previews/--no-previews", "include_previews", default=default, help=text
    )


@click.group(invoke_without_command=True)
@_routine
@_since
@click.option("--limit", type=Whole(), default=20, show_default=True, help="Sessions to list.")
@click.option("--all", "show_all", is_flag=True, help="List every session (no --limit).")
@_previews(True, "List previews (sessions at another speed), marked; the default.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def journal(
    ctx: click.Context,
    routine: str | None,
    since: datetime | None,
    limit: int,
    show_all: bool,
    include_previews: bool,
    as_json: bool,
) -> None:
    """Review past sessions: the most recent first, one line each.

    Time is active time (paused time left out). Pain is shown as before/highest/at the end
    (0-10). Previews are listed and marked. --routine, --since, the previews option and --json
    given here apply to `stats` and `export` (and --json to `show`) too.
    """
    if ctx.invoked_subcommand is not None:
        _pass_on(ctx)
        return
    from player.journal.reports import report
    from player.journal.review import query

    with open_journal(reading=True) as store:
        sessions = _run(
            query.list_sessions,
            store,
            routine=routine,
            since=since,
            limit=None if show_all else limit,
            include_previews=include_previews,
        )
        total = _run(query.count_sessions, store) if not sessions else None
    if as_json:
        # Previews are listed by default, counted (as `stats` counts them) only when asked for.
        asked = (
            ctx.get_parameter_source("include_previews") == click.core.ParameterSource.COMMANDLINE
        )
        counted = include_previews and asked
        payload = {
            "journal": str(store.path),
            "sessions": [s.to_json(previews_counted=counted) for s in sessions],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not sessions:
        click.echo(report.EMPTY_JOURNAL if total == 0 else report.NO_MATCH)
        return
    click.echo(report.LIST_HEADER)
    for session in sessions:
        click.echo(report.list_line(session))


@journal.command()
@click.argument("session_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def show(session_id: str, as_json: bool) -> None:
    """Show session ID exercise by exercise: planned against done, every check-in and note."""
    from player.journal.reports import report
    from player.journal.reports.export import session_json
    from player.journal.review import query

    try:
        number = read_whole(session_id)
    except AnswerError:
        raise CliError(
            f"bad session id {quoted(session_id)}: give the number `hep journal` lists"
        ) from None
    with open_journal(reading=True) as store:
        detail = _run(query.get_session, store, number)
    if detail is None:
        raise CliError(
            f"no session {number} in the journal {store.path} (`hep journal` lists them)"
        )
    if as_json:
        click.echo(json.dumps(session_json(detail), ensure_ascii=False, indent=2))
        return
    for line in report.show_lines(detail):
        click.echo(line)
    from player.program.review import session_lines

    with open_journal(reading=True) as store:
        for line in _run(session_lines, store, number):
            click.echo(line)


@journal.command()
@click.option("--format", "fmt", type=FormatType(), default="md", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (whole or not at all) instead of standard output.",
)
@_since
@_routine
@_previews(None, "Previews: CSV and JSON include them (marked), the reports leave them out.")
@click.option(
    "--target",
    type=Whole(),
    default=3,
    show_default=True,
    help="Sessions a week, for the report's adherence (without it, the weeks of a program"
    " followed are planned as the program prescribed them).",
)
def export(
    fmt: str,
    output: Path | None,
    since: datetime | None,
    routine: str | None,
    include_previews: bool | None,
    target: int,
) -> None:
    """Export the journal: csv (a row per exercise, check-in and note), json (everything), or the
    report for your therapist: md (Markdown) or html (one printable page)."""
    from player.journal.reports.export import export_text
    from player.program import review  # the program's mornings, decisions and prescription

    given = click.get_current_context().get_parameter_source("target")
    planned = None
    if given is click.core.ParameterSource.DEFAULT:  # the program's prescription, as stats
        planned = partial(review.program_weeks, today=localday.today(), routine=routine)
    with open_journal(reading=True) as store:
        text = _run(
            export_text,
            store,
            fmt,
            since=since,
            routine=routine,
            include_previews=include_previews,
            target=target,
            more_blocks=review.report_blocks,
            more_json=review.to_json,
            planned=planned,
        )
    write_out(text, output, "export")


MOST_WEEKS = 5218
"""The most weeks `stats` lists: a hundred years, past any journal (a count of millions of
weeks reached back before the calendar's first day and ended in a traceback)."""


@journal.command()
@click.option("--target", type=Whole(), default=3, show_default=True, help="Sessions a week.")
@click.option(
    "--weeks", type=Whole(1, MOST_WEEKS), default=8, show_default=True, help="Weeks to list."
)
@_previews(False, "Count previews (sessions at another speed) too.")
@_routine
@_since
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def stats(
    ctx: click.Context,
    target: int,
    weeks: int,
    include_previews: bool,
    routine: str | None,
    since: datetime | None,
    as_json: bool,
) -> None:
    """Sessions per week against a target (or the program's own prescription when one is
    followed and --target is not given: --routine and --since narrow the prescription and the
    sessions alike), the current streak, completion, pain by routine, and the mornings."""
    from player.journal.reports import report
    from player.journal.review import query
    from player.journal.review.stats import compute, stats_lines
    from player.program import tables

    with open_journal(reading=True) as store:
        result = _run(
            compute,
            store,
            target=target,
            weeks=weeks,
            include_previews=include_previews,
            since=since,
            routine=routine,
        )
        total = _run(query.count_sessions, store) if result.sessions == 0 else None
        today = localday.today()
        own_target = ctx.get_parameter_source("target") is click.core.ParameterSource.DEFAULT
        weekly: list[str] | None = None
        mornings: list[str] = []
        program: dict[str, Any] = {}
        since_day = None if since is None else localday.day_of(since)
        if _run(tables.in_use, store):
            from player.program import review

            narrowed = {"since": since_day, "routine": routine}
            if as_json:  # the same facts as the lines, as values
                program = _run(review.to_json, store, since_day)
                if own_target:
                    program["program_weeks"] = _run(
                        review.weekly_json, store, today, weeks, include_previews, **narrowed
                    )
                program["morning_weeks"] = _run(
                    review.mornings_json, store, today, weeks, since=since_day
                )
            else:
                if own_target:
                    weekly = _run(
                        review.weekly_lines, store, today, weeks, include_previews, **narrowed
                    )
                mornings = _run(review.mornings_lines, store, today, weeks, since=since_day)
    if as_json:
        payload = result.to_json() | program
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    if total is not None and not mornings:
        click.echo(report.EMPTY_JOURNAL if total == 0 else report.NO_MATCH)
        if total and not include_previews:
            click.echo("(previews left out; --include-previews counts them)")
        return
    for line in [*stats_lines(result, weekly), *mornings]:
        click.echo(line)


# --- your data: delete, backup, restore (the work is in player/journal/) ---------------------

SHOWN_BEFORE_ASKING = 10
"""Sessions listed before the question; the rest are counted."""


def _can_ask() -> bool:
    """Whether a person can answer a question: standard input is a terminal."""
    return sys.stdin.isatty()


def _confirm(question: str, yes: bool, nothing: str) -> None:
    """Ask before a change that cannot be undone; `--yes` answers for scripts.

    Args:
        question: The yes/no question, shown on standard error.
        yes: `--yes` was given.
        nothing: What did not happen, said when refusing (`nothing deleted`).

    Raises:
        CliError: No terminal to ask on and no `--yes` (exit status 2).
        SystemExit: The answer was no (exit status 1).
    """
    if yes:
        return
    if not _can_ask():
        raise CliError(f"no terminal to ask on: add --yes to go ahead ({nothing})")
    if not _ask_yes_no(question):
        click.echo(f"{nothing[0].upper()}{nothing[1:]}.", err=True)
        raise SystemExit(1)


def _ask_yes_no(question: str) -> bool:
    """Ask on standard error until answered with the one yes/no reader; Enter or the end of
    input is no (Ctrl+C stays Ctrl+C: status 130)."""
    while True:
        click.echo(f"{question} [y/N]: ", nl=False, err=True)
        line = read_line(sys.stdin)
        if not line.endswith("\n"):
            click.echo(err=True)  # the end of input: the next line starts on its own
        answer = line.strip()
        if not answer:
            return False
        try:
            return read_yes_no(answer)
        except AnswerError as exc:
            click.echo(f"Please answer y or n: {exc}.", err=True)


@contextmanager
def _unreadable(file: Path, nothing: str) -> Iterator[None]:
    """Turn an OS error in the block (a full disk, an unreadable file) into one line."""
    try:
        yield
    except OSError as exc:
        raise CliError(f"{file}: {exc.strerror or exc}: {nothing}") from exc


def _session_ids(values: tuple[str, ...]) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(read_whole(value))
        except AnswerError:
            raise CliError(
                f"bad session id {quoted(value)}: give the numbers `hep journal` lists"
            ) from None
    return ids


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@journal.command(short_help="Delete sessions for good (asks first).")
@click.argument("session_ids", metavar="[ID]...", nargs=-1)
@click.option(
    "--before",
    type=SinceType(),
    default=None,
    help="Every session started before this local date (YYYY-MM-DD, or 30d / 12w back).",
)
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def delete(session_ids: tuple[str, ...], before: datetime | None, yes: bool) -> None:
    """Delete sessions and everything recorded in them, for good, after asking.

    Their notes and answers are overwritten in the journal's files, not only hidden. A session
    being played is never deleted. Backups and exports you made keep their own copies.
    """
    from player.journal.reports import report
    from player.journal.store import maintenance
    from player.journal.store.backup import kept_copies, leftover_copies

    if bool(session_ids) == (before is not None):
        raise CliError(
            "say which sessions: hep journal delete ID [ID...], or --before DATE (not both)"
        )
    with open_journal() as store, journal_errors():
        if before is not None:
            targets = maintenance.sessions_before(store, before)
            if not targets:
                click.echo(f"No sessions started before {before:%Y-%m-%d}: nothing to delete.")
                return
        else:
            targets = maintenance.sessions_by_id(store, _session_ids(session_ids))
        ids = [session.id for session in targets]
        maintenance.refuse_while_playing(store, "deleted", among=ids)
        click.echo(report.LIST_HEADER)
        for session in targets[:SHOWN_BEFORE_ASKING]:
            click.echo(report.list_line(session))
        if len(targets) > SHOWN_BEFORE_ASKING:
            click.echo(f"  ... and {len(targets) - SHOWN_BEFORE_ASKING} more")
        what = _plural(len(targets), "session")
        _confirm(
            f"Delete {what} and everything recorded in {'it' if len(ids) == 1 else 'them'}, "
            "for good?",
            yes,
            "nothing deleted",
        )
        deleted = maintenance.delete_sessions(store, ids)
        journal_path = store.path
    for leftover in leftover_copies(journal_path):  # a restore killed midway left its copy
        with suppress(OSError):
            leftover.unlink()
    click.echo(f"Deleted {what} ({_plural(deleted.events, 'event')}).")
    if not deleted.wal_cleared:
        click.echo(
            f"hep: another program is using the journal, so {journal_path.name}-wal may hold the "
            "deleted text until that program closes it",
            err=True,
        )
    kept = kept_copies(journal_path)
    if kept:
        click.echo(
            f"hep: {_plural(len(kept), 'journal')} kept by earlier restores may still hold them:"
            f" {', '.join(str(path) for path in kept)}",
            err=True,
        )


@journal.command(short_help="Copy the journal to FILE, even mid-session.")
@click.argument("file", type=click.Path(path_type=Path))
def backup(file: Path) -> None:
    """Copy the journal to FILE (or into a folder FILE), even while a session is being played.

    The copy is one SQLite file, readable only by you (unless FILE existed with other
    permissions). `hep journal restore FILE` puts it back.
    """
    from player.journal.store.backup import backup as back_up

    with open_journal(reading=True) as store, journal_errors():
        try:
            copy = back_up(store, file)
        except OSError as exc:
            raise CliError(f"{file}: cannot write the backup ({exc.strerror or exc})") from exc
    info = copy.path.stat()
    size = f"{info.st_size / 1e6:.1f} MB" if info.st_size >= 1e6 else f"{info.st_size // 1000} KB"
    click.echo(
        f"Backed up {_plural(copy.sessions, 'session')} to {copy.path} "
        f"({size}, mode {info.st_mode & 0o777:04o})."
    )


@journal.command(short_help="Put a backup in place of the journal.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def restore(file: Path, yes: bool) -> None:
    """Replace the journal with the backup FILE, after checking it and asking.

    The journal it replaces is kept beside it as journal.sqlite3.before-restore-DATE-TIME,
    unless it holds nothing at all (no session, program or morning check).
    Refused while a session is being played, and for a damaged file or one from a newer hep.
    """
    from player.journal.reports import report
    from player.journal.store import backup as backups
    from player.journal.store import maintenance

    def holding(copy: backups.Copy) -> str:
        if not copy.sessions and copy.rows:  # a program started, a morning check: not nothing
            others = _plural(copy.rows, "other row")
            return f"0 sessions, but {others}, such as a program or morning checks"
        newest = copy.last_started
        last = f", the newest from {report.when(newest)}" if newest else ""
        return f"{_plural(copy.sessions, 'session')}{last}"

    with open_journal() as store, journal_errors(), _unreadable(file, backups.NOTHING):
        maintenance.refuse_while_playing(store, "restored")
        current = backups.describe(store)
        with backups.checked_backup(store, file) as source:
            click.echo(f"{file} holds {holding(source)}.")
            if source.without_wal:
                click.echo(spelled_out(hep_line(backups.without_wal_line(file))), err=True)
            tell_skipped(source.skipped)
            click.echo(f"The journal {store.path} holds {holding(current)}.")
            question = "Replace the journal with the backup"
            if current.rows:
                question += (
                    f" (the current one is kept as {store.path.name}{backups.KEPT_INFIX}...)"
                )
            _confirm(f"{question}?", yes, "nothing restored")
            kept = backups.restore(store, source)
    click.echo(f"Restored {_plural(source.sessions, 'session')} from {file}.")
    if kept is not None:
        click.echo(f"The journal it replaced is kept as {kept.path}.")
