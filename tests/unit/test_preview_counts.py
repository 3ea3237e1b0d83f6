"""A preview counts the same way in every format: the CSV and the JSON include previews by
default (marked), and their `counts` said 1 for a completed preview while the report and
`stats`, built with the same options, left it out of the sessions that count; asked for with
--include-previews, a preview counts in all of them alike."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from player.journal.reports.export import export_text
from player.journal.review.query import list_sessions
from player.journal.review.stats import compute
from player.journal.store.store import Journal
from player.session.kept import SessionEnd
from tests.journal_sample import start_session


def _played(journal: Journal, *, preview: bool) -> None:
    session = start_session(journal, preview=preview, speed=30.0 if preview else 1.0, plan=[])
    journal.record(session, "checkin", 0.0, {"pain": 2, "flags": [], "when": "baseline"})
    journal.record(session, "checkin", 60.0, {"pain": 2, "flags": [], "when": "final"})
    journal.finish(session, SessionEnd("completed", None, 2, 2, 2))


@pytest.mark.parametrize(("asked", "counted"), [(None, 1), (True, 2)])
def test_a_preview_counts_in_the_csv_and_json_as_in_the_report_and_stats(
    tmp_path: Path, asked: bool | None, counted: int
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        _played(journal, preview=False)
        _played(journal, preview=True)
        rows = list(
            csv.DictReader(io.StringIO(export_text(journal, "csv", include_previews=asked)))
        )
        document = json.loads(export_text(journal, "json", include_previews=asked))
        report = export_text(journal, "md", include_previews=asked)
        stats = compute(journal, include_previews=bool(asked))
    in_csv = {r["session_id"]: int(r["counts"]) for r in rows}
    in_json = {s["id"]: s["counts"] for s in document["sessions"]}
    assert len(in_csv) == len(in_json) == 2  # both list the preview, marked
    found = re.search(r"Sessions that count \(.*?\): (\d+);", report)
    assert found is not None and int(found.group(1)) == counted
    assert sum(w for _, w in stats.weeks) == counted
    assert sum(in_csv.values()) == sum(in_json.values()) == counted


def test_the_lists_json_never_counts_a_preview_it_lists(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        _played(journal, preview=True)
        listed = list_sessions(journal)
    assert listed[0].preview and listed[0].to_json()["counts"] is False
