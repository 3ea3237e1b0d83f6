"""`hep journal`: review past sessions: the list, one session, stats and exports (thin)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from player.cli.errors import CliError
from player.cli.options import Whole
from player.journal.export import FORMATS

if TYPE_CHECKING:
    from player.journal.store import Journal


class SinceType(click.ParamType):
    """A local date `YYYY-MM-DD`, or `7d` / `4w` back from today."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date (see `query.parse_since`)."""
        if isinstance(value, datetime):
            return value
        from player.journal.query import parse_since

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


def _open() -> Journal:
    from player.journal import Journal, JournalError

    try:
        return Journal.open(check=False)
    except JournalError as exc:
        raise CliError(str(exc)) from exc


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
_routine = click.option("--routine", default=None, help="Only this routine (its name).")


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

    Pain is shown as before/highest/at the end (0-10). Previews are listed and marked.
    """
    if ctx.invoked_subcommand is not None:
        return
    from player.journal import query, report

    with _open() as store:
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
        payload = {"journal": str(store.path), "sessions": [s.to_json() for s in sessions]}
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
    """Show session ID exercise by exercise: planned against done, with every check-in."""
    from player.journal import query, report
    from player.journal.detail import exercise_results

    try:
        number = int(session_id)
    except ValueError:
        raise CliError(
            f"bad session id {session_id!r}: give the number `hep journal` lists"
        ) from None
    with _open() as store:
        detail = _run(query.get_session, store, number)
    if detail is None:
        raise CliError(
            f"no session {number} in the journal {store.path} (`hep journal` lists them)"
        )
    if as_json:
        results, _ = exercise_results(detail)
        payload = detail.summary.to_json() | {
            "plan": detail.plan,
            "exercises": [r.to_json() for r in results],
            "events": [e.to_json() for e in detail.events],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for line in report.show_lines(detail):
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
@_previews(None, "Previews: CSV and JSON include them (marked), the md report leaves them out.")
@click.option(
    "--target",
    type=Whole(),
    default=3,
    show_default=True,
    help="Sessions a week, for the report's adherence.",
)
def export(
    fmt: str,
    output: Path | None,
    since: datetime | None,
    routine: str | None,
    include_previews: bool | None,
    target: int,
) -> None:
    """Export the journal: csv (a row per exercise and check-in), json (everything), md (report)."""
    from player.journal.export import export_text, write_atomic

    with _open() as store:
        text = _run(
            export_text,
            store,
            fmt,
            since=since,
            routine=routine,
            include_previews=include_previews,
            target=target,
        )
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        problem = f"{output}: cannot write the export ({exc.strerror or exc})"
        raise CliError(lines=[problem]) from exc
    click.echo(f"Wrote {output}", err=True)


@journal.command()
@click.option("--target", type=Whole(), default=3, show_default=True, help="Sessions a week.")
@click.option("--weeks", type=Whole(), default=8, show_default=True, help="Weeks to list.")
@_previews(False, "Count previews (sessions at another speed) too.")
@_routine
@_since
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def stats(
    target: int,
    weeks: int,
    include_previews: bool,
    routine: str | None,
    since: datetime | None,
    as_json: bool,
) -> None:
    """Sessions per week against a target, the current streak, completion, pain by routine."""
    from player.journal import query, report
    from player.journal.stats import compute, stats_lines

    with _open() as store:
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
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str))
        return
    if total == 0:
        click.echo(report.EMPTY_JOURNAL)
        return
    for line in stats_lines(result):
        click.echo(line)
