"""The light commands stay light: `hep --version` and the journal commands import neither
pydantic, YAML nor Textual (each run in a fresh interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _imported(args: list[str], tmp_path: Path) -> tuple[int, list[str]]:
    """Run `hep ARGS` in a fresh interpreter; the heavy packages it imported."""
    code = (
        "import sys\n"
        "from player.cli import main\n"
        f"sys.argv = ['hep', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'textual', 'yaml'})\n"
        "print(status, ','.join(heavy), file=sys.stderr)\n"
    )
    env = {**os.environ, "HEP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    status, _, heavy = done.stderr.splitlines()[-1].partition(" ")
    return int(status or 0), [name for name in heavy.split(",") if name]


@pytest.mark.parametrize(
    "args",
    [["--version"], ["journal"], ["journal", "stats"], ["journal", "show", "1"]],
    ids=" ".join,
)
def test_version_and_journal_import_neither_pydantic_nor_textual(
    args: list[str], tmp_path: Path
) -> None:
    _, heavy = _imported(args, tmp_path)
    assert heavy == []


def test_the_import_check_sees_a_command_that_needs_pydantic(tmp_path: Path) -> None:
    status, heavy = _imported(["list"], tmp_path)
    assert status == 0 and "pydantic" in heavy and "yaml" in heavy
