"""The conductor: safety phases, verdicts, journal payloads and cues, with a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from player.conductor import Conductor, NullRecorder
from player.routine.models import Routine
from player.session.safety import RED_FLAG_QUESTIONS, CheckinAnswer
from tests.doubles import RecordingSoundPlayer

STEP_KEYS = {"exercise", "exercise_index", "step", "set", "side", "rep", "planned"}


class Recorder(NullRecorder):
    def __init__(self) -> None:
        self.started: dict[str, Any] | None = None
        self.events: list[tuple[str, float, dict[str, Any]]] = []
        self.finished: dict[str, Any] | None = None

    def start(self, **session: Any) -> int | None:
        self.started = session
        return 1

    def record(self, kind: str, elapsed: float, data: dict[str, Any]) -> int | None:
        self.events.append((kind, elapsed, data))
        return len(self.events)

    def finish(self, **summary: Any) -> bool:
        self.finished = summary
        return True

    def kinds(self) -> list[str]:
        return [k for k, _, _ in self.events]


def routine(screen: str = "never", **defaults: Any) -> Routine:
    return Routine.model_validate(
        {
            "name": "Test",
            "description": "A test routine.",
            "defaults": {"get_ready": 5, "rest_between_exercises": 10, **defaults},
            "safety": {"screen": screen},
            "exercises": [
                {"name": "Calves", "duration": 30},
                {"name": "Bridge", "reps": 2, "hold": 10},
            ],
        }
    )


def make(**kw: Any) -> tuple[Conductor, Recorder, RecordingSoundPlayer]:
    rec = Recorder()
    sound = RecordingSoundPlayer()
    screen = kw.pop("screen", "never")
    speed = kw.pop("speed", 1.0)
    today = kw.pop("screened_today", False)
    c = Conductor(
        routine(screen, **kw), sound=sound, recorder=rec, speed=speed, screened_today=today
    )
    return c, rec, sound


def test_completed_session_journal_and_cues() -> None:
    c, rec, sound = make()
    c.start(0.0)
    assert c.phase == "baseline" and c.prompt is not None and c.prompt.when == "baseline"
    c.answer_pain(1.0, CheckinAnswer(2))
    assert c.phase == "running"
    c.tick(40.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    notes = c.answer_pain(41.0, CheckinAnswer(3))
    assert [n.text for n in notes if n.kind == "note"] == [
        "A little more than at the start: keep it easy."
    ]
    c.tick(100.0)
    c.answer_pain(101.0, CheckinAnswer(2))
    assert c.phase == "final" and c.prompt is not None and c.prompt.when == "final"
    done = c.answer_pain(102.0, CheckinAnswer(2))
    assert c.phase == "done" and c.outcome == "completed" and c.exit_status == 0
    assert done[0].kind == "done"
    assert rec.finished == {
        "outcome": "completed",
        "reason": None,
        "baseline": 2,
        "highest": 3,
        "final": 2,
    }
    # 5 s get-ready + 30 s, 10 s between, 5 s get-ready + 2 holds of 10 s
    assert rec.started is not None and rec.started["planned_seconds"] == 73.0  # with a 3 s relax
    for kind, _, data in rec.events:
        if kind in ("step_started", "step_finished"):
            assert set(data) == STEP_KEYS
        if kind == "checkin":
            assert set(data) == {
                "pain",
                "flags",
                "when",
                "exercise",
                "exercise_index",
                "set",
                "side",
            }
        if kind == "verdict":
            assert set(data) == {"action", "rule", "reason"}
        if kind == "exercise_done":
            assert set(data) == {"exercise", "exercise_index", "skipped", "elapsed"}
    whens = [d["when"] for k, _, d in rec.events if k == "checkin"]
    assert whens == ["baseline", "after_exercise", "after_exercise", "final"]
    assert "session_done" in sound.cue_names and "go" in sound.cue_names
    assert ("say", "Calves", None) in sound.calls


def test_pain_over_the_limit_stops_at_once_without_asking_again() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(40.0)
    notices = c.answer_pain(40.0, CheckinAnswer(7))
    stop = [n for n in notices if n.kind == "stop"][0]
    assert stop.lines[0] == "Pain is 7 out of 10, at or above your stop level of 6."
    assert "right call" in stop.lines[1]
    assert c.phase == "done" and c.outcome == "stopped_pain" and c.exit_status == 3
    assert rec.finished is not None and rec.finished["final"] == 7
    assert ("verdict", 40.0, {"action": "stop", "rule": "stop_at", "reason": stop.lines[0]}) in (
        rec.events
    )


def test_user_stop_asks_pain_now_then_closes() -> None:
    c, rec, sound = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(12.0)
    c.stop(12.0)
    assert "stopped" in sound.cue_names
    assert c.phase == "final" and c.prompt is not None and c.prompt.when == "stop"
    c.answer_pain(13.0, CheckinAnswer(2))
    assert c.outcome == "stopped_pain" and c.exit_status == 3
    assert rec.finished is not None and rec.finished["reason"] == "You stopped the session."


def test_decline_at_final_closes_without_an_answer() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.decline(0.0)  # end of input at the baseline: stop, nothing more to ask
    assert c.phase == "done" and c.outcome == "stopped_pain"
    assert rec.finished is not None and rec.finished["final"] is None


def test_quit_and_interrupt() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(0))
    c.quit(3.0)
    assert (c.phase, c.outcome, c.exit_status) == ("done", "quit", 4)
    c2, _, _ = make()
    c2.start(0.0)
    c2.interrupt(1.0)
    assert c2.outcome == "interrupted"


@pytest.mark.parametrize(
    ("screen", "today", "asked"),
    [
        ("always", True, True),
        ("daily", False, True),
        ("daily", True, False),
        ("never", False, False),
    ],
)
def test_screen_setting(screen: str, today: bool, asked: bool) -> None:
    c, _, _ = make(screen=screen, screened_today=lambda: today)
    c.start(0.0)
    assert (c.phase == "screen") is asked


def test_red_flag_stops_before_the_session() -> None:
    c, rec, _ = make(screen="always")
    c.start(0.0)
    for q in RED_FLAG_QUESTIONS:
        assert c.prompt is not None and c.prompt.question_id == q.id
        notices = c.answer_yes_no(0.0, q.id == "bladder_bowel")
    assert c.outcome == "stopped_red_flag" and c.exit_status == 3 and c.phase == "done"
    text = " ".join(notices[-1].lines)
    assert "emergency" in text
    screen = [d for k, _, d in rec.events if k == "screen"][0]
    assert screen["answers"]["bladder_bowel"] is True and len(screen["answers"]) == 7
    assert rec.kinds()[-1] == "verdict"


def test_speed_runs_session_time_faster() -> None:
    c, _, _ = make(speed=10)
    c.start(100.0)
    c.answer_pain(100.0, CheckinAnswer(0))
    c.tick(103.5)  # 35 session seconds: get-ready and the 30 s set are done
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    assert c.view(103.5).session.elapsed == 35.0


def test_controls_journal_and_checkin_cannot_be_skipped() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(0))
    c.toggle_pause(1.0)
    c.toggle_pause(5.0)
    c.skip(6.0)
    c.back(7.0)
    c.skip(8.0)
    c.skip(9.0)
    assert c.prompt is not None and c.prompt.kind == "pain"
    assert c.skip(9.0) == [] and c.back(9.0) == []
    kinds = rec.kinds()
    assert kinds.count("pause") == kinds.count("resume") == 1
    assert kinds.count("skip") == 3 and kinds.count("back") == 1
    skip = [d for k, _, d in rec.events if k == "skip"][0]
    assert skip == {"exercise": "Calves", "exercise_index": 0, "step": "get_ready"}
    done = [d for k, _, d in rec.events if k == "exercise_done"][0]
    assert done["skipped"] is True


def test_wait_prompt_when_auto_advance_is_off() -> None:
    c, _, _ = make(auto_advance=False)
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(0))
    assert c.prompt is not None and c.prompt.kind == "continue"
    c.tick(100.0)
    assert c.view(100.0).session.step is not None
    c.done(100.0)
    assert c.prompt is None
    assert c.view(101.0).session.step.kind == "get_ready"  # type: ignore[union-attr]


def test_exercise_results_tell_started_from_not_reached() -> None:
    c, _, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(10.0)  # into the first exercise's work
    c.stop(11.0)
    assert c.exercise_results() == [("Calves", "started"), ("Bridge", "not reached")]
    c, _, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(40.0)
    c.answer_pain(41.0, CheckinAnswer(2))
    c.tick(53.0)  # past the rest between exercises, into the get-ready of the next
    c.skip_exercise(53.0)
    assert [status for _, status in c.exercise_results()] == ["done", "skipped"]
