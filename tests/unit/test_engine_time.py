"""Hypothesis: whatever the ticks, pauses and skips, the engine's time matches an oracle."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import (
    Event,
    Paused,
    Resumed,
    SessionDone,
    Skipped,
    StepFinished,
    StepStarted,
    Stopped,
)
from player.session.plan import Plan, Step, build_plan
from tests.ci import examples

EXERCISES: list[dict[str, Any]] = [
    {"name": "Calves", "duration": 30, "sets": 2, "rest": 10},
    {"name": "Curl-up", "reps": [3, 1], "hold": 8.5, "rest": 20},
    {"name": "Side bridge", "duration": 10, "sides": ["left", "right"], "get_ready": 0},
    {"name": "Dead bug", "reps": 4, "tempo": 2.25},
    {
        "name": "Box",
        "breathing": {"inhale": 4, "hold": 4, "exhale": 4, "hold_after": 4, "cycles": 2},
    },
    {"name": "Pelvic tilt", "reps": 5},  # self-paced
]
TIMED_ONLY = [e for e in EXERCISES if e["name"] != "Pelvic tilt"]


def make(picks: list[int], pool: list[dict[str, Any]], **defaults: Any) -> Engine:
    routine = Routine.model_validate(
        {
            "name": "Random",
            "description": "Drawn by hypothesis.",
            "defaults": defaults,
            "exercises": [pool[i % len(pool)] for i in picks],
        }
    )
    return Engine(build_plan(routine))


ACTIONS = st.sampled_from(
    ["tick"] * 4 + ["pause", "resume", "skip", "back", "done", "answer", "skip_exercise", "stop"]
)
STEPS = st.lists(
    st.tuples(ACTIONS, st.floats(min_value=-1.0, max_value=90.0, allow_nan=False)), max_size=60
)
PICKS = st.lists(st.integers(0, 20), min_size=1, max_size=4)


def apply(e: Engine, action: str, now: float) -> list[Event]:
    method = {
        "answer": e.checkin_answered,
    }.get(action) or getattr(e, action)
    return list(method(now))


class Oracle:
    """Plan time behind you, worked out from the engine's events and the test's own clock,
    never from the engine's figures.

    It is the planned seconds of the steps behind you (finished, skipped, answered; a step
    passed over by "skip exercise" too) plus the active time into the current step, capped at
    its planned seconds. Active time is measured from the moment the step started to `now`,
    less the pauses (their moments are the ones the test paused and resumed at).
    """

    def __init__(self, plan: Plan) -> None:
        self.steps = plan.steps
        self.behind: dict[int, float] = {}
        self.current: Step | None = None
        self.since = 0.0
        self.pauses: list[list[float]] = []
        self.frozen: float | None = None

    def active(self, start: float, end: float) -> float:
        """Seconds between `start` and `end` outside every pause."""
        total = max(0.0, end - start)
        for pause in self.pauses:
            stop = pause[1] if len(pause) == 2 else math.inf
            total -= max(0.0, min(end, stop) - max(start, pause[0]))
        return total

    def pass_over(self, upto: int, skipped: bool) -> None:
        """Steps before `upto` never finished were passed over: only "skip exercise" may."""
        passed = [i for i in range(upto) if i not in self.behind]
        assert not passed or skipped, f"steps {passed} passed over without a skip"
        for i in passed:
            self.behind[i] = self.steps[i].planned

    def feed(self, events: list[Event], now: float) -> None:
        skipped = False
        for event in events:
            match event:
                case Paused():
                    assert event.at == now, "paused at the moment asked"
                    self.pauses.append([event.at])
                case Resumed():
                    assert event.at == now, "resumed at the moment asked"
                    self.pauses[-1].append(event.at)
                case Skipped():
                    skipped = True
                case StepFinished(step=step):
                    assert self.current is not None
                    # Only "skip exercise" finishes a step it jumped to without starting it.
                    assert step.index == self.current.index or skipped
                    if step.timed and not event.skipped:
                        # A timed step that ran out ran exactly its planned active seconds.
                        ran = self.active(self.since, event.at)
                        assert abs(ran - step.planned) < 1e-6
                    self.behind[step.index] = step.planned
                case StepStarted(step=step):
                    # Going back opens again the steps from there on.
                    self.behind = {i: p for i, p in self.behind.items() if i < step.index}
                    self.pass_over(step.index, skipped)
                    self.current, self.since = step, event.at
                case Stopped(step=step):
                    assert step is not None and self.current is step
                    before = math.fsum(p for i, p in self.behind.items() if i != step.index)
                    into = min(self.active(self.since, event.at), step.planned)
                    self.frozen = before + into
                case SessionDone():
                    self.pass_over(len(self.steps), skipped)
                    self.frozen = math.fsum(self.behind.values())

    def elapsed(self, now: float) -> float:
        if self.frozen is not None:
            return self.frozen
        if self.current is None:
            return 0.0
        into = min(self.active(self.since, now), self.current.planned)
        return math.fsum(self.behind.values()) + into


@settings(max_examples=examples(300), deadline=None)
@given(
    picks=PICKS,
    steps=st.lists(
        st.tuples(ACTIONS, st.floats(min_value=0.0, max_value=90.0, allow_nan=False)), max_size=60
    ),
    start=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    auto=st.booleans(),
    checkin=st.sampled_from(["after_exercise", "after_set", "after_side", "none"]),
)
def test_elapsed_is_the_plan_behind_you_by_an_oracle_from_the_events(
    picks: list[int], steps: list[tuple[str, float]], start: float, auto: bool, checkin: str
) -> None:
    e = make(picks, EXERCISES, auto_advance=auto, checkin=checkin)
    oracle = Oracle(e.plan)
    assert abs(e.planned - math.fsum(s.planned for s in e.plan.steps)) < 1e-9
    now = start
    assert e.elapsed(now) == 0.0
    oracle.feed(e.start(now), now)
    for action, dt in steps:
        now += dt
        oracle.feed(apply(e, action, now), now)
        expected = oracle.elapsed(now)
        assert abs(e.elapsed(now) - expected) < 1e-6, action
        view = e.view(now)
        assert abs(view.elapsed - expected) < 1e-6
        assert abs(view.remaining - (math.fsum(s.planned for s in e.plan.steps) - expected)) < 1e-6
    if e.status == "finished":
        assert oracle.frozen is not None and abs(e.elapsed(now) - oracle.frozen) < 1e-6


@settings(max_examples=examples(300), deadline=None)
@given(picks=PICKS, steps=STEPS, start=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_a_clock_that_steps_back_stands_still(
    picks: list[int], steps: list[tuple[str, float]], start: float
) -> None:
    """Whatever the controls and however `now` jumps (back too), the session clock never runs
    backwards, events come in time order, elapsed stays within the plan, pauses never count."""
    e = make(picks, EXERCISES, checkin="after_set")
    now = start
    last_clock = 0.0
    last_at = start
    e.start(now)
    for action, dt in steps:
        now += dt  # dt may be negative: a clock that steps back counts as standing still
        paused_before = e.paused
        elapsed_before = e.elapsed(now)
        events = apply(e, action, now)
        elapsed = e.elapsed(now)
        assert -1e-9 <= elapsed <= e.planned + 1e-9
        clock = e.clock(now)
        assert clock >= last_clock - 1e-9
        last_clock = clock
        for ev in events:
            assert ev.at >= last_at - 1e-9  # events come in time order
            last_at = ev.at
        if paused_before and e.paused and action in ("tick", "pause"):
            assert elapsed == elapsed_before  # paused time never counts


@settings(max_examples=examples(200), deadline=None)
@given(
    picks=PICKS,
    gaps=st.lists(st.floats(min_value=0.0, max_value=40.0, allow_nan=False), max_size=40),
    pauses=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=200.0, allow_nan=False),
            st.floats(min_value=0.0, max_value=100.0, allow_nan=False),
        ),
        max_size=4,
    ),
)
def test_no_drift_and_late_ticks_catch_up(
    picks: list[int], gaps: list[float], pauses: list[tuple[float, float]]
) -> None:
    """Timed steps only: elapsed is wall time minus pauses, however the ticks fall, and the
    events are the same as with one tick at the end."""
    fine = make(picks, TIMED_ONLY, checkin="none")
    coarse = make(picks, TIMED_ONLY, checkin="none")
    # Controls at fixed moments; ticks in between at random moments.
    controls: list[tuple[float, str]] = []
    t = 0.0
    for at, length in pauses:
        t += at
        controls += [(t, "pause"), (t + length, "resume")]
        t += length
    ticks = []
    t = 0.0
    for gap in gaps:
        t += gap
        ticks.append(t)
    a = fine.start(0.0)
    b = coarse.start(0.0)
    timeline = sorted([(x, "tick") for x in ticks] + controls, key=lambda p: p[0])
    paused_total = 0.0
    paused_at: float | None = None
    for now, what in timeline:
        if what == "tick":
            a += fine.tick(now)
            continue
        a += getattr(fine, what)(now)
        b += getattr(coarse, what)(now)
        if what == "pause":
            paused_at = now
        elif paused_at is not None:
            paused_total += now - paused_at
            paused_at = None
        if paused_at is None:
            expected = min(now - paused_total, fine.planned)
            assert abs(fine.elapsed(now) - expected) < 1e-6
    end = timeline[-1][0] + 10_000.0 if timeline else 10_000.0
    a += fine.tick(end)
    b += coarse.tick(end)
    assert a == b
    done = [ev for ev in a if isinstance(ev, SessionDone)]
    assert len(done) == 1
    # The session ends exactly `planned` active seconds after the start.
    assert abs(done[0].clock - fine.planned) < 1e-6
    starts = [ev.at for ev in a if isinstance(ev, Paused)]
    ends = [ev.at for ev in a if isinstance(ev, Resumed)]
    assert len(starts) == len(ends)
    paused = sum(r - p for p, r in zip(starts, ends, strict=True))
    assert abs(done[0].at - (fine.planned + paused)) < 1e-6
