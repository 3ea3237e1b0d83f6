"""The figures of one session, from its events: active and wall time, pain, how it ended, notes.

Pure functions over the events the conductor records (`records.Event`: kind, wall, clock,
data). The summary at the end of a session runs them over the events it recorded in memory;
`hep journal`, `show`, `stats`, the exports and the app's journal screen over the stored ones.
So each figure has one definition:

- active time: exercise time (work, relaxes, rests, getting ready, side switches): the
  session's clock at its last event (`Event.clock`; paused time is left out)
  less the time spent answering check-ins, which is kept apart (answering time).
- wall time: from the start to the end as a wall clock tells it, pauses included, never less
  than the active and answering time (`SessionSummary.wall_seconds`).
- pain: `baseline`, before (the answer before the first exercise), `final`, at the end (the
  closing answer, or the one that stopped the session), and highest (every answer, those two
  included, so it is never below either of them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from player.journal.records import Event
from player.session.outcomes import PLAYED_THROUGH, STOPS, Outcome
from player.session.questions import WHEN_WORDS

ENDING_KINDS = ("final", "stop")
"""Check-ins asked as the session closes."""


def clock_seconds(events: Sequence[Event]) -> float | None:
    """The session's clock at its last event: paused time left out, answering time in.

    Args:
        events: The session's events in order.

    Returns:
        Seconds, or None for a session with no events.
    """
    return max((e.clock for e in events), default=None)


def answer_seconds(events: Sequence[Event]) -> float:
    """Time spent answering the check-ins asked between the exercises' steps (paused time left
    out): from the end of the work before each such check-in to its answer, and on to the
    session's next step when the answer waited for its note (the plain player at a terminal
    keeps the answer first), or to the last event of a session left at it unanswered (quit or
    interrupted there: the quit question's pause, a note). The questions before the first
    exercise and the closing one are asked off the session's clock, and a stop asked during a
    step pauses it, so neither adds here.

    Args:
        events: The session's events in order.

    Returns:
        Seconds (0 when no check-in was answered on the clock).
    """
    total = 0.0
    since: float | None = None  # a check-in between the steps may be open from here
    answered: float | None = None  # a check-in answered here, its note perhaps to come
    for event in events:
        if answered is not None and event.kind not in ("verdict", "note"):
            went_on = event.kind in ("step_started", "step_finished")  # from the answer
            if went_on or (event.kind == "checkin" and event.data.get("when") == "final"):
                total += max(0.0, event.clock - answered)
            answered = None
        if event.kind in ("step_finished", "exercise_done"):
            since = event.clock
        elif event.kind == "step_started":
            since = None
        elif event.kind == "checkin" and event.data.get("step") == "checkin" and since is not None:
            total += max(0.0, event.clock - since)
            since, answered = None, event.clock
    end = clock_seconds(events)
    left = since if since is not None else answered
    if left is not None and end is not None:
        # Between the steps nothing but a check-in keeps the clock going: one was left open.
        total += max(0.0, end - left)
    return total


def active_seconds(events: Sequence[Event]) -> float | None:
    """The session's active time: exercise time (work, relaxes, rests, getting ready), with
    paused time and answering time (`answer_seconds`) left out.

    Args:
        events: The session's events in order.

    Returns:
        Seconds, or None for a session with no events.
    """
    clock = clock_seconds(events)
    return None if clock is None else max(0.0, clock - answer_seconds(events))


@dataclass(frozen=True)
class Pain:
    """A session's pain, 0-10; None where it was not asked or not answered."""

    baseline: int | None
    """Before the first exercise (the `baseline` check-in)."""
    highest: int | None
    """The highest answer of the session, `baseline` and `final` included."""
    final: int | None
    """At the end: the closing answer, or the answer that stopped the session."""


def _pain(event: Event) -> int | None:
    value = event.data.get("pain")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def pain(events: Sequence[Event]) -> Pain:
    """The session's pain before, highest and at the end (see the module docstring).

    Args:
        events: The session's events in order.

    Returns:
        The three figures.
    """
    before: int | None = None
    closing: int | None = None
    stopped_at: int | None = None
    last: int | None = None
    answers: list[int] = []
    for event in events:
        if event.kind == "checkin" and (value := _pain(event)) is not None:
            answers.append(value)
            last = value
            when = event.data.get("when")
            if when == "baseline" and before is None:
                before = value
            elif when in ENDING_KINDS or event.data.get("outcome") in PLAYED_THROUGH:
                closing = value  # a last check-in is the closing answer too
        elif event.kind == "verdict" and event.data.get("stops") is True and last is not None:
            stopped_at = last if stopped_at is None else stopped_at
    end = closing if closing is not None else stopped_at
    return Pain(before, max(answers, default=None), end)


# --- where and why ------------------------------------------------------------------------

_STEP_PLACES = {
    "get_ready": "while getting ready for {}",
    "rest": "in a rest during {}",
    "switch_side": "while switching sides in {}",
    "between": "in the rest after {}",
    "wait": "before {}",
}


def place(data: dict[str, Any]) -> str:
    """Where in the session a check-in, stop or note happened, in words.

    Args:
        data: The event's payload (`when`, `exercise`, `set`, `side`, `step`, as recorded).

    Returns:
        E.g. `during Bird dog, left`, `after set 2 of Dead bug`, `before the session`.
    """
    exercise = data.get("exercise")
    when = data.get("when")
    side = data.get("side")
    if not isinstance(exercise, str) or not exercise:
        return (
            WHEN_WORDS.get(str(when), "during the session")
            if when != "stop"
            else ("before the first exercise")
        )
    named = exercise + (f", {side}" if isinstance(side, str) and side else "")
    step = data.get("step")
    # A check-in, or a stop at one, is after the work it follows: the set, the side, or the
    # whole exercise (no side named: it is after both).
    after = when if isinstance(when, str) and when.startswith("after_") else None
    at = "at the check-in " if step == "checkin" and after is None else ""
    after = after or (data.get("at") if step == "checkin" else None)
    if after == "after_set" and isinstance(data.get("set"), int):
        return f"{at}after set {data['set']} of {named}"
    if after == "after_exercise":
        return f"{at}after {exercise}"
    if after is not None or step == "checkin":
        return f"{at}after {named}"
    if isinstance(step, str) and step in _STEP_PLACES:
        return _STEP_PLACES[step].format(named)
    return f"during {named}"


_LEGACY = (
    (re.compile(r"^You reported (.+?)\.?$"), r"\1"),
    (re.compile(r"^You answered yes to: (.+?)\.?$"), r"\1"),
    (
        re.compile(r"^Pain is \d+ out of 10, at or above your stop level of (\d+)\.?$"),
        r"at or above the stop level of \1",
    ),
    (
        re.compile(
            r"^Pain is \d+ out of 10, (\d+) points? above the (\d+) you had at the start\.?$"
        ),
        r"\1 points above the \2/10 before the session",
    ),
    (re.compile(r"^You stopped the session\.?$"), "chose to stop"),
    (re.compile(r"^You quit the session\.?$"), "Quit before the end."),
)


def third_person(reason: str) -> str:
    """A reason as the report quotes it: journals written by an earlier hep kept some in the
    second person (`You reported sharp pain.`); those read back as `sharp pain`.

    Args:
        reason: The stored reason.

    Returns:
        The reason with no "you" to address.
    """
    for pattern, replacement in _LEGACY:
        if pattern.match(reason):
            return pattern.sub(replacement, reason)
    return reason


@dataclass(frozen=True)
class Stop:
    """A session stopped by the safety rules: at what pain, where, and why."""

    pain: int | None
    place: str
    reason: str
    """A third-person phrase: `sharp pain`, `at or above the stop level of 6`."""
    red_flag: bool

    @property
    def sentence(self) -> str:
        """The stop as the report says it: `Stopped at 7/10 during Bird dog, left: sharp pain.`"""
        if self.red_flag:
            return f"Stopped at the red-flag questions: {self.reason}."
        at = f" at {self.pain}/10" if self.pain is not None else ""
        return f"Stopped{at} {self.place}: {self.reason}."


def stop(events: Sequence[Event]) -> Stop | None:
    """How the session was stopped, if a stop verdict is among its events.

    Args:
        events: The session's events in order.

    Returns:
        The stop, or None when no rule stopped the session.
    """
    index = next(
        (
            i
            for i in range(len(events) - 1, -1, -1)
            if events[i].kind == "verdict" and events[i].data.get("stops") is True
        ),
        None,
    )
    if index is None:
        return None
    verdict = events[index].data
    reason = third_person(str(verdict.get("reason") or "stopped"))
    if verdict.get("rule") == "red_flag":
        return Stop(None, "before the session", reason, True)
    earlier = [e for e in events[:index] if e.kind == "checkin" and _pain(e) is not None]
    later = [e for e in events[index + 1 :] if e.kind == "checkin" and _pain(e) is not None]
    # The answer that stopped it; an earlier hep asked the stop's pain after its verdict.
    answer = earlier[-1] if earlier and earlier[-1].data.get("when") != "final" else None
    if verdict.get("rule") == "user" and (answer is None or answer.data.get("when") != "stop"):
        answer = later[0] if later else answer
    if answer is None:
        return Stop(None, "before the first exercise", reason, False)
    where = answer.data
    if not where.get("exercise"):
        # An earlier hep kept no place with the stop's answer: the step it stopped in tells.
        steps = [e for e in events[: events.index(answer)] if e.kind == "step_started"]
        if steps:
            where = {**steps[-1].data, "when": None}
    return Stop(_pain(answer), place(where), reason, False)


def stop_outcome(events: Sequence[Event]) -> Outcome | None:
    """The outcome the session's stop verdict left it with, as the conductor wrote it with the
    verdict (before the session's end, which a killed process may never have written).

    Args:
        events: The session's events in order.

    Returns:
        A stop outcome (`STOPS`), or None: no stop verdict, or one from a hep that did not
        keep its outcome.
    """
    for event in reversed(events):
        if event.kind == "verdict" and event.data.get("stops") is True:
            outcome = event.data.get("outcome")
            return next((o for o in STOPS if o == outcome), None)
    return None


def closing_outcome(events: Sequence[Event]) -> Outcome | None:
    """The outcome the session's closing pain answer left it with, as the conductor wrote it
    with that answer (the closing question's, or the last check-in's when the session ends with
    it): the closing answer is the session's end, whether or not the end was written after it
    (a process killed at the note question that follows it never writes it).

    Args:
        events: The session's events in order.

    Returns:
        `completed` or `nothing_done` (`PLAYED_THROUGH`), or None: no closing answer, or one
        from a hep that did not keep its outcome.
    """
    for event in reversed(events):
        if event.kind == "checkin":  # the last answer: the closing one, or a last check-in
            outcome = event.data.get("outcome")
            return next((o for o in PLAYED_THROUGH if o == outcome), None)
    return None


def ending(outcome: str, events: Sequence[Event], reason: str | None) -> str | None:
    """How the session ended, as one third-person sentence (kept as the session's reason).

    Args:
        outcome: The session's outcome code.
        events: Its events in order.
        reason: The reason given when it ended (for a quit or an interruption), if any.

    Returns:
        `Stopped at 7/10 during Bird dog, left: sharp pain.`, `Input ended before the session
        finished.`; None for a completed or running session.
    """
    if outcome in STOPS:
        found = stop(events)
        if found is not None:
            return found.sentence
    if outcome == "completed" or reason is None:
        return None
    return third_person(reason)


def screen_answers(events: Sequence[Event]) -> object:
    """The red-flag answers a session kept: its last `screen` event's (each holds the answers
    given so far), as they were stored, to be read with `safety.screen_stop`.

    Args:
        events: The session's events in order.

    Returns:
        The answers (question id -> yes), or None when it has no screen event.
    """
    screens = [e for e in events if e.kind == "screen"]
    return screens[-1].data.get("answers") if screens else None


@dataclass(frozen=True)
class Note:
    """A note the user wrote, and where in the session."""

    wall: datetime
    text: str
    place: str


def notes(events: Sequence[Event]) -> list[Note]:
    """The session's notes, in order.

    Args:
        events: The session's events in order.

    Returns:
        One `Note` per `note` event with text.
    """
    out = []
    for event in events:
        text = event.data.get("text") if event.kind == "note" else None
        if isinstance(text, str) and text.strip():
            out.append(Note(event.wall, " ".join(text.split()), place(event.data)))
    return out
