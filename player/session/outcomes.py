"""How a session ends and what became of each exercise: the codes, the words, the exit statuses."""

from __future__ import annotations

from typing import Literal, get_args

Outcome = Literal[
    "completed",
    "nothing_done",
    "stopped_pain",
    "stopped_red_flag",
    "stopped_user",
    "quit",
    "interrupted",
]
"""How a session ended, as the journal stores it: `completed` (played to the end with some
work done), `nothing_done` (played to the end with every exercise skipped), stopped by the pain
rules, by a red flag, or by the user with no rule broken, quit, or interrupted."""
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
"""Every outcome, in the order reports list them."""
RUNNING = "running"
"""The journal's outcome for a session that has not ended (yet)."""
STOPPED: tuple[Outcome, ...] = ("stopped_pain", "stopped_red_flag")
"""Ended by the safety rules: a pain answer, a flag, a red-flag yes, or the stop key with an
answer that meets a rule. Nothing else (the end of input, a closed terminal, a quit, the stop key
with no rule broken) is a stop by the rules."""
USER_STOP: Outcome = "stopped_user"
"""Ended with the stop key by the user's choice, no rule broken: counted and charted apart from
the stops by the rules."""
STOPS: tuple[Outcome, ...] = (*STOPPED, USER_STOP)
"""Every stop: by the rules or by the user."""
PLAYED_THROUGH: tuple[Outcome, ...] = ("completed", "nothing_done")
"""Played to the end, the closing pain answer given: with some exercise work done, or none."""
LEFT: tuple[Outcome, ...] = ("quit", "interrupted")
"""Left before the end without a stop: no closing questions, no summary; not counted."""
COUNTED: tuple[Outcome, ...] = ("completed", *STOPS)
"""Outcomes that count towards the weekly target when some work was done (`counts_as_session`):
stopping when the rules say so, or when you choose to, after doing some of it is following the
program too."""

OUTCOME_WORDS: dict[str, str] = {
    "completed": "completed",
    "nothing_done": "nothing done",
    "stopped_pain": "stopped: pain",
    "stopped_red_flag": "stopped: red flag",
    "stopped_user": "stopped: by user",
    "quit": "quit",
    "interrupted": "interrupted",
    RUNNING: "running",
}
"""Each outcome in words, as every face, report and export shows it (at most 17 characters)."""

EXIT_STATUS: dict[Outcome, int] = {
    "completed": 0,
    "nothing_done": 6,
    "stopped_pain": 3,
    "stopped_red_flag": 3,
    "stopped_user": 3,
    "quit": 4,
    "interrupted": 130,
}
"""`hep play`'s exit status for each outcome (6: played to the end with nothing done; 130:
interrupted, as shells report Ctrl+C)."""

NOT_KEPT_STATUS = 7
"""`hep play`'s exit status when a session could be kept neither in the journal nor in a
recovery file beside it (whatever its outcome)."""

QUIT_REASON = "Quit before the end."
"""The reason kept for a session the user quit (the `q` key, the `quit` command)."""
INPUT_ENDED = "Input ended before the session finished."
"""The reason kept when the plain player's input closed while a question was open: the session
ends as `quit`, never as a stop."""
UNCOUNTED_AT_THE_END = "Without your pain at the end, this session does not count."
"""What leaving at the closing pain question says (kept as quit or interrupted, every exercise
done or not: the closing answer is part of the evidence a session gives, and the program moves
on only on sessions whose pain is known to the end; docs/programs.md)."""
USER_CHOICE = "chose to stop"
"""The reason kept for a stop key answered with no flag and no pain rule met."""
NOTHING_DONE = (
    "Session over: every exercise was skipped, so nothing was done and it does not count."
)
"""What the end of a session with no exercise work done says (instead of "well done")."""
NOT_STARTED = "Not started: a session stopped for pain earlier today."
"""What a declined start after a stop the same day is called (nothing is journaled)."""
NOT_STARTED_RED_FLAG = "Not started: the red-flag questions stopped a session earlier today."
"""The same, when the most serious stop that day was at the red-flag questions."""

ExerciseStatus = Literal["done", "partly_done", "stopped_during", "skipped", "not_reached"]
"""What became of one exercise: all its work done; some of it (sets, sides, reps or seconds);
the session was stopped in it before all its work was done (with whatever work was done); none
of it, skipped by the user, though the session went past it; or the session ended before it.
A stop at the check-in after an exercise's last work is "after" it: the exercise is done."""
EXERCISE_STATUSES: tuple[ExerciseStatus, ...] = get_args(ExerciseStatus)
"""Every exercise status, in the order reports list them."""
EXERCISE_WORDS: dict[str, str] = {
    "done": "done",
    "partly_done": "partly done",
    "stopped_during": "stopped during",
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


def counts_as_session(outcome: str | None, worked: int | None) -> bool:
    """Whether a session counts towards the week's target (stats, the report, programs).

    A session counts when it ended in a counted outcome (completed or stopped) and some
    exercise work was done in it: a session with every exercise skipped, or stopped before the
    first exercise, never counts.

    Args:
        outcome: The session's outcome code.
        worked: How many exercises had some work done (None when the journal cannot tell: a
            session kept without its plan).

    Returns:
        True when it counts.
    """
    return outcome in COUNTED and worked != 0
