"""hep runs as `python -m player` as well as through its `hep` script (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
