"""The sound modules in a fresh interpreter: the worker imports little, and the bell writes BEL
to standard output when no face rings it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_bell_mode_without_a_face_bell_writes_bel_to_stdout() -> None:
    code = (
        "from player.sound.players import make_sound_player\n"
        "p = make_sound_player('bell'); p.cue('go'); p.cue('count'); p.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert done.stdout == b"\a\a"
    assert done.stderr == b""


@pytest.mark.parametrize("module", ["player.sound", "player.sound.worker"])
def test_the_sound_worker_imports_little(module: str) -> None:
    heavy = ("textual", "rich", "simpleaudio", "pydantic", "yaml", "platformdirs", "subprocess")
    code = f"import sys, {module}\nprint(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
