"""Every time in the JSON export and `show --json` is written one way, the journal's own
(`format_utc`): the notes' times too."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from player.journal.reports.export import export_text
from player.journal.store.store import Journal
from player.session.kept import SessionEnd
from tests.journal_sample import start_session

STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
TIME_KEYS = {"wall", "started_at", "ended_at", "exported_at"}


def _times(value: Any) -> list[str]:
    """Every value under a time's key, anywhere in a JSON document."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in TIME_KEYS and isinstance(v, str)]
        return found + [t for v in value.values() for t in _times(v)]
    if isinstance(value, list):
        return [t for v in value for t in _times(v)]
    return []


def test_a_notes_time_is_written_as_every_other_time_of_the_export(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        session = start_session(journal)
        journal.record(session, "checkin", 0.0, {"pain": 2, "flags": [], "when": "baseline"})
        journal.record(session, "note", 0.0, {"text": "slept badly", "when": "baseline"})
        journal.finish(session, SessionEnd("quit", "Quit before the end.", 2, 2, None))
        document = json.loads(export_text(journal, "json"))
    notes = document["sessions"][0]["notes"]
    events = document["sessions"][0]["events"]
    assert [n["text"] for n in notes] == ["slept badly"]
    assert notes[0]["wall"] == next(e["wall"] for e in events if e["kind"] == "note")
    times = _times(document)
    assert len(times) >= 5
    assert [t for t in times if not STORED.fullmatch(t)] == []
