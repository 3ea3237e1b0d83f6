"""The next-morning rule as a table a therapist can check: one source for docs/programs.md and
`hep program show`, filled in with a program's own settings."""

from __future__ import annotations

from player.program.models import AdvanceWhen, Program
from player.words import plural


def rule_rows(program: Program, phase: int | None = None) -> list[tuple[str, str]]:
    """The rule, row by row: what it looks at, and what each decision does to the load.

    Args:
        program: The program whose settings fill the table.
        phase: The phase whose `advance_when` to use (None: the defaults, as the docs give).

    Returns:
        (what, the rule) pairs, in the order a person meets them.
    """
    rule = program.phases[phase].advance_when if phase is not None else AdvanceWhen()
    m, e = program.morning, program.evidence
    lighter = program.lighter.words() or "the same dose"
    stiff = " and stiffness no longer than your usual" if m.stiffness_worse else ""
    stiff_worse = "; stiffness longer than your usual" if m.stiffness_worse else ""
    lasts = (
        "for that day only"
        if program.hold_lasts == "today"
        else "until a morning is back to your usual"
    )
    on_stop = (
        f"from the next day, {lighter} {lasts}"
        if program.on_stopped_session == "hold"
        else "the same dose; the next morning tells"
    )
    worse_step = (
        "steps back a phase at once"
        if program.on_worse_morning == "step_back"
        else "the second worse morning on consecutive days steps back a phase"
    )
    return [
        (
            "decided",
            "at the morning check, or the first command of the day; a session changes "
            "nothing on its own day, only from the next; a morning noted after the day's "
            "first session counts (your usual, in a row) but applies from the next day",
        ),
        (
            "your usual",
            f"the median of your last {plural(m.usual_of, 'good morning')}; with fewer than 3 "
            "good mornings, your first morning",
        ),
        ("a good morning", f"pain less than {m.worse_by} above your usual{stiff}"),
        (
            "a worse morning",
            f"pain {m.worse_by} or more above your usual{stiff_worse}; or your "
            f"last 7 mornings (median) {m.worse_by} or more above either of the two weeks before",
        ),
        (
            "in a row",
            "on consecutive days: a worse morning, a morning due (a session the day "
            "before) and not answered, or a stopped session ends a run of good mornings",
        ),
        ("evidence window", f"the last {plural(e.days, 'day')} before the day"),
        (
            "moving on needs",
            f"the phase's weeks up; {plural(rule.sessions, 'session')} done in the phase; "
            f"{e.sessions} in the window after any break; none in the window above "
            f"{rule.max_pain}/10 or stopped; {plural(rule.good_mornings, 'good morning')} in a "
            "row up to the day; not holding",
        ),
        ("a break", f"{e.break_days} or more days without a session"),
        ("stay", "the phase's dose"),
        ("move on", "the next phase at its dose (after the last phase: complete)"),
        ("hold (worse morning)", f"{lighter} {lasts}; {worse_step}"),
        (
            "step back",
            f"the phase before, starting over, at {lighter} until a morning is back "
            "to your usual; the day's load never above the held dose of the phase you were in",
        ),
        ("stop for pain", f"{on_stop}; no moving on for {plural(e.days, 'day')}"),
        (
            "stop: nerve or red flag",
            "(pain spreading down a leg, new numbness, a red flag) "
            f"{lighter}, no moving on, until {plural(max(1, rule.good_mornings), 'good morning')} "
            "in a row after it; check with your therapist before going on",
        ),
        (
            "back from a break",
            f"{lighter} until the window holds {plural(e.sessions, 'session')} and "
            f"{plural(rule.good_mornings, 'good morning')} in a row again",
        ),
    ]


def rule_markdown(program: Program, phase: int | None = None) -> list[str]:
    """The rule as a Markdown table (docs/programs.md holds it for the default settings)."""
    lines = ["| | the rule |", "| --- | --- |"]
    lines += [f"| {what} | {text} |" for what, text in rule_rows(program, phase)]
    return lines
