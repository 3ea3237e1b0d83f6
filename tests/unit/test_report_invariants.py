"""Statistics that add up, over journals hypothesis makes: `stats`, the Markdown report and the
CSV export, checked against what their own numbers imply."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.journal import Journal, SessionRecorder
from player.journal.reports.export import CSV_COLUMNS, export_text
from player.journal.review.query import list_sessions
from player.journal.review.stats import compute, session_week, stats_lines
from player.session.kept import SessionEnd, SessionStart
from player.session.outcomes import (
    COUNTED,
    EXERCISE_STATUSES,
    OUTCOMES,
    STOPPED,
    exercise_word,
    outcome_word,
)
from tests.ci import examples
from tests.journal_sample import SAMPLE_PLAN, STEP_KINDS

TODAY = date(2025, 3, 28)
FIRST = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
pain = st.integers(0, 10)
session = st.fixed_dictionaries(
    {
        "routine": st.sampled_from(["Core", "SI joint"]),
        "outcome": st.sampled_from(OUTCOMES),
        "day": st.integers(0, 24),
        "before": st.none() | pain,
        "checkins": st.lists(pain, max_size=6),
        "end": st.none() | pain,
        "cut": st.integers(0, 8),
        "preview": st.booleans(),
        "note": st.none() | st.text(min_size=1, max_size=20),
        "stored": st.tuples(st.none() | pain, st.none() | pain, st.none() | pain),
    }
)


def record(recorder: SessionRecorder, s: dict[str, Any]) -> int:
    """One made-up session in the conductor's event shapes, cut after `cut` work steps."""
    session_id = recorder.start(
        SessionStart(
            routine_name=s["routine"],
            routine_path=f"/r/{s['routine'].lower().replace(' ', '-')}.yaml",
            routine_hash="0f" * 32,
            preview=s["preview"],
            speed=10.0 if s["preview"] else 1.0,
            planned_seconds=284.0,
            plan=SAMPLE_PLAN,
        ),
    )
    assert session_id is not None
    clock = 0.0
    none = {"exercise": None, "exercise_index": None, "set": None, "side": None, "step": None}
    if s["before"] is not None:
        recorder.record(
            "checkin", clock, {"pain": s["before"], "flags": [], "when": "baseline"} | none
        )
    if s["note"]:
        recorder.record("note", clock, {"text": s["note"], "when": "baseline"} | none)
    pains = list(s["checkins"])
    steps = 0
    for index, item in enumerate(SAMPLE_PLAN):
        kind = STEP_KINDS[str(item["kind"])]
        seconds = float(item["work_seconds"]) / int(item["work_steps"])
        where = {"exercise": item["exercise"], "exercise_index": index}
        for number in range(1, int(item["sets"]) + 1):
            for side in item["sides"] or [None]:
                if steps >= s["cut"] and s["outcome"] != "completed":
                    break
                step = where | {"step": kind, "set": number, "side": side, "rep": None}
                recorder.record("step_started", clock, step | {"planned": seconds})
                clock += seconds
                recorder.record("step_finished", clock, step | {"planned": seconds})
                steps += 1
            if pains:
                data = {"pain": pains.pop(0), "flags": [], "when": "after_set", "set": number}
                recorder.record("checkin", clock, data | where | {"side": None, "step": "checkin"})
    if s["outcome"] in STOPPED and s["end"] is not None:
        recorder.record("checkin", clock, {"pain": s["end"], "flags": [], "when": "stop"} | none)
    if s["outcome"] in STOPPED:
        recorder.record(
            "verdict", clock, {"stops": True, "rule": "user", "reason": "chose to stop"}
        )
    elif s["outcome"] == "completed" and s["end"] is not None:
        recorder.record("checkin", clock, {"pain": s["end"], "flags": [], "when": "final"} | none)
    before, highest, end = s["stored"]
    reason = None if s["outcome"] == "completed" else "Left."
    recorder.finish(
        SessionEnd(outcome=s["outcome"], reason=reason, baseline=before, highest=highest, final=end)
    )
    return session_id


def counted(row: Any, sessions: list[dict[str, Any]]) -> bool:
    """Whether a stored session counts: a counted outcome, and some work in it (the made-up
    session ran a work step: it was completed, or cut after one step or more)."""
    made = sessions[row.id - 1]
    return made["outcome"] in COUNTED and (made["outcome"] == "completed" or made["cut"] > 0)


def fill(folder: Path, sessions: list[dict[str, Any]]) -> Path:
    path = folder / "journal.sqlite3"
    with Journal.open(path) as journal:
        recorder = SessionRecorder(journal)
        ids = [record(recorder, s) for s in sessions]
    with sqlite3.connect(path) as conn:
        for session_id, s in zip(ids, sessions, strict=True):
            start = FIRST + timedelta(days=s["day"], minutes=session_id)
            conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
                (_stored(start), _stored(start + timedelta(minutes=20)), session_id),
            )
    return path


def _stored(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _n(cell: str) -> float | None:
    return None if cell in ("-", "") else float(cell.removesuffix("/10"))


journals = st.lists(session, min_size=1, max_size=12)
journal_examples = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@journal_examples
@given(journals)
def test_stats_means_are_over_the_sessions_they_say_and_add_up(
    tmp_path_factory: Any, sessions: list[dict[str, Any]]
) -> None:
    path = fill(tmp_path_factory.mktemp("j"), sessions)
    with Journal.open(path) as journal:
        stats = compute(journal, weeks=6, today=TODAY, include_previews=True)
        rows = list_sessions(journal)
    assert stats.sessions == sum(stats.outcomes.values()) == len(rows)
    weeks = dict(stats.weeks)
    for monday, count in weeks.items():
        assert count == sum(1 for s in rows if counted(s, sessions) and session_week(s) == monday)
    assert sum(r.sessions for r in stats.by_routine) == stats.sessions
    for item in stats.by_routine:
        mine = [s for s in rows if s.routine_name == item.routine]
        both = [s for s in mine if s.baseline is not None and s.final is not None]
        p = item.pain
        assert p.sessions == len(both)
        if not both:
            assert p.baseline is p.highest is p.final is p.change is None
            continue
        assert p.baseline == round(sum(s.baseline or 0 for s in both) / len(both), 1)
        assert p.final == round(sum(s.final or 0 for s in both) / len(both), 1)
        assert p.highest is not None and p.baseline is not None and p.final is not None
        assert p.highest >= p.baseline and p.highest >= p.final
        assert p.change == round(p.final - p.baseline, 1)
    for line in stats_lines(stats):
        found = re.search(r"before (\S+)  highest (\S+)  at the end (\S+)  change (\S+)", line)
        if found:
            before, highest, end, change = (float(x) for x in found.groups())
            assert highest >= before and highest >= end
            assert round(end - before, 1) == float(change), line


@journal_examples
@given(journals)
def test_the_report_adds_up_and_speaks_no_codes(
    tmp_path_factory: Any, sessions: list[dict[str, Any]]
) -> None:
    path = fill(tmp_path_factory.mktemp("j"), sessions)
    with Journal.open(path) as journal:
        md = export_text(journal, "md", today=TODAY, include_previews=True)
        rows = list_sessions(journal)
    ended = [s for s in rows if s.outcome != "running"]
    summary = re.search(r"- Sessions: (\d+) \(([^)]*)\)", md)
    assert summary is not None and int(summary.group(1)) == len(ended)
    counts = [int(part.split(" ", 1)[0]) for part in summary.group(2).split(", ")]
    assert sum(counts) == len(ended)
    tables = [t for t in md.split("\n\n") if t.startswith("| ")]
    weekly = [line.split(" | ") for line in tables[0].splitlines()[2:]]
    done = sum(int(cells[2]) for cells in weekly)
    assert done == sum(1 for s in ended if counted(s, sessions))
    for cells in weekly:
        met = int(cells[2]) >= int(cells[1])
        assert cells[3] == "yes" if met else cells[3] in ("no", "under way")
        before, highest, end = _n(cells[7]), _n(cells[8]), _n(cells[9])
        if highest is not None:
            assert before is not None and end is not None
            assert highest >= before and highest >= end
    per_session = [line.strip("| ").split(" | ") for line in tables[-1].splitlines()[2:]]
    assert len(per_session) == len(ended)
    for cells in per_session:
        before, highest, end = _n(cells[5]), _n(cells[6]), _n(cells[7])
        for value in (before, end):
            if value is not None:
                assert highest is not None and highest >= value, cells
    for table in tables[1:-1]:
        for line in table.splitlines()[2:]:
            cells = line.strip("| ").split(" | ")
            statuses = cells[2 : 2 + len(EXERCISE_STATUSES)]
            assert int(cells[1]) == sum(int(c) for c in statuses), line
    overall = re.search(r"before (\S+), highest (\S+), at the end (\S+) \(change (\S+)\)", md)
    if overall:
        before, highest, end, change = (float(x.rstrip(".")) for x in overall.groups())
        assert highest >= before and highest >= end and round(end - before, 1) == change
    stops = md.split("## Stops", 1)[1].split("\n## ", 1)[0].split("###", 1)[0]
    assert stops.count("\n- ") == sum(1 for s in ended if s.outcome in STOPPED)
    for code in ("stopped_pain", "stopped_red_flag", "after_set", "partly_done", "not_reached"):
        assert code not in md


@journal_examples
@given(journals)
def test_the_csv_keeps_codes_beside_words_and_rounds_seconds(
    tmp_path_factory: Any, sessions: list[dict[str, Any]]
) -> None:
    path = fill(tmp_path_factory.mktemp("j"), sessions)
    with Journal.open(path) as journal:
        rows = list(csv.DictReader(io.StringIO(export_text(journal, "csv"))))
    assert rows and tuple(rows[0]) == CSV_COLUMNS
    for row in rows:
        assert row["outcome"] in OUTCOMES and row["outcome_words"] == outcome_word(row["outcome"])
        for column in CSV_COLUMNS:
            if column.endswith("_seconds") and row[column]:
                assert re.fullmatch(r"\d+\.\d", row[column]), (column, row[column])
        if row["row"] == "exercise":
            assert row["status"] in EXERCISE_STATUSES
            assert row["status_words"].startswith(exercise_word(row["status"]))
            assert 0 <= int(row["sets_done"]) <= int(row["sets_planned"])
        if row["row"] == "checkin":
            assert 0 <= int(row["pain"]) <= 10 and row["checkin_words"]
    per_session: dict[str, int] = {}
    for row in rows:
        if row["row"] == "exercise":
            per_session[row["session_id"]] = per_session.get(row["session_id"], 0) + 1
    assert set(per_session.values()) == {len(SAMPLE_PLAN)}
