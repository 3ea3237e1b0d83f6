"""What became of a session and of each exercise, over a grid of sessions played through the
conductor: every exercise skipped, a stop in each kind of step, a stop at a check-in, the user's
own stop. Each row is what the summary, the journal and the report all read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from player.conductor.core import Conductor
from player.journal import figures
from player.journal.work.exercises import tally
from player.routine.models import Routine
from player.session.outcomes import NOTHING_DONE, counts_as_session
from player.session.safety import CheckinAnswer

ROUTINE: dict[str, Any] = {
    "name": "Grid",
    "description": "Each kind of step once.",
    "defaults": {
        "get_ready": 3,
        "rest": 4,
        "rest_between_exercises": 5,
        "switch_side": 2,
        "rest_between_reps": 2,
        "checkin": "after_exercise",
    },
    "safety": {"screen": "never", "stop_at": 6},
    "exercises": [
        {"name": "Calf stretch", "duration": 5, "sets": 2, "sides": ["left", "right"]},
        {"name": "Cat-camel", "reps": 5},
        {"name": "Bridge", "reps": 3, "hold": 3},
    ],
}


class Session:
    """A conductor driven second by second on a fake clock."""

    def __init__(self) -> None:
        self.c = Conductor(Routine.model_validate(ROUTINE))
        self.now = 0.0
        self.c.start(self.now)

    def answer(self, pain: int, *flags: str) -> None:
        self.c.answer_pain(self.now, CheckinAnswer(pain, tuple(flags)))  # type: ignore[arg-type]

    def until(self, exercise: int, kind: str, into: float = 0.0) -> None:
        """Let time pass (answering 2 at check-ins, saying done at once to self-paced sets)
        until `kind` of `exercise` is under way, then `into` seconds more."""
        for _ in range(600):
            step = self.c.engine.current
            if step is not None and (step.exercise_index, step.kind) == (exercise, kind):
                break
            prompt = self.c.prompt
            if prompt is not None and prompt.kind == "pain":
                self.now += 1
                self.answer(2)
            elif prompt is not None and prompt.kind == "done":
                self.now += 1
                self.c.done(self.now)
            else:
                self.now += 0.5
                self.c.tick(self.now)
        else:
            raise AssertionError(f"never reached {kind} of exercise {exercise}")
        self.now += into
        self.c.tick(self.now)

    def stop(self, pain: int) -> None:
        self.c.stop(self.now)
        self.now += 3  # time spent answering
        self.answer(pain)

    def to_the_end(self) -> None:
        for _ in range(600):
            if self.c.stage == "done":
                return
            prompt = self.c.prompt
            self.now += 1
            if prompt is not None and prompt.kind == "pain":
                self.answer(2)
            elif prompt is not None and prompt.kind == "done":
                self.c.done(self.now)
            else:
                self.c.tick(self.now)
        raise AssertionError("the session never ended")


def played(act: Callable[[Session], None]) -> Session:
    s = Session()
    s.answer(1)  # before the session
    act(s)
    assert s.c.stage == "done"
    return s


def skip_all(s: Session) -> None:
    """Skip every exercise as soon as it starts getting ready (answering check-ins)."""
    for _ in range(20):
        if s.c.stage == "done":
            return
        s.now += 0.5
        if s.c.prompt is not None and s.c.prompt.kind == "pain":
            s.answer(1)
        else:
            s.c.skip_exercise(s.now)
    raise AssertionError("the session never ended")


def stop_in(
    exercise: int, kind: str, pain: int = 2, into: float = 1.0
) -> Callable[[Session], None]:
    def act(s: Session) -> None:
        s.until(exercise, kind, into)
        s.stop(pain)

    return act


def stop_at_checkin(pain: int, key: bool) -> Callable[[Session], None]:
    """At the check-in after the first exercise: answer it (`key` False) or press stop."""

    def act(s: Session) -> None:
        s.until(0, "checkin")
        if key:
            s.stop(pain)
        else:
            s.answer(pain)

    return act


GRID = [
    # (name, how, outcome, statuses, place of the stop or None, counts)
    ("all done", Session.to_the_end, "completed", ["done"] * 3, None, True),
    ("every exercise skipped", skip_all, "nothing_done", ["skipped"] * 3, None, False),
    (
        "user stop in a timed set",
        stop_in(0, "work", into=2.0),
        "stopped_user",
        ["stopped_during", "not_reached", "not_reached"],
        "during Calf stretch, left",
        True,
    ),
    (
        "rules stop in a rest between sets",
        stop_in(0, "rest", pain=7),
        "stopped_pain",
        ["stopped_during", "not_reached", "not_reached"],
        "in a rest during Calf stretch, left",
        True,
    ),
    (
        "user stop while switching sides",
        stop_in(0, "switch_side"),
        "stopped_user",
        ["stopped_during", "not_reached", "not_reached"],
        "while switching sides in Calf stretch, right",
        True,
    ),
    (
        "user stop getting ready for the next exercise",
        stop_in(1, "get_ready"),
        "stopped_user",
        ["done", "stopped_during", "not_reached"],
        "while getting ready for Cat-camel",
        True,
    ),
    (
        "rules stop during a self-paced set",
        stop_in(1, "self_paced", pain=7),
        "stopped_pain",
        ["done", "stopped_during", "not_reached"],
        "during Cat-camel",
        True,
    ),
    (
        "user stop in a relax between held reps",
        stop_in(2, "relax"),
        "stopped_user",
        ["done", "done", "stopped_during"],
        "during Bridge",
        True,
    ),
    (
        "rules stop by the answer at a check-in",
        stop_at_checkin(7, key=False),
        "stopped_pain",
        ["done", "not_reached", "not_reached"],
        "after Calf stretch",
        True,
    ),
    (
        "user stop at a check-in",
        stop_at_checkin(2, key=True),
        "stopped_user",
        ["done", "not_reached", "not_reached"],
        "at the check-in after Calf stretch",
        True,
    ),
    (
        "user stop before the first exercise's work",
        stop_in(0, "get_ready"),
        "stopped_user",
        ["stopped_during", "not_reached", "not_reached"],
        "while getting ready for Calf stretch",
        False,
    ),
]


@pytest.mark.parametrize(
    ("how", "outcome", "statuses", "place", "counts"),
    [row[1:] for row in GRID],
    ids=[row[0] for row in GRID],
)
def test_what_became_of_the_session_and_each_exercise(
    how: Callable[[Session], None],
    outcome: str,
    statuses: list[str],
    place: str | None,
    counts: bool,
) -> None:
    s = played(how)
    record = s.c.record()
    results = s.c.exercise_results()
    assert s.c.outcome == outcome == record.summary.outcome
    assert [r.status for r in results] == statuses
    assert counts_as_session(outcome, record.summary.exercises_worked) is counts
    stop = figures.stop(record.events)
    if place is None:
        assert stop is None
    else:
        assert stop is not None and stop.place == place
    assert "Well done" not in " ".join(s.c.message) or outcome == "completed"


def test_a_session_with_everything_skipped_says_so_and_never_well_done() -> None:
    s = played(skip_all)
    assert s.c.message == (NOTHING_DONE,) and s.c.exit_status == 6
    assert tally(s.c.exercise_results()) == "0 of 3 exercises done, 3 skipped"


def test_a_stop_in_a_self_paced_set_is_stopped_during_with_its_place() -> None:
    s = played(stop_in(1, "self_paced", pain=7))
    (_, cat_camel, _) = s.c.exercise_results()
    assert cat_camel.words() == "stopped during: no work done"
    ending = figures.ending("stopped_pain", s.c.record().events, None)
    assert ending == "Stopped at 7/10 during Cat-camel: at or above the stop level of 6."


def test_sets_count_as_the_routine_counts_them_each_on_both_sides() -> None:
    def three_sides(s: Session) -> None:
        s.until(0, "work", into=2.0)  # set 1, left: cut short below
        s.c.skip(s.now)
        s.until(0, "switch_side")
        s.c.quit(s.now)

    ROUTINE["exercises"][0]["sets"] = 3
    try:
        s = played(three_sides)
    finally:
        ROUTINE["exercises"][0]["sets"] = 2
    stretch = s.c.exercise_results()[0]
    assert (stretch.sets_planned, stretch.sets_done) == (3, 0)
    assert stretch.words().startswith("partly done: 0 of 2 sides, 0 of 3 sets")


def test_work_cut_short_in_many_holds_is_as_much_work_as_in_one() -> None:
    """Eight holds each skipped after 0.9 s are 7.2 s of holding: partly done, as one 7.2 s
    stretch of one timed step is, never "skipped"."""

    def holds(s: Session) -> None:
        for rep in range(3):
            s.until(2, "hold", into=0.9)
            assert s.c.engine.current is not None and s.c.engine.current.rep == rep + 1
            s.c.skip(s.now)
        s.to_the_end()

    bridge = played(holds).c.exercise_results()[2]
    assert bridge.status == "partly_done" and bridge.work_done == pytest.approx(2.7)
