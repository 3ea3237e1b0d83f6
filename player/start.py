"""The `hep` command's first step, before anything is imported: Ctrl+C while Python is still
loading hep ends hep as Ctrl+C does later (status 130, no traceback)."""

from __future__ import annotations

import signal


def main() -> None:
    """Load hep's command line and run it (the `hep` script and `python -m player`)."""
    try:
        from player.cli import main as run

        run()
    except KeyboardInterrupt:
        raise SystemExit(128 + signal.SIGINT) from None
