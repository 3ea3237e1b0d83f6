"""How a session ends and what became of each exercise: the codes, the words, the exit statuses."""

from __future__ import annotations

from typing import Literal, get_args

Outcome = Literal["completed", "stopped_pain", "stopped_red_flag", "quit", "interrupted"]
"""How a session ended, as the journal stores it."""
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
"""Every outcome, in the order reports list them."""
RUNNING = "running"
"""The journal's outcome for a session that has not ended (yet)."""
STOPPED: tuple[Outcome, ...] = ("stopped_pain", "stopped_red_flag")
"""Ended by the safety rules (pain, a flag, the stop key, a red-flag answer)."""
LEFT: tuple[Outcome, ...] = ("quit", "interrupted")
"""Left before the end without a stop: no closing questions, no summary."""
COUNTED: tuple[Outcome, ...] = ("completed", *STOPPED)
"""Outcomes that count towards the weekly target: stopping when the rules say so is following
the program too."""

OUTCOME_WORDS: dict[str, str] = {
    "completed": "completed",
    "stopped_pain": "stopped: pain",
    "stopped_red_flag": "stopped: red flag",
    "quit": "quit",
    "interrupted": "interrupted",
    RUNNING: "running",
}
"""Each outcome in words, as every face, report and export shows it (at most 17 characters)."""

EXIT_STATUS: dict[Outcome, int] = {
    "completed": 0,
    "stopped_pain": 3,
    "stopped_red_flag": 3,
    "quit": 4,
    "interrupted": 130,
}
"""`hep play`'s exit status for each outcome (130: interrupted, as shells report Ctrl+C)."""

ExerciseStatus = Literal["done", "skipped", "started", "not reached"]
"""What became of one exercise: done, skipped (some of its work was), started (the session
ended during it) or not reached."""


def outcome_word(outcome: str | None) -> str:
    """An outcome in words (an unknown code, say from a newer hep, is shown as it is).

    Args:
        outcome: The outcome code, or None while the session runs.

    Returns:
        The words, e.g. `stopped: pain`.
    """
    if outcome is None:
        return OUTCOME_WORDS[RUNNING]
    return OUTCOME_WORDS.get(outcome, outcome)
