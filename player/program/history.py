"""What a program's decisions stand on: its sessions and the mornings, as plain facts with dates."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from player.session.outcomes import STOPPED, counts_as_session

SESSIONS_FOR_PAIN = 3
"""The pain rule for advancing looks at the phase's last this many sessions (pain-monitoring
model: the response over the last few sessions, not one good day)."""


@dataclass(frozen=True)
class SessionFact:
    """A session that counted for a program day."""

    session_id: int
    day: date
    """The program day it was played for."""
    routine: str
    """The routine as the program names it."""
    routine_name: str
    """The routine's title."""
    outcome: str
    highest: int | None
    """The highest pain reported in it (0-10), the pain before it included."""
    worked: int | None = None
    """Exercises with some work done in it (None: the journal cannot tell)."""

    @property
    def counts(self) -> bool:
        """Whether it counts as a session played (`counts_as_session`): never one with nothing
        done."""
        return counts_as_session(self.outcome, self.worked)

    @property
    def completed(self) -> bool:
        """Whether it was played to the end."""
        return self.outcome == "completed"

    @property
    def stopped(self) -> bool:
        """Whether the pain rules (or a red flag) stopped it."""
        return self.outcome in STOPPED


@dataclass(frozen=True)
class MorningFact:
    """One next-morning check."""

    id: int
    day: date
    pain: int | None
    """0-10, or None when the question was skipped."""
    stiffness: str | None
    """`none`, `under30`, `over30`, or None when not asked or skipped."""


@dataclass(frozen=True)
class History:
    """A program's sessions and every morning check, oldest first."""

    sessions: tuple[SessionFact, ...] = ()
    mornings: tuple[MorningFact, ...] = ()
    _by_day: dict[date, MorningFact] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Index the mornings: the latest answer for a day is the one that counts."""
        for morning in sorted(self.mornings, key=lambda m: (m.day, m.id)):
            self._by_day[morning.day] = morning

    def until(self, day: date) -> History:
        """The facts of `day` and before."""
        return History(
            tuple(s for s in self.sessions if s.day <= day),
            tuple(m for m in self.mornings if m.day <= day),
        )

    def daily_mornings(self) -> list[MorningFact]:
        """One morning a day (the latest answer for it), oldest first."""
        return [self._by_day[day] for day in sorted(self._by_day)]

    def morning_on(self, day: date) -> MorningFact | None:
        """The morning check that counts for `day`, if any (skipped ones included)."""
        return self._by_day.get(day)

    def usual(self, day: date, count: int) -> float | None:
        """Your usual morning pain before `day`: the median of the last `count` answered
        mornings before it, or None when there are none yet."""
        earlier = [m.pain for m in self.daily_mornings() if m.day < day and m.pain is not None]
        return statistics.median(earlier[-count:]) if earlier else None

    def sessions_on(self, day: date) -> list[SessionFact]:
        """The sessions played for `day`."""
        return [s for s in self.sessions if s.day == day]

    def in_phase(self, start: date) -> list[SessionFact]:
        """The sessions from `start` on."""
        return [s for s in self.sessions if s.day >= start]
