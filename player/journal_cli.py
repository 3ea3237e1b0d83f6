"""`hep journal`: review past sessions (placeholder until the journal lands)."""

from __future__ import annotations

import click


@click.group(invoke_without_command=True)
def journal() -> None:
    """Review past sessions."""
