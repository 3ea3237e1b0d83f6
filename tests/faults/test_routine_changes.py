"""A routine file edited, broken or deleted while it is being played.

The session plays what was loaded, to its end; the journal keeps the hash of what was played.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.faults.conftest import ANSWERS, ROUTINE, PlainRun, raw_sessions, write_routine

pytestmark = pytest.mark.slow
EDITED = ROUTINE.replace("Bridge", "Plank").replace("duration: 10s", "duration: 50s")


def test_edited_broken_and_deleted_routines_play_as_loaded(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    changes = {
        "edited": lambda path: path.write_text(EDITED, encoding="utf-8"),
        "broken": lambda path: path.write_text("name: [unclosed\n\t- {", encoding="utf-8"),
        "deleted": lambda path: path.unlink(),
    }
    routines = {how: write_routine(tmp_path / how) for how in changes}
    for how in changes:
        plain_runs.append(PlainRun(routines[how], tmp_path / how / "data"))
        plain_runs[-1].type(*ANSWERS)
    for run, (how, change) in zip(plain_runs, changes.items(), strict=True):
        run.wait_for("Calf roll, set 1 of 2")
        change(routines[how])
        run.close_input()
    played = hashlib.sha256(ROUTINE.encode("utf-8")).hexdigest()
    for run, how in zip(plain_runs, changes, strict=True):
        status = run.finish()
        out = run.out
        assert status == 0 and "Session complete. Well done." in out, f"{how}:\n{out}\n{run.err}"
        assert "Bridge, set 2 of 2: 10s" in out and "Plank" not in out, f"{how}:\n{out}"
        assert "Traceback" not in run.err, run.err
        (session,) = raw_sessions(tmp_path / how / "data" / "journal.sqlite3")
        assert session["outcome"] == "completed", how
        assert session["routine_hash"] == played, how
        assert session["routine_path"] == str(routines[how]), how
        assert session["planned_seconds"] == 80.0, how
