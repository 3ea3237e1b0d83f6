"""The wheel a user installs: built here, installed into a fresh environment with no compiler
reachable, and played from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from player.cues import CUE_NAMES
from player.routine.shipped import SHIPPED_NAME

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = "n\n" * 7 + "0\n" * 60


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """hep's wheel, built from this checkout."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("hep_player-*.whl")
    return found


def test_the_wheel_holds_routines_programs_sounds_and_the_license(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "player/_data/"
    for folder in ("routines", "programs"):
        shipped = {p.name for p in (ROOT / folder).glob("*.yaml")}
        assert shipped and {f"{data}{folder}/{n}" for n in shipped} <= names, folder
    assert {f"{data}sounds/{cue}.wav" for cue in CUE_NAMES} <= names
    assert f"{data}routines/{SHIPPED_NAME}" in names  # their first play needs no validation
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "Name: hep-player\n" in metadata
    assert "Requires-Dist: simpleaudio-patched>=1.0.5; extra == 'simpleaudio'" in metadata
    assert "simpleaudio" not in [
        line.split(":", 1)[1].split(">")[0].strip()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]


def test_installed_without_a_compiler_it_plays_a_routine_from_anywhere(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    no_compiler = {
        **os.environ,
        "PATH": str(bin_dir),  # no gcc, cc or anything else a build would look for
        "CC": "false",
        "CXX": "false",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    installed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--only-binary", ":all:"]
        + [str(wheel)],
        env=no_compiler,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    played = subprocess.run(
        [str(bin_dir / "hep"), "play", "relaxation", "--plain", "--speed", "60"],
        input=ANSWERS,
        cwd=outside,
        env={**no_compiler, "HEP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert played.returncode == 0, played.stdout[-2000:] + played.stderr[-2000:]
    assert "Relaxation and breathing" in played.stdout
    assert "Traceback" not in played.stderr
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import player; print(player.__file__)"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout, "the installed copy played, not the checkout"
