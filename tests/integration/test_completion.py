"""Shell completion names routines and programs, asked of hep itself as a shell would ask it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def complete(words: str, data: Path) -> list[str]:
    env = {
        **os.environ,
        "_HEP_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        "HEP_DATA_DIR": str(data),
    }
    done = subprocess.run(
        [sys.executable, "-m", "player"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


@pytest.mark.slow
def test_routine_and_program_names_complete(isolated_data_dir: Path) -> None:
    (isolated_data_dir / "routines").mkdir(parents=True)
    (isolated_data_dir / "routines" / "my-knees.yaml").write_text("name: x\n")
    assert complete("hep play co", isolated_data_dir) == ["core-stabilization"]
    assert "my-knees" in complete("hep show ", isolated_data_dir)
    assert complete("hep program start back", isolated_data_dir) == ["back-to-running"]
