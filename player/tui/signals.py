"""The app's interrupting signals, taken by Python's own handlers: a stuck event loop cannot
leave them unheard."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from player.platforms import hangup_signal, interrupt_reasons


class SignalWatch:
    """Hands each interrupting signal (SIGINT, SIGTERM, SIGHUP) to the app on its event loop,
    and ends hep if the loop does not take it in time.

    asyncio's own way (`loop.add_signal_handler`) hears a signal only when the loop runs, and
    the loop can be stuck: drawing waits for Textual's output thread, which waits on a terminal
    that no longer reads (a frozen terminal, a dropped ssh connection) or has died on its
    closing. A signal then went unheard and hep never ended, its session left running. Python's
    handler runs even then; if the loop has not taken the signal `grace` seconds later, hep
    ends at once, and the journal, written as the session went, finds the session unfinished
    at its next opening and keeps it as interrupted.
    """

    def __init__(self, on_signal: Callable[[int], None], grace: float) -> None:
        """Args:
        on_signal: Called on the event loop with the signal's number; it calls `heard`.
        grace: Seconds the loop has to take a signal before hep ends without it.
        """
        self._on_signal = on_signal
        self._grace = grace
        self._before: dict[int, Any] = {}
        self._heard = False

    def take(self) -> None:
        """Take the signals, from the running event loop (where the system has them: on
        Windows Ctrl+C is a key and nothing else comes)."""
        if hangup_signal() is None:
            return
        loop = asyncio.get_running_loop()

        def handler(signum: int, _frame: object) -> None:
            watchdog = threading.Timer(self._grace, self._end_if_unheard, (signum,))
            watchdog.daemon = True
            watchdog.start()
            with suppress(RuntimeError):  # the loop closed: the app has ended, hep is ending
                loop.call_soon_threadsafe(self._on_signal, signum)

        for signum in interrupt_reasons():
            self._before[signum] = signal.signal(signum, handler)

    def heard(self) -> None:
        """The loop took a signal: its own path ends hep, with its own bounds."""
        self._heard = True

    def release(self) -> None:
        """Give the signals back to the handlers they had before."""
        while self._before:
            signum, handler = self._before.popitem()
            signal.signal(signum, handler)

    def _end_if_unheard(self, signum: int) -> None:
        if not self._heard:
            os._exit(128 + signum)
