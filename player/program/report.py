"""Text for people: `hep today` (long and one-line) and `hep program show`."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from player.journal.record.today import NOTHING, Today
from player.journal.reports.report import preview_words
from player.localday import day_text
from player.program.decide import Decision
from player.program.dose import DoseError, apply_dose
from player.program.history import SessionFact
from player.program.loader import LoadedProgram
from player.program.models import STIFFNESS, Prescription, Program
from player.program.mornings import judge_all
from player.program.rule import rule_rows
from player.program.schedule import Due
from player.program.today import ProgramDay
from player.routine.loader import RoutineError
from player.safetext import spelled_out
from player.session.outcomes import outcome_word
from player.textcells import pad
from player.words import plural, shell_word

STIFFNESS_WORDS = {
    "none": "no stiffness",
    "under30": "stiff under 30 min",
    "over30": "stiff over 30 min",
}
"""Each stiffness answer in words."""
assert set(STIFFNESS_WORDS) == set(STIFFNESS)
ACTION_WORDS = {
    "start": "started",
    "stay": "stay",
    "advance": "move on",
    "hold": "hold",
    "resume": "full dose",
    "step_back": "step back",
    "complete": "complete",
    "stop": "stopped",
    "notice": "note",
    "revise": "revised",
}
"""Each decision's action in words, as every list shows it (at most 9 characters)."""


HOLD_WORDS = {
    "morning": " after a worse morning",
    "stop": " after a stopped session",
    "break": " after a break",
    "nerve": " after a stop that needs your therapist",
}
"""Why the program holds, as the phase line says it."""

WIDTH = 88
"""Lines longer than this are wrapped, the rest of a paragraph indented under its start."""


def wrapped(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """A paragraph as lines of at most `WIDTH` characters.

    Args:
        text: The paragraph (its own line breaks are folded).
        indent: Put before the first line.
        hang: Put before every following line (after `indent`'s width of spaces).

    Returns:
        The lines.
    """
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=" " * len(indent) + hang,
        break_on_hyphens=False,
    )


def title(today: ProgramDay, entry: Prescription) -> str:
    """The routine's title (its `name:`), or the name the program gives when it cannot load."""
    try:
        return today.routine(entry).routine.name
    except RoutineError:
        return f"{entry.routine} (cannot be loaded: hep validate shows why)"


def decision_line(decision: Decision) -> str:
    """A decision as one line: `Wed 2024-06-12  hold       Morning pain 5/10, ...`."""
    action = ACTION_WORDS.get(decision.action, decision.action)
    return f"{day_text(decision.day)}  {action:<9}  {decision.reason}"


def _dose(today: ProgramDay, entry: Prescription) -> str:
    """The dose in force, when it changes the routine (a breathing routine has no sets)."""
    dose = today.dose(entry.routine)
    if dose is None or dose.is_plain:
        return ""
    try:
        routine = today.routine(entry).routine
        if apply_dose(routine, dose) == routine:
            return ""
    except (RoutineError, DoseError):
        pass
    return f" ({dose.words()})"


def _played(session: SessionFact) -> str:
    """How a session ended and its highest pain, a preview marked as the journal marks it:
    `completed (preview at 60x speed), highest pain 3/10`."""
    pain = f", highest pain {session.highest}/10" if session.highest is not None else ""
    marked = f" ({preview_words(session.speed)})" if session.preview else ""
    return outcome_word(session.outcome) + marked + pain


def _due_line(today: ProgramDay, item: Due) -> str:
    mark = "[x]" if item.done else "[ ]"
    name = title(today, item.entry) + _dose(today, item.entry)
    state = ""
    if item.done:
        state = f"done, {_played(item.done[-1])}"
    elif item.due:
        state = "due"
    return f"  {mark} {pad(name, 44)} {item.when():<18} {state}".rstrip()


def morning_text(today: ProgramDay) -> str:
    """The day's morning check in words."""
    morning = today.morning
    if morning is not None and morning.pain is None:
        return "skipped"
    if morning is not None:
        judged = judge_all(today.program, today.history).get(today.day)
        text = f"pain {morning.pain}/10"
        if judged is not None:
            text += f" ({judged.why}{': worse' if judged.worse else ''})"
        if morning.stiffness:
            text += f", {STIFFNESS_WORDS.get(morning.stiffness, morning.stiffness)}"
        return text
    if today.morning_due:
        return "not done yet: hep morning (yesterday was a session day)"
    return "not needed today (no session yesterday)"


def _phase_line(today: ProgramDay) -> str:
    s = today.standing
    program = today.program
    line = (
        f"Phase {s.phase + 1} of {len(program.phases)}: {today.phase.name}, "
        f"day {(today.day - s.phase_start).days + 1} of {today.phase.days}"
    )
    if s.complete:
        line += " (program complete: ask your therapist what comes next)"
    if s.holding:
        why = HOLD_WORDS.get(s.hold or "", "")
        line += f"; holding at a lighter dose ({program.lighter.words() or 'the same dose'}){why}"
        if today.plan_phase != s.phase:
            plan = program.phases[today.plan_phase].name
            line += f"; today's plan is phase {plan}'s lighter dose, the smaller load"
    return line


def latest_decision(today: ProgramDay) -> Decision:
    """The latest decision that changed or confirmed the program (notices left out)."""
    return next(d for d in reversed(today.decisions) if d.action != "notice")


def today_lines(today: ProgramDay, *, stop: str | None = None) -> list[str]:
    """`hep today`: what is due and done, the phase, the last session, the morning check and
    the latest decision with its reason.

    Args:
        today: The program on the day.
        stop: When a session stopped today (for pain or a red flag): why starting again asks
            first, and the care a red-flag stop said to get (`Today.stop`), said before the
            next one is offered.

    Returns:
        The lines to print.
    """
    program = today.program
    lines = [f"{day_text(today.day)}: {program.name}"]
    if not today.started:
        lines.append(f"The program starts on {day_text(today.record.started_on)}.")
        return lines
    lines += wrapped(_phase_line(today))
    if today.phase.description:
        lines += wrapped(today.phase.description, "  ", "")
    items = today.due
    lines.append("Today:" if any(i.today for i in items) else "Nothing is due today.")
    lines += [_due_line(today, item) for item in items if item.today]
    later = [item for item in items if not item.today]
    if later:
        lines.append("Not today:")
        for item in later:
            when = f"next {day_text(item.next_day)}" if item.next_day else item.when()
            lines.append(f"      {pad(title(today, item.entry), 44)} {when}")
    lines += wrapped(f"Morning check: {morning_text(today)}")
    previous = [s for s in today.history.sessions if s.day <= today.day]
    if previous:
        last = previous[-1]
        lines.append(f"Last session: {day_text(last.day)}, {last.routine_name}, {_played(last)}")
    decision = latest_decision(today)
    lines += wrapped(f"Decision ({day_text(decision.day)}): {decision.reason}")
    for d in today.decisions:
        if d.action == "notice" and d.day == today.day:
            lines += wrapped(f"Note: {d.reason}")
    if program.on_stop:
        lines += wrapped(f"After any stop: {program.on_stop}")
    if stop:
        lines += wrapped(stop)
    if any(item.due for item in items):
        lines.append("Play the next one: hep play --today")
    return lines


def short_line(today: ProgramDay, stopped: Today = NOTHING) -> str:
    """`hep today --short`: one line for a shell prompt or a login message.

    Args:
        today: The program's day.
        stopped: Today's earlier sessions (`earlier_today`): a stop among them comes before
            what is due, as `hep play` asks before the next session.

    Returns:
        The line.
    """
    if not today.started:
        return f"hep: program starts {today.record.started_on.isoformat()}"
    s = today.standing
    parts = [f"{today.phase.name} {(today.day - s.phase_start).days + 1}/{today.phase.days}"]
    if stopped.care is not None:
        parts.append("red-flag stop today")
    elif stopped.stop is not None:
        parts.append("stopped today")
    if s.holding:
        parts.append("holding")
    if today.morning_due:
        parts.append("morning check due")
    due = [item.entry.routine for item in today.due if item.due]
    parts.append(f"due: {', '.join(due)}" if due else "all done today")
    return "hep: " + " · ".join(parts)


def phase_rows(
    program: Program, current: int | None, name_of: Callable[[Prescription], str]
) -> list[str]:
    """The phases as lines: each routine with when it is due and its dose, and the rule.

    Args:
        program: The program.
        current: The current phase's index, marked with `>` (None: no mark).
        name_of: A routine's title, from its prescription.

    Returns:
        The lines.
    """
    lines = []
    for index, phase in enumerate(program.phases):
        here = ">" if index == current else " "
        weeks = plural(phase.weeks, "week")
        lines.append(f"{here} {index + 1}. {phase.name} ({weeks})")
        for entry in phase.routines:
            dose = entry.dose.words()
            lines.append(f"      {pad(name_of(entry), 40)} {entry.when():<14} {dose}".rstrip())
        rule = phase.advance_when
        last = index == len(program.phases) - 1
        lines += wrapped(
            f"{'is complete' if last else 'moves on'} when its weeks are up with "
            f"{plural(rule.sessions, 'session')} done, none above {rule.max_pain}/10 or stopped "
            f"in the last {plural(program.evidence.days, 'day')}, "
            f"{plural(rule.good_mornings, 'good morning')} in a row",
            "      ",
        )
    return lines


def show_lines(today: ProgramDay, *, decisions: int = 12) -> list[str]:
    """`hep program show`: the phases, where you are and why.

    Args:
        today: The program on the day.
        decisions: How many of the latest decisions to list.

    Returns:
        The lines to print.
    """
    program = today.program
    record = today.record
    source = "built-in" if record.loaded.builtin else str(record.loaded.path)
    lines = [f"{program.name} ({source})", f"Started {day_text(record.started_on)}."]
    if today.started:
        lines += wrapped(f"On {day_text(today.day)}: {_phase_line(today)}")
        missing = today.progress.missing()
        if not today.standing.complete:
            lines += wrapped("To move on: " + ("; ".join(missing) if missing else "ready"))
    lines += ["", "The rule (docs/programs.md):"]
    lines += rule_lines(program, today.standing.phase)
    if program.on_stop:
        lines += wrapped(f"After any stop: {program.on_stop}")
    lines += [
        "",
        *phase_rows(program, today.standing.phase, lambda entry: title(today, entry)),
        "",
        "Decisions, latest last:",
    ]
    shown = today.decisions[-decisions:]
    if len(today.decisions) > len(shown):
        lines.append(f"  ... {len(today.decisions) - len(shown)} earlier")
    for d in shown:
        head = f"  {day_text(d.day)}  {ACTION_WORDS.get(d.action, d.action):<9}  "
        lines += wrapped(d.reason, head, "")
    return lines


def rule_lines(program: Program, phase: int | None) -> list[str]:
    """The rule table as text: each row's name, then its rule wrapped under it."""
    width = max(len(what) for what, _ in rule_rows(program, phase))
    lines = []
    for what, text in rule_rows(program, phase):
        head = f"  {what:<{min(width, 22)}}  "
        lines += wrapped(text, head, "")
    return lines


def program_lines(loaded: LoadedProgram) -> list[str]:
    """`hep show PROGRAM`: the program file as its phases, before it is started.

    Args:
        loaded: The program.

    Returns:
        The lines to print.
    """
    program = loaded.program

    def name_of(entry: Prescription) -> str:
        try:
            return loaded.routine(entry.routine).routine.name
        except RoutineError:
            return entry.routine

    source = "built-in" if loaded.builtin else spelled_out(loaded.display)
    phases = f"{plural(len(program.phases), 'phase')}, {plural(program.weeks, 'week')}"
    lines = [f"{program.name} ({source}): {phases}"]
    lines += wrapped(program.description, "", "")
    lines += ["", *phase_rows(program, None, name_of), ""]
    start = shell_word(loaded.stem if loaded.builtin else loaded.display)
    lines += wrapped(f"Start it: hep program start {start}")
    return lines
