"""Active time is exercise time: slow answers and pauses are left out of it, the answering time
is kept apart, and a preview's times are session time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.routine.durations import format_duration
from player.routine.models import Routine
from player.session.safety import CheckinAnswer

ROUTINE = Routine.model_validate(
    {
        "name": "Timed",
        "description": "Timed work only, so its plan is its exercise time.",
        "defaults": {"get_ready": 5, "rest": 10, "rest_between_exercises": 15},
        "safety": {"screen": "never"},
        "exercises": [
            {"name": "Calves", "duration": 30, "sets": 2, "checkin": "after_set"},
            {"name": "Hamstrings", "duration": 20, "checkin": "after_exercise"},
        ],
    }
)

ROUTINE_PLANNED = Conductor(ROUTINE).plan.planned


def play(answer_after: float, *, pause: float = 0.0, speed: float = 1.0) -> Conductor:
    """Play to the end, taking `answer_after` real seconds over every check-in (and pausing
    `pause` seconds once, in the first set)."""
    c = Conductor(ROUTINE, speed=speed)
    now = 0.0
    c.start(now)
    now += answer_after
    c.answer_pain(now, CheckinAnswer(1))
    if pause:
        now += 10 / speed
        c.tick(now)
        c.pause(now)
        now += pause
        c.resume(now)
    for _ in range(2000):
        if c.stage == "done":
            return c
        if c.prompt is not None and c.prompt.kind == "pain":
            now += answer_after
            c.answer_pain(now, CheckinAnswer(2))
        else:
            now += 0.25 / speed
            c.tick(now)
    raise AssertionError("the session never ended")


@pytest.mark.parametrize("answer_after", [1.0, 37.0, 240.0])
def test_slow_answers_are_answering_time_not_active_time(answer_after: float) -> None:
    c = play(answer_after)
    s = c.record().summary
    checkins = sum(1 for e in c.record().events if e.kind == "checkin" and e.data["step"])
    assert checkins == 3  # after each set of Calves, after Hamstrings
    assert s.active_seconds == pytest.approx(c.plan.planned, abs=0.5)
    assert s.answer_seconds == pytest.approx(3 * answer_after, abs=0.5)


def test_a_pause_is_neither_active_time_nor_answering_time() -> None:
    s = play(2.0, pause=120.0).record().summary
    assert s.active_seconds == pytest.approx(ROUTINE_PLANNED, abs=0.5)
    assert s.answer_seconds == pytest.approx(6.0, abs=0.5)


def test_a_preview_gives_session_time_and_no_real_start_to_end() -> None:
    c = play(2.0, speed=10.0)
    summary = c.summary()
    times = dict(summary.times)
    planned = format_duration(ROUTINE_PLANNED)
    assert times["active time"] == f"{planned} (planned {planned})"
    assert "start to end" not in times
    assert times["preview"] == "at 10x speed: times are session time"
    assert summary.heading.endswith("(preview at 10x speed)")


def _at_the_first_checkin() -> tuple[Conductor, float]:
    """A session played to the check-in after the first set, that check-in open."""
    c = Conductor(ROUTINE)
    now = 0.0
    c.start(now)
    c.answer_pain(now, CheckinAnswer(1))
    while c.prompt is None or c.prompt.kind != "pain":
        now += 0.25
        c.tick(now)
    return c, now


@pytest.mark.parametrize("meanwhile", ["pause", "note", "nothing"])
def test_a_checkin_left_unanswered_is_answering_time_not_active_time(meanwhile: str) -> None:
    """Left at an open check-in after 40 s there (the app's quit question pauses first; the
    plain player takes a `note` line meanwhile): the 40 s are time at the check-in, as an
    answer's would be, not exercise time."""
    c, now = _at_the_first_checkin()
    worked = c.record().summary.active_seconds
    assert worked == pytest.approx(35.0, abs=0.5)  # get ready 5 s, the first set 30 s
    now += 40.0
    if meanwhile == "pause":
        c.pause(now)
    elif meanwhile == "note":
        c.add_note(now, "the knee clicked")
    c.quit(now)
    s = c.record().summary
    assert s.outcome == "quit"
    assert s.active_seconds == pytest.approx(worked, abs=0.5)
    assert s.answer_seconds == pytest.approx(40.0 if meanwhile != "nothing" else 0.0, abs=0.5)


def test_a_wall_clock_set_back_during_a_session_never_makes_start_to_end_shorter_than_it() -> None:
    """The wall clock goes back an hour just after the start (a correction of the system's
    time): start to end is still at least the active and answering time the session's own
    clock measured, in the summary and as the journal reads it."""
    walls = iter([datetime(2026, 12, 1, 9, 0, tzinfo=UTC)])
    back = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    c = Conductor(ROUTINE, Dependencies(wall=lambda: next(walls, back)))
    c.start(0.0)
    now = 0.0
    for _ in range(2000):
        if c.stage == "done":
            break
        if c.prompt is not None and c.prompt.kind == "pain":
            now += 2.0
            c.answer_pain(now, CheckinAnswer(1))
        else:
            now += 0.25
            c.tick(now)
    s = c.record().summary
    assert s.ended_at is not None and s.ended_at < s.started_at, "the clock went back"
    assert s.active_seconds is not None and s.answer_seconds is not None
    assert s.wall_seconds is not None
    assert s.wall_seconds >= s.active_seconds + s.answer_seconds
    assert format_duration(s.wall_seconds) == dict(c.summary().times)["start to end"]
