"""Exports: CSV (a row per exercise and per check-in), JSON (everything), Markdown (a report)."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from player import __version__
from player.journal.detail import exercise_results
from player.journal.markdown import markdown_report
from player.journal.privacy import replaced_whole
from player.journal.query import SessionDetail, list_sessions, load_details, local
from player.journal.schema import SCHEMA_VERSION
from player.journal.store import Journal, utc_now

FORMATS = ("csv", "json", "md")
CSV_COLUMNS = (
    "session_id",
    "started_local",
    "routine",
    "preview",
    "outcome",
    "row",
    "exercise_number",
    "exercise",
    "status",
    "planned_seconds",
    "done_seconds",
    "planned_sets",
    "sets_done",
    "sides_done",
    "checkin_time_local",
    "checkin_when",
    "set",
    "side",
    "pain",
    "flags",
)


def _local_text(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


def _csv_rows(detail: SessionDetail) -> list[dict[str, Any]]:
    s = detail.summary
    base = {
        "session_id": s.id,
        "started_local": _local_text(s.started_at),
        "routine": s.routine_name,
        "preview": int(s.preview),
        "outcome": s.outcome,
    }

    def checkin(event: Any, number: int | None, name: str | None) -> dict[str, Any]:
        data = event.data
        return base | {
            "row": "checkin",
            "exercise_number": number,
            "exercise": name,
            "checkin_time_local": _local_text(event.wall),
            "checkin_when": data.get("when"),
            "set": data.get("set"),
            "side": data.get("side"),
            "pain": data.get("pain"),
            "flags": ";".join(str(flag) for flag in data.get("flags") or []),
        }

    results, loose = exercise_results(detail)
    rows = [checkin(e, None, None) for e in loose if e.data.get("when") == "baseline"]
    for result in results:
        rows.append(
            base
            | {
                "row": "exercise",
                "exercise_number": result.index + 1,
                "exercise": result.exercise,
                "status": result.status,
                "planned_seconds": result.planned_seconds,
                "done_seconds": result.done_seconds,
                "planned_sets": result.planned_sets,
                "sets_done": len(result.sets_done),
                "sides_done": ";".join(result.sides_done),
            }
        )
        rows.extend(checkin(e, result.index + 1, result.exercise) for e in result.checkins)
    rows.extend(checkin(e, None, None) for e in loose if e.data.get("when") != "baseline")
    return rows


def to_csv(details: list[SessionDetail]) -> str:
    """One row per exercise and per check-in, sessions oldest first.

    Args:
        details: Sessions with plans and events.

    Returns:
        CSV text with a header row (`CSV_COLUMNS`).
    """
    buffer = io.StringIO()
    out = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    out.writeheader()
    for detail in details:
        out.writerows(_csv_rows(detail))
    return buffer.getvalue()


def to_json(details: list[SessionDetail], journal_path: Path) -> str:
    """Everything: each session's summary, plan, per-exercise results and events.

    Args:
        details: Sessions with plans and events.
        journal_path: The journal file, named in the export.

    Returns:
        JSON text (times in UTC, ISO 8601).
    """
    sessions = []
    for detail in details:
        results, _ = exercise_results(detail)
        sessions.append(
            detail.summary.to_json()
            | {
                "plan": detail.plan,
                "exercises": [result.to_json() for result in results],
                "events": [event.to_json() for event in detail.events],
            }
        )
    document = {
        "hep_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "journal": str(journal_path),
        "exported_at": utc_now(),
        "sessions": sessions,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_text(
    journal: Journal,
    fmt: str,
    *,
    since: datetime | None = None,
    routine: str | None = None,
    include_previews: bool | None = None,
    target: int = 3,
    today: date | None = None,
) -> str:
    """Build an export of the journal.

    Args:
        journal: The open journal.
        fmt: `csv`, `json` or `md`.
        since: Only sessions started from this moment.
        routine: Only this routine.
        include_previews: Include previews; when None, CSV and JSON include them (marked) and
            the Markdown report leaves them out.
        target: Sessions a week, for the report's adherence.
        today: The local date the report counts weeks up to.

    Returns:
        The export's text.

    Raises:
        ValueError: Unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    previews = include_previews if include_previews is not None else fmt != "md"
    sessions = list_sessions(
        journal, routine=routine, since=since, include_previews=previews, newest_first=False
    )
    from player.program import review  # the program's mornings and decisions

    if fmt == "md":
        report = markdown_report(journal, sessions, target=target, since=since, today=today)
        return "\n".join([report.rstrip("\n"), "", *review.markdown_lines(journal)]) + "\n"
    details = load_details(journal, sessions)
    if fmt == "csv":
        return to_csv(details)
    document = json.loads(to_json(details, journal.path)) | review.to_json(journal)
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
