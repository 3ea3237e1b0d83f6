"""A program followed over simulated weeks: sessions and mornings written straight into a
journal with chosen program days, and what the program decides after each."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from player.journal.store.store import Journal
from player.program.decide import Decision
from player.program.loader import LoadedProgram, resolve_program
from player.program.today import (
    Played,
    ProgramDay,
    on_day,
    record_morning,
    record_session,
    start_program,
)
from player.session.kept import SessionEnd, SessionStart

MONDAY = date(2024, 6, 3)
"""A Monday to start simulations on."""


class Sim:
    """Drive one program through days with injected dates."""

    def __init__(
        self,
        journal: Journal,
        program: str | Path = "back-to-running",
        start: date = MONDAY,
        phase: int = 0,
    ) -> None:
        """Start `program` (a name or a file) on `start`."""
        self.journal = journal
        self.loaded: LoadedProgram = resolve_program(str(program))
        start_program(journal, self.loaded, start, phase)
        self.decisions: list[Decision] = []

    def on(self, day: date) -> ProgramDay:
        """The program as of `day`."""
        found = on_day(self.journal, day)
        assert found is not None
        return found

    def play(
        self,
        day: date,
        reference: str,
        *,
        outcome: str = "completed",
        highest: int = 2,
        flags: tuple[str, ...] = (),
        nothing_done: bool = False,
        preview: bool = False,
    ) -> list[Decision]:
        """Write a session of a routine the program names, played for `day`, and count it.

        Args:
            day: The program day.
            reference: The routine as the program names it.
            outcome: How it ended.
            highest: The highest pain in it.
            flags: Flags given with its last pain answer (`spreading`, `numbness`).
            nothing_done: Every exercise skipped.
            preview: Played faster (as `hep play --today --speed 60`).
        """
        played = self.write(
            reference,
            outcome=outcome,
            highest=highest,
            flags=flags,
            nothing_done=nothing_done,
            preview=preview,
        )
        _, made = record_session(self.journal, played, day, chosen=True)
        self.decisions += made
        return made

    def write(
        self,
        reference: str,
        *,
        outcome: str = "completed",
        highest: int = 2,
        flags: tuple[str, ...] = (),
        nothing_done: bool = False,
        preview: bool = False,
        started_at: str | None = None,
    ) -> Played:
        """Write a session of a routine the program names as a face writes it (from this
        process), not yet counted by the program (arguments as `play`; `started_at`: when it
        started, default now)."""
        loaded = self.loaded.routine(reference)
        plan = (
            [{"index": 0, "exercise": "First", "kind": "timed", "sets": 1}] if nothing_done else []
        )
        session = self.journal.start_session(
            SessionStart(
                routine_name=loaded.routine.name,
                routine_path=str(loaded.path),
                routine_hash=loaded.source_hash,
                preview=preview,
                speed=60.0 if preview else 1.0,
                planned_seconds=loaded.routine.planned_seconds(),
                plan=plan,
                started_at=started_at,
            ),
        )
        if nothing_done:
            self.journal.record(session, "skip", 1.0, {"exercise_index": 0, "exercise": "First"})
        when = "final" if outcome == "completed" else "stop"
        data = {"pain": highest, "flags": list(flags), "when": when}
        self.journal.record(session, "checkin", 2.0, data)
        self.journal.finish(
            session, SessionEnd(outcome=outcome, reason=None, baseline=1, highest=highest, final=1)
        )
        return Played(session, loaded.path, loaded.routine.name, outcome, highest, preview)

    def morning(self, day: date, pain: int | None, stiffness: str | None = None) -> list[Decision]:
        """Write the morning check of `day`."""
        _, made = record_morning(self.journal, day, pain, stiffness)
        self.decisions += made
        return made

    def play_due(self, day: date, *, highest: int = 2) -> list[str]:
        """Play everything due on `day`; returns the routines played."""
        played = []
        for item in self.on(day).due:
            if item.due:
                self.play(day, item.entry.routine, highest=highest)
                played.append(item.entry.routine)
        return played

    def follow(self, first: date, days: int, *, pain: int = 2, highest: int = 2) -> None:
        """Each day: the morning check (pain `pain`), then everything due."""
        for n in range(days):
            day = first + timedelta(days=n)
            self.morning(day, pain)
            self.play_due(day, highest=highest)
