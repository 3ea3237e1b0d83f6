"""Pain safety: red-flag questions, check-in answers, verdicts and the calm words that go with them.

Everything here is a pure function of its inputs. Thresholds come from the routine's `safety`
settings; their defaults are in player/routine/models.py, their sources in docs/clinical-basis.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from player.routine.models import FLAGS, Flag, Safety

Action = Literal["continue", "stop"]
Rule = Literal["stop_at", "max_rise", "stop_on", "user", "red_flag"]
Urgency = Literal["emergency", "soon"]
When = Literal["baseline", "after_set", "after_side", "after_exercise", "final", "stop"]


@dataclass(frozen=True)
class RedFlagQuestion:
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

FLAG_WORDS: dict[Flag, str] = {
    "sharp": "sharp pain",
    "spreading": "pain spreading down the leg",
    "numbness": "new numbness or tingling",
}

PAIN_FORMS = (
    "a number from 0 (no pain) to 10 (worst imaginable), optionally followed by "
    "sharp, spreading or numbness, e.g. `3` or `7 sharp`; or `stop`"
)
YES_NO_FORMS = "y, yes, n or no; or `stop`"

EASY_NOTE = "A little more than at the start: keep it easy."


@dataclass(frozen=True)
class CheckinAnswer:
    """A pain answer: 0-10 on the Numeric Pain Rating Scale, plus any flags."""

    pain: int
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the safety rules say about an answer."""

    action: Action
    """`continue` or `stop`."""
    rule: Rule | None
    """The rule that stopped the session, or None to continue."""
    reason: str
    """One sentence a person can read: what was found."""
    note: str | None = None
    """For continue: a word to show (e.g. pain a little higher than at the start)."""
    urgency: Urgency | None = None
    """For red flags: how soon to get care."""
    details: tuple[str, ...] = field(default=())
    """For red flags: the short names of the yes answers."""

    @property
    def stops(self) -> bool:
        """True when the session must end."""
        return self.action == "stop"

    def journal_data(self) -> dict[str, str | None]:
        """The payload of the `verdict` journal event."""
        return {"action": self.action, "rule": self.rule, "reason": self.reason}


CONTINUE = Verdict("continue", None, "Pain is within your limits.")


def judge_checkin(answer: CheckinAnswer, baseline: int | None, safety: Safety) -> Verdict:
    """Judge a check-in answer against the routine's safety settings.

    Rules in order: a flag in `stop_on`; pain at or above `stop_at`; pain `max_rise` or more
    above the baseline. Allowed pain above the baseline continues with a note.

    Args:
        answer: The pain and flags given.
        baseline: The pain before the session, or None (for the baseline answer itself).
        safety: The routine's safety settings.

    Returns:
        The verdict, with a readable reason.
    """
    stop_flags = [f for f in answer.flags if f in safety.stop_on]
    if stop_flags:
        words = " and ".join(FLAG_WORDS[f] for f in stop_flags)
        return Verdict("stop", "stop_on", f"You reported {words}.")
    if answer.pain >= safety.stop_at:
        return Verdict(
            "stop",
            "stop_at",
            f"Pain is {answer.pain} out of 10, at or above your stop level of {safety.stop_at}.",
        )
    if baseline is not None and safety.max_rise is not None:
        rise = answer.pain - baseline
        if rise >= safety.max_rise:
            return Verdict(
                "stop",
                "max_rise",
                f"Pain is {answer.pain} out of 10, {rise} points above the {baseline} you had "
                "at the start.",
            )
    if baseline is not None and answer.pain > baseline:
        return Verdict("continue", None, f"Pain is {answer.pain} out of 10.", note=EASY_NOTE)
    return Verdict("continue", None, f"Pain is {answer.pain} out of 10.")


def judge_screen(answers: dict[str, bool]) -> Verdict:
    """Judge the red-flag answers.

    Args:
        answers: Question id -> True for yes.

    Returns:
        Stop (rule `red_flag`, urgency the highest among the yes answers) or continue.
    """
    yes = [q for q in RED_FLAG_QUESTIONS if answers.get(q.id)]
    if not yes:
        return Verdict("continue", None, "No red flags.")
    urgency: Urgency = "emergency" if any(q.urgency == "emergency" for q in yes) else "soon"
    words = "; ".join(q.short for q in yes)
    return Verdict(
        "stop",
        "red_flag",
        f"You answered yes to: {words}.",
        urgency=urgency,
        details=tuple(q.short for q in yes),
    )


def user_stop() -> Verdict:
    """The verdict when the user stops the session."""
    return Verdict("stop", "user", "You stopped the session.")


def stop_message(verdict: Verdict) -> list[str]:
    """The calm words shown when a session stops: what happened, that stopping was right,
    and what to do next.

    Args:
        verdict: A stop verdict.

    Returns:
        Lines to show, in order.
    """
    if verdict.rule == "red_flag":
        if verdict.urgency == "emergency":
            act = (
                "These can be signs of pressure on the nerves at the base of the spine, which "
                "needs care today: go to an emergency department now, or call your local "
                "emergency number (999 in the UK, 112 in Europe, 911 in the US)."
            )
        else:
            act = (
                "Please see your doctor or therapist before you exercise: contact them today "
                "or as soon as you can to have it checked."
            )
        return [
            verdict.reason,
            "The session will not start today. Not exercising now is the right call.",
            act,
        ]
    if verdict.rule == "user":
        return [
            "You stopped the session.",
            "Stopping when something doesn't feel right is the right call.",
            "Rest, move gently, and note how you feel. If pain persists, talk to your therapist.",
        ]
    lines = [
        verdict.reason,
        "Stopping now was the right call: pain is a sign that this way of moving isn't "
        "working today.",
        "Take a breath. Rest, move gently, and note how it feels tomorrow morning.",
        "If the pain is not back to your usual level by then, or lasts more than a week or two, "
        "contact your therapist.",
    ]
    if verdict.rule == "stop_on":
        lines.append(
            "Get urgent care if you notice numbness around the genitals or bottom, trouble with "
            "your bladder or bowel, or weakness in both legs."
        )
    return lines


def final_note(final: int | None, baseline: int | None) -> str | None:
    """A word on the last pain answer compared with the start, or None when there is nothing to say.

    Args:
        final: Pain at the end, or None if not given.
        baseline: Pain at the start, or None.
    """
    if final is None or baseline is None:
        return None
    if final > baseline:
        return (
            f"Pain is {final - baseline} above where you started. It should settle by tomorrow "
            "morning; if it doesn't, do less next time."
        )
    return "Pain is no higher than at the start."


def parse_pain(text: str) -> CheckinAnswer | None:
    """Read a typed pain answer: `0`-`10`, optionally followed by flags (`7 sharp`).

    Args:
        text: The line typed.

    Returns:
        The answer, or None when it cannot be read (ask again with `PAIN_FORMS`).
    """
    words = re.split(r"[\s,]+", text.strip().lower())
    # isdecimal, not isdigit: int() refuses digits such as a superscript two; at most two of
    # them, as int() also refuses over 4,300 digits.
    if not words or not words[0].isdecimal() or len(words[0].lstrip("0")) > 2:
        return None
    pain = int(words[0])
    if not 0 <= pain <= 10:
        return None
    flags: list[Flag] = []
    for word in words[1:]:
        match = next((f for f in FLAGS if f.startswith(word)), None) if len(word) >= 2 else None
        if match is None:
            return None
        if match not in flags:
            flags.append(match)
    return CheckinAnswer(pain, tuple(flags))


def parse_yes_no(text: str) -> bool | None:
    """Read a typed yes/no answer.

    Args:
        text: The line typed.

    Returns:
        True for y/yes, False for n/no, None when it cannot be read.
    """
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    return None
