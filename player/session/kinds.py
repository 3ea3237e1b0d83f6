"""The kinds of step a session is made of, and which of them are the exercise itself."""

from __future__ import annotations

from typing import Literal

StepKind = Literal[
    "get_ready",
    "work",
    "hold",
    "tempo",
    "breathing",
    "rest",
    "relax",
    "switch_side",
    "between",
    "wait",
    "self_paced",
    "checkin",
]
"""What a step is. `work` is a timed set; `hold` one held rep; `tempo` a set of counted reps (one
rep when sides alternate each rep); `self_paced` a set the user ends with "done"; `relax` the
short let-go between two held reps; `between` the rest after an exercise; `wait` a pause for the
user before an exercise (`auto_advance: false`); `checkin` a pain question."""

WORK_KINDS: frozenset[StepKind] = frozenset({"work", "hold", "tempo", "breathing", "self_paced"})
"""Steps where the exercise itself is done (not getting ready, resting, switching or asking)."""
UNTIMED_KINDS: frozenset[StepKind] = frozenset({"wait", "checkin", "self_paced"})
"""Steps that end when the user says so, not when a clock runs out."""
