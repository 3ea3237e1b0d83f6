"""A journal recorder that keeps a session in memory, for tests of the conductor and the faces."""

from __future__ import annotations

from typing import Any

from player.session.kept import SessionEnd, SessionStart
from player.session.ports import NullRecorder


class MemoryRecorder(NullRecorder):
    """Keeps what the conductor sends: the start, each event, the finish."""

    def __init__(self) -> None:
        self.started: SessionStart | None = None
        self.events: list[tuple[str, float, dict[str, Any]]] = []
        self.finished: SessionEnd | None = None

    def start(self, start: SessionStart) -> int | None:
        self.started = start
        return 1

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> int | None:
        self.events.append((kind, clock, data))
        return len(self.events)

    def finish(self, end: SessionEnd) -> bool:
        self.finished = end
        return True

    def kinds(self) -> list[str]:
        """The kinds of the events, in order."""
        return [kind for kind, _, _ in self.events]

    def data(self, kind: str) -> list[dict[str, Any]]:
        """The payloads of the events of one kind, in order."""
        return [data for k, _, data in self.events if k == kind]
