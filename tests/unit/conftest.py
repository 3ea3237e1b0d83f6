"""Fixtures the unit tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from player.journal import Journal


@pytest.fixture
def journal() -> Iterator[Journal]:
    """A journal in memory, closed after the test."""
    with Journal.open() as opened:
        yield opened
