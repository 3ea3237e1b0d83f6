"""Snapshots of the main screens at 100x30 (fake clock, fixed data); asserts live elsewhere."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.ui.helpers import FakeClock, build, run_for

SIZE = (100, 30)
Snap = Callable[..., bool]


def core(clock: FakeClock) -> Any:
    app, _ = build("core-stabilization", clock, screened_today=True)
    return app


def answered(*keys: str, seconds: float = 0) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        if seconds:
            await run_for(pilot, pilot.app.screen_stack[-1].clock, seconds)  # type: ignore[attr-defined]

    return run_before


def test_picker(snap_compare: Snap) -> None:
    app, _ = build(None, FakeClock())
    assert snap_compare(app, terminal_size=SIZE)


def test_playing(snap_compare: Snap) -> None:
    clock = FakeClock()
    # Baseline 2, past the cat-camel (get ready, done, check-in 2), the 15 s rest, the 5 s get
    # ready, then 2.5 s into the second 5 s hold of the pelvic tilt (after a 3 s relax).
    keys = ("2", "enter", "s", "enter", "2", "enter")
    assert snap_compare(core(clock), terminal_size=SIZE, run_before=answered(*keys, seconds=30.5))


def test_checkin(snap_compare: Snap) -> None:
    keys = ("2", "enter", "s", "enter", "3", "s")
    assert snap_compare(core(FakeClock()), terminal_size=SIZE, run_before=answered(*keys))


def test_stopped(snap_compare: Snap) -> None:
    keys = ("2", "enter", "s", "enter", "7", "enter")
    assert snap_compare(core(FakeClock()), terminal_size=SIZE, run_before=answered(*keys))


def test_summary(snap_compare: Snap, tmp_path: Path) -> None:
    keys = ("2", "enter", "s", "enter", "7", "enter", "enter")
    assert snap_compare(core(FakeClock()), terminal_size=SIZE, run_before=answered(*keys))
