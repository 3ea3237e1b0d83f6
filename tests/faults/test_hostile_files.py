"""Routine and program files a stranger shares, and names they come under: each is one line
and exit status 2, or used as it is; never a traceback, never a line the file forged."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.faults.conftest import HEP, hep_env

ROUTINE = """\
name: Small
description: d
safety: {screen: never}
defaults: {get_ready: 0s, checkin: none}
exercises:
  - name: Stand
    reps: 10
"""


def hep(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEP, *args],
        env=hep_env(tmp_path / "data"),
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_lighter_dose_whose_scale_rounds_to_nothing_is_checked_without_a_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "small.yaml").write_text(ROUTINE, encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(
        "name: Tiny steps\ndescription: d\nlighter: {reps_scale: 0.00001}\nphases:\n"
        "  - name: One\n    weeks: 1\n    routines:\n"
        "      - {routine: small.yaml, every: day, reps_scale: 0.001}\n",
        encoding="utf-8",
    )
    for command in (
        ["validate", "tiny.yaml"],
        ["show", "tiny.yaml"],
        ["program", "start", "tiny.yaml"],
    ):
        done = hep(tmp_path, *command)
        assert "Traceback" not in done.stderr, command
        assert done.returncode == 0, (command, done.stderr)
