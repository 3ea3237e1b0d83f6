"""Routine and program files a stranger shares, and names they come under: each is one line
and exit status 2, or used as it is; never a traceback, never a line the file forged."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

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


def _countless(exercises: int, **keys: str) -> str:
    """A small file that asks for millions of timed moments, each a microsecond long."""
    lines = "".join(f"    {key}: {value}\n" for key, value in keys.items())
    body = "".join(f"  - name: E{i}\n{lines}" for i in range(exercises))
    return (
        "name: Countless\ndescription: d\nsafety: {screen: never}\n"
        "defaults: {get_ready: 0, rest: 0, rest_between_exercises: 0, switch_side: 0, "
        "rest_between_reps: 0, checkin: none}\nexercises:\n" + body
    )


COUNTLESS = {
    "reps one by one": _countless(
        500,
        reps="200",
        sets="20",
        sides="[a, b, c, d]",
        alternate_sides="rep",
        rep_phases="{up: 0.000001s, down: 0.000001s, l: 0.000001s, r: 0.000001s}",
    ),
    "rep phases in a set": _countless(
        500,
        reps="200",
        sets="20",
        sides="[a, b, c, d]",
        rep_phases="{up: 0.000001s, down: 0.000001s, l: 0.000001s, r: 0.000001s}",
    ),
    "breaths for 2 hours": _countless(
        1, breathing="{inhale: 0.000001s, exhale: 0.000001s, duration: 2h}"
    ),
    "breaths": _countless(
        500, breathing="{inhale: 0.000001s, exhale: 0.000001s, cycles: 500}", sides="[a, b, c, d]"
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", COUNTLESS.values(), ids=COUNTLESS.keys())
def test_a_routine_of_millions_of_moments_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "countless.yaml").write_text(text, encoding="utf-8")
    done = hep(tmp_path, "validate", "countless.yaml")
    assert done.returncode == 2, done.stdout
    [line] = done.stderr.splitlines()
    assert re.fullmatch(
        r"countless\.yaml:1:1: the routine would call out [0-9,]+ sets, reps, rep phases and "
        r"breaths one by one; the limit is 50,000",
        line,
    ), line
