"""scripts/make_sounds.py, run as a script, makes the cue files that are committed."""

from __future__ import annotations

import array
import subprocess
import sys
from pathlib import Path

import pytest

from player.cues import CUE_NAMES
from player.sound.clips import read_clip
from player.sound.cues import cue_path

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_make_sounds_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_sounds.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in CUE_NAMES:
        made = read_clip(tmp_path / f"{name}.wav")
        committed = read_clip(cue_path(name))
        assert (made.rate, len(made.pcm)) == (committed.rate, len(committed.pcm)), name
        # Allow one step of rounding: another libm may round a sine differently.
        pairs = zip(array.array("h", made.pcm), array.array("h", committed.pcm), strict=True)
        assert max(abs(a - b) for a, b in pairs) <= 1, name
