"""The session's first question, decided from what today's journal says.

One definition for the conductor, which asks it as a session starts, and for the app, which can
put it on screen before the session is built (when the day's facts are known without opening
the journal: `player.journal.record.facts`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NamedTuple

from player.session.safety import PAIN_FORMS, RED_FLAG_QUESTIONS, YES_NO_FORMS, When
from player.session.scale import pain_words

if TYPE_CHECKING:
    from player.routine.models import Routine, Safety


class Today(NamedTuple):
    """What today's journal says before a session starts."""

    line: str | None = None
    """`Earlier today: stopped at 5/10 at 09:12 (pain spreading down the leg)`, or None."""
    stop: str | None = None
    """When a session stopped for pain or a red flag today: why starting again asks first."""
    care: str | None = None
    """When the most serious stop today was a red flag: the care its stop said to get (the
    words a start declined that day ends with)."""


NOTHING = Today()
"""No earlier session today (or no journal to ask)."""


class Prompt(NamedTuple):
    """What the face must ask now."""

    kind: Literal["confirm", "yes_no", "pain", "note", "continue", "done"]
    """`confirm`: start after a stop earlier today? (`answer_confirm`); `yes_no`: a red-flag
    question (`answer_yes_no`); `pain`: 0-10, flags and a note (`answer_pain`; at a stop,
    `cancel_stop` goes back to the session); `note`: the note of the pain answer just given,
    for a face that asks it apart (`add_note`); `continue`: ready for the next exercise (`done`);
    `done`: end of a self-paced set (`done`)."""
    text: str
    """The question or invitation, as shown."""
    forms: str = ""
    """The accepted answers, to show again after an unreadable one."""
    question_id: str | None = None
    """For `yes_no`: the red-flag question's id."""
    when: When | None = None
    """For `pain`: which check-in this is."""
    context: str | None = None
    """What to show with the question: today's earlier answers (before the session), why
    starting again asks first (`confirm`)."""
    scale: tuple[str, ...] = ()
    """For `pain`: the word for each number 0-10 (`player.session.scale.pain_words`), saying
    which numbers stop the session under the routine's rules."""


def asks_first(today: Today, speed: float) -> bool:
    """Whether "Start anyway?" comes first: a session stopped earlier today, and this one is
    not a preview (a preview is not a session: nothing to ask)."""
    return bool(today.stop) and speed == 1


def confirm_prompt(stop: str) -> Prompt:
    """ "Start anyway?", with why it is asked."""
    return Prompt("confirm", "Start anyway? (y or n)", "y or n", context=stop)


def screen_due(screen: str, screened_today: Callable[[], bool] | bool) -> bool:
    """Whether the red-flag questions come first, under the routine's `safety.screen`
    (`screened_today`, when a callable, is asked only when the routine screens daily)."""
    if screen != "daily":
        return screen == "always"
    return not (screened_today() if callable(screened_today) else screened_today)


def screen_prompt(index: int) -> Prompt:
    """The red-flag question at `index`."""
    q = RED_FLAG_QUESTIONS[index]
    return Prompt("yes_no", q.text, YES_NO_FORMS, question_id=q.id)


def baseline_prompt(line: str | None, safety: Safety) -> Prompt:
    """The pain question before the first exercise, with today's earlier answers (`line`)."""
    return Prompt(
        "pain",
        "Pain right now, 0-10?",
        PAIN_FORMS,
        when="baseline",
        context=line,
        scale=pain_words(safety, None),
    )


def first_question(routine: Routine, today: Today, screened_today: bool, speed: float) -> Prompt:
    """The first question a session of `routine` asks (the conductor's `start`).

    Args:
        routine: The routine.
        today: Today's earlier sessions.
        screened_today: Whether the red-flag questions were answered today.
        speed: Session seconds per real second (above 1: a preview).

    Returns:
        "Start anyway?", the first red-flag question, or the pain before the session.
    """
    if asks_first(today, speed):
        return confirm_prompt(today.stop or "")
    if screen_due(routine.safety.screen, screened_today):
        return screen_prompt(0)
    return baseline_prompt(today.line, routine.safety)
