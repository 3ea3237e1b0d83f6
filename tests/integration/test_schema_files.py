"""A third-party validator (check-jsonschema, reading YAML 1.2 as editors do) and hep give the
same verdict on good and bad routine files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from player.locations import builtin_routines_dir

pytestmark = pytest.mark.slow

SCHEMA = builtin_routines_dir() / "routine.schema.json"
HEAD = "name: r\ndescription: d\n"
GOOD = {
    "yaml12.yaml": HEAD + "exercises:\n  - name: a\n    duration: 017\n    sides: [yes, no]\n",
    "held.yaml": HEAD + "exercises:\n  - name: a\n    reps: [5, 3, 1]\n    hold: 8s\n",
    "two-hours.yaml": HEAD + "exercises:\n  - name: a\n    duration: 1h 59m 59s\n",
    "right-after.yaml": HEAD
    + "exercises:\n  - name: a\n    duration: 5\n  - name: b\n    reps: 3\n    right_after: true\n",
}
BAD = {
    "three-hours.yaml": HEAD + "exercises:\n  - name: a\n    duration: 3h\n",
    "yes.yaml": HEAD + "defaults:\n  auto_advance: yes\nexercises:\n  - name: a\n    duration: 5\n",
    "quoted.yaml": HEAD + "safety:\n  stop_at: '6'\nexercises:\n  - name: a\n    duration: 5\n",
    "two-timings.yaml": HEAD + "exercises:\n  - name: a\n    duration: 5\n    reps: 3\n",
    "hold-tempo.yaml": HEAD + "exercises:\n  - name: a\n    reps: 3\n    hold: 2\n    tempo: 2\n",
    "sets.yaml": HEAD + "exercises:\n  - name: a\n    reps: [5, 3]\n    sets: 3\n",
    "rep-sides.yaml": HEAD
    + "exercises:\n  - name: a\n    duration: 5\n    sides: [l, r]\n    alternate_sides: rep\n",
    "no-timing.yaml": HEAD + "exercises:\n  - name: a\n",
    "first-right-after.yaml": HEAD
    + "exercises:\n  - name: a\n    duration: 5\n    right_after: true\n",
}


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    program = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert program is not None, "check-jsonschema comes with the dev extra"
    return subprocess.run(
        [program, "--schemafile", str(SCHEMA), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def hep_validate(path: Path) -> int:
    return subprocess.run(
        [sys.executable, "-m", "player", "validate", str(path)], capture_output=True, timeout=60
    ).returncode


def test_good_files_pass_both(tmp_path: Path) -> None:
    files = [*sorted(builtin_routines_dir().glob("*.yaml"))]
    for name, text in GOOD.items():
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    done = check_jsonschema(*files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(hep_validate(path) == 0 for path in files)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_fail_both(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(BAD[name])
    done = check_jsonschema(path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert hep_validate(path) == 2
