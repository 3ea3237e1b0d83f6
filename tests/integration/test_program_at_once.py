"""Several hep commands looking at the program at once (two shell prompts running `hep today
--short`, say) write each decision once, even when they count sessions late together."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from player import localday
from player.journal import Journal
from player.journal.records import format_utc
from tests.program_sim import Sim

TODAY = localday.today()


def _decisions(journal_file: Path) -> list[tuple[str, str, str]]:
    with Journal.open(journal_file) as journal:
        rows = journal.query("SELECT day, action, reason FROM program_decisions ORDER BY id")
    return [(r[0], r[1], r[2]) for r in rows]


def test_commands_at_once_write_each_decision_once(isolated_data_dir: Path, tmp_path: Path) -> None:
    journal_file = isolated_data_dir / "journal.sqlite3"
    with Journal.open(journal_file) as journal:
        sim = Sim(journal, start=TODAY - timedelta(days=3))
        with journal.connection() as conn:  # started long before, so its sessions count late
            conn.execute("UPDATE programs SET started_at = '2000-01-01T00:00:00.000Z'")
        for back in (3, 2, 1):
            day = TODAY - timedelta(days=back)
            reference = sorted(i.entry.routine for i in sim.on(day).due if i.due)[0]
            noon = format_utc(localday.midnight(day) + timedelta(hours=12))
            sim.write(reference, outcome="stopped_pain", highest=7, started_at=noon)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy2(journal_file, alone / "journal.sqlite3")
    env = {**os.environ, "HEP_DATA_DIR": str(isolated_data_dir)}
    command = [sys.executable, "-m", "player", "today", "--short"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE) for _ in range(6)]
    for run in runs:
        run.communicate(timeout=120)
        assert run.returncode == 0
    done = subprocess.run(
        command, env={**env, "HEP_DATA_DIR": str(alone)}, capture_output=True, timeout=120
    )
    assert done.returncode == 0
    at_once, one = _decisions(journal_file), _decisions(alone / "journal.sqlite3")
    assert len(one) >= 3, "each stop late-counted, decided"
    assert at_once == one, "the same decisions, each once"
