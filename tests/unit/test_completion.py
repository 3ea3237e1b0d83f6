"""Shell completion names routines and programs; `hep --help` lists every exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import EXIT_STATUSES, cli
from player.cli.errors import BAD_INPUT
from player.cli.program import NOTHING_DUE
from player.session.outcomes import EXIT_STATUS


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


def test_help_lists_every_exit_status() -> None:
    shown = CliRunner().invoke(cli, ["--help"]).output
    assert "Exit status:" in shown and "_HEP_COMPLETE=bash_source hep" in shown
    for code in {*EXIT_STATUS.values(), BAD_INPUT, NOTHING_DUE, 1} - {130}:
        assert f"\n  {code}    " in EXIT_STATUSES, code
    assert "128+N" in EXIT_STATUSES and "130 Ctrl+C" in EXIT_STATUSES


def test_readme_lists_the_same_exit_statuses() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    body = EXIT_STATUSES.split("Exit status:\n", 1)[1].split("\n\n", 1)[0]
    assert body in readme
