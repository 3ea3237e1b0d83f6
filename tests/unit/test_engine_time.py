"""Hypothesis: whatever the ticks, pauses and skips, the engine's time adds up and never drifts."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import Event, Paused, Resumed, SessionDone
from player.session.plan import build_plan

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
    ["tick", "tick", "tick", "pause", "resume", "skip", "back", "done", "answer", "skip_exercise"]
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


@settings(max_examples=300, deadline=None)
@given(
    picks=PICKS,
    steps=STEPS,
    start=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    auto=st.booleans(),
    checkin=st.sampled_from(["after_exercise", "after_set", "after_side", "none"]),
)
def test_elapsed_plus_remaining_is_planned(
    picks: list[int], steps: list[tuple[str, float]], start: float, auto: bool, checkin: str
) -> None:
    e = make(picks, EXERCISES, auto_advance=auto, checkin=checkin)
    now = start
    last_clock = 0.0
    last_at = start
    events = e.start(now)
    for action, dt in steps:
        now += dt  # dt may be negative: a clock that steps back counts as standing still
        paused_before = e.paused
        elapsed_before = e.elapsed(now)
        events = apply(e, action, now)
        elapsed = e.elapsed(now)
        remaining = e.remaining(now)
        assert abs(elapsed + remaining - e.planned) < 0.0005
        assert -1e-9 <= elapsed <= e.planned + 1e-9
        clock = e.clock(now)
        assert clock >= last_clock - 1e-9
        last_clock = clock
        for ev in events:
            assert ev.at >= last_at - 1e-9  # events come in time order
            last_at = ev.at
        if paused_before and e.paused and action in ("tick", "pause"):
            assert elapsed == elapsed_before  # paused time never counts
        view = e.view(now)
        assert abs(view.elapsed + view.remaining - view.planned) < 0.0005
    if e.status == "finished":
        assert e.elapsed(now) == e.planned


@settings(max_examples=200, deadline=None)
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
