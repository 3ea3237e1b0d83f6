"""The figures of a session from its events: pain, how it ended, where, notes, active time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from player.journal import figures
from player.journal.records import Event

WALL = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)


def events(*items: tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], float]) -> list[Event]:
    out = []
    for number, item in enumerate(items, 1):
        kind, data = item[0], item[1]
        clock = item[2] if len(item) == 3 else float(number)
        out.append(Event(number, kind, WALL, clock, data))
    return out


def checkin(pain: int, when: str, **where: Any) -> tuple[str, dict[str, Any]]:
    return ("checkin", {"pain": pain, "flags": [], "when": when} | where)


def verdict(rule: str, reason: str, action: str = "stop") -> tuple[str, dict[str, Any]]:
    return ("verdict", {"stops": action == "stop", "rule": rule, "reason": reason})


BIRD_DOG = {"exercise": "Bird dog", "exercise_index": 4, "set": 2, "side": "left", "step": "hold"}


def test_pain_at_the_end_is_the_answer_that_stopped_the_session() -> None:
    found = events(
        checkin(2, "baseline"),
        checkin(4, "after_set", **BIRD_DOG),
        verdict("max_rise", "2 points above the 2/10 before the session"),
    )
    assert figures.pain(found) == figures.Pain(2, 4, 4)


def test_pain_highest_is_never_below_before_or_the_end() -> None:
    found = events(checkin(6, "baseline"), checkin(3, "after_exercise"), checkin(5, "final"))
    assert figures.pain(found) == figures.Pain(6, 6, 5)
    assert figures.pain(events(checkin(3, "after_exercise"))) == figures.Pain(None, 3, None)
    assert figures.pain([]) == figures.Pain(None, None, None)


def test_a_quit_has_no_pain_at_the_end() -> None:
    found = events(checkin(2, "baseline"), ("step_started", BIRD_DOG), ("step_finished", BIRD_DOG))
    assert figures.pain(found).final is None


def test_active_time_is_the_clock_of_the_last_event() -> None:
    found = events(("pause", {}, 10.0), ("resume", {}, 10.0), ("step_finished", {}, 42.5))
    assert figures.active_seconds(found) == 42.5
    assert figures.active_seconds([]) is None


@pytest.mark.parametrize(
    ("items", "sentence"),
    [
        (
            [checkin(2, "baseline"), checkin(7, "stop", **BIRD_DOG), verdict("user", "sharp pain")],
            "Stopped at 7/10 during Bird dog, left: sharp pain.",
        ),
        (
            [
                checkin(1, "baseline"),
                checkin(6, "after_set", **BIRD_DOG),
                verdict("stop_at", "at or above the stop level of 6"),
            ],
            "Stopped at 6/10 after set 2 of Bird dog, left: at or above the stop level of 6.",
        ),
        (
            [verdict("red_flag", "new bladder or bowel trouble")],
            "Stopped at the red-flag questions: new bladder or bowel trouble.",
        ),
        (
            [checkin(3, "stop"), verdict("user", "chose to stop")],
            "Stopped at 3/10 before the first exercise: chose to stop.",
        ),
        # An earlier hep: second-person reasons, and the stop's pain asked after its verdict.
        (
            [
                checkin(2, "baseline"),
                verdict("user", "You stopped the session."),
                checkin(5, "stop"),
            ],
            "Stopped at 5/10 before the first exercise: chose to stop.",
        ),
        (
            [
                checkin(2, "baseline"),
                ("step_started", BIRD_DOG),
                verdict("user", "You stopped the session."),
                checkin(5, "stop"),
            ],
            "Stopped at 5/10 during Bird dog, left: chose to stop.",
        ),
        (
            [
                checkin(2, "after_exercise", exercise="Dead bug", exercise_index=5),
                verdict("stop_on", "You reported sharp pain."),
            ],
            "Stopped at 2/10 after Dead bug: sharp pain.",
        ),
    ],
)
def test_a_stop_is_told_in_the_third_person_with_pain_and_place(
    items: list[tuple[str, dict[str, Any]]], sentence: str
) -> None:
    found = events(*items)
    assert figures.ending("stopped_pain", found, None) == sentence
    assert "You" not in sentence


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Pain is 7 out of 10, at or above your stop level of 6.",
            "at or above the stop level of 6",
        ),
        (
            "Pain is 5 out of 10, 3 points above the 2 you had at the start.",
            "3 points above the 2/10 before the session",
        ),
        ("You answered yes to: a fever.", "a fever"),
        ("You quit the session.", "Quit before the end."),
        ("Input ended before the session finished.", "Input ended before the session finished."),
    ],
)
def test_reasons_an_earlier_hep_kept_read_in_the_third_person(old: str, new: str) -> None:
    assert figures.third_person(old) == new


def test_a_session_left_early_ends_with_its_reason_and_a_completed_one_with_none() -> None:
    found = events(checkin(2, "baseline"))
    assert figures.ending("quit", found, "Input ended before the session finished.") == (
        "Input ended before the session finished."
    )
    assert figures.ending("completed", found, None) is None
    assert figures.ending("interrupted", found, None) is None


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"when": "baseline"}, "before the session"),
        ({"when": "final"}, "at the end"),
        ({"when": "stop"}, "before the first exercise"),
        (
            {"when": None, "exercise": "Calves", "side": "right", "step": "work"},
            "during Calves, right",
        ),
        (
            {"when": None, "exercise": "Calves", "step": "get_ready"},
            "while getting ready for Calves",
        ),
        ({"when": None, "exercise": "Calves", "step": "between"}, "in the rest after Calves"),
        ({"when": "after_side", "exercise": "Calves", "side": "left"}, "after Calves, left"),
        ({"when": "after_exercise", "exercise": "Calves", "set": 2}, "after Calves"),
    ],
)
def test_places_read_as_words(data: dict[str, Any], words: str) -> None:
    assert figures.place(data) == words


def test_notes_keep_their_words_on_one_line_and_their_place() -> None:
    found = events(
        ("note", {"text": "slept  badly\n", "when": "baseline"}),
        ("note", {"text": "   ", "when": "final"}),
        ("note", {"text": "calf tight", "when": None, "exercise": "Calves", "step": "work"}),
    )
    assert [(n.text, n.place) for n in figures.notes(found)] == [
        ("slept badly", "before the session"),
        ("calf tight", "during Calves"),
    ]
