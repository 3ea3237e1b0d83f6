"""What a program's decisions stand on: its sessions and the mornings, as plain facts with dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from player import localday
from player.localday import ONE_DAY
from player.session.outcomes import COUNTED, STOPPED, counts_as_session

NERVE_FLAGS = ("spreading", "numbness")
"""Pain answers that point to a nerve (pain spreading down a leg, new numbness): a session
stopped with one of them holds the program until the therapist has been asked."""


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
    preview: bool = False
    """Played faster than real time: it shows the day as done but is no evidence."""
    speed: float = 1.0
    """How many times faster than real time it was played (a preview's speed)."""
    nothing_done: bool = False
    """Every exercise was skipped: it never counts."""
    flags: tuple[str, ...] = ()
    """The flags given with its pain answers (`sharp`, `spreading`, `numbness`)."""
    started: datetime | None = None
    """When it started (None: not known, as if before any morning check of its day)."""
    ended: datetime | None = None
    """When it ended (None: not known, or still running)."""

    @property
    def completed(self) -> bool:
        """Whether it was played to the end."""
        return self.outcome == "completed"

    @property
    def stopped(self) -> bool:
        """Whether the pain rules (or a red flag) stopped it."""
        return self.outcome in STOPPED

    @property
    def real(self) -> bool:
        """Whether it counts as a session done: played to the end at real speed, with some of
        its exercises done."""
        return self.completed and not self.preview and not self.nothing_done

    @property
    def played(self) -> bool:
        """Whether it was a session at all for breaks: played to the end or stopped by the
        rules, at real speed, with some of its exercises done."""
        return self.counts()

    def counts(self, previews: bool = False) -> bool:
        """Whether it counts as a session done (the journal's `counts_as_session`): played to
        the end or stopped by the rules, with some of its exercises done.

        Args:
            previews: Count a preview too (`hep journal stats --include-previews`).

        Returns:
            True when it counts.
        """
        worked = 0 if self.nothing_done else None  # None: some work, or the journal cannot tell
        return counts_as_session(self.outcome, worked) and (previews or not self.preview)

    @property
    def nerve(self) -> bool:
        """Whether it stopped at the red-flag questions or with pain spreading down a leg or
        new numbness (the program holds until the therapist has been asked)."""
        return self.stopped and (
            self.outcome == "stopped_red_flag" or any(f in NERVE_FLAGS for f in self.flags)
        )


@dataclass(frozen=True)
class MorningFact:
    """One next-morning check."""

    id: int
    day: date
    pain: int | None
    """0-10, or None when the question was skipped."""
    stiffness: str | None
    """`none`, `under30`, `over30`, or None when not asked or skipped."""
    noted: datetime | None = None
    """When it was noted (None: not known, as if before its day's sessions)."""


@dataclass(frozen=True)
class History:
    """A program's sessions and every morning check, oldest first."""

    sessions: tuple[SessionFact, ...] = ()
    mornings: tuple[MorningFact, ...] = ()
    _by_day: dict[date, MorningFact] = field(default_factory=dict, compare=False, repr=False)
    _sessions_by_day: dict[date, list[SessionFact]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _played: list[date] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Index the mornings (the latest answer for a day is the one that counts) and the
        sessions by day."""
        for morning in sorted(self.mornings, key=lambda m: (m.day, m.id)):
            self._by_day[morning.day] = morning
        for session in self.sessions:
            self._sessions_by_day.setdefault(session.day, []).append(session)
        days = self._sessions_by_day
        self._played.extend(sorted(d for d in days if any(s.played for s in days[d])))

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

    def played_on(self, day: date) -> bool:
        """Whether a session that asks for the next morning's check was played for `day`
        (played to the end or stopped by the rules, previews included)."""
        return any(s.outcome in COUNTED for s in self.sessions_on(day))

    def morning_due(self, day: date) -> bool:
        """Whether the morning check of `day` is asked: the day before had a session."""
        return self.played_on(day - ONE_DAY)

    def played_from(self, day: date) -> datetime | None:
        """When the first session of `day` that fixes the day's plan started (played to the
        end or stopped by the rules, previews included), if any and known.

        A session of the day before that ended after `day`'s local midnight (begun late in the
        evening, or counted for its day in a zone behind this one) is one of the day's, as
        `hep today` tells a stop then ("stopped today"), from its end: a morning noted after it
        came without a night between, so it applies from the next day."""
        times = [s.started for s in self.sessions_on(day) if s.outcome in COUNTED and s.started]
        times += [
            s.ended
            for s in self.sessions_on(day - ONE_DAY)
            if s.outcome in COUNTED and s.ended is not None and localday.day_of(s.ended) == day
        ]
        return min(times) if times else None

    def late_morning(self, day: date) -> MorningFact | None:
        """The morning check of `day`, when it was noted after the day's first session: it
        is kept and judged, but the day's plan was fixed without it (it applies from the next
        day)."""
        morning = self._by_day.get(day)
        played = self.played_from(day)
        if morning is None or morning.noted is None or played is None:
            return None
        return morning if morning.noted > played else None

    def early_morning(self, day: date) -> MorningFact | None:
        """The morning check that counts for the start of `day`: the latest answer noted
        before the day's first session (or the latest answer, when none was noted after it)."""
        if self.late_morning(day) is None:
            return self._by_day.get(day)
        played = self.played_from(day)
        before = [
            m
            for m in self.mornings
            if m.day == day and (m.noted is None or played is None or m.noted <= played)
        ]
        return max(before, key=lambda m: m.id) if before else None

    def sessions_on(self, day: date) -> list[SessionFact]:
        """The sessions played for `day`."""
        return list(self._sessions_by_day.get(day, ()))

    def played_days(self) -> list[date]:
        """The days with a session that counts for breaks (`SessionFact.played`), in order."""
        return self._played

    def in_phase(self, start: date) -> list[SessionFact]:
        """The sessions from `start` on."""
        return [s for s in self.sessions if s.day >= start]
