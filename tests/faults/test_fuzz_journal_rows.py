"""Random values in a journal's rows, through every review command: a row that cannot be read is
left out and named, the others are shown, and nothing ends in a traceback.

Each example takes a journal of two good sessions and writes random values (any SQLite type:
numbers out of range, bad dates, broken or odd JSON, bytes, text) into columns of the first
session and its events, with plain SQLite, as another program or a restored file could.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import traceback
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player import locations
from player.cli import cli
from player.journal import Journal, SessionRecorder
from player.journal.store.rows import columns
from player.journal.store.schema import SCHEMA_VERSION
from tests.journal_sample import play_sample

COMMANDS = [
    ["journal"],
    ["journal", "--json"],
    ["journal", "show", "1"],
    ["journal", "show", "1", "--json"],
    ["journal", "stats"],
    ["journal", "export", "--format", "csv"],
    ["journal", "export", "--format", "json"],
    ["journal", "export", "--format", "md"],
    ["journal", "export", "--format", "html"],
]
RUNS = {"examples": 0, "commands": 0, "rows_left_out": 0}
"""What the fuzz did, for the closing count (printed at the end of the module's run)."""

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
WORDS = st.sampled_from(
    [
        "yesterday",
        "2026-02-30T00:00:00.000Z",
        "2026-01-01T00:00:00",
        "9999-12-31T23:59:59.999Z",
        "running",
        "completed",
        "checkin",
        "note",
        "{",
        "[]",
        "{}",
        "[1, 2]",
        '[{"exercise": 5, "planned_seconds": "x"}]',
        '{"pain": 99, "exercise_index": -7, "answers": [1]}',
        '{"pain": "3", "set": "a", "step": {"x": 1}}',
    ]
)
VALUES = (
    st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text(max_size=20)
    | st.binary(max_size=12)
    | WORDS
    | JSON.map(json.dumps)
)


@pytest.fixture(scope="module")
def good_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sessions as hep records them, kept as a file to copy for each example."""
    path = tmp_path_factory.mktemp("good") / "journal.sqlite3"
    with Journal.open(path) as journal:
        for _ in range(2):
            play_sample(SessionRecorder(journal))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _names(table: str) -> list[str]:
    return [name for name, _kind, _required in columns(SCHEMA_VERSION)[table] if name != "id"]


CHANGES = st.lists(
    st.tuples(st.sampled_from(["sessions", "events"]), st.integers(0, 40), st.data()),
    min_size=1,
    max_size=4,
)


def _write(path: Path, table: str, which: int, value: Any, column: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with suppress(sqlite3.IntegrityError), conn:  # NOT NULL holds in hep's own schema
            if table == "sessions":
                conn.execute(f"UPDATE sessions SET {column} = ? WHERE id = 1", (value,))
            else:
                ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE session_id = 1")]
                target = ids[which % len(ids)]
                conn.execute(f"UPDATE events SET {column} = ? WHERE id = ?", (value, target))
    finally:
        conn.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=CHANGES)
def test_bad_rows_never_crash_review(good_journal: Path, changes: list[Any]) -> None:
    journal = locations.journal_path()
    journal.parent.mkdir(parents=True, exist_ok=True)
    for leftover in journal.parent.glob("journal.sqlite3*"):
        leftover.unlink()
    shutil.copyfile(good_journal, journal)
    for table, which, data in changes:
        column = data.draw(st.sampled_from(_names(table)))
        _write(journal, table, which, data.draw(VALUES), column)
    RUNS["examples"] += 1
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(cli, args)
        RUNS["commands"] += 1
        RUNS["rows_left_out"] += result.stderr.count("left out (it cannot be read)")
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            "".join(traceback.format_exception(result.exception)),
        )
        assert result.exit_code in (0, 2), (args, result.output)
        assert "Traceback" not in result.output
    listed = runner.invoke(cli, ["journal", "--json"])
    assert listed.exit_code == 0, listed.output
    assert 2 in [s["id"] for s in json.loads(listed.stdout)["sessions"]]  # the good one stays
    backup = journal.parent / "copy.sqlite3"
    backed = runner.invoke(cli, ["journal", "backup", str(backup)])
    assert backed.exception is None or isinstance(backed.exception, SystemExit), "".join(
        traceback.format_exception(backed.exception)
    )
    assert backed.exit_code in (0, 2), backed.output


def test_the_fuzz_ran(request: pytest.FixtureRequest) -> None:
    """Smoke test: the counts of the run above (examples, commands, rows left out), shown."""
    print(f"journal row fuzz: {RUNS}")
    assert RUNS["examples"] == 0 or RUNS["commands"] == RUNS["examples"] * len(COMMANDS)


def test_a_huge_session_id_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["journal", "show", "99999999999999999999"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
