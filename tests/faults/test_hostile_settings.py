"""A settings file nested thousands of levels deep: one line and exit status 2, no traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.faults.conftest import HEP, hep_env


@pytest.mark.parametrize(
    ("value", "column"),
    [("[" * 5000 + "]" * 5000, 8), ("{a = " * 3000 + "1" + "}" * 3000, 8)],
    ids=["arrays", "tables"],
)
@pytest.mark.parametrize("command", [["play", "relaxation", "--plain"], ["doctor"]])
def test_a_settings_file_nested_too_deep_is_one_line(
    tmp_path: Path, value: str, column: int, command: list[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'# shared\nface = "plain"\nlook = {value}\n', encoding="utf-8")
    env = hep_env(tmp_path) | {"HEP_CONFIG": str(config)}
    done = subprocess.run(
        [*HEP, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1].startswith(f"{config}:3:{column}: nested too deeply")
