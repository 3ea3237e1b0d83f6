"""Files an earlier hep wrote read as today's words: an event's `clock` (once `elapsed`), a
session's `clock_seconds` (once `elapsed_seconds`), a verdict that `stops` (once `action`)."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from player import locations
from player.cli import cli
from player.journal import Journal
from player.journal.records import event_data_now
from player.journal.reports.export import session_json
from player.journal.review.query import get_session, list_sessions
from player.journal.store import recovery
from player.journal.store.schema import SCHEMA_VERSION

DATA = Path(__file__).parent.parent / "data"
OLD_JOURNAL = DATA / "journal-v5.sqlite3"
OLD_RECOVERY = DATA / "recovery-v1.jsonl"


def _old_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(id, outcome, elapsed_seconds) of each session and (session, elapsed, data) of each
    event, read from the old file as it is."""
    conn = sqlite3.connect(path)
    try:
        sessions = conn.execute("SELECT id, outcome, elapsed_seconds FROM sessions").fetchall()
        events = conn.execute("SELECT session_id, elapsed, data FROM events ORDER BY id").fetchall()
    finally:
        conn.close()
    return sessions, events


def _new_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        sessions = conn.execute("SELECT id, outcome, clock_seconds FROM sessions").fetchall()
        events = conn.execute("SELECT session_id, clock, data FROM events ORDER BY id").fetchall()
    finally:
        conn.close()
    return sessions, events


def _verdicts(events: list[tuple]) -> list[dict]:
    """The data of each verdict among (session, clock, data) rows, in order."""
    return [v for v in (json.loads(d) for _, _, d in events) if "reason" in v and "rule" in v]


def test_the_old_file_is_what_an_earlier_hep_wrote() -> None:
    sessions, events = _old_rows(OLD_JOURNAL)
    assert [s[1] for s in sessions] == ["completed", "stopped_pain", "stopped_user"]
    said = [v["action"] for v in _verdicts(events)]
    assert "stop" in said and "continue" in said and not any("stops" in v for v in said)


def test_an_old_journal_opened_keeps_every_clock_and_its_verdicts_say_stops(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(OLD_JOURNAL, path)
    before, old_events = _old_rows(path)
    with Journal.open(path) as journal:
        assert journal.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        summaries = list_sessions(journal)
    after, events = _new_rows(path)
    assert after == before  # the clock at each session's end, under its new name
    assert [(s, c) for s, c, _ in events] == [(s, c) for s, c, _ in old_events]
    verdicts = _verdicts(events)
    assert all(set(v) == {"stops", "rule", "reason"} for v in verdicts)
    old = _verdicts(old_events)
    assert [v["stops"] for v in verdicts] == [v["action"] == "stop" for v in old]
    assert [v["reason"] for v in verdicts] == [v["reason"] for v in old]
    # Read through the review: the outcomes stand, and the stop is found where it was.
    assert [s.outcome for s in summaries] == ["stopped_user", "stopped_pain", "completed"]
    for summary in summaries:
        assert summary.active_seconds is not None and summary.active_seconds > 0


def test_an_old_backup_restores_into_todays_journal(tmp_path: Path) -> None:
    backup = tmp_path / "old-backup.sqlite3"
    shutil.copyfile(OLD_JOURNAL, backup)
    Journal.open().close()  # a current journal to restore over
    result = CliRunner().invoke(cli, ["journal", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    before, old_events = _old_rows(OLD_JOURNAL)
    after, events = _new_rows(locations.journal_path())
    assert after == before
    assert [(s, c) for s, c, _ in events] == [(s, c) for s, c, _ in old_events]
    assert [v["stops"] for v in _verdicts(events)] == [
        v["action"] == "stop" for v in _verdicts(old_events)
    ]


def test_an_old_recovery_file_merges_with_its_clocks_and_verdicts(tmp_path: Path) -> None:
    journal_path = tmp_path / "journal.sqlite3"
    Journal.open(journal_path).close()
    lines = OLD_RECOVERY.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["version"] == 1
    # Written by a process on this machine that has since gone (its pid now names another).
    header |= {"host": socket.gethostname(), "token": "a process long gone"}
    text = "\n".join([json.dumps(header), *lines[1:]]) + "\n"
    recovery.path_for(journal_path, header["pid"]).write_text(text, encoding="utf-8")
    written = [json.loads(line) for line in lines[1:] if '"op":"event"' in line]
    with Journal.open(journal_path) as journal:
        assert journal.notices and "now in it" in journal.notices[0]
        (summary,) = list_sessions(journal)
        detail = get_session(journal, summary.id)
    assert detail is not None and summary.outcome == "stopped_pain"
    assert [e.clock for e in detail.events] == [w["elapsed"] for w in written]
    verdicts = [e.data for e in detail.events if e.kind == "verdict"]
    assert [v["stops"] for v in verdicts] == [
        w["data"]["action"] == "stop" for w in written if w["kind"] == "verdict"
    ]
    assert verdicts[-1]["stops"] is True
    exported = session_json(detail)["events"]  # the JSON export and `journal show --json`
    assert all("clock" in e and "elapsed" not in e for e in exported)
    assert [e["clock"] for e in exported] == [w["elapsed"] for w in written]
    assert [e["data"]["stops"] for e in exported if e["kind"] == "verdict"] == [
        v["stops"] for v in verdicts
    ]


def test_a_recovery_file_is_written_in_todays_words(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3.recovery-1.jsonl"
    start, events = (
        recovery.decode(OLD_RECOVERY.read_bytes())[1][0].start,
        [
            (
                "verdict",
                9.5,
                {"stops": True, "rule": "stop_at", "reason": "r"},
                "2026-01-02T03:04:05.000Z",
            )
        ],
    )
    recovery.write(path, [recovery.Kept(start, events)])
    header, *lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert header["version"] == recovery.VERSION == 2
    assert lines[1] == {
        "op": "event",
        "kind": "verdict",
        "clock": 9.5,
        "data": {"stops": True, "rule": "stop_at", "reason": "r"},
        "wall": "2026-01-02T03:04:05.000Z",
    }


def test_event_data_now_changes_only_an_old_verdict() -> None:
    old = {"action": "stop", "rule": "stop_at", "reason": "r"}
    assert event_data_now("verdict", old) == {"stops": True, "rule": "stop_at", "reason": "r"}
    assert event_data_now("verdict", {"action": "continue", "rule": None}) == {
        "stops": False,
        "rule": None,
    }
    today = {"stops": False, "rule": None, "reason": "fine"}
    assert event_data_now("verdict", today) is today
    note = {"action": "stop", "text": "a note's own words"}
    assert event_data_now("note", note) is note
