"""Words for what the playing screen shows: step kind, set/side/rep, times, progress."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from player.words import plural

if TYPE_CHECKING:
    from player.session.engine import View

KIND_WORDS = {
    "get_ready": "GET READY",
    "work": "WORK",
    "hold": "HOLD",
    "tempo": "REPS",
    "breathing": "BREATHE",
    "rest": "REST",
    "relax": "RELAX",
    "switch_side": "SWITCH SIDES",
    "between": "REST",
    "wait": "READY WHEN YOU ARE",
    "self_paced": "YOUR PACE",
    "checkin": "CHECK-IN",
}
REP_PHASE_WORDS = {
    "inhale": "BREATHE IN",
    "hold": "HOLD",
    "exhale": "BREATHE OUT",
    "hold_after": "HOLD",
}


def clock_text(seconds: float) -> str:
    """`M:SS` for a count of seconds (rounded up, so 0.2 s left shows 0:01).

    Args:
        seconds: Seconds, 0 or more.

    Returns:
        E.g. `1:05`; hours show as `1:02:03`.
    """
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def kind_text(view: View) -> str:
    """What kind of step this is, in capitals; breathing, and reps timed in rep phases, show the
    rep phase."""
    step = view.step
    if step is None:
        return ""
    if step.kind == "breathing" and view.rep_phase:
        return REP_PHASE_WORDS.get(view.rep_phase, "BREATHE")
    if step.kind == "tempo" and step.rep_phases and view.rep_phase:
        return view.rep_phase.upper()  # the rep phase, as the routine names it
    return KIND_WORDS.get(step.kind, step.kind.upper())


def where_text(view: View) -> str:
    """`Set 2 of 3 - left - rep 4 of 6`, with the parts that apply."""
    step = view.step
    if step is None:
        return ""
    parts = []
    if step.set is not None and step.sets > 1:
        parts.append(f"Set {step.set} of {step.sets}")
    if step.side:
        parts.append(step.side)
    if step.kind in ("hold", "tempo") and view.rep is not None and step.reps:
        parts.append(f"rep {view.rep} of {step.reps}")
    elif step.kind == "self_paced" and step.reps:
        parts.append(plural(step.reps, "rep"))
    if step.kind == "breathing" and view.cycle and view.cycles:
        parts.append(f"breath {view.cycle} of {view.cycles}")
    if step.kind == "switch_side" and step.side:
        parts = [f"next: {step.side}"]
    nxt = view.next_step
    if step.kind == "relax" and nxt is not None and nxt.side and nxt.side != step.side:
        parts = [*parts[:1], f"next: {nxt.side}"]  # sides alternating each rep
    return " - ".join(parts)


def countdown_seconds(view: View) -> float:
    """The seconds the big clock shows: left in a timed step, gone in an untimed one."""
    if view.step_remaining is not None:
        return view.step_remaining
    return view.step_elapsed
