"""The session engine: steps, cues, controls and time, driven by a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from player.routine.models import Routine
from player.session.engine import Engine
from player.session.events import (
    CheckinRequested,
    CueDue,
    CueLine,
    Event,
    ExerciseDone,
    Paused,
    Resumed,
    SessionDone,
    Skipped,
    StepFinished,
    StepStarted,
    Stopped,
    WentBack,
)
from player.session.plan import build_plan


def routine(*exercises: dict[str, Any], **top: Any) -> Routine:
    return Routine.model_validate(
        {"name": "Test", "description": "A test routine.", "exercises": list(exercises), **top}
    )


def engine(*exercises: dict[str, Any], **top: Any) -> Engine:
    return Engine(build_plan(routine(*exercises, **top)))


def cues(events: list[Event]) -> list[tuple[float, str]]:
    return [(e.at, e.name) for e in events if isinstance(e, CueDue)]


def kinds(events: list[Event]) -> list[str]:
    return [e.step.kind for e in events if isinstance(e, StepStarted)]


TIMED = {"name": "Calves", "duration": 30, "get_ready": 5}
NO_CHECKIN = {"checkin": "none"}


def test_timed_exercise_cues_in_order() -> None:
    e = engine(TIMED, defaults=NO_CHECKIN)
    events = e.start(100.0) + e.tick(200.0)
    assert cues(events) == [
        (100.0, "get_ready"),
        (102.0, "count"),
        (103.0, "count"),
        (104.0, "count"),
        (105.0, "go"),
        (120.0, "halfway"),
        (132.0, "count"),
        (133.0, "count"),
        (134.0, "count"),
        (135.0, "exercise_done"),
        (135.0, "session_done"),
    ]
    assert [e.count for e in events if isinstance(e, CueDue) and e.name == "count"] == [3, 2, 1] * 2
    assert isinstance(events[-1], SessionDone)
    assert e.status == "finished"
    assert e.elapsed(200.0) == e.planned == 35.0


def test_late_tick_catches_up_without_stretching() -> None:
    fine = engine(TIMED, {"name": "Quads", "duration": 20}, defaults=NO_CHECKIN)
    coarse = engine(TIMED, {"name": "Quads", "duration": 20}, defaults=NO_CHECKIN)
    a = fine.start(0.0)
    for t in range(1, 200):
        a += fine.tick(t / 2)
    b = coarse.start(0.0) + coarse.tick(99.5)
    assert a == b
    finished = [ev for ev in b if isinstance(ev, SessionDone)]
    assert finished[0].at == 35 + 15 + 5 + 20  # on schedule, not at the late tick


def test_pause_does_not_count() -> None:
    e = engine(TIMED, defaults=NO_CHECKIN)
    e.start(0.0)
    e.tick(10.0)
    e.pause(10.0)
    assert e.view(50.0).step_elapsed == 5.0
    assert e.elapsed(50.0) == 10.0
    events = e.resume(50.0)
    assert isinstance(events[0], Resumed)
    assert e.elapsed(55.0) == 15.0
    assert e.clock(55.0) == 15.0
    done = e.tick(1000.0)
    assert [ev.at for ev in done if isinstance(ev, SessionDone)] == [75.0]


def test_hold_reps_and_tempo() -> None:
    e = engine(
        {"name": "Curl-up", "reps": [2, 1], "hold": 8, "rest": 20, "get_ready": 0},
        {"name": "Dead bug", "reps": 3, "tempo": 2, "get_ready": 0},
        defaults={"rest_between_exercises": 0},
    )
    events = e.start(0.0) + e.tick(1000.0)
    assert kinds(events) == ["hold", "relax", "hold", "rest", "hold", "checkin"]
    assert [c for c in cues(events) if c[1] in ("go", "next_rep", "rest", "relax")] == [
        (0.0, "go"),
        (8.0, "relax"),  # 3 s to let go between held reps (the default)
        (11.0, "next_rep"),
        (19.0, "rest"),
        (39.0, "go"),
    ]
    more = e.checkin_answered(1000.0) + e.tick(1003.0)
    assert kinds(more) == ["tempo"]
    assert [c for c in cues(more) if c[1] in ("go", "next_rep")] == [
        (1000.0, "go"),
        (1002.0, "next_rep"),
    ]
    assert e.view(1003.0).rep == 2


def test_breathing_phases_and_view() -> None:
    e = engine(
        {"name": "4-7-8", "breathing": {"inhale": 4, "hold": 7, "exhale": 8, "cycles": 2}},
        defaults={"get_ready": 0, "checkin": "none"},
    )
    events = e.start(0.0) + e.tick(12.0)
    assert cues(events) == [(0.0, "inhale"), (4.0, "hold"), (11.0, "exhale")]
    view = e.view(12.0)
    assert (view.rep_phase, view.rep_phase_remaining, view.cycle, view.cycles) == (
        "exhale",
        7.0,
        1,
        2,
    )
    e.tick(20.0)
    assert e.view(20.0).cycle == 2


def test_sides_switch_and_checkin_after_side() -> None:
    e = engine(
        {
            "name": "Side bridge",
            "duration": 10,
            "sides": ["left", "right"],
            "checkin": "after_side",
        },
        defaults={"get_ready": 0, "switch_side": 5},
    )
    events = e.start(0.0) + e.tick(10.0)
    assert kinds(events) == ["work", "checkin"]
    request = [ev for ev in events if isinstance(ev, CheckinRequested)]
    assert request[0].step.side == "left"
    # A check-in waits however long it takes, and adds nothing to the plan time.
    assert e.elapsed(500.0) == 10.0
    events = e.checkin_answered(500.0) + e.tick(600.0)
    assert kinds(events) == ["switch_side", "work", "checkin"]
    assert "switch_side" in [c[1] for c in cues(events)]
    assert [ev.step.side for ev in events if isinstance(ev, StepStarted)] == ["right"] * 3


def test_self_paced_waits_for_done() -> None:
    e = engine({"name": "Pelvic tilt", "reps": 10}, defaults={"get_ready": 0, "checkin": "none"})
    e.start(0.0)
    e.tick(100.0)
    view = e.view(100.0)
    assert view.step is not None and view.step.kind == "self_paced"
    assert view.step_remaining is None and view.step_elapsed == 100.0
    assert e.elapsed(100.0) == 30.0  # capped at the nominal 3 s a rep
    events = e.done(100.0)
    assert isinstance(events[-1], SessionDone)


def test_wait_before_each_exercise_when_auto_advance_is_off() -> None:
    e = engine(TIMED, TIMED, defaults={"auto_advance": False, "checkin": "none"})
    events = e.start(0.0) + e.tick(50.0)
    assert kinds(events) == ["wait"]
    events = e.done(50.0) + e.tick(200.0)
    assert kinds(events) == ["get_ready", "work", "between", "wait"]
    events = e.done(60.0)  # a tick at 200 was seen: time does not go back
    assert [ev.at for ev in events if isinstance(ev, StepStarted)] == [200.0]


def test_skip_back_and_exercise_done_flags() -> None:
    e = engine(TIMED, defaults={"checkin": "none"})
    e.start(0.0)
    events = e.skip(1.0)
    assert isinstance(events[0], Skipped) and events[0].step.kind == "get_ready"
    assert kinds(events) == ["work"]
    assert e.elapsed(1.0) == 5.0  # a skipped step counts as behind you
    events = e.back(3.0)
    assert isinstance(events[0], WentBack) and events[0].to.kind == "get_ready"
    assert e.elapsed(3.0) == 0.0
    events = e.tick(8.0) + e.skip(9.0)
    done = [ev for ev in events if isinstance(ev, ExerciseDone)]
    assert done[0].skipped is True
    assert done[0].elapsed == 9.0  # from its first start, the redone part included
    assert e.status == "finished"


def test_back_in_first_step_restarts_it() -> None:
    e = engine(TIMED)
    e.start(0.0)
    events = [ev for ev in e.back(4.0) if isinstance(ev, WentBack)]
    assert events[0].to.index == 0
    assert e.view(6.0).step_elapsed == 2.0


def test_skip_exercise_jumps_past_its_work() -> None:
    e = engine(
        {"name": "Bird dog", "reps": [3, 2], "hold": 8, "sides": ["left", "right"]},
        TIMED,
        defaults={"checkin": "after_exercise"},
    )
    e.start(0.0)
    e.tick(7.0)
    events = e.skip_exercise(7.0)
    done = [ev for ev in events if isinstance(ev, ExerciseDone)]
    assert len(done) == 1 and done[0].skipped
    assert kinds(events) == ["checkin"]


def test_stop_ends_at_once() -> None:
    e = engine(TIMED)
    e.start(0.0)
    events = e.stop(12.0)
    assert [type(ev) for ev in events[-3:]] == [StepFinished, CueDue, Stopped]
    assert events[-1].at == 12.0
    assert e.status == "stopped"
    assert e.tick(100.0) == [] and e.skip(100.0) == []
    assert e.elapsed(100.0) == 12.0 and e.remaining(100.0) == 23.0
    view = e.view(100.0)
    assert view.status == "stopped" and view.elapsed == 12.0


def test_pause_while_paused_and_resume_while_running_do_nothing() -> None:
    e = engine(TIMED)
    assert e.pause(0.0) == [] and e.tick(0.0) == []  # before start
    e.start(0.0)
    assert e.resume(1.0) == []
    assert isinstance(e.pause(2.0)[-1], Paused)
    assert e.pause(3.0) == []
    # Skipping while paused starts the next step paused; it begins counting at resume.
    e.skip(4.0)
    e.resume(10.0)
    assert e.view(11.0).step_elapsed == 1.0


def test_cue_lines_show_from_their_time_in_each_work_period() -> None:
    e = engine(
        {
            "name": "Rolling",
            "duration": 40,
            "sets": 2,
            "rest": 10,
            "cues": ["Breathe out slowly", {"text": "Now the outer side", "at": 20}],
        },
        defaults={"get_ready": 0, "checkin": "none"},
    )
    events = e.start(0.0) + e.tick(25.0)
    assert [ev.text for ev in events if isinstance(ev, CueLine)] == [
        "Breathe out slowly",
        "Now the outer side",
    ]
    assert e.view(25.0).cue_lines == ("Breathe out slowly", "Now the outer side")
    e.tick(55.0)  # second set, 5 s in
    assert e.view(55.0).cue_lines == ("Breathe out slowly",)
    events = e.tick(70.0)
    assert [ev.text for ev in events if isinstance(ev, CueLine)] == ["Now the outer side"]


def test_view_next_step_skips_checkins() -> None:
    e = engine(TIMED, TIMED)
    e.start(0.0)
    e.tick(6.0)
    view = e.view(6.0)
    assert view.next_step is not None and view.next_step.kind == "between"
    assert view.step_remaining == 29.0


@pytest.mark.parametrize(
    ("now", "elapsed"),
    [(0.0, 0.0), (3.3, 3.3), (17.25, 17.25), (35.0, 35.0), (40.0, 35.0), (900.0, 35.0)],
)
def test_elapsed_counts_the_plan_behind_you(now: float, elapsed: float) -> None:
    """5 s get-ready and 30 s of work, then a check-in that waits for its answer: planned is
    35 s, and time spent waiting at the check-in adds nothing."""
    e = engine(TIMED)
    e.start(0.0)
    e.tick(now)
    assert e.planned == 35.0
    assert e.elapsed(now) == pytest.approx(elapsed)
    assert e.remaining(now) == pytest.approx(35.0 - elapsed)


def test_paused_time_and_a_skipped_step_count_as_planned() -> None:
    e = engine(TIMED, TIMED, defaults=NO_CHECKIN)  # 5 + 30, 15 between, 5 + 30: 85 s
    e.start(0.0)
    e.pause(10.0)
    assert e.elapsed(60.0) == 10.0
    e.resume(60.0)
    assert e.elapsed(70.0) == 20.0
    e.skip(70.0)  # the rest of the first work step counts in full
    assert e.elapsed(71.0) == 36.0


def test_next_due_points_at_the_next_mark_or_step_end() -> None:
    from player.routine.models import Routine
    from player.session.engine import Engine
    from player.session.plan import build_plan

    routine = Routine.model_validate(
        {
            "name": "r",
            "description": "d",
            "defaults": {"get_ready": 0},
            "exercises": [{"name": "a", "duration": 45}, {"name": "b", "reps": 3}],
        }
    )
    engine = Engine(build_plan(routine))
    assert engine.next_due(0.0) is None, "not started"
    engine.start(0.0)
    marks = sorted(m.offset for m in engine.current.marks if m.offset > 0)  # type: ignore[union-attr]
    assert engine.next_due(0.0) == pytest.approx(marks[0])
    engine.tick(22.0)
    assert engine.next_due(22.0) == pytest.approx(22.5 - 22.0)  # halfway of 45 s
    engine.pause(23.0)
    assert engine.next_due(30.0) is None, "paused: nothing comes"
    engine.resume(30.0)
    # Run every event by sleeping exactly next_due each time: none is ever late.
    now = 30.0
    while engine.current is not None and engine.current.timed:
        wait = engine.next_due(now)
        assert wait is not None
        now += wait
        for event in engine.tick(now):
            assert event.at == pytest.approx(now)
