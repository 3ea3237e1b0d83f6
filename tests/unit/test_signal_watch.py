"""The app's signals: Python's handler hands each one to the event loop, the loop's taking it
stops the watchdog, and the handlers the app found are given back when it ends."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest

from player.platforms import hangup_signal
from player.tui.signals import SignalWatch

pytestmark = pytest.mark.skipif(hangup_signal() is None, reason="no POSIX signals here")


def test_a_signal_reaches_the_loop_and_the_handlers_are_given_back() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    got: list[int] = []

    def taken(signum: int) -> None:  # as the app's own does, on the loop
        got.append(signum)
        watch.heard()

    watch = SignalWatch(taken, grace=0.2)

    async def main() -> None:
        watch.take()
        assert signal.getsignal(signal.SIGTERM) not in (before[signal.SIGTERM], None)
        signal.raise_signal(signal.SIGTERM)
        await asyncio.sleep(0.05)
        watch.release()

    asyncio.run(main())
    time.sleep(0.4)  # past the grace: the watchdog, told the signal was heard, ends nothing
    assert got == [signal.SIGTERM]
    assert {s: signal.getsignal(s) for s in before} == before
