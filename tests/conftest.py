"""Shared fixtures: no test touches the real home directory. In CI, random tests are fixed."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from player.cli import declare_journal_parts
from tests.ci import MUTATION_EXAMPLES, in_ci, under_mutation

# Every journal a test opens keeps the program's tables, as under the `hep` command.
declare_journal_parts()

# In CI every hypothesis test draws the same examples each run (derandomize), keeps no example
# database between runs and has no deadline (a loaded machine is slow, not wrong); locally each
# run explores afresh.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
# Under mutation testing every mutant reruns the tests that reach it: a few fixed examples each.
settings.register_profile(
    "mutation",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=MUTATION_EXAMPLES,
)
if under_mutation():
    settings.load_profile("mutation")
elif in_ci():
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under mutation testing, run the quickest tests first: a mutant is caught at its first
    failing test, so the quick rule tests decide most mutants before the six-week scenarios run.
    The durations are mutmut's own, from its last full run."""
    stats = Path("mutmut-stats.json")
    if not under_mutation() or not stats.is_file():
        return
    took = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: took.get(item.nodeid, 0.0))


def pytest_configure(config: pytest.Config) -> None:
    """Routines loaded while tests are collected keep their compiled form in a folder of the
    run's own, never the user's cache (each test then gets a fresh one of its own)."""
    os.environ["HEP_CACHE_DIR"] = tempfile.mkdtemp(prefix="hep-test-cache-")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HEP_DATA_DIR, HEP_CACHE_DIR (and HOME, XDG dirs) at a temporary folder for every
    test."""
    data = tmp_path / "hep-data"
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HEP_DATA_DIR", str(data))
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "hep-cache"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    yield data
