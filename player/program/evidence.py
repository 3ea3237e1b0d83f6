"""What moving on stands on, as of one day: fresh, sufficient evidence from the last days.

Over the evidence window (the last `evidence.days` days), enough real sessions (after any
break), none above the pain limit, none stopped, and the required good mornings on consecutive
days up to the day. A morning due and not answered breaks a run of good mornings; a day with
no morning due (no session the day before) neither counts nor breaks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from player.localday import ONE_DAY, day_text
from player.program.history import History, SessionFact
from player.program.models import Phase, Program
from player.program.mornings import Judged
from player.words import plural


@dataclass(frozen=True)
class Progress:
    """How far the current phase is towards moving on, as of one day."""

    phase: Phase
    day: int
    """The day of the phase, from 1."""
    sessions: int
    """Real sessions done in the phase so far."""
    window_days: int
    window_sessions: int
    """Real sessions in the window (after any break)."""
    window_needed: int
    good_mornings: int
    """Good mornings on consecutive days up to the day, in the phase and the window."""
    too_painful: SessionFact | None = None
    """The most painful session in the window above the phase's limit, if any."""
    stopped: SessionFact | None = None
    """The latest session in the window that the rules stopped, if any."""
    back_on: date | None = None
    """The first session day after a break, when the window reaches back before it."""
    away: int = 0
    """Days without a session up to the day, when that is a break (0: no break)."""

    @property
    def weeks_up(self) -> bool:
        """Whether the phase's weeks are over."""
        return self.day > self.phase.days

    def fresh(self) -> list[str]:
        """What the window still needs, in words (empty: the evidence is there)."""
        rule = self.phase.advance_when
        out = []
        window = f"the last {plural(self.window_days, 'day')}"
        if self.away:
            out.append(f"no session for {plural(self.away, 'day')}")
        elif self.window_sessions < self.window_needed:
            since = f" since you came back on {day_text(self.back_on)}" if self.back_on else ""
            needed = plural(self.window_needed, "session")
            out.append(f"{self.window_sessions} of {needed} in {window}{since}")
        if self.stopped is not None:
            out.append(
                f"a session stopped on {day_text(self.stopped.day)} (none may stop in {window})"
            )
        if self.too_painful is not None:
            out.append(
                f"pain reached {self.too_painful.highest}/10 on {day_text(self.too_painful.day)} "
                f"(at most {rule.max_pain} in {window})"
            )
        if self.good_mornings < rule.good_mornings:
            needed = plural(rule.good_mornings, "good morning")
            out.append(f"{self.good_mornings} of {needed} in a row")
        return out

    def missing(self) -> list[str]:
        """What moving on still needs, in words; empty when the rule holds."""
        rule = self.phase.advance_when
        out = []
        if not self.weeks_up:
            out.append(f"day {self.day} of {self.phase.days}")
        if self.sessions < rule.sessions:
            out.append(f"{self.sessions} of {plural(rule.sessions, 'session')} done in the phase")
        return out + self.fresh()

    def met(self) -> str:
        """The rule as it was met, in words."""
        rule = self.phase.advance_when
        return (
            f"{plural(self.sessions, 'session')} done ({rule.sessions} needed), "
            f"{self.window_sessions} in the last {plural(self.window_days, 'day')} with none "
            f"stopped or above {rule.max_pain}/10, "
            f"{plural(self.good_mornings, 'good morning')} in a row "
            f"({rule.good_mornings} needed)"
        )


def _break(program: Program, history: History, start: date, until: date) -> tuple[date | None, int]:
    """The first session day after the latest break up to `until` (None: no break), and the
    days without a session up to `until` when the person is away now (0: not away)."""
    gap = program.evidence.break_days
    days = [d for d in history.played_days() if d <= until]
    away = (until - (days[-1] if days else start - ONE_DAY)).days
    if away >= gap:
        return None, away
    back = None
    previous = start - ONE_DAY
    for day in days:
        if (day - previous).days - 1 >= gap:
            back = day
        previous = day
    return back, 0


def streak(
    program: Program,
    history: History,
    judged: dict[date, Judged],
    day: date,
    since: date,
) -> int:
    """Good mornings on consecutive days up to `day`, none before `since`.

    A worse morning, or a morning that was due (a session the day before) and not answered,
    ends the run; a day with no morning due is passed over.

    Args:
        program: The program.
        history: Its facts.
        judged: Every answered morning, judged.
        day: The last day of the run.
        since: The earliest day that may count.

    Returns:
        The number of good mornings.
    """
    count = 0
    current = day
    while current >= since:
        found = judged.get(current)
        if found is not None:
            if found.worse:
                break
            count += 1
        elif history.morning_due(current):
            break
        current -= ONE_DAY
    return count


def progress(
    program: Program,
    phase: int,
    phase_start: date,
    history: History,
    judged: dict[date, Judged],
    day: date,
    *,
    start: date,
    played_today: bool = False,
) -> Progress:
    """The phase's progress on `day`: sessions before it (and on it with `played_today`),
    mornings up to it.

    Args:
        program: The program.
        phase: The phase's index.
        phase_start: The day the phase began.
        history: The program's facts.
        judged: Every answered morning, judged.
        day: The day.
        start: The program's first day (a break can start there).
        played_today: Count the day's own sessions too (said after a session).

    Returns:
        The progress.
    """
    rule = program.phases[phase].advance_when
    last = day if played_today else day - ONE_DAY
    first = last - timedelta(days=program.evidence.days - 1)
    back, away = _break(program, history, start, last)
    sessions = [s for s in history.sessions if s.day <= last]
    in_phase = [s for s in sessions if s.day >= phase_start]
    window = [s for s in sessions if s.day >= first]
    fresh_from = max(first, back) if back is not None else first
    stops = [s for s in window if s.stopped]
    painful = [s for s in window if s.highest is not None and s.highest > rule.max_pain]
    latest_stop = max((s.day for s in sessions if s.stopped), default=None)
    mornings_from = day - timedelta(days=program.evidence.days - 1)
    after_stop = latest_stop + ONE_DAY if latest_stop else phase_start
    since = max(phase_start, mornings_from, after_stop)
    return Progress(
        phase=program.phases[phase],
        day=(day - phase_start).days + 1,
        sessions=sum(1 for s in in_phase if s.real),
        window_days=program.evidence.days,
        window_sessions=sum(1 for s in window if s.real and s.day >= fresh_from),
        window_needed=program.evidence.sessions,
        good_mornings=streak(program, history, judged, day, since),
        too_painful=max(painful, key=lambda s: s.highest or 0) if painful else None,
        stopped=stops[-1] if stops else None,
        back_on=back if back is not None and back > first else None,
        away=away if not played_today else 0,
    )
