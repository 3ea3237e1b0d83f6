"""A snapshot of the journal screen at 100x30 (fixed sessions, UTC); asserts live elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from player.tui.app import make_app
from tests.ui.test_journal_screen import PLAYED, fill

SIZE = (100, 30)
Snap = Callable[..., bool]


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the dates shown do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def journal_open(pilot: Pilot[Any]) -> None:
    await pilot.press("j")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_journal(snap_compare: Snap, isolated_data_dir: Path, utc: None) -> None:
    fill(isolated_data_dir, PLAYED)
    app = make_app(entries=lambda: [])
    assert snap_compare(app, terminal_size=SIZE, run_before=journal_open)
