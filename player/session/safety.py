"""Pain safety: red-flag questions, check-in answers, verdicts and the calm words that go with them.

Everything here is a pure function of its inputs. Thresholds come from the routine's `safety`
settings; their defaults are in player/routine/models.py, their sources in docs/clinical-basis.md.
The questions' words live in player/session/questions.py (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple

from player.routine.shape import Flag
from player.safetext import shown
from player.session.outcomes import USER_CHOICE, Outcome
from player.session.questions import FLAG_WORDS as FLAG_WORDS
from player.session.questions import RED_FLAG_QUESTIONS as RED_FLAG_QUESTIONS
from player.session.questions import WHEN_WORDS as WHEN_WORDS
from player.session.questions import RedFlagQuestion as RedFlagQuestion
from player.session.questions import Urgency as Urgency
from player.session.questions import When as When
from player.words import plural

if TYPE_CHECKING:
    from player.routine.models import Safety

Rule = Literal["stop_at", "max_rise", "stop_on", "user", "red_flag"]

NOTE_MAX = 2000
"""The longest note kept, in characters (one line): room for a pasted paragraph."""

PAIN_FORMS = (
    "a number from 0 (no pain) to 10 (worst imaginable), optionally followed by "
    "sharp, spreading or numbness, e.g. `3` or `7 sharp`; or `stop`"
)
YES_NO_FORMS = "y, yes, n or no; or `stop`"

EASY_NOTE = "A little more than at the start: keep it easy."


class CheckinAnswer(NamedTuple):
    """A pain answer: 0-10 on the Numeric Pain Rating Scale, plus any flags and a note."""

    pain: int
    flags: tuple[Flag, ...] = ()
    note: str | None = None
    """An optional one-line note (see `clean_note`), kept in the journal beside the answer."""


def clean_note(text: str | None) -> str | None:
    """A note as it is kept: one line, at most `NOTE_MAX` characters, with what a terminal acts
    on dropped as everywhere hep shows text (`safetext.shown`: control characters, escape
    sequences, bidi overrides) and nothing else: joiners and marks of the writing stay.

    Args:
        text: What was typed (None or blank for no note).

    Returns:
        The note, or None when nothing is left.
    """
    if text is None:
        return None
    # A lone surrogate (not UTF-8, so no journal could keep it) goes as a `?`.
    kept = shown(text).encode("utf-8", "replace").decode("utf-8")
    line = " ".join(kept.split())
    if len(line) > NOTE_MAX:
        line = line[: NOTE_MAX - 1].rstrip() + "…"
    return line or None


class Verdict(NamedTuple):
    """What the safety rules say about an answer."""

    rule: Rule | None
    """The rule that stops the session, or None: the session goes on (see `stops`)."""
    reason: str
    """What was found, as a phrase that reads in the third person too (`sharp pain`, `at or
    above the stop level of 6`): the journal keeps it and the report quotes it."""
    said: str = ""
    """The first line the face shows, to the user (`You reported sharp pain.`)."""
    note: str | None = None
    """For continue: a word to show (e.g. pain a little higher than at the start)."""
    urgency: Urgency | None = None
    """For red flags: how soon to get care."""
    details: tuple[str, ...] = ()
    """For red flags: the short names of the yes answers."""

    @property
    def stops(self) -> bool:
        """True when the session must end: some rule stopped it."""
        return self.rule is not None

    def journal_data(self, outcome: Outcome | None = None) -> dict[str, bool | str | None]:
        """The payload of the `verdict` journal event.

        Args:
            outcome: For a stop, the outcome it leaves the session with (kept with it, so a
                session killed before its end was written is found as that stop).
        """
        data: dict[str, bool | str | None] = {
            "stops": self.stops,
            "rule": self.rule,
            "reason": self.reason,
        }
        if outcome is not None:
            data["outcome"] = outcome
        return data


CONTINUE = Verdict(None, "within the limits", "Pain is within your limits.")


def _flag_words(flags: list[Flag] | tuple[Flag, ...]) -> str:
    return " and ".join(FLAG_WORDS[f] for f in flags)


def _over(answer: CheckinAnswer, baseline: int | None, safety: Safety) -> Verdict | None:
    """The pain rules (stop level, then the rise over the baseline): a stop verdict or None."""
    if answer.pain >= safety.stop_at:
        return Verdict(
            "stop_at",
            f"at or above the stop level of {safety.stop_at}",
            f"Pain is {answer.pain} out of 10, at or above your stop level of {safety.stop_at}.",
        )
    if baseline is not None and safety.max_rise is not None:
        rise = answer.pain - baseline
        if rise >= safety.max_rise:
            return Verdict(
                "max_rise",
                f"{plural(rise, 'point')} above the {baseline}/10 before the session",
                f"Pain is {answer.pain} out of 10, {plural(rise, 'point')} above the {baseline} "
                "you had at the start.",
            )
    return None


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
    kept = [f for f in answer.flags if f not in safety.stop_on]
    if stop_flags:
        words = _flag_words(stop_flags)
        also = f" You also noted {_flag_words(kept)}." if kept else ""
        return Verdict("stop_on", words, f"You reported {words}.{also}")
    over = _over(answer, baseline, safety)
    if over is not None:
        if kept:
            return over._replace(said=f"{over.said} You also noted {_flag_words(kept)}.")
        return over
    said = f"Pain is {answer.pain} out of 10."
    if kept:
        return Verdict(None, "within the limits", said, note=flag_note(kept))
    if baseline is not None and answer.pain > baseline:
        return Verdict(None, "a little above the start", said, note=EASY_NOTE)
    return Verdict(None, "within the limits", said)


def flag_note(flags: list[Flag] | tuple[Flag, ...]) -> str:
    """The word for flags the routine carries on with (not in its `stop_on`): named, calmly,
    with what to watch for (docs/clinical-basis.md, "Stop at once").

    Args:
        flags: The flags reported that do not stop this routine.

    Returns:
        One or two sentences.
    """
    words = _flag_words(flags)
    nerve = any(f in ("spreading", "numbness") for f in flags)
    watch = (
        "If it grows or spreads, stop and tell your therapist."
        if nerve
        else "If it comes back or grows, stop and tell your therapist."
    )
    return f"Noted: {words}. Your routine carries on with it, so keep it easy. {watch}"


def judge_stop(answer: CheckinAnswer, baseline: int | None, safety: Safety) -> Verdict:
    """The verdict when the user stops with the stop key and answers its check-in.

    The session stops whatever the answer; the reason records what the answer shows: the flags
    (any of them, even one the routine does not stop on), else a pain rule the answer meets,
    else that the user chose to stop.

    Args:
        answer: The pain, flags and note given at the stop.
        baseline: The pain before the session, or None.
        safety: The routine's safety settings.

    Returns:
        A stop verdict with rule `user`.
    """
    if answer.flags:
        words = _flag_words(answer.flags)
        return Verdict("user", words, f"You stopped the session: {words}.")
    over = _over(answer, baseline, safety)
    if over is not None:
        said = over.said.replace("Pain is", "You stopped the session with pain at", 1)
        return Verdict("user", over.reason, said)
    return Verdict("user", USER_CHOICE, "You stopped the session.")


def judge_screen(answers: dict[str, bool]) -> Verdict:
    """Judge the red-flag answers.

    Args:
        answers: Question id -> True for yes.

    Returns:
        Stop (rule `red_flag`, urgency the highest among the yes answers) or continue.
    """
    yes = [q for q in RED_FLAG_QUESTIONS if answers.get(q.id)]
    if not yes:
        return Verdict(None, "no red flags", "No red flags.")
    urgency: Urgency = "emergency" if any(q.urgency == "emergency" for q in yes) else "soon"
    words = "; ".join(q.short for q in yes)
    return Verdict(
        "red_flag",
        words,
        f"You answered yes to: {words}.",
        urgency=urgency,
        details=tuple(q.short for q in yes),
    )


def screen_stop(answers: object) -> Verdict | None:
    """The red-flag stop the answers given so far make, when the questions end before the
    last one: a session left there after a yes (quit, the end of input, Ctrl+C, a signal, or
    its process killed and the session found unfinished later) is kept as this stop, never
    as quit or interrupted (docs/clinical-basis.md, "Red flags").

    Args:
        answers: Question id -> True for yes, False for no, as the conductor holds them and
            the journal's `screen` event keeps them. Anything else (a row edited by hand) is
            no answer: an id hep does not ask, a value that is not true or false, or answers
            that are not a mapping at all.

    Returns:
        `judge_screen`'s stop verdict for the yes answers, or None when there is none.
    """
    if not isinstance(answers, Mapping):
        return None
    verdict = judge_screen({str(key): True for key, value in answers.items() if value is True})
    return verdict if verdict.stops else None


def stop_message(
    verdict: Verdict, *, before_start: bool = False, advice: tuple[str, ...] = ()
) -> list[str]:
    """The calm words shown when a session stops, then the routine's own advice lines.

    Args:
        verdict: A stop verdict.
        before_start: The stop came from the pain before the first exercise.
        advice: Lines the routine (or its program) adds to every stop, e.g. who to call.

    Returns:
        Lines to show, in order.
    """
    return _stop_words(verdict, before_start=before_start) + [a for a in advice if a]


URGENT_CARE = (
    "Get urgent care if you notice numbness around the genitals or bottom, trouble with "
    "your bladder or bowel, or weakness in both legs."
)
"""The line that goes with every stop for a flag the routine stops on (sharp, spreading or numb,
docs/clinical-basis.md), at a check-in or in the answer at the end, and with any stop or end
answer that names pain spreading down the leg or new numbness."""


def red_flag_care(urgency: Urgency | None) -> str:
    """What to do after a yes at the red-flag questions, as soon as the most urgent yes needs:
    the line a red-flag stop ends with, and the one a session started again that day repeats.

    Args:
        urgency: The stop's urgency (`judge_screen`); None when it cannot be told (a journal
            that kept no answers), read as the less urgent.

    Returns:
        One line.
    """
    if urgency == "emergency":
        return (
            "These can be signs of pressure on the nerves at the base of the spine, which "
            "needs care today: go to an emergency department now, or call your local "
            "emergency number (999 in the UK, 112 in Europe, 911 in the US)."
        )
    return (
        "Please see your doctor or therapist before you exercise: contact them today "
        "or as soon as you can to have it checked."
    )


def _stop_words(verdict: Verdict, *, before_start: bool = False) -> list[str]:
    """The calm words shown when a session stops: what happened, that stopping was right,
    and what to do next.

    Args:
        verdict: A stop verdict.
        before_start: The stop came from the pain before the first exercise: nothing has been
            moved yet, so the words speak of not starting.

    Returns:
        Lines to show, in order.
    """
    if verdict.rule == "red_flag":
        return [
            verdict.said,
            "The session will not start today. Not exercising now is the right call.",
            red_flag_care(verdict.urgency),
        ]
    urgent = URGENT_CARE
    if verdict.rule == "user":
        lines = [
            verdict.said,
            "Stopping when something doesn't feel right is the right call.",
            "Rest, move gently, and note how you feel. If pain persists, talk to your therapist.",
        ]
        nerve = (FLAG_WORDS["spreading"], FLAG_WORDS["numbness"])
        return lines + ([urgent] if any(w in verdict.reason for w in nerve) else [])
    if before_start and verdict.rule in ("stop_at", "stop_on"):
        lines = [
            verdict.said,
            "Not starting is the right call: your routine stops at this, so today is a day to "
            "rest rather than exercise.",
            "Take a breath. Rest, move gently, and note how it feels tomorrow morning.",
            "If it has not settled by then, or lasts more than a week or two, contact your "
            "therapist.",
        ]
        return lines + ([urgent] if verdict.rule == "stop_on" else [])
    lines = [
        verdict.said,
        "Stopping now was the right call: pain is a sign that this way of moving isn't "
        "working today.",
        "Take a breath. Rest, move gently, and note how it feels tomorrow morning.",
        "If the pain is not back to your usual level by then, or lasts more than a week or two, "
        "contact your therapist.",
    ]
    if verdict.rule == "stop_on":
        lines.append(urgent)
    return lines


def closing_words(
    answer: CheckinAnswer, baseline: int | None, safety: Safety, advice: tuple[str, ...] = ()
) -> list[str]:
    """The words after "Session complete" for the pain answer at the end, read by the same
    rules as a check-in: pain over the limits or a stopping flag gets a stop's calm words and
    the routine's advice (the session is over, so nothing is stopped); a flag the routine goes
    on with is named back.

    Args:
        answer: The pain answer at the end.
        baseline: Pain at the start, or None.
        safety: The routine's safety settings.
        advice: Lines the routine (or its program) adds to every stop.

    Returns:
        Lines to show, in order (possibly none).
    """
    verdict = judge_checkin(answer, baseline, safety)
    if verdict.stops:
        lines = [
            verdict.said,
            "That is over your routine's limits. Rest, move gently, and note how it feels "
            "tomorrow morning.",
            "If the pain is not back to your usual level by then, or lasts more than a week or "
            "two, contact your therapist.",
        ]
        if verdict.rule == "stop_on" or any(f in ("spreading", "numbness") for f in answer.flags):
            lines.append(URGENT_CARE)  # as a check-in's stop for the same answer says
        return lines + [a for a in advice if a]
    note = final_note(answer.pain, baseline)
    return ([note] if note else []) + ([verdict.note] if answer.flags and verdict.note else [])


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
