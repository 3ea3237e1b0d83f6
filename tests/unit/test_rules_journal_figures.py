"""What the journal shows of a session, one rule a test (README, "What the journal shows"): the
active time and the answering time, pain before, highest and at the end, where a check-in, a
stop or a note happened, and how a stop reads.

Streams of events are written the way the conductor records them (the same kinds, data and
clock), and every figure is checked against a value worked out by hand from the routine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from player.conductor.core import Conductor
from player.journal import figures
from player.journal.records import Event
from player.routine.durations import format_duration
from player.routine.models import Routine
from player.session.outcomes import USER_STOP
from player.session.safety import CheckinAnswer

WALL = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)
Item = tuple[str, dict[str, Any], float]


def stream(*items: Item) -> list[Event]:
    return [Event(n, kind, WALL, clock, data) for n, (kind, data, clock) in enumerate(items, 1)]


def where(exercise: str | None = None, step: str | None = None, **more: Any) -> dict[str, Any]:
    place = {"exercise": exercise, "exercise_index": None, "set": None, "side": None}
    return place | {"step": step} | more


def checkin(pain: int | None, when: str, clock: float, **place: Any) -> Item:
    return ("checkin", {"pain": pain, "flags": [], "when": when} | where(**place), clock)


def verdict(stops: bool, rule: str | None, reason: str, clock: float) -> Item:
    return ("verdict", {"stops": stops, "rule": rule, "reason": reason}, clock)


def step(kind: str, exercise: str, start: float, end: float, **more: Any) -> list[Item]:
    data = where(exercise, kind, **more)
    finished = data | {"planned": end - start, "elapsed": end - start, "skipped": False}
    return [("step_started", data, start), ("step_finished", finished, end)]


def done(exercise: str, clock: float) -> Item:
    return ("exercise_done", {"exercise": exercise, "skipped": False}, clock)


# Calves: 5 s to get ready, 2 sets of 30 s with a 10 s rest and a check-in after each set;
# 15 s rest between exercises; Hamstrings: 5 s to get ready, 20 s, a check-in after it.
EXERCISE_TIME = 5 + 30 + 10 + 30 + 15 + 5 + 20
ANSWERS = (3.0, 0.5, 12.0)
"""Seconds from the end of the work to each check-in's answer (one under a second)."""


def played(answers: tuple[float, float, float] = ANSWERS) -> list[Event]:
    """A whole session as the conductor records it, the check-ins answered after `answers`."""
    a1, a2, a3 = answers
    items = [checkin(1, "baseline", 0.0), verdict(False, None, "within the limits", 0.0)]
    items += step("get_ready", "Calves", 0.0, 5.0) + step("work", "Calves", 5.0, 35.0, set=1)
    t = 35.0 + a1
    items += [checkin(2, "after_set", t, exercise="Calves", set=1, step="checkin")]
    items += [verdict(False, None, "a little above the start", t)]
    items += step("rest", "Calves", t, t + 10, set=1)
    items += step("work", "Calves", t + 10, t + 40, set=2)
    t += 40
    items += [done("Calves", t)]
    t += a2
    items += [checkin(2, "after_set", t, exercise="Calves", set=2, step="checkin")]
    items += [verdict(False, None, "a little above the start", t)]
    items += step("between", "Calves", t, t + 15) + step("get_ready", "Hamstrings", t + 15, t + 20)
    items += step("work", "Hamstrings", t + 20, t + 40, set=1)
    t += 40
    items += [done("Hamstrings", t)]
    t += a3
    items += [checkin(3, "after_exercise", t, exercise="Hamstrings", set=1, step="checkin")]
    items += [verdict(False, None, "a little above the start", t), checkin(3, "final", t)]
    return stream(*items)


# --- active time and answering time ---------------------------------------------------------


def test_answering_time_runs_from_the_end_of_the_work_to_each_answer() -> None:
    events = played()
    assert figures.answer_seconds(events) == pytest.approx(sum(ANSWERS))


def test_active_time_is_the_exercise_time_with_the_answering_time_left_out() -> None:
    for answers in (ANSWERS, (40.0, 0.25, 1.0)):
        events = played(answers)
        assert figures.active_seconds(events) == pytest.approx(EXERCISE_TIME)
        assert figures.clock_seconds(events) == pytest.approx(EXERCISE_TIME + sum(answers))


def test_questions_off_the_clock_are_no_answering_time() -> None:
    # The question before the first exercise and the closing one are asked off the clock.
    events = played()
    early = [e for e in events if e.data.get("when") in ("baseline", "final")]
    assert early and figures.answer_seconds(early) == 0.0


def test_a_session_stopped_before_any_exercise_has_no_active_time() -> None:
    events = stream(checkin(7, "baseline", 0.0), verdict(True, "stop_at", "at or above", 0.0))
    assert figures.active_seconds(events) == 0.0
    assert format_duration(figures.active_seconds(events)) == "0s"


ONE = Routine.model_validate(
    {
        "name": "One",
        "description": "One exercise and a check-in after it.",
        "defaults": {"get_ready": 0, "checkin": "after_exercise"},
        "safety": {"screen": "never"},
        "exercises": [{"name": "Calves", "duration": 30}, {"name": "Quads", "duration": 20}],
    }
)


def test_a_pause_or_a_note_while_a_check_in_waits_leaves_its_answering_time_whole() -> None:
    c = Conductor(ONE)
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(1))
    now = 1.0
    while c.prompt is None:
        now += 0.5
        c.tick(now)
    assert c.prompt.when == "after_exercise"
    waited = now - 31.0  # the work ended 30 s after the start at 1.0
    c.pause(now + 2.0)
    c.resume(now + 62.0)  # a minute paused: never counted
    c.add_note(now + 63.0, "calf tight")
    c.answer_pain(now + 64.0, CheckinAnswer(2))
    events = c.record().events
    after_work = [e.kind for e in events if e.clock > 30.0]
    assert after_work[:4] == ["pause", "resume", "note", "checkin"]  # all while it waits
    assert figures.answer_seconds(events) == pytest.approx(waited + 2.0 + 2.0)
    assert figures.active_seconds(events) == pytest.approx(30.0)


# --- pain before, highest and at the end --------------------------------------------------------


def test_a_session_left_early_has_pain_before_and_highest_but_none_at_the_end() -> None:
    # Every answer has its verdict that carries on; none of them is the end.
    events = played()[:-5]  # left at the last check-in, before answering it
    assert figures.pain(events) == figures.Pain(1, 2, None)


def test_a_red_flag_stop_has_no_pain_figures() -> None:
    events = stream(verdict(True, "red_flag", "new bladder or bowel trouble", 0.0))
    assert figures.pain(events) == figures.Pain(None, None, None)


@pytest.mark.parametrize("pain", [True, "7", 7.5, None])
def test_a_pain_the_journal_cannot_read_as_0_to_10_is_no_answer(pain: Any) -> None:
    events = stream(checkin(2, "baseline", 0.0), checkin(pain, "final", 9.0))  # type: ignore[arg-type]
    assert figures.pain(events) == figures.Pain(2, 2, None)


# --- where: a check-in, a stop, a note ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (where("Calves", "checkin", set=1) | {"when": "after_set"}, "after set 1 of Calves"),
        (
            where("Calves", "checkin", set=2, side="left") | {"when": "after_set"},
            "after set 2 of Calves, left",
        ),
        # After the whole exercise no side is named: it is after both.
        (
            where("Calves", "checkin", set=2, side="right") | {"when": "after_exercise"},
            "after Calves",
        ),
        (where("Calves", "rest", set=1) | {"when": None}, "in a rest during Calves"),
        (
            where("Calves", "switch_side", side="left") | {"when": None},
            "while switching sides in Calves, left",
        ),
        (where("Calves", "wait") | {"when": None}, "before Calves"),
        (where() | {"when": None}, "during the session"),
        (where() | {"when": "after_exercise"}, "after the exercise"),
    ],
)
def test_each_place_in_a_session_reads_as_words(data: dict[str, Any], words: str) -> None:
    assert figures.place(data) == words


def test_a_note_with_no_place_is_during_the_session() -> None:
    note = ("note", {"text": "felt fine", "when": None} | where(), 4.0)
    assert [(n.text, n.place) for n in figures.notes(stream(note))] == [
        ("felt fine", "during the session")
    ]


ROUTINE = Routine.model_validate(
    {
        "name": "Sides",
        "description": "Two sides, a check-in after each set.",
        "defaults": {"get_ready": 5, "rest": 10, "checkin": "after_set"},
        "safety": {"screen": "never"},
        "exercises": [
            {"name": "Side bridge", "duration": 10, "sets": 2, "sides": ["left", "right"]},
        ],
    }
)


def stopped_at_a_checkin(number: int, pain: int) -> str | None:
    """Play to the `number`th check-in (1 from the start), press stop there and answer `pain`;
    how the session's ending reads."""
    c = Conductor(ROUTINE)
    now = 0.0
    c.start(now)
    now += 1.0
    c.answer_pain(now, CheckinAnswer(1))
    seen = 0
    for _ in range(2000):
        if c.prompt is not None and c.prompt.kind == "pain" and c.prompt.when != "stop":
            seen += 1
            if seen == number:
                now += 2.0
                c.stop(now)
                now += 1.0
                c.answer_pain(now, CheckinAnswer(pain))
                record = c.record()
                assert c.stage == "done"
                return figures.ending(record.summary.outcome, record.events, None)
            now += 1.0
            c.answer_pain(now, CheckinAnswer(1))
        else:
            now += 0.25
            c.tick(now)
    raise AssertionError("the check-in never came")


def test_a_stop_at_a_check_in_is_after_the_work_it_follows() -> None:
    assert stopped_at_a_checkin(1, 2) == (
        "Stopped at 2/10 at the check-in after set 1 of Side bridge, left: chose to stop."
    )
    assert stopped_at_a_checkin(3, 7) == (
        "Stopped at 7/10 at the check-in after set 1 of Side bridge, right: "
        "at or above the stop level of 6."
    )


def test_a_stop_at_a_check_in_kept_without_which_one_is_after_the_work_before_it() -> None:
    # An earlier hep did not keep which check-in (`at`): the stop is after the work before it.
    data = where("Calves", "checkin", set=2, side="left")
    events = stream(
        checkin(1, "baseline", 0.0),
        ("checkin", {"pain": 4, "flags": [], "when": "stop"} | data, 50.0),
        verdict(True, "user", "chose to stop", 50.0),
    )
    assert figures.ending(USER_STOP, events, None) == (
        "Stopped at 4/10 at the check-in after Calves, left: chose to stop."
    )


# --- how a stop reads ---------------------------------------------------------------------


def test_a_stop_reads_the_answer_that_stopped_it_not_an_earlier_one() -> None:
    events = stream(
        checkin(1, "baseline", 0.0),
        verdict(False, None, "within the limits", 0.0),
        *step("work", "Calves", 0.0, 30.0, set=1),
        checkin(2, "after_set", 32.0, exercise="Calves", set=1, step="checkin"),
        verdict(False, None, "a little above the start", 32.0),
        ("step_started", where("Calves", "work", set=2), 32.0),
        checkin(5, "stop", 40.0, exercise="Calves", set=2, step="work"),
        verdict(True, "user", "chose to stop", 40.0),
    )
    assert figures.ending(USER_STOP, events, None) == (
        "Stopped at 5/10 during Calves: chose to stop."
    )
    assert figures.pain(events) == figures.Pain(1, 5, 5)


def test_a_stopped_session_whose_journal_kept_no_verdict_ends_with_its_reason() -> None:
    events = stream(checkin(1, "baseline", 0.0), verdict(False, None, "within the limits", 0.0))
    assert figures.stop(events) is None
    assert figures.stop([]) is None
    assert figures.ending("stopped_pain", events, "Input ended.") == "Input ended."


def test_a_note_keeps_the_moment_it_was_written() -> None:
    later = WALL.replace(minute=41)
    note = Event(1, "note", later, 12.0, {"text": "calf tight", "when": None} | where("Calves"))
    assert [(n.wall, n.text) for n in figures.notes([note])] == [(later, "calf tight")]


# --- journals an earlier hep wrote ----------------------------------------------------------
# It asked the stop key's pain after the stop's verdict, and the closing pain after a stop.


def test_an_earlier_stop_at_the_first_question_reads_the_pain_asked_after_it() -> None:
    events = stream(verdict(True, "user", "You stopped the session.", 0.0), checkin(5, "stop", 0.0))
    assert figures.ending(USER_STOP, events, None) == (
        "Stopped at 5/10 before the first exercise: chose to stop."
    )


def test_an_earlier_stop_left_before_its_pain_was_asked_reads_without_a_pain() -> None:
    events = stream(verdict(True, "user", "You stopped the session.", 0.0))
    assert figures.ending(USER_STOP, events, None) == (
        "Stopped before the first exercise: chose to stop."
    )


def test_an_earlier_pain_stop_reads_the_answer_that_stopped_it_not_the_closing_one() -> None:
    events = stream(
        checkin(1, "baseline", 0.0),
        *step("work", "Calves", 0.0, 30.0, set=1),
        checkin(7, "after_set", 32.0, exercise="Calves", set=1, step="checkin"),
        verdict(True, "stop_at", "at or above the stop level of 6", 32.0),
        checkin(5, "final", 32.0),
    )
    assert figures.ending("stopped_pain", events, None) == (
        "Stopped at 7/10 after set 1 of Calves: at or above the stop level of 6."
    )
    assert figures.pain(events) == figures.Pain(1, 7, 5)
