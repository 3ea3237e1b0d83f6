"""hep as installed: the `python -m player` entry point, and a wheel that plays its routines and
sounds from anywhere, not only from a checkout (real subprocesses and a real pip build)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_hep_and_python_m_player_entry_points() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "player", "validate", "routines"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0 and out.stdout.count("ok ") == 3 and out.stderr == ""


@pytest.mark.slow
def test_wheel_ships_routines_and_sounds(tmp_path: Path) -> None:
    """A wheel built from the repo plays routines from anywhere, not only from a checkout."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("hep_player-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "player/_data/routines/core-stabilization.yaml" in names
    assert any(n.startswith("player/_data/sounds/") and n.endswith(".wav") for n in names)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-m", "player", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert out.returncode == 0 and "foam-roller" in out.stdout
    code = "import player.locations as l; print(l.builtin_routines_dir(), l.sounds_dir())"
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    assert str(tmp_path / "site" / "player" / "_data") in where
