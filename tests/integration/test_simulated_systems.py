"""Windows and macOS, simulated on Linux: hep imports and plays without POSIX-only names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SUITES = [
    "tests/unit/test_resources.py",
    "tests/unit/test_journal_store.py",
    "tests/integration/test_journal_open_check.py",
    "tests/unit/test_platforms.py",
    "tests/integration/test_plain.py",
    "tests/integration/test_plain_record.py",
    "tests/integration/test_journal_delete.py",
]
"""The plain player and the journal (abandoned sessions, delete, restore checks)."""

IMPORT_ALL = """
import os, pkgutil, signal, importlib, sys
for module, name in ((signal, "SIGHUP"), (os, "fchmod"), (os, "geteuid")):
    delattr(module, name)
import player
failed = []
for info in pkgutil.walk_packages(player.__path__, "player."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed.append(f"{info.name}: {type(error).__name__}: {error}")
print(len(failed), "\\n".join(failed))
"""


def test_every_module_imports_without_posix_only_names() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1)[0] == "0", done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_player_and_journal_suites_pass_as_another_system(platform: str) -> None:
    missing = [suite for suite in SUITES if not (ROOT / suite).exists()]
    assert not missing, f"moved? {missing}"
    env = {**os.environ, "HEP_SIMULATE_PLATFORM": platform}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.simulated_platform", "-m", "not slow"]
        + ["-p", "no:cacheprovider", "-rN", "--no-header", "-o", "addopts=", *SUITES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary, summary
