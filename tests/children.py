"""Starting hep as a child the way a shell at a terminal starts it."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any


def with_default_interrupt(then: Callable[[], Any] | None = None) -> Callable[[], Any]:
    """For the child before it starts (`preexec_fn`): Ctrl+C (SIGINT) does what it does at a
    terminal, even when the tests run in the background, where the shell hands every child
    SIGINT ignored (and Python then never turns it into KeyboardInterrupt); then `then`, if
    given."""

    def before_exec() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if then is not None:
            then()

    return before_exec
