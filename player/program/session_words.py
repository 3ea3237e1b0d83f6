"""What a session played under a program means for it, in words: stopped (and what holds
from tomorrow), skipped, a preview, above the pain that moving on allows, or how far the phase
is from moving on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from player.localday import ONE_DAY, day_text
from player.program.evidence import progress
from player.program.history import History, SessionFact
from player.program.standing import THERAPIST, Standing, hold_lasts_words, lighter_words
from player.session.safety import FLAG_WORDS

if TYPE_CHECKING:
    from player.program.models import Program
    from player.program.mornings import Judged


def session_words(
    program: Program,
    history: History,
    judged: dict[date, Judged],
    first: date,
    s: Standing,
    day: date,
    session: SessionFact,
) -> str | None:
    """What a session means for the program, in words (its day's plan stays as it is).

    Args:
        program: The program.
        history: Its sessions and mornings.
        judged: The mornings' judgements in force.
        first: The program's first day.
        s: Where the program stands on the session's day.
        day: The session's day.
        session: The session.

    Returns:
        The reason for a `stay` decision, or None when the session says nothing (quit or
        interrupted).
    """
    name = program.phases[s.phase].name
    pain = f", highest pain {session.highest}/10" if session.highest is not None else ""
    # The first day whose evidence window (the days before it) no longer holds this one.
    calm = day + ONE_DAY * (program.evidence.days + 1)
    advice = f" {program.on_stop}" if program.on_stop else ""
    # A break or a nerve sign holds on through a stop; while a nerve sign holds, every
    # word the program says names the therapist (docs/programs.md).
    kept = s.hold if s.holding and s.hold in ("break", "nerve") else None
    therapist = f" {THERAPIST}" if kept == "nerve" else ""
    if session.stopped:
        lead = f"{session.routine_name} was stopped{stop_words(session)}"
        if session.nerve:
            return (
                f"{lead}: from tomorrow phase {name} holds at {lighter_words(program)} and "
                f"does not move on. {THERAPIST}{advice}"
            )
        if kept is not None:
            then = (
                f"still holding phase {name} at {lighter_words(program)} "
                f"{hold_lasts_words(program, kept)}"
            )
        elif program.on_stopped_session == "hold" and program.hold_lasts == "today":
            then = f"tomorrow phase {name} holds at {lighter_words(program)} for that day only"
        elif program.on_stopped_session == "hold":
            then = (
                f"from tomorrow phase {name} holds at {lighter_words(program)} "
                f"{hold_lasts_words(program, 'stop')}"
            )
        else:
            then = f"staying in phase {name}; the next morning tells how it settled"
        return f"{lead}: {then}; no moving on before {day_text(calm)}.{therapist}{advice}"
    if session.outcome not in ("completed", "nothing_done"):
        return None
    if session.nothing_done:
        return (
            f"{session.routine_name}: every exercise was skipped, so it does not count.{therapist}"
        )
    if session.preview:
        return (
            f"{session.routine_name} played as a preview: it marks the day done but does "
            f"not count towards moving on.{therapist}"
        )
    lead = f"{session.routine_name} completed{pain}."
    limit = program.phases[s.phase].advance_when.max_pain
    if session.highest is not None and session.highest > limit:
        return (
            f"{lead} That is above the {limit}/10 that moving on allows: no moving on "
            f"before {day_text(calm)}.{therapist}"
        )
    if s.complete:
        return f"{lead} Phase {name}, the last one: the program is complete."
    if s.holding:
        until = hold_lasts_words(program, s.hold)
        return f"{lead} Holding phase {name} at {lighter_words(program)} {until}.{therapist}"
    upto = history.sessions.index(session) + 1
    so_far = History(history.sessions[:upto], history.mornings)
    now = progress(
        program,
        s.phase,
        s.phase_start,
        so_far,
        judged,
        day,
        start=first,
        played_today=True,
    )
    left = "; ".join(now.missing()) or "ready to move on"
    return f"{lead} Staying in phase {name} ({left})."


def stop_words(session: SessionFact) -> str:
    """Where a stopped session stopped, to follow `was stopped`: ` at 7/10 (sharp pain)`."""
    flags = [FLAG_WORDS[f] for f in session.flags if f in FLAG_WORDS]
    if session.outcome == "stopped_red_flag":
        return " at the red-flag questions"
    pain = f" at {session.highest}/10" if session.highest is not None else ""
    return f"{pain} ({' and '.join(flags)})" if flags else pain
