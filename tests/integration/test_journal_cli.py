"""`hep journal` and its subcommands through click's CliRunner, with parse-back of JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from player import locations
from player.cli import cli
from player.journal import SessionRecorder
from player.journal.reports.export import CSV_COLUMNS
from player.session.outcomes import QUIT_REASON
from tests.journal_sample import SAMPLE_PLAN, STOP_REASONS, play_sample

OUTCOMES = ["completed", "stopped_pain", "stopped_red_flag", "quit", "completed"]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["journal", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled() -> list[int]:
    """A journal with five sessions (two routines) and one preview; returns the session ids."""
    ids = []
    for number, outcome in enumerate(OUTCOMES):
        recorder = SessionRecorder()
        name = "Core basics" if number % 2 else "Rolling"
        session = play_sample(recorder, outcome=outcome, routine_name=name)
        recorder.close()
        assert session is not None
        ids.append(session)
    recorder = SessionRecorder()
    ids.append(play_sample(recorder, routine_name="Rolling", preview=True) or 0)
    recorder.close()
    return ids


def test_an_empty_journal_says_so_kindly() -> None:
    for args in ([], ["stats"]):
        code, out, err = _run(*args)
        assert (code, err) == (0, "")
        assert out == "The journal is empty: sessions you play with hep show up here.\n"


def test_the_list_has_one_line_per_session_newest_first_previews_marked(filled: list[int]) -> None:
    code, out, err = _run()
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[0].split() == ["id", "date", "(local)", "routine", "active", "outcome", "pain"]
    assert [int(line.split()[0]) for line in lines[1:]] == filled[::-1]
    assert lines[1].endswith("preview at 10x speed") and "completed" in lines[1]
    assert "stopped: pain" in lines[-2] and "2/6/6" in lines[-2]
    assert "4m38s" in lines[-1], "active time: the last event's clock, the pause left out"
    assert "stopped: red flag" in lines[-3]
    code, out, _ = _run("--no-previews", "--limit", "2")
    assert [int(line.split()[0]) for line in out.splitlines()[1:]] == filled[-2:-4:-1]


def test_the_list_filters_by_routine_and_date_and_prints_json(filled: list[int]) -> None:
    code, out, _ = _run("--routine", "core BASICS", "--json")
    sessions = json.loads(out)["sessions"]
    assert code == 0
    assert [s["id"] for s in sessions] == [filled[3], filled[1]]
    assert {s["routine"] for s in sessions} == {"Core basics"}
    assert sessions[0]["pain"] == {"baseline": 2, "highest": 3, "final": None}
    assert sessions[0]["outcome"] == "quit" and sessions[0]["started_at"].endswith("Z")
    assert sessions[0]["outcome_words"] == "quit" and sessions[0]["reason"] == QUIT_REASON
    assert "duration_seconds" not in sessions[0] and "elapsed_seconds" not in sessions[0]
    assert sessions[0]["active_seconds"] == 154.0 and sessions[0]["wall_seconds"] >= 0
    code, out, _ = _run("--since", "2999-01-01")
    assert (code, out) == (0, "No sessions match.\n")
    code, out, _ = _run("--since", "7d", "--json")
    assert len(json.loads(out)["sessions"]) == len(filled)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "yesterday"],
            "hep: --since: bad date 'yesterday': give YYYY-MM-DD, or a "
            "number of days or weeks back (7d, 4w)\n",
        ),
        (["--limit", "0"], "hep: --limit: must be at least 1 (found 0)\n"),
        (["show", "abc"], "hep: bad session id 'abc': give the number `hep journal` lists\n"),
        (
            ["export", "--format", "pdf"],
            "hep: --format: unknown format 'pdf': use csv, json, md or html\n",
        ),
        (["stats", "--target", "x"], "hep: --target: expected a whole number (found 'x')\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = _run(*args)
    assert (code, out, err) == (2, "", message)


def test_an_unknown_session_is_one_line_and_exit_2(filled: list[int]) -> None:
    code, out, err = _run("show", "999")
    path = locations.journal_path()
    assert (code, out) == (2, "")
    assert err == f"hep: no session 999 in the journal {path} (`hep journal` lists them)\n"


def test_a_damaged_journal_is_one_line_and_exit_2() -> None:
    path = locations.journal_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    for args in ([], ["stats"], ["show", "1"], ["export"]):
        code, out, err = _run(*args)
        assert (code, out) == (2, "")
        assert err.startswith(f"hep: {path}: the journal is damaged (file is not a database)")
        assert err.count("\n") == 1
    assert path.read_bytes() == b"garbage" * 1000


def test_show_gives_planned_against_done_with_every_checkin_and_note(filled: list[int]) -> None:
    code, out, _ = _run("show", str(filled[1]))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Session {filled[1]}: Core basics, stopped: pain"
    assert "active time 2m49s (planned 4m44s); answering 0s; start to end 2m49s" in lines[1]
    assert "pain before 2/10, highest 6/10, at the end 6/10" in out
    assert "  Stopped at 6/10 during Side bridge: at or above the stop level of 6." in lines
    assert "Calves" in out and "2m10s, 2 sets, left/right       done" in out
    assert (
        "1m30s, 3 sets, reps 5/3/1       stopped during: 1 of 3 sets, 6 of 9 reps, 45s of 1m30s"
        in out
    )
    assert "Box breathing" in out and "not reached" in out
    assert out.count("after the set (set ") == 3
    assert "before the session: 2/10" in out and "at the stop (set 2): 6/10" in out
    assert "before the session: slept badly" in out
    assert "during Calves, right: calves tight today" in out and "paused 1 time" in out
    for code_word in ("stopped_pain", "after_set", "stop_at", "verdict", "partly_done"):
        assert code_word not in out
    code, out, _ = _run("show", str(filled[1]), "--json")
    detail = json.loads(out)
    assert detail["plan"] == SAMPLE_PLAN
    statuses = [(e["status"], e["status_words"]) for e in detail["exercises"]]
    assert statuses == [
        ("done", "done"),
        ("stopped_during", "stopped during: 1 of 3 sets, 6 of 9 reps, 45s of 1m30s"),
        ("not_reached", "not reached"),
    ]
    assert detail["ending"] == STOP_REASONS["stopped_pain"]
    assert [n["text"] for n in detail["notes"]] == ["slept badly", "calves tight today"]
    assert sum(1 for e in detail["events"] if e["kind"] == "checkin") == 5


def test_export_csv_has_codes_beside_words_and_seconds_to_a_tenth(filled: list[int]) -> None:
    code, out, _ = _run("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == CSV_COLUMNS
    first = [row for row in rows if row["session_id"] == str(filled[0])]
    assert [r["row"] for r in first if r["row"] == "exercise"] == ["exercise"] * 3
    assert [r["checkin_when"] for r in first if r["row"] == "checkin"] == (
        ["baseline"] + ["after_set"] * 6 + ["final"]
    )
    assert {r["checkin_words"] for r in first if r["checkin_when"] == "after_set"} == {
        "after the set"
    }
    calves = next(r for r in first if r["exercise"] == "Calves" and r["row"] == "exercise")
    # Two sets, each on both sides: two sets, as the routine counts them.
    assert (calves["status"], calves["sets_planned"], calves["sets_done"]) == ("done", "2", "2")
    assert calves["sides_done"] == "2" and calves["work_done_seconds"] == "120.0"
    assert [r["note"] for r in first if r["row"] == "note"] == [
        "slept badly",
        "calves tight today",
    ]
    stopped = [row for row in rows if row["session_id"] == str(filled[1])]
    bridge = next(r for r in stopped if r["exercise"] == "Side bridge" and r["row"] == "exercise")
    assert (bridge["status"], bridge["status_words"]) == (
        "stopped_during",
        "stopped during: 1 of 3 sets, 6 of 9 reps, 45s of 1m30s",
    )
    assert (bridge["reps_planned"], bridge["reps_done"]) == ("9", "6")
    assert {r["outcome"] for r in stopped} == {"stopped_pain"}
    assert {(r["exercises_done"], r["counts"]) for r in first} == {("3", "1")}
    assert {(r["exercises_done"], r["counts"]) for r in stopped} == {("1", "1")}
    red_flag = [row for row in rows if row["session_id"] == str(filled[2])]
    assert {(r["exercises_done"], r["counts"]) for r in red_flag} == {("0", "0")}
    assert {r["outcome_words"] for r in stopped} == {"stopped: pain"}
    assert {r["reason"] for r in stopped} == {STOP_REASONS["stopped_pain"]}
    for row in rows:
        for column in CSV_COLUMNS:
            if column.endswith("_seconds") and row[column]:
                assert row[column] == f"{float(row[column]):.1f}", (column, row[column])
    assert {row["preview"] for row in rows} == {"0", "1"}
    assert rows[0]["session_id"] == str(filled[0])  # oldest first


def test_export_json_holds_everything_and_md_is_a_report(filled: list[int], tmp_path: Path) -> None:
    target = tmp_path / "out" / "journal.json"
    target.parent.mkdir()
    target.write_text("old")
    code, out, err = _run("export", "--format", "json", "--output", str(target))
    assert (code, out, err) == (0, "", f"Wrote {target}\n")
    document = json.loads(target.read_text())
    assert [s["id"] for s in document["sessions"]] == filled
    assert document["sessions"][0]["plan"] == SAMPLE_PLAN
    assert sorted(p.name for p in target.parent.iterdir()) == ["journal.json"]
    conn = sqlite3.connect(locations.journal_path())
    events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    conn.close()
    assert sum(len(s["events"]) for s in document["sessions"]) == events

    code, out, _ = _run("export")
    assert code == 0 and out.startswith("# Home exercise journal\n")
    assert (
        "| week of | planned | done | met | stopped by the rules | stopped by the user |"
        " ended early |"
    ) in out
    assert "## Stops" in out
    assert f"Core basics: {STOP_REASONS['stopped_pain']}" in out
    assert f"Rolling: {STOP_REASONS['stopped_red_flag']}" in out
    assert "Core basics: Quit before the end." in out.split("without a stop")[1]
    assert "during Calves, right: “calves tight today”" in out
    assert "Sessions: 5 (2 completed, 1 stopped: pain, 1 stopped: red flag, 1 quit)" in out
    for code_word in ("stopped_pain", "after_set", "partly_done", "You "):
        assert code_word not in out


def test_export_to_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    code, out, err = _run("export", "--format", "csv", "--output", str(target))
    assert (code, out) == (2, "")
    assert err == f"{target}: cannot write the export (No such file or directory)\n"


def test_stats_counts_weeks_streak_completion_and_pain_by_routine(filled: list[int]) -> None:
    code, out, _ = _run("stats", "--weeks", "2")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("Sessions per week (target 3;")
    # This week: 3 counted (not the quit, not the preview, not the red-flag stop before any
    # exercise).
    assert lines[2].split()[-2:] == ["3", "met"]
    assert lines[3] == "Current streak: 1 week meeting the target"
    assert lines[4] == (
        "Completed: 40% of 5 sessions (2 completed, 1 stopped: pain, 1 stopped: red flag, 1 quit)"
    )
    rolling = next(line for line in lines if line.strip().startswith("Rolling"))
    assert "before 2.0  highest 3.0  at the end 1.0  change -1.0  (over 2)" in rolling
    assert "(previews left out; --include-previews counts them)" in lines
    code, out, _ = _run("stats", "--include-previews", "--json", "--target", "6")
    stats = json.loads(out)
    assert stats["sessions"] == 6 and stats["streak"] == 0 and stats["target"] == 6
    assert stats["weeks"][-1]["sessions"] == 4  # the preview counts; the red-flag stop not
    rolling = next(r for r in stats["by_routine"] if r["routine"] == "Rolling")
    assert rolling["sessions"] == 4
    assert rolling["pain"] == {
        "sessions": 3,
        "baseline": 2.0,
        "highest": 3.0,
        "final": 1.0,
        "change": -1.0,
    }
