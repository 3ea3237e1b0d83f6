"""A journal (or a backup restored from a stranger) whose text holds line breaks: every review
command shows each name, side, reason and note on the line it belongs to."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from player.journal import Journal, SessionRecorder
from tests.faults.conftest import HEP, hep_env
from tests.journal_sample import play_sample

FORGED = "FORGED: Pain 0/10, the session never stops"
BREAK = f"\n{FORGED}"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder whose journal has a line break in every text a review shows."""
    data = tmp_path / "data"
    data.mkdir()
    journal_file = data / "journal.sqlite3"
    with Journal.open(journal_file) as journal:
        play_sample(SessionRecorder(journal), routine_name=f"Back{BREAK}")
        play_sample(SessionRecorder(journal), outcome="stopped_pain")
    conn = sqlite3.connect(journal_file)
    with conn:
        conn.execute(
            "UPDATE sessions SET routine_path = ?, reason = ?", (f"/r/x{BREAK}.yaml", f"r{BREAK}")
        )
        for event_id, text in conn.execute("SELECT id, data FROM events").fetchall():
            event = json.loads(text)
            for key in ("exercise", "side", "note"):
                if isinstance(event.get(key), str):
                    event[key] = f"{event[key]}{BREAK}"
            conn.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(event), event_id))
        for session_id, text in conn.execute("SELECT id, plan FROM sessions").fetchall():
            plan = [dict(item, exercise=f"{item['exercise']}{BREAK}") for item in json.loads(text)]
            conn.execute(
                "UPDATE sessions SET plan = ? WHERE id = ?", (json.dumps(plan), session_id)
            )
    conn.close()
    return data


@pytest.mark.parametrize(
    "args",
    [
        ["journal"],
        ["journal", "show", "1"],
        ["journal", "show", "2"],
        ["journal", "stats"],
        ["journal", "export", "--format", "md"],
    ],
    ids=" ".join,
)
def test_a_line_break_in_the_journal_never_makes_a_line_of_its_own(
    data: Path, args: list[str]
) -> None:
    done = subprocess.run(
        [*HEP, *args], capture_output=True, text=True, env=hep_env(data, COLUMNS="200"), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    forged = [line for line in done.stdout.splitlines() if line.lstrip(" |#").startswith("FORGED")]
    assert forged == [], done.stdout
