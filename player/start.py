"""The `hep` command's first step, before anything is imported: Ctrl+C while Python is still
loading hep ends hep as Ctrl+C does later (status 130, no traceback)."""

from __future__ import annotations


def main() -> None:
    """Load hep's command line and run it (the `hep` script and `python -m player`)."""
    try:
        from player.cli import main as run

        run()
    except KeyboardInterrupt:
        import signal  # not before: its import (enum, collections) takes a Ctrl+C too

        raise SystemExit(128 + signal.SIGINT) from None
