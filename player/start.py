"""The `hep` command's first step, before anything is imported: Ctrl+C while Python is still
loading hep ends hep as Ctrl+C does later (status 130, no traceback), and so does a Ctrl+C while
hep ends, once the command has said all it had to."""

from __future__ import annotations


def main() -> None:
    """Load hep's command line and run it (the `hep` script and `python -m player`)."""
    try:
        try:
            from player.cli import main as run

            run()
        finally:
            _end_at_once_on_interrupt()
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # 128 + SIGINT, without importing `signal` for it


def _end_at_once_on_interrupt() -> None:
    """From here on hep only ends (Python closing its files and running its exit hooks): a
    Ctrl+C meanwhile ends it at once with status 130, with nothing more to say."""
    import os
    import signal
    import sys

    def end(signum: int, _frame: object) -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(128 + signum)

    signal.signal(signal.SIGINT, end)
