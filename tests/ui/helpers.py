"""Shared pieces for the UI tests: a fake clock, small routines, and driving the playing screen."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static

from player.conductor.dependencies import Dependencies
from player.routine.discovery import resolve_routine
from player.routine.loader import LoadedRoutine, load_routine
from player.tui.app import HepApp, make_app
from player.tui.screens.playing import PlayingScreen
from tests.doubles import RecordingSoundPlayer

SHORT = """\
name: Short
description: Two quick timed exercises for tests.
defaults: {get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: none}
safety: {screen: never}
exercises:
  - name: Calf roll
    duration: 5s
    cues: [Slow rolls]
  - name: Breathe
    breathing: {inhale: 2s, exhale: 2s, cycles: 1}
"""


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def wall(self) -> datetime:
        """The wall time that goes with this clock (for the session's record)."""
        return datetime(2025, 3, 3, 7, 30, tzinfo=UTC) + timedelta(seconds=self.now - 1000.0)


def write_routine(folder: Path, text: str, name: str = "r.yaml") -> LoadedRoutine:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_routine(path)


DEPENDENCIES = set(Dependencies._fields)
"""The keywords of `build` that go to the session's dependencies (the rest go to the app)."""


def build(
    routine: LoadedRoutine | str | None, clock: FakeClock, **kwargs: object
) -> tuple[HepApp, RecordingSoundPlayer]:
    loaded = resolve_routine(routine) if isinstance(routine, str) else routine
    sound = RecordingSoundPlayer()
    kwargs.setdefault("wall", clock.wall)
    deps = {k: kwargs.pop(k) for k in DEPENDENCIES if k in kwargs}
    app = make_app(loaded, Dependencies(sound=sound, **deps), clock=clock, **kwargs)  # type: ignore[arg-type]
    return app, sound


def playing(app: App[object]) -> PlayingScreen:
    return next(s for s in app.screen_stack if isinstance(s, PlayingScreen))


async def run_for(pilot: Pilot[object], clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the fake clock, one tick a second, as the timer would."""
    screen = playing(pilot.app)
    whole = int(seconds)
    for _ in range(whole):
        clock.advance(1.0)
        screen.tick()
        await pilot.pause()
    if seconds - whole:
        clock.advance(seconds - whole)
        screen.tick()
    await pilot.pause()


def burst(app: App[object], *keys: str | events.Paste) -> None:
    """Send keys (and pastes) as a terminal does when they come in one burst: all queued at
    once, none handled before the next arrives (`pilot.press` lets each one settle first)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        if isinstance(key, events.Paste):
            event: events.Event = key
        else:
            name = {
                " ": "space",
                ",": "comma",
                ".": "full_stop",
                "-": "minus",
                "?": "question_mark",
            }.get(key, key)
            event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)


BURST_WAIT_SECONDS = 20.0
"""The longest `after_burst` waits: a note's 60 keys take about a second, several on a loaded
machine (a bound of 400 short pauses ran out there, and the test went on mid-burst)."""


async def after_burst(pilot: Pilot[object]) -> None:
    """Let the app hand on every key of a burst, one after the other, as it takes them."""
    deadline = time.monotonic() + BURST_WAIT_SECONDS
    while getattr(pilot.app, "keys_waiting", False) and time.monotonic() < deadline:
        await pilot.pause(0.005)
    await pilot.pause()


async def ended(pilot: Pilot[object]) -> None:
    """Let the app end what the last key began: closing a screen hands on to the one under it
    in a callback of that screen's, which `pilot.pause` does not wait for (the test would
    leave the app, and shut it down, before it had said how it ended)."""
    deadline = time.monotonic() + BURST_WAIT_SECONDS
    while pilot.app.return_value is None and time.monotonic() < deadline:
        await pilot.pause(0.005)


def plain(widget: Static) -> str:
    """A Static's content as plain text (rich tables rendered at 100 columns)."""
    content = widget.content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def text_of(app: App[object], selector: str) -> str:
    return plain(app.screen.query_one(selector, Static))


def screen_text(app: App[object]) -> str:
    return "\n".join(plain(w) for w in app.screen.query(Static))


class Host(App[None]):
    """Pushes one dialog and keeps its answer."""

    def __init__(self, dialog: ModalScreen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


async def answer(dialog: ModalScreen[Any], *keys: str) -> list[Any]:
    """The answers `dialog` gives to `keys` pressed one by one."""
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app.answers
