"""The questions a session asks, in words: the red-flag questions, the pain flags, and which
check-in an answer is. Plain data (no pydantic), so the journal's review reads them cheaply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

Urgency = Literal["emergency", "soon"]
"""How soon a yes to a red-flag question needs care."""

When = Literal["baseline", "after_set", "after_side", "after_exercise", "final", "stop"]
"""Which check-in an answer is: before the session, after a set, side or exercise, at the end,
or at a stop (the stop key)."""

WHEN_WORDS: dict[str, str] = {
    "baseline": "before the session",
    "after_set": "after the set",
    "after_side": "after the side",
    "after_exercise": "after the exercise",
    "final": "at the end",
    "stop": "at the stop",
}
"""Each check-in in words, as `journal show`, the reports and the CSV's readable column say it."""


class RedFlagQuestion(NamedTuple):
    """A yes/no question asked before a session; yes means don't exercise, see a clinician."""

    id: str
    """A stable name for the journal."""
    text: str
    """The question, as asked."""
    urgency: Urgency
    """`emergency`: possible nerve compression, get care now; `soon`: see a clinician first."""
    short: str
    """What a yes means, in a few words, for the stop message."""


# NICE NG59 context; NHS cauda equina symptom cards; BMJ Best Practice (docs/clinical-basis.md).
RED_FLAG_QUESTIONS: tuple[RedFlagQuestion, ...] = (
    RedFlagQuestion(
        "saddle_numbness",
        "Any new numbness around your genitals, bottom or inner thighs?",
        "emergency",
        "numbness around the genitals or bottom",
    ),
    RedFlagQuestion(
        "bladder_bowel",
        "Any new trouble passing urine, or controlling your bladder or bowel?",
        "emergency",
        "new bladder or bowel trouble",
    ),
    RedFlagQuestion(
        "both_legs",
        "Symptoms in both legs, or leg weakness that is getting worse?",
        "emergency",
        "symptoms in both legs or worsening leg weakness",
    ),
    RedFlagQuestion(
        "fall",
        "Did this pain start after a serious fall or accident?",
        "soon",
        "pain after a serious fall or accident",
    ),
    RedFlagQuestion("fever", "Do you have a fever or feel generally unwell?", "soon", "a fever"),
    RedFlagQuestion(
        "weight_loss",
        "Have you lost weight recently without trying?",
        "soon",
        "unexplained weight loss",
    ),
    RedFlagQuestion(
        "cancer",
        "Have you had cancer, and has this back pain not yet been checked by a clinician?",
        "soon",
        "a history of cancer with back pain not yet checked",
    ),
)

URGENCY_WORDS: dict[str, str] = {
    "emergency": "emergency care now",
    "soon": "see a clinician first",
}
"""How soon a yes needs care, in a few words, as `journal show` says it after the yes (the
words of docs/clinical-basis.md's table)."""


def screen_clears(answers: Mapping[str, object]) -> bool:
    """Whether red-flag answers clear the day for exercise: every question answered, each no.
    An unfinished screen (left, or the process killed, before the last answer) clears nothing.

    Args:
        answers: Question id -> True for yes, as the journal's `screen` event keeps them.

    Returns:
        True only when each of `RED_FLAG_QUESTIONS` has a no.
    """
    return all(answers.get(q.id) is False for q in RED_FLAG_QUESTIONS)


FLAG_WORDS: dict[str, str] = {
    "sharp": "sharp pain",
    "spreading": "pain spreading down the leg",
    "numbness": "new numbness or tingling",
}
