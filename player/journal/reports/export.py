"""Exports: CSV (a row per exercise, check-in and note), JSON (everything), and the report for
the clinic as Markdown or one printable HTML page."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from player import __version__, localday
from player.journal import figures
from player.journal.records import Event, SessionDetail, format_utc, tenth, utc_now
from player.journal.reports import clinic, clinic_text, html, markdown
from player.journal.reports.report import flag_words
from player.journal.review.query import list_sessions, load_details, local
from player.journal.review.stats import pain_means
from player.journal.store.privacy import replaced_whole
from player.journal.store.schema import SCHEMA_VERSION
from player.journal.store.store import Journal
from player.journal.work.exercises import exercise_results
from player.session.outcomes import outcome_word
from player.session.questions import WHEN_WORDS

FORMATS = ("csv", "json", "md", "html")
REPORTS = ("md", "html")
"""The formats that are the report for the clinic (previews left out unless asked)."""
CSV_COLUMNS = (
    "session_id",
    "started_local",
    "routine",
    "routine_file",
    "preview",
    "outcome",
    "outcome_words",
    "reason",
    "active_seconds",
    "answer_seconds",
    "wall_seconds",
    "exercises_done",
    "counts",
    "row",
    "exercise_number",
    "exercise",
    "status",
    "status_words",
    "planned_seconds",
    "work_planned_seconds",
    "work_done_seconds",
    "sets_planned",
    "sets_done",
    "sides_done",
    "reps_planned",
    "reps_done",
    "time_local",
    "checkin_when",
    "checkin_words",
    "set",
    "side",
    "pain",
    "flags",
    "flag_words",
    "note",
)
"""Codes for scripts (`outcome`, `status`, `checkin_when`, `flags`) each beside a readable
column; seconds rounded to a tenth."""


def _local_text(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


def _csv_rows(detail: SessionDetail, previews_counted: bool) -> list[dict[str, Any]]:
    s = detail.summary
    base = {
        "session_id": s.id,
        "started_local": _local_text(s.started_at),
        "routine": s.routine_name,
        "routine_file": Path(s.routine_path).name if s.routine_path else "",
        "preview": int(s.preview),
        "outcome": s.outcome,
        "outcome_words": outcome_word(s.outcome),
        "reason": figures.ending(s.outcome, detail.events, s.reason) or "",
        "active_seconds": tenth(s.active_seconds),
        "answer_seconds": tenth(s.answer_seconds),
        "wall_seconds": tenth(s.wall_seconds),
        "exercises_done": s.exercises_done,
        "counts": int(s.counted(previews_counted)),
    }

    def where(data: dict[str, Any], number: int | None, name: str | None) -> dict[str, Any]:
        return {"exercise_number": number, "exercise": name, "set": data.get("set")} | {
            "side": data.get("side")
        }

    def checkin(event: Event, number: int | None, name: str | None) -> dict[str, Any]:
        data = event.data
        return (
            base
            | where(data, number, name)
            | {
                "row": "checkin",
                "time_local": _local_text(event.wall),
                "checkin_when": data.get("when"),
                "checkin_words": WHEN_WORDS.get(str(data.get("when")), ""),
                "pain": data.get("pain"),
                "flags": ";".join(str(flag) for flag in data.get("flags") or []),
                "flag_words": flag_words(data.get("flags")),
            }
        )

    results, loose = exercise_results(detail.plan, detail.events, ended=s.ended_at is not None)
    rows = [checkin(e, None, None) for e in loose if e.data.get("when") == "baseline"]
    for result in results:
        rows.append(
            base
            | {
                "row": "exercise",
                "exercise_number": result.index + 1,
                "exercise": result.exercise,
                "status": result.status,
                "status_words": result.words(),
                "planned_seconds": tenth(result.planned_seconds),
                "work_planned_seconds": tenth(result.work_planned),
                "work_done_seconds": tenth(result.work_done),
                "sets_planned": result.sets_planned,
                "sets_done": result.sets_done,
                "sides_done": result.sides_done if result.sides else None,
                "reps_planned": result.reps_planned,
                "reps_done": result.reps_done if result.reps_planned is not None else None,
            }
        )
        rows.extend(checkin(e, result.index + 1, result.exercise) for e in result.checkins)
    rows.extend(checkin(e, None, None) for e in loose if e.data.get("when") != "baseline")
    for event in detail.events:
        text = event.data.get("text") if event.kind == "note" else None
        if isinstance(text, str) and text.strip():
            index = event.data.get("exercise_index")
            number = index + 1 if isinstance(index, int) else None
            rows.append(
                base
                | where(event.data, number, event.data.get("exercise"))
                | {
                    "row": "note",
                    "time_local": _local_text(event.wall),
                    "checkin_when": event.data.get("when"),
                    "checkin_words": figures.place(event.data),
                    "note": " ".join(text.split()),
                }
            )
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell no spreadsheet runs: text starting like a formula gets a `'` in front.

    Args:
        value: The cell (numbers and empty cells are left as they are).

    Returns:
        The cell to write.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(details: list[SessionDetail], previews_counted: bool = False) -> str:
    """One row per exercise, check-in and note, sessions oldest first.

    Args:
        details: Sessions with plans and events.
        previews_counted: Previews were asked for: a preview's `counts` is as a session's.

    Returns:
        CSV text with a header row (`CSV_COLUMNS`); no cell is a formula (`spreadsheet_cell`).
    """
    buffer = io.StringIO()
    out = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    out.writeheader()
    for detail in details:
        out.writerows(
            {key: spreadsheet_cell(value) for key, value in row.items()}
            for row in _csv_rows(detail, previews_counted)
        )
    return buffer.getvalue()


def session_json(detail: SessionDetail, previews_counted: bool = False) -> dict[str, Any]:
    """One session as JSON-ready values: summary, figures, plan, exercises, notes and events.

    Args:
        detail: The session with plan and events.
        previews_counted: Previews were asked for: a preview's `counts` is as a session's.

    Returns:
        The values (`hep journal show --json` prints them; the JSON export lists them).
    """
    s = detail.summary
    results, _ = exercise_results(detail.plan, detail.events, ended=s.ended_at is not None)
    return s.to_json(previews_counted) | {
        "ending": figures.ending(s.outcome, detail.events, s.reason),
        "plan": detail.plan,
        "exercises": [result.to_json() for result in results],
        "notes": [
            {"wall": format_utc(n.wall), "place": n.place, "text": n.text}
            for n in figures.notes(detail.events)
        ],
        "events": [event.to_json() for event in detail.events],
    }


def to_json(
    details: list[SessionDetail], journal_path: Path, previews_counted: bool = False
) -> str:
    """Everything: each session's summary, plan, per-exercise results, notes and events.

    Args:
        details: Sessions with plans and events.
        journal_path: The journal file, named in the export.
        previews_counted: Previews were asked for: a preview's `counts` is as a session's.

    Returns:
        JSON text (times in UTC, ISO 8601).
    """
    document = {
        "hep_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "journal": str(journal_path),
        "exported_at": format_utc(utc_now()),
        "sessions": [session_json(detail, previews_counted) for detail in details],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def report_text(
    details: list[SessionDetail],
    fmt: str,
    *,
    target: int = 3,
    since: datetime | None = None,
    today: date | None = None,
    previews_included: bool = False,
    extra: Sequence[clinic_text.Block] = (),
    program: clinic.ProgramWeeks | None = None,
) -> str:
    """The report for the clinic, as Markdown (`md`) or an HTML page (`html`).

    Args:
        details: The period's sessions with plans and events, oldest first.
        fmt: `md` or `html`.
        target: Sessions planned a week.
        since: The start of the period asked for, if any.
        today: The local date the period ends on (today when None).
        previews_included: Whether previews are among the sessions.
        extra: More blocks for the end of the report (the program's decisions and mornings).
        program: The weeks a program prescribed, planned at its prescription (`clinic.build`).

    Returns:
        The report's text.
    """
    report = clinic.build(
        details,
        target=target,
        since=since,
        today=today,
        previews_included=previews_included,
        program=program,
    )
    overall = pain_means([d.summary for d in details if d.summary.ended_at is not None])
    blocks = [*clinic_text.blocks(report, overall), *extra]
    return html.render(blocks) if fmt == "html" else markdown.render(blocks)


def export_text(
    journal: Journal,
    fmt: str,
    *,
    since: datetime | None = None,
    routine: str | None = None,
    include_previews: bool | None = None,
    target: int = 3,
    today: date | None = None,
    more_blocks: Callable[[Journal, date | None], Sequence[clinic_text.Block]] | None = None,
    more_json: Callable[[Journal, date | None], dict[str, Any]] | None = None,
    planned: Callable[[Journal, date | None, bool], clinic.ProgramWeeks | None] | None = None,
) -> str:
    """Build an export of the journal.

    Args:
        journal: The open journal.
        fmt: `csv`, `json`, `md` or `html`.
        since: Only sessions started from this moment.
        routine: Only this routine (its title or file name).
        include_previews: Include previews; when None, CSV and JSON include them (marked) and
            the report leaves them out.
        target: Sessions a week, for the report's adherence.
        today: The local date the report counts weeks up to.
        more_blocks: What else the report shows at its end (the program's part), read from
            the journal only for a report; given the local day of `since`.
        more_json: What else the JSON document holds (the program's part), read from the
            journal only for JSON; given the local day of `since`.
        planned: The weeks the program followed prescribed, read only for a report (given the
            local day of `since` and whether previews count), planned at its prescription
            instead of `target`; None: every week is planned at `target`.

    Returns:
        The export's text.

    Raises:
        ValueError: Unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    previews = include_previews if include_previews is not None else fmt not in REPORTS
    sessions = list_sessions(
        journal, routine=routine, since=since, include_previews=previews, newest_first=False
    )
    details = load_details(journal, sessions)
    since_day = None if since is None else localday.day_of(since)
    if fmt in REPORTS:
        return report_text(
            details,
            fmt,
            target=target,
            since=since,
            today=today,
            previews_included=previews,
            extra=more_blocks(journal, since_day) if more_blocks is not None else (),
            program=planned(journal, since_day, previews) if planned is not None else None,
        )
    # Listed by default, counted only when asked for, as the report and `stats` count them.
    counted = include_previews is True
    if fmt == "csv":
        return to_csv(details, counted)
    document = json.loads(to_json(details, journal.path, counted))
    if more_json is not None:
        document |= more_json(journal, since_day)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all (see `privacy.replaced_whole`).

    A new file is private (0600: it holds health data); a file replaced keeps its mode.

    Args:
        path: The file to write (replaced if it exists).
        text: Its content, written as UTF-8.

    Raises:
        OSError: The folder cannot be written.
    """
    with replaced_whole(Path(path)) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
