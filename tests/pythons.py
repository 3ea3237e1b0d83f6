"""The CPython versions hep supports, each in its own `.venv-X.Y` made by `make pythons`.

All of them are on the machines this project is built on (and on CI), so a missing one fails
the tests that use it. A machine that truly lacks one lists it in HEP_SKIP_PYTHONS (e.g.
`HEP_SKIP_PYTHONS=3.13`, several separated by commas or spaces) to skip those tests instead.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VERSIONS = ("3.11", "3.12", "3.13")
SKIP_ENV = "HEP_SKIP_PYTHONS"


def venv_python(version: str) -> Path:
    """The interpreter of `.venv-X.Y`, checked to be that version; skips or fails the test.

    Args:
        version: "3.11", "3.12" or "3.13".

    Returns:
        The path of its `bin/python`.
    """
    if version in os.environ.get(SKIP_ENV, "").replace(",", " ").split():
        pytest.skip(f"{SKIP_ENV} lists {version}")
    python = REPO / f".venv-{version}" / "bin" / "python"
    if not python.exists():
        pytest.fail(
            f"no {python.parent.parent.name}: `make pythons` makes it from CPython {version} "
            f"(on a machine without that Python, set {SKIP_ENV}={version})"
        )
    found = subprocess.run(
        [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == version, f"{python} runs Python {found}"
    return python
