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
"""Ended by the safety rules: a pain answer, a flag, a red-flag yes, or the stop key with its
answer. Nothing else (the end of input, a closed terminal, a quit) is a stop."""
LEFT: tuple[Outcome, ...] = ("quit", "interrupted")
"""Left before the end without a stop: no closing questions, no summary; not counted."""
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

NOT_KEPT_STATUS = 6
"""`hep play`'s exit status when a session could be kept neither in the journal nor in a
recovery file beside it (whatever its outcome)."""

QUIT_REASON = "Quit before the end."
"""The reason kept for a session the user quit (the `q` key, the `quit` command)."""
INPUT_ENDED = "Input ended before the session finished."
"""The reason kept when the plain player's input closed while a question was open: the session
ends as `quit`, never as a stop."""
NOT_STARTED = "Not started: a session stopped for pain earlier today."
"""What a declined start after a stop the same day is called (nothing is journaled)."""

ExerciseStatus = Literal["done", "partly_done", "skipped", "not_reached"]
"""What became of one exercise: all its work done; some of it (sets, sides, reps or seconds);
none of it though the session went past it; or the session ended before it."""
EXERCISE_STATUSES: tuple[ExerciseStatus, ...] = get_args(ExerciseStatus)
"""Every exercise status, in the order reports list them."""
EXERCISE_WORDS: dict[str, str] = {
    "done": "done",
    "partly_done": "partly done",
    "skipped": "skipped",
    "not_reached": "not reached",
}
"""Each exercise status in words, as the summary, `journal show`, reports and exports show it."""


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


def exercise_word(status: str) -> str:
    """An exercise status in words (an unknown code is shown as it is).

    Args:
        status: The status code, e.g. `partly_done`.

    Returns:
        The words, e.g. `partly done`.
    """
    return EXERCISE_WORDS.get(status, status.replace("_", " "))
