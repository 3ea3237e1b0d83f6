"""The pain-monitoring rule over weeks: after a morning or a session, advance, stay, hold or step
back, always with the reason in words. Fed dates and facts; never reads the clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from player.program.history import SESSIONS_FOR_PAIN, History, MorningFact, SessionFact
from player.program.models import Dose, Phase, Program

Action = Literal[
    "start", "stay", "advance", "hold", "resume", "step_back", "complete", "stop", "notice"
]
"""What a decision did. `hold` keeps the phase at the lighter dose, `resume` ends a hold,
`complete` says the last phase is done, `notice` tells something without changing anything."""

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


@dataclass(frozen=True)
class Standing:
    """Where a program is: its phase, since when, and whether it holds at a lighter dose."""

    phase: int
    """The phase's index, from 0."""
    phase_start: date
    """The day the phase began (or began again)."""
    holding: bool = False
    """True while the lighter dose is in force, after a worse morning or a stopped session."""
    worse_in_row: int = 0
    """Worse mornings in a row so far (a morning back to usual resets it)."""
    complete: bool = False
    """True once the last phase's weeks are up and its rule holds."""


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


@dataclass(frozen=True)
class Progress:
    """How far the current phase is towards its rule for moving on."""

    phase: Phase
    day: int
    """The day of the phase, from 1."""
    sessions: int
    """Sessions completed in the phase."""
    recent_highest: int | None
    """The highest pain in the phase's last 3 sessions that reported any."""
    recent: int
    """How many sessions that is (fewer than 3 early in a phase)."""
    good_mornings: int
    """Morning checks in a row, in this phase, not worse than usual."""

    @property
    def weeks_up(self) -> bool:
        """Whether the phase's weeks are over."""
        return self.day > self.phase.days

    def missing(self) -> list[str]:
        """What the rule still needs, in words; empty when it holds."""
        rule = self.phase.advance_when
        out = []
        if not self.weeks_up:
            out.append(f"day {self.day} of {self.phase.days}")
        if self.sessions < rule.sessions:
            out.append(f"{self.sessions} of {rule.sessions} sessions done")
        if rule.sessions and self.recent_highest is None:
            out.append("no session pain reported yet")
        elif self.recent_highest is not None and self.recent_highest > rule.max_pain:
            out.append(
                f"pain reached {self.recent_highest}/10 in the last {self.recent} sessions "
                f"(at most {rule.max_pain} to move on)"
            )
        if self.good_mornings < rule.good_mornings:
            out.append(f"{self.good_mornings} of {rule.good_mornings} good mornings in a row")
        return out

    def met(self) -> str:
        """The rule as it was met, in words."""
        rule = self.phase.advance_when
        parts = [f"{self.sessions} sessions done ({rule.sessions} needed)"]
        if self.recent_highest is not None:
            parts.append(
                f"highest pain {self.recent_highest}/10 in the last {self.recent} sessions "
                f"({rule.max_pain} allowed)"
            )
        parts.append(f"{self.good_mornings} good mornings in a row ({rule.good_mornings} needed)")
        return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pain(value: float) -> str:
    return f"{value:g}"


def judge(program: Program, history: History, morning: MorningFact) -> tuple[float | None, bool]:
    """Your usual morning pain before `morning`, and whether `morning` is worse than it.

    Args:
        program: For `morning.worse_by` and `morning.usual_of`.
        history: The mornings.
        morning: The morning to judge (answered).

    Returns:
        The usual (None for the first morning, which nothing can be compared with) and True
        when the pain is `worse_by` points or more above it.
    """
    usual = history.usual(morning.day, program.morning.usual_of)
    if usual is None or morning.pain is None:
        return usual, False
    return usual, morning.pain - usual >= program.morning.worse_by


def progress(program: Program, standing: Standing, history: History, day: date) -> Progress:
    """How far the current phase is on `day`, from the facts up to the day before.

    Args:
        program: The program.
        standing: Where it stands.
        history: Its facts (those from `day` on are not looked at).
        day: The day to judge.

    Returns:
        The phase's progress towards its rule for moving on.
    """
    before = history.until(day - timedelta(days=1))
    return progress_of(program, standing, before, (day - standing.phase_start).days + 1)


def progress_of(program: Program, standing: Standing, history: History, day: int) -> Progress:
    """The phase's progress from exactly these facts, on day `day` of the phase.

    Args:
        program: The program.
        standing: Where it stands.
        history: The facts to count.
        day: The day of the phase, from 1.

    Returns:
        The progress.
    """
    phase = program.phases[standing.phase]
    sessions = history.in_phase(standing.phase_start)
    reported = [s.highest for s in sessions if s.highest is not None][-SESSIONS_FOR_PAIN:]
    good = 0
    for morning in reversed(history.daily_mornings()):
        if morning.day < standing.phase_start:
            break
        if morning.pain is None:
            continue
        usual, worse = judge(program, history, morning)
        if worse:
            break
        good += usual is not None
    return Progress(
        phase=phase,
        day=day,
        sessions=sum(1 for s in sessions if s.completed),
        recent_highest=max(reported) if reported else None,
        recent=len(reported),
        good_mornings=good,
    )


def dose_for(program: Program, standing: Standing, reference: str) -> Dose | None:
    """The dose of a routine in the current phase, the lighter dose added while holding.

    Args:
        program: The program.
        standing: Where it stands.
        reference: The routine as the program names it.

    Returns:
        The change to the routine's dose, or None when the phase does not prescribe it.
    """
    for entry in program.phases[standing.phase].routines:
        if entry.routine == reference:
            return entry.dose.plus(program.lighter) if standing.holding else entry.dose
    return None


def start(program: Program, day: date, phase: int = 0) -> Decision:
    """The first decision: the program starts on `day` at `phase`.

    Args:
        program: The program.
        day: The first day.
        phase: The phase to start at (0: the first).

    Returns:
        The `start` decision.
    """
    name = program.phases[phase].name
    return Decision(day, "start", f"Started at phase {name}.", Standing(phase, day))


def _name(program: Program, standing: Standing) -> str:
    return program.phases[standing.phase].name


def _advance(program: Program, standing: Standing, day: date, met: str, lead: str) -> Decision:
    """Move on from the current phase (or complete the program after the last one)."""
    phase = _name(program, standing)
    if standing.phase + 1 < len(program.phases):
        after = Standing(standing.phase + 1, day)
        to = program.phases[after.phase].name
        return Decision(day, "advance", f"{lead}{met}: moving on to phase {to}.", after)
    done = replace(standing, complete=True)
    reason = (
        f"{lead}{met}: program complete. Keep on with phase {phase} and ask your therapist "
        "what comes next."
    )
    return Decision(day, "complete", reason, done)


def catch_up(program: Program, last: Decision, history: History, day: date) -> list[Decision]:
    """The decisions due at the ends of phases between the last decision and `day`.

    A phase ends once its weeks are up and its rule holds: when the weeks run out between two
    events (on a weekend, over missed days), the program moves on that very day, judged on the
    facts before it; if the rule does not hold yet, it says what is missing and stays.

    Args:
        program: The program.
        last: The latest decision so far.
        history: The program's facts.
        day: The day being reached.

    Returns:
        The new decisions, oldest first (often none).
    """
    out: list[Decision] = []
    while True:
        standing = out[-1].standing if out else last.standing
        decided = out[-1].day if out else last.day
        if standing.complete or standing.holding:
            return out
        end = standing.phase_start + timedelta(days=program.phases[standing.phase].days)
        if not decided < end <= day:
            return out
        now = progress(program, standing, history, end)
        name = _name(program, standing)
        weeks = _plural(program.phases[standing.phase].weeks, "week")
        lead = f"Phase {name}'s {weeks} are up, "
        missing = now.missing()
        if missing:
            reason = f"{lead}but not yet: {'; '.join(missing)}. Staying in phase {name}."
            out.append(Decision(end, "stay", reason, standing))
            return out
        out.append(_advance(program, standing, end, now.met(), lead))


def _stay_or_advance(
    program: Program, standing: Standing, history: History, day: date, lead: str
) -> Decision:
    """After a good morning or a session: move on if the phase's rule holds, else stay."""
    now = progress_of(program, standing, history.until(day), (day - standing.phase_start).days + 1)
    if not standing.complete and now.weeks_up and not now.missing():
        return _advance(program, standing, day, now.met(), lead + " ")
    name = _name(program, standing)
    if standing.complete:
        where = f"phase {name}, the last one: the program is complete"
    else:
        left = "; ".join(now.missing()) or "ready to move on"
        where = f"staying in phase {name} ({left})"
    return Decision(day, "stay", f"{lead} {where[0].upper()}{where[1:]}.", standing)


def _lighter(program: Program) -> str:
    return program.lighter.words() or "the same dose"


def on_morning(
    program: Program,
    standing: Standing,
    history: History,
    morning: MorningFact,
    *,
    told_stiffness: bool = False,
) -> list[Decision]:
    """Decide after a morning check (already in `history`).

    Args:
        program: The program.
        standing: Where it stands (after `catch_up` to the morning's day).
        history: Its facts, the morning included.
        morning: The morning check.
        told_stiffness: Whether the stiffness notice was given before (it is given once).

    Returns:
        The decision (none for a skipped morning), after a one-time stiffness notice if due.
    """
    out = [] if told_stiffness else _stiffness_notice(history, morning, standing)
    if morning.pain is None:
        return out
    judged = _judged(program, standing, history, morning)
    return out + [replace(d, morning_id=morning.id) for d in judged]


def _judged(
    program: Program, standing: Standing, history: History, morning: MorningFact
) -> list[Decision]:
    """The decision on an answered morning."""
    assert morning.pain is not None
    day = morning.day
    usual, worse = judge(program, history, morning)
    name = _name(program, standing)
    pain = f"Morning pain {morning.pain}/10"
    if usual is None:
        lead = f"{pain}: your first morning check, so it sets your usual."
        return [_stay_or_advance(program, standing, history, day, lead)]
    if not worse:
        calm = "at" if morning.pain <= usual else "close to"
        lead = f"{pain}, {calm} your usual {_pain(usual)}"
        settled = replace(standing, worse_in_row=0)
        if standing.holding:
            back = replace(settled, holding=False)
            reason = f"{lead}: phase {name} at its full dose again."
            return [Decision(day, "resume", reason, back)]
        return [_stay_or_advance(program, settled, history, day, lead + ".")]
    above = f"{pain}, {_pain(morning.pain - usual)} above your usual {_pain(usual)}"
    in_row = standing.worse_in_row + 1
    step_back = program.on_worse_morning == "step_back" or in_row >= 2
    if in_row >= 2:
        above += ", the second worse morning in a row"
    if step_back and standing.phase > 0:
        back = Standing(standing.phase - 1, day)
        to = program.phases[back.phase].name
        reason = f"{above}: stepping back to phase {to}."
        return [Decision(day, "step_back", reason, back)]
    held = replace(standing, holding=True, worse_in_row=in_row)
    reason = f"{above}: holding phase {name} for now, {_lighter(program)}."
    if step_back:
        reason = (
            f"{above}: phase {name} is the first, so holding it, {_lighter(program)}. If your "
            "mornings stay worse, talk to your therapist."
        )
    return [Decision(day, "hold", reason, held)]


def _stiffness_notice(history: History, morning: MorningFact, standing: Standing) -> list[Decision]:
    """The once-only notice when stiffness lasted over 30 minutes on most recent mornings."""
    if morning.stiffness != "over30":
        return []
    recent = [m for m in history.daily_mornings() if m.day <= morning.day][-STIFF_OF:]
    stiff = sum(1 for m in recent if m.stiffness == "over30")
    if stiff < STIFF_MORNINGS:
        return []
    text = STIFFNESS_NOTICE.format(n=stiff, of=len(recent))
    return [Decision(morning.day, "notice", text, standing, morning_id=morning.id)]


def on_session(
    program: Program, standing: Standing, history: History, session: SessionFact
) -> Decision | None:
    """Decide after a session (already in `history`).

    Args:
        program: The program.
        standing: Where it stands (after `catch_up` to the session's day).
        history: Its facts, the session included.
        session: The session.

    Returns:
        The decision, or None for a session that was quit or interrupted (it does not count).
    """
    made = _session_decision(program, standing, history, session)
    return replace(made, session_id=session.session_id) if made is not None else None


def _session_decision(
    program: Program, standing: Standing, history: History, session: SessionFact
) -> Decision | None:
    pain = f", highest pain {session.highest}/10" if session.highest is not None else ""
    name = _name(program, standing)
    if session.stopped:
        lead = f"{session.routine_name} was stopped before its end{pain}"
        if program.on_stopped_session == "stay" or standing.holding:
            still = "still holding" if standing.holding else "staying in"
            reason = f"{lead}: {still} phase {name}; the next morning tells how it settled."
            return Decision(session.day, "stay", reason, standing)
        held = replace(standing, holding=True)
        reason = f"{lead}: holding phase {name} for now, {_lighter(program)}."
        return Decision(session.day, "hold", reason, held)
    if not session.completed:
        return None
    lead = f"{session.routine_name} completed{pain}."
    if standing.holding:
        lighter = _lighter(program)
        reason = f"{lead} Holding phase {name} at {lighter} until a morning is back to usual."
        return Decision(session.day, "stay", reason, standing)
    return _stay_or_advance(program, standing, history, session.day, lead)
