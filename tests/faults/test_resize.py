"""The terminal resized to 40x12 and back, rapidly, during a session of the app."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from player.conductor.dependencies import Dependencies
from player.routine.loader import load_routine
from player.tui.app import make_app
from player.tui.screens.playing import PlayingScreen
from tests.doubles import RecordingSoundPlayer
from tests.faults.conftest import (
    Tmux,
    app_script,
    hep_env,
    pid_from,
    raw_sessions,
    seed_for,
    wait_gone,
    write_routine,
)

SIZES = [(40, 12), (100, 30)]


def test_rapid_resizes_under_the_pilot_keep_the_session_going(tmp_path: Path) -> None:
    asyncio.run(_rapid_resizes(tmp_path))


async def _rapid_resizes(tmp_path: Path) -> None:
    seed = seed_for("resize-pilot")
    rng = random.Random(seed)
    now = [1000.0]
    app = make_app(
        load_routine(write_routine(tmp_path)),
        Dependencies(sound=RecordingSoundPlayer()),
        clock=lambda: now[0],
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen)
        for i in range(60):
            width, height = SIZES[i % 2] if rng.random() < 0.7 else (rng.randint(20, 120), 8)
            await pilot.resize_terminal(width, height)
            now[0] += rng.uniform(0, 0.5)
            app.screen.tick()  # type: ignore[attr-defined]
            if rng.random() < 0.3:
                await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, PlayingScreen), f"seed {seed}"
        await pilot.press("space")
        await pilot.pause()
        assert app.conductor is not None and app.conductor.engine.view(0).paused, f"seed {seed}"


@pytest.mark.slow
def test_rapid_resizes_in_a_real_terminal(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    pidfile = tmp_path / "app.pid"
    slow = write_routine(tmp_path / "routines")
    tmux.start(app_script(slow, pidfile, "--speed", "2", "--mute"))
    pid = pid_from(pidfile)
    tmux.wait_for("How much pain do you feel right now?")
    tmux.keys("2")
    time.sleep(0.2)
    tmux.keys("Enter")
    tmux.wait_for("Calf roll")
    for i in range(40):
        width, height = SIZES[i % 2]
        tmux("resize-window", "-t", "hep", "-x", str(width), "-y", str(height))
        time.sleep(0.01)
    tmux("resize-window", "-t", "hep", "-x", "100", "-y", "30")
    tmux.keys("space")
    screen = tmux.wait_for("PAUSED", timeout=10)
    assert "Calf roll" in screen, screen
    tmux.keys("q")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    wait_gone(pid)
    assert "EXIT=4" in tmux.wait_for("END")
    (session,) = raw_sessions(tmp_path / "data" / "journal.sqlite3")
    assert session["outcome"] == "quit"
