"""The pain-monitoring rule over weeks, replayed day by day from the history: advance, stay,
hold or step back, always with the reason in words. A pure function of the program, its first
day and phase, the sessions and the mornings: it never reads the clock or the journal.

Each day is decided once, at its start (the morning check, or the first command of the day):
the day's plan follows from the days before and the day's own morning. A session never changes
the plan of its day; what it shows is decided at the start of the next. A morning noted after
the day's first session is kept and judged (it counts for streaks and the usual) but applies
from the next day: the day's plan is what was known when its first session started."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from player.localday import ONE_DAY
from player.program.evidence import Progress, progress
from player.program.history import History, MorningFact, SessionFact
from player.program.models import Dose, Program
from player.program.mornings import Judged, judge_all
from player.program.session_words import session_words, stop_words
from player.program.standing import THERAPIST as THERAPIST
from player.program.standing import Hold as Hold
from player.program.standing import Standing as Standing
from player.program.standing import hold_lasts_words, lighter_words
from player.words import plural

Action = Literal[
    "start",
    "stay",
    "advance",
    "hold",
    "resume",
    "step_back",
    "complete",
    "stop",
    "notice",
    "revise",
]
"""What a decision did. `hold` keeps the phase at the lighter dose, `resume` ends a hold,
`complete` says the last phase is done, `notice` tells something without changing anything,
`revise` says the decisions from a day on were made again (a morning noted again)."""
STIFF_MORNINGS = 4
"""Stiffness over 30 minutes on at least this many of the last 7 mornings counts as "most
mornings" (NICE NG65's inflammatory back pain pattern; docs/clinical-basis.md)."""
STIFF_OF = 7
STIFFNESS_NOTICE = (
    "Your morning stiffness lasted over 30 minutes on {n} of your last {of} mornings. In back "
    "pain that began before the age of 45 and has lasted over 3 months, long morning stiffness "
    "is a pattern worth showing a clinician once; hep cannot judge it for you "
    "(docs/clinical-basis.md). The program goes on as before."
)
LATE = "noted after today's session: applies from tomorrow"
"""Said of a morning noted after its day's first session (the day's plan was fixed by then)."""


@dataclass(frozen=True)
class Decision:
    """One decision: what the program did on a day, why, and where it stands afterwards."""

    day: date
    action: Action
    reason: str
    standing: Standing
    session_id: int | None = None
    """The session it followed, if any."""
    morning_id: int | None = None
    """The morning check it followed, if any."""


def dose_for(
    program: Program, standing: Standing, reference: str, phase: int | None = None
) -> Dose | None:
    """The dose of a routine in a phase (default: the current one), the lighter dose added
    while holding.

    Args:
        program: The program.
        standing: Where it stands.
        reference: The routine as the program names it.
        phase: The phase whose prescription to use (a cap after a step back).

    Returns:
        The change to the routine's dose, or None when the phase does not prescribe it.
    """
    index = standing.phase if phase is None else phase
    for entry in program.phases[index].routines:
        if entry.routine == reference:
            return entry.dose.plus(program.lighter) if standing.holding else entry.dose
    return None


def start(program: Program, day: date, phase: int = 0) -> Decision:
    """The first decision: the program starts on `day` at `phase`."""
    name = program.phases[phase].name
    return Decision(day, "start", f"Started at phase {name}.", Standing(phase, day))


class _Replay:
    """One walk through the days from the program's start."""

    def __init__(self, program: Program, first: date, phase: int, history: History) -> None:
        self.program = program
        self.first = first
        self.history = history
        self.everything: dict[date, Judged] = judge_all(program, history)
        self.judged = self.everything
        """The judgements in force: while a day with a late morning is played, that morning is
        left out (the day is judged on what was known when its first session started)."""
        self.carried: MorningFact | None = None
        """Yesterday's late morning, to apply at the start of today."""
        self.standing = Standing(phase, first)
        self.out: list[Decision] = [start(program, first, phase)]
        self.told_stiffness = False

    # --- helpers ------------------------------------------------------------------------------

    def name(self, standing: Standing | None = None) -> str:
        return self.program.phases[(standing or self.standing).phase].name

    def progress(self, day: date, standing: Standing, *, played_today: bool = False) -> Progress:
        return progress(
            self.program,
            standing.phase,
            standing.phase_start,
            self.history,
            self.judged,
            day,
            start=self.first,
            played_today=played_today,
        )

    def emit(self, day: date, action: Action, reason: str, standing: Standing, **ids: int) -> None:
        self.standing = standing
        self.out.append(Decision(day, action, reason, standing, **ids))

    def held(self, standing: Standing, kind: Hold, day: date) -> Standing:
        """`standing` at the lighter dose for `kind` (a stronger hold already there stays)."""
        order: tuple[Hold, ...] = ("morning", "stop", "break", "nerve")
        if standing.holding and standing.hold is not None:
            if order.index(standing.hold) >= order.index(kind):
                return standing
        return replace(standing, holding=True, hold=kind, hold_since=day)

    def advance(self, day: date, met: str, lead: str) -> tuple[Action, str, Standing]:
        s = self.standing
        if s.phase + 1 < len(self.program.phases):
            after = Standing(s.phase + 1, day)
            to = self.program.phases[after.phase].name
            return "advance", f"{lead}{met}: moving on to phase {to}.", after
        done = replace(s, complete=True, holding=False, hold=None, caps=())
        reason = (
            f"{lead}{met}: program complete. Keep on with phase {self.name()} and ask your "
            "therapist what comes next."
        )
        return "complete", reason, done

    # --- a day --------------------------------------------------------------------------------

    def day(self, day: date) -> None:
        """Decide the start of `day`, then note each of its sessions, then a morning noted
        after the first of them (it applies from the next day)."""
        late = self.history.late_morning(day)
        if late is not None:
            self.judged = dict(self.everything)
            self.judged.pop(day, None)  # a skipped morning has no judgement
            early = self.history.early_morning(day)
            if early is not None:
                without = History(
                    self.history.sessions,
                    tuple(m for m in self.history.mornings if m.day != day or m.id == early.id),
                )
                found = judge_all(self.program, without).get(day)
                if found is not None:
                    self.judged[day] = found
        if day > self.first:
            self.day_start(day)
        elif (morning := self.history.early_morning(day)) is not None:
            self.morning(day, morning, self.standing, [])
        for session in self.history.sessions_on(day):
            self.session(day, session)
        self.judged = self.everything
        if late is not None:
            self.late(day, late)

    def late(self, day: date, morning: MorningFact) -> None:
        """A morning noted after its day's first session: judged and said now, applied at the
        start of the next day."""
        self.carried = morning if morning.pain is not None else None
        if morning.pain is None:
            return
        judged = self.judged[day]
        how = judged.why if judged.usual is not None else "your first morning check"
        reason = f"Morning pain {morning.pain}/10, {how}, {LATE}."
        self.out.append(Decision(day, "stay", reason, self.standing, morning_id=morning.id))

    def apply_carried(self, day: date) -> None:
        """At the start of `day`, what yesterday's late morning does: a worse one holds (or
        steps back), a good one ends a hold for a worse morning or a stop."""
        morning, self.carried = self.carried, None
        if morning is None:
            return
        judged = self.judged[morning.day]
        s = self.standing
        if judged.worse:
            self.morning(day, morning, s, [], carried=True)
        elif s.holding and s.hold in ("morning", "stop"):
            self.morning(day, morning, s, [], carried=True)
        else:
            self.standing = replace(s, worse_in_row=0)

    def day_start(self, day: date) -> None:
        self.apply_carried(day)
        s = self.standing
        leads: list[str] = []
        yesterday = self.history.sessions_on(day - ONE_DAY)
        stops = [x for x in yesterday if x.stopped]
        if stops:
            stop = max(stops, key=lambda x: (x.nerve, x.highest or 0, x.routine, x.session_id))
            kind: Hold | None = "nerve" if any(x.nerve for x in stops) else None
            if kind is None and self.program.on_stopped_session == "hold":
                kind = "stop"
            if kind is not None:
                s = self.held(s, kind, day)
            leads.append(f"yesterday's {stop.routine_name} was stopped{stop_words(stop)}")
        if s.holding and s.hold in ("morning", "stop") and s.hold_since is not None:
            if self.program.hold_lasts == "today" and s.hold_since < day and not stops:
                s = replace(s, holding=False, hold=None, hold_since=None, caps=())
                leads.append("the lighter day is over")
        now = self.progress(day, s)
        if now.away and not (s.holding and s.hold in ("break", "nerve")) and not s.complete:
            s = self.held(s, "break", day)
            leads.append(f"no session for {plural(now.away, 'day')}")
        morning = self.history.early_morning(day)
        if morning is not None and morning.pain is not None:
            self.morning(day, morning, s, leads)
            return
        if morning is not None:  # skipped: nothing to judge; the stiffness notice is not due
            pass
        if s != self.standing:
            self.changed(day, s, leads)
            return
        self.maybe_move(day, s, None, "")

    def changed(self, day: date, s: Standing, leads: list[str]) -> None:
        """A change at the start of a day with no morning answered."""
        lead = _cap("; ".join(leads)) if leads else ""
        name = self.name(s)
        if s.holding and (not self.standing.holding or s.hold != self.standing.hold):
            extra = f" {THERAPIST}" if s.hold == "nerve" else ""
            reason = (
                f"{lead}: holding phase {name} at {lighter_words(self.program)} "
                f"{hold_lasts_words(self.program, s.hold)}.{extra}"
            )
            self.emit(day, "hold", reason, s)
            return
        if not s.holding and self.standing.holding:
            self.emit(day, "resume", f"{lead}: phase {name} at its full dose again.", s)
            return
        self.standing = s
        self.maybe_move(day, s, None, "")

    def maybe_move(self, day: date, s: Standing, morning: MorningFact | None, lead: str) -> None:
        """Advance when the rule holds; say so on the day a phase's weeks run out when not."""
        ids = {"morning_id": morning.id} if morning is not None else {}
        if s.complete:
            if morning is not None:
                where = f"phase {self.name(s)}, the last one: the program is complete"
                self.emit(day, "stay", f"{lead} {where[0].upper()}{where[1:]}.", s, **ids)
            return
        now = self.progress(day, s)
        phase = self.program.phases[s.phase]
        end_day = (day - s.phase_start).days == phase.days
        weeks = plural(phase.weeks, "week")
        up = f"Phase {self.name(s)}'s {weeks} {'is' if phase.weeks == 1 else 'are'} up, "
        prefix = f"{lead} " if lead else (up if end_day else "")
        if s.holding:
            if morning is not None or end_day:
                why = hold_lasts_words(self.program, s.hold)
                extra = f" {THERAPIST}" if s.hold == "nerve" else ""
                text = (
                    f"{prefix}{'but ' if end_day and not lead else ''}still holding phase "
                    f"{self.name(s)} at {lighter_words(self.program)} {why}.{extra}"
                )
                self.emit(day, "stay", _cap(text), s, **ids)
            return
        missing = now.missing()
        if not missing:
            action, reason, after = self.advance(day, now.met(), prefix)
            self.emit(day, action, _cap(reason), after, **ids)
            return
        if morning is not None:
            reason = f"{lead} Staying in phase {self.name(s)} ({'; '.join(missing)})."
            self.emit(day, "stay", reason, s, **ids)
        elif end_day:
            reason = f"{up}but not yet: {'; '.join(missing)}. Staying in phase {self.name(s)}."
            self.emit(day, "stay", reason, s)

    def morning(
        self,
        day: date,
        morning: MorningFact,
        s: Standing,
        leads: list[str],
        *,
        carried: bool = False,
    ) -> None:
        """Decide on an answered morning (the start of its day; with `carried`, yesterday's
        morning noted after yesterday's session, applied at the start of `day`)."""
        if not carried:
            self.notice(day, morning, s)
        if morning.pain is None:
            return
        judged = self.judged[morning.day]
        pain = f"Morning pain {morning.pain}/10"
        if carried:
            pain = f"Yesterday's morning pain {morning.pain}/10 (noted after yesterday's session)"
        after = f" ({'; '.join(leads)})" if leads else ""
        ids = {"morning_id": morning.id}
        name = self.name(s)
        if judged.worse:
            before = self.judged.get(morning.day - ONE_DAY)
            in_row = s.worse_in_row + 1 if before is not None and before.worse else 1
            lead = f"{pain}, {judged.why}{after}"
            run = self.worse_run(morning.day)
            if run == 2:
                lead += ", the second worse morning in a row"
            elif run > 2:
                lead += f", {run} worse mornings in a row"
            step_back = self.program.on_worse_morning == "step_back" or in_row >= 2
            if step_back and s.phase > 0:
                back = Standing(
                    s.phase - 1,
                    day,
                    holding=True,
                    hold=s.hold if s.hold in ("break", "nerve") else "morning",
                    hold_since=day,
                    caps=tuple(sorted({*s.caps, s.phase})),
                )
                extra = f" {THERAPIST}" if back.hold == "nerve" else ""
                lasts = hold_lasts_words(self.program, back.hold)
                reason = (
                    f"{lead}: stepping back to phase {self.name(back)}, at "
                    f"{lighter_words(self.program)} {lasts}.{extra}"
                )
                self.emit(day, "step_back", reason, back, **ids)
                return
            held = replace(self.held(s, "morning", day), worse_in_row=in_row)
            if held.hold == "morning":
                held = replace(held, hold_since=day)
            reason = (
                f"{lead}: holding phase {name} at {lighter_words(self.program)} "
                f"{hold_lasts_words(self.program, held.hold)}."
            )
            if step_back:
                reason = (
                    f"{lead}: phase {name} is the first, so holding it at "
                    f"{lighter_words(self.program)}. If your mornings stay worse, talk to your "
                    "therapist."
                )
            if held.hold == "nerve":
                reason += f" {THERAPIST}"
            self.emit(day, "hold", reason, held, **ids)
            return
        lead = f"{pain}, {judged.why}{after}"
        if judged.usual is None:
            lead = f"{pain}: your first morning check, so it sets your usual{after}"
        settled = replace(s, worse_in_row=0)
        if settled.holding:
            lifted = replace(settled, holding=False, hold=None, hold_since=None, caps=())
            full = f"{lead}: phase {name} at its full dose again."
            if settled.hold in ("morning", "stop"):
                self.emit(day, "resume", full, lifted, **ids)
                return
            now = self.progress(day, settled)
            rule = self.program.phases[settled.phase].advance_when
            if settled.hold == "nerve":
                needed = max(1, rule.good_mornings)
                still = (
                    []
                    if now.good_mornings >= needed
                    else [
                        f"{now.good_mornings} of {plural(needed, 'good morning')} in a row "
                        "since the stop"
                    ]
                )
            else:
                still = now.fresh()
            if not still:
                self.standing = lifted
                moved = self.progress(day, lifted)
                if settled.hold == "break" and not moved.missing():
                    action, reason, onward = self.advance(day, moved.met(), lead + ": ")
                    self.emit(day, action, reason, onward, **ids)
                    return
                self.emit(day, "resume", full, lifted, **ids)
                return
            extra = f" {THERAPIST}" if settled.hold == "nerve" else ""
            reason = (
                f"{lead}. Still holding phase {name} at {lighter_words(self.program)} "
                f"{hold_lasts_words(self.program, settled.hold)} ({'; '.join(still)}).{extra}"
            )
            self.emit(day, "stay", reason, settled, **ids)
            return
        self.standing = settled
        self.maybe_move(day, settled, morning, lead + ".")

    def worse_run(self, day: date) -> int:
        """Worse mornings on consecutive days up to `day`'s (for the words only)."""
        run = 0
        while (found := self.judged.get(day - run * ONE_DAY)) is not None and found.worse:
            run += 1
        return run

    def notice(self, day: date, morning: MorningFact, s: Standing) -> None:
        """The once-only notice when stiffness lasted over 30 minutes on most recent mornings."""
        if self.told_stiffness or morning.stiffness != "over30":
            return
        recent = [m for m in self.history.daily_mornings() if m.day <= day][-STIFF_OF:]
        stiff = sum(1 for m in recent if m.stiffness == "over30")
        if stiff < STIFF_MORNINGS:
            return
        self.told_stiffness = True
        text = STIFFNESS_NOTICE.format(n=stiff, of=len(recent))
        self.out.append(Decision(day, "notice", text, s, morning_id=morning.id))

    def session(self, day: date, session: SessionFact) -> None:
        """Say what a session means for the program (its day's plan stays as it is)."""
        reason = session_words(
            self.program, self.history, self.judged, self.first, self.standing, day, session
        )
        if reason is not None:
            self.out.append(
                Decision(day, "stay", reason, self.standing, session_id=session.session_id)
            )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def replay(
    program: Program, first: date, phase: int, history: History, until: date
) -> list[Decision]:
    """Every decision from the program's first day to `until`, from the history alone.

    Replaying the same history gives the same decisions, whatever order the commands came in;
    a morning noted again replaces that day's morning (the latest answer counts).

    Args:
        program: The program.
        first: Its first day.
        phase: The phase it started at.
        history: Its sessions and the mornings.
        until: The last day to decide (its morning counts if answered).

    Returns:
        The decisions, oldest first (the `start` decision first).
    """
    walk = _Replay(program, first, phase, history)
    day = first
    while day <= until:
        walk.day(day)
        day += ONE_DAY
    return walk.out


def progress_on(
    program: Program, first: date, standing: Standing, history: History, day: date
) -> Progress:
    """The current phase's progress towards moving on, as of `day` (its morning included)."""
    judged = judge_all(program, history)
    return progress(
        program, standing.phase, standing.phase_start, history, judged, day, start=first
    )
