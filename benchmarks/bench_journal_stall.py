"""How long the app's event loop waits on the journal, with a 5,000-session journal in place.

A whole session of a routine with check-ins after every set and the daily red-flag questions
is played in the Textual app (headless, `--speed 30`, answers typed as the questions come up),
with the journal set up as `hep play` sets it up: opened on its thread, the first question's
reads queued, before the app's modules are imported. Every call the conductor makes to the
recorder from the event loop is timed; the figure is the longest. The baseline is the same
session with the journal written on the loop itself (`SessionRecorder` on the open journal,
as hep did before), in the same run.

Run as a script with a journal file and `background` or `loop`, it prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUTINE = """\
name: Stall check
description: Check-ins after every set, daily red-flag questions.
defaults: {get_ready: 2s, rest: 5s, rest_between_exercises: 5s, checkin: after_set}
safety: {screen: daily}
exercises:
  - {name: Calf roll, duration: 20s, sets: 3}
  - {name: Bird dog, reps: 3, hold: 5s, sides: [left, right]}
  - name: Box breathing
    breathing: {inhale: 4s, hold: 4s, exhale: 4s, hold_after: 4s, cycles: 3}
"""
CALLS = ("start", "record", "finish", "flush", "screened_today")


def _timed(recorder: Any, took: list[tuple[str, float]]) -> None:
    """Time each of the recorder's calls (made from the event loop) into `took`."""
    for name in CALLS:
        method = getattr(recorder, name, None)
        if method is None:
            continue

        def timed(*args: Any, _method: Callable[..., Any] = method, _name: str = name, **kw: Any):
            begin = time.perf_counter()
            try:
                return _method(*args, **kw)
            finally:
                took.append((_name, time.perf_counter() - begin))

        setattr(recorder, name, timed)


async def _play(app: Any) -> None:
    from player.tui.dialogs.checkin import CheckinDialog
    from player.tui.dialogs.questions import QuestionsDialog
    from player.tui.screens.summary import SummaryScreen

    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + 120
        while not isinstance(app.screen, SummaryScreen):
            if time.monotonic() > deadline:
                raise TimeoutError("the session never reached the summary")
            if isinstance(app.screen, QuestionsDialog):
                await pilot.press("n")
            elif isinstance(app.screen, CheckinDialog):
                await pilot.press("2", "enter")
            await pilot.pause(0.02)
        await pilot.press("enter")


def measure(journal: Path, mode: str) -> dict[str, Any]:
    """Play the session against `journal`, writing it on a thread (`background`) or on the
    event loop (`loop`).

    Args:
        journal: A journal file (it gets one more session).
        mode: `background` (hep's set-up) or `loop`.

    Returns:
        `{"longest", "calls", "by_call": {name: longest}, "events"}`.
    """
    ahead = None
    if mode == "background":
        # As `hep play` does: the journal starts opening, with the first question's reads
        # queued, before the app's modules are imported.
        from player.journal.record.background import BackgroundRecorder

        ahead = BackgroundRecorder(journal)
        ahead.read_ahead()
    from player.conductor.dependencies import Dependencies
    from player.conductor.resources import session_resources
    from player.journal import Journal, SessionRecorder
    from player.journal.record.screening import screened_today
    from player.routine.loader import load_routine
    from player.tui.app import make_app

    routine_file = journal.parent / "stall.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    routine = load_routine(routine_file)
    took: list[tuple[str, float]] = []
    if mode == "background":
        with session_resources(mute=True, journal_path=journal, journal=ahead) as res:
            _timed(res.recorder, took)
            screened = res.screened_today
            assert callable(screened)
            res_screened = screened

            def asked() -> bool:
                begin = time.perf_counter()
                try:
                    return res_screened()
                finally:
                    took.append(("screened_today", time.perf_counter() - begin))

            app = make_app(
                routine,
                Dependencies(sound=res.sound, recorder=res.recorder, screened_today=asked),
                speed=30,
            )
            asyncio.run(_play(app))
    else:
        with Journal.open(journal) as opened:
            recorder = SessionRecorder(opened)
            _timed(recorder, took)

            def asked_loop() -> bool:
                begin = time.perf_counter()
                try:
                    return screened_today(opened)
                finally:
                    took.append(("screened_today", time.perf_counter() - begin))

            app = make_app(
                routine, Dependencies(recorder=recorder, screened_today=asked_loop), speed=30
            )
            asyncio.run(_play(app))
    by_call: dict[str, float] = {}
    for name, seconds in took:
        by_call[name] = max(by_call.get(name, 0.0), seconds)
    with Journal.open(journal, check=False) as opened:
        events = opened.query(
            "SELECT COUNT(*) FROM events WHERE session_id = (SELECT MAX(id) FROM sessions)"
        )[0][0]
    return {
        "longest": max(seconds for _, seconds in took),
        "calls": len(took),
        "by_call": by_call,
        "events": events,
    }


def copy_journal(source: Path, folder: Path) -> Path:
    """A fresh copy of `source` in `folder` (each run writes its own).

    Args:
        source: The journal to copy.
        folder: Where the copy goes (made if needed).

    Returns:
        The copy's path.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "journal.sqlite3"
    shutil.copyfile(source, target)
    return target


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))
