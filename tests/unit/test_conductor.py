"""The conductor: safety stages, verdicts, journal payloads and cues, with a fake clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from player.conductor.controls import STOP_QUESTION
from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import figures
from player.journal.record.today import Today
from player.routine.loader import load_routine
from player.routine.models import Routine
from player.session.kept import SessionEnd
from player.session.outcomes import UNCOUNTED_AT_THE_END
from player.session.safety import RED_FLAG_QUESTIONS, CheckinAnswer
from tests.doubles import RecordingSoundPlayer
from tests.recording import MemoryRecorder

STEP_KEYS = {"exercise", "exercise_index", "step", "set", "side", "rep", "planned"}


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


def make(**kw: Any) -> tuple[Conductor, MemoryRecorder, RecordingSoundPlayer]:
    rec = MemoryRecorder()
    sound = RecordingSoundPlayer()
    screen = kw.pop("screen", "never")
    speed = kw.pop("speed", 1.0)
    screened = kw.pop("screened_today", False)
    today = kw.pop("today", Today())
    c = Conductor(
        routine(screen, **kw),
        Dependencies(sound=sound, recorder=rec, screened_today=screened, today=today),
        speed=speed,
    )
    return c, rec, sound


def test_completed_session_journal_and_cues() -> None:
    c, rec, sound = make()
    c.start(0.0)
    assert c.stage == "baseline" and c.prompt is not None and c.prompt.when == "baseline"
    c.answer_pain(1.0, CheckinAnswer(2))
    assert c.stage == "running"
    c.tick(40.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    notes = c.answer_pain(41.0, CheckinAnswer(3))
    assert [n.text for n in notes if n.kind == "note"] == [
        "A little more than at the start: keep it easy."
    ]
    c.tick(100.0)
    # The last check-in closes the session: "pain now" is not asked again at once.
    done = c.answer_pain(101.0, CheckinAnswer(2))
    assert c.stage == "done" and c.outcome == "completed" and c.exit_status == 0
    assert done[0].kind == "done"
    assert rec.finished == SessionEnd(
        outcome="completed", reason=None, baseline=2, highest=3, final=2
    )
    # 5 s get-ready + 30 s, 10 s between, 5 s get-ready + 2 holds of 10 s
    assert rec.started is not None and rec.started.planned_seconds == 73.0  # with a 3 s relax
    for kind, _, data in rec.events:
        if kind == "step_started":
            assert set(data) == STEP_KEYS
        if kind == "step_finished":
            assert set(data) == STEP_KEYS | {"elapsed", "skipped"}
        if kind == "checkin":
            # the closing answer (here the last check-in's too) keeps the outcome it leaves
            closing = data["when"] == "final" or data is rec.data("checkin")[-2]
            assert set(data) == {
                "pain",
                "flags",
                "when",
                "exercise",
                "exercise_index",
                "set",
                "side",
                "step",
            } | ({"outcome"} if closing else set())
            assert data.get("outcome") == ("completed" if closing else None)
        if kind == "verdict":
            # a stop keeps the outcome it leaves the session with
            keys = {"stops", "rule", "reason"} | ({"outcome"} if data["stops"] else set())
            assert set(data) == keys
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
    assert c.stage == "done" and c.outcome == "stopped_pain" and c.exit_status == 3
    assert rec.finished is not None and rec.finished.final == 7
    reason = "at or above the stop level of 6"
    kept = {"stops": True, "rule": "stop_at", "reason": reason, "outcome": "stopped_pain"}
    assert ("verdict", 40.0, kept) in rec.events
    assert rec.finished.reason == f"Stopped at 7/10 after Calves: {reason}."


def test_the_stop_key_pauses_asks_like_a_checkin_and_its_answer_stops() -> None:
    c, rec, sound = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(12.0)  # 7 s into the 30 s of Calves
    c.stop(12.0)
    assert c.stopping and c.view(12.0).session.paused
    assert c.prompt is not None and (c.prompt.kind, c.prompt.when) == ("pain", "stop")
    assert "pause" not in rec.kinds(), "the stop's own pause is not a pause the user made"
    c.answer_pain(20.0, CheckinAnswer(3, ("spreading",), note="  felt it in the calf "))
    assert "stopped" in sound.cue_names
    assert c.outcome == "stopped_pain" and c.exit_status == 3 and c.stage == "done"
    checkin = [d for k, _, d in rec.events if k == "checkin"][-1]
    assert checkin == {
        "pain": 3,
        "flags": ["spreading"],
        "when": "stop",
        "exercise": "Calves",
        "exercise_index": 0,
        "set": 1,
        "side": None,
        "step": "work",
    }
    place = {k: v for k, v in checkin.items() if k not in ("pain", "flags")}
    notes = [(clock, d) for k, clock, d in rec.events if k == "note"]
    assert notes == [(12.0, {"text": "felt it in the calf"} | place)]
    assert rec.finished is not None
    assert rec.finished.reason == "Stopped at 3/10 during Calves: pain spreading down the leg."
    assert (rec.finished.final, rec.finished.highest) == (3, 3)
    assert c.message[0] == "You stopped the session: pain spreading down the leg."
    assert any("urgent care" in line for line in c.message)


def test_going_back_from_the_stop_question_carries_on_where_it_was() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(1))
    c.tick(12.0)
    c.stop(12.0)
    assert c.skip(13.0) == [] and c.toggle_pause(13.0) == [] and c.done(13.0) == []
    assert [(n.kind, n.text) for n in c.stop(13.0)] == [("ask", STOP_QUESTION)]
    c.cancel_stop(40.0)  # 28 s spent on the question: not session time
    assert not c.stopping and c.prompt is None and c.outcome is None
    view = c.view(40.0).session
    assert not view.paused and view.step_elapsed == pytest.approx(7.0)
    c.tick(63.0)  # the 23 s left of the set
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    c.stop(64.0)
    c.cancel_stop(65.0)
    assert c.prompt is not None and c.prompt.when == "after_exercise", "the check-in comes back"
    assert "pause" not in rec.kinds() and "resume" not in rec.kinds()


def test_the_stop_key_in_the_first_question_is_a_stop_before_the_first_exercise() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.stop(1.0)
    assert c.prompt is not None and c.prompt.when == "stop"
    c.answer_pain(2.0, CheckinAnswer(4))
    assert c.outcome == "stopped_user", "no rule broken: the user's own stop"
    assert rec.finished is not None
    assert rec.finished.reason == "Stopped at 4/10 before the first exercise: chose to stop."


@pytest.mark.parametrize("where", ["screen", "baseline", "checkin", "stop"])
def test_end_of_input_at_a_question_is_a_quit_never_a_stop(where: str) -> None:
    c, rec, _ = make(screen="always" if where == "screen" else "never")
    c.start(0.0)
    if where in ("checkin", "stop"):
        c.answer_pain(0.0, CheckinAnswer(2))
        c.tick(40.0)
        assert c.prompt is not None and c.prompt.when == "after_exercise"
    if where == "stop":
        c.stop(41.0)
    c.decline(42.0)
    assert (c.stage, c.outcome, c.exit_status) == ("done", "quit", 4)
    if where in ("screen", "baseline"):  # nothing answered yet: nothing is kept
        assert rec.finished is None and rec.events == []
        assert c.message == ("Left before the first answer: nothing is kept in the journal.",)
        return
    assert rec.finished is not None
    assert rec.finished.reason == "Input ended before the session finished."
    stops = [d for k, _, d in rec.events if k == "verdict" and d["stops"]]
    assert stops == []


@pytest.mark.parametrize(
    ("leave", "kept", "reason"),
    [
        ("decline", "quit", "Input ended before the session finished."),
        ("quit", "quit", "Quit before the end."),
        ("interrupt", "interrupted", "Interrupted (Ctrl+C)."),
    ],
)
def test_leaving_at_the_closing_question_is_kept_as_left_and_says_it_does_not_count(
    leave: str, kept: str, reason: str
) -> None:
    """Every exercise done, the closing pain not given: however it is left, the session is kept
    as left (never completed: the program would count it on pain it never heard), as
    `kept_if_left` tells a face before it asks."""
    c, rec, _ = make(checkin="none")
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(200.0)
    assert c.stage == "final"
    assert c.kept_if_left(kept) == kept and c.left_words() == UNCOUNTED_AT_THE_END
    out = getattr(c, leave)(201.0)
    assert c.outcome == kept and rec.finished is not None
    assert (rec.finished.outcome, rec.finished.final, rec.finished.reason) == (kept, None, reason)
    assert [n.lines for n in out if n.kind == "left"] == [(reason, UNCOUNTED_AT_THE_END)]
    assert c.left_words() is None  # over


def test_notes_at_checkins_and_at_the_end_are_kept_where_they_were_written() -> None:
    c, rec, _ = make(checkin="none")
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2, note="slept badly"))
    c.tick(20.0)
    assert c.add_note(20.0, "calf tight\n") and c.add_note(20.0, "   ") == []
    c.tick(200.0)
    c.answer_pain(201.0, CheckinAnswer(1, note="better than last week"))
    notes = [
        (d["text"], d["when"], d["exercise"], d["step"]) for k, _, d in rec.events if k == "note"
    ]
    assert notes == [
        ("slept badly", "baseline", None, None),
        ("calf tight", None, "Calves", "work"),
        ("better than last week", "final", None, None),
    ]
    assert c.add_note(202.0, "too late") == [], "a closed session takes no more notes"


def test_a_stop_earlier_today_asks_before_the_session_starts() -> None:
    why = "Earlier today a session stopped at 5/10 at 09:12 (pain spreading down the leg)."
    line = "Earlier today: stopped at 5/10 at 09:12 (pain spreading down the leg)"
    today = Today(line=line, stop=why)
    c, rec, _ = make(today=today)
    notices = c.start(0.0)
    assert c.stage == "confirm" and rec.started is None, "nothing is journaled before yes"
    assert c.prompt is not None and c.prompt.kind == "confirm" and c.prompt.context == why
    assert why in [n.text for n in notices]
    c.answer_confirm(1.0, True)
    assert c.log.started and c.stage == "baseline"
    assert rec.started is None, "the journal hears of the session with its first answer"
    assert c.prompt is not None and c.prompt.context == line
    c2, rec2, _ = make(today=today)
    c2.start(0.0)
    notices = c2.answer_confirm(1.0, False)
    assert (c2.stage, c2.outcome, c2.exit_status) == ("done", "quit", 4)
    assert rec2.started is None and rec2.finished is None
    assert notices[0].kind == "left" and "Rest today" in notices[0].lines[0]


def test_a_note_at_start_anyway_is_kept_once_the_session_starts_and_said_lost_if_not() -> None:
    """A note given at "Start anyway?" (the plain player's `note ...` line): kept as a note
    before the session when the answer is yes; with no, nothing is journaled, and the closing
    lines say the note is not kept rather than dropping it unsaid."""
    today = Today(line="", stop="Earlier today a session stopped at 7/10 at 09:12.")
    c, rec, _ = make(today=today)
    c.start(0.0)
    assert [n.text for n in c.add_note(0.5, "pain is down to 2 now")] == ["Noted."]
    c.answer_confirm(1.0, True)
    c.answer_pain(2.0, CheckinAnswer(2))
    notes = [(d["text"], d["when"]) for k, _, d in rec.events if k == "note"]
    assert notes == [("pain is down to 2 now", "baseline")]
    c2, rec2, _ = make(today=today)
    c2.start(0.0)
    c2.add_note(0.5, "not today")
    (left,) = c2.answer_confirm(1.0, False)
    assert rec2.started is None
    assert left.lines[-1] == "Not kept (the session did not start): not today"


def test_the_first_pain_question_shows_todays_earlier_answers() -> None:
    line = "Earlier today: completed at 07:30 (2/10 before, 3/10 at the end)"
    c, _, _ = make(today=Today(line=line))
    notices = c.start(0.0)
    assert c.stage == "baseline" and c.prompt is not None and c.prompt.context == line
    assert [n.text for n in notices if n.kind == "note"] == [line]


def test_the_summary_reads_the_events_recorded_even_when_the_journal_failed() -> None:
    class Broken(MemoryRecorder):
        def record(self, kind: str, clock: float, data: dict[str, Any]) -> int | None:
            return None  # a journal that stopped recording

    c = Conductor(routine(), Dependencies(recorder=Broken()))
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(40.0)
    c.answer_pain(41.0, CheckinAnswer(3))
    c.quit(45.0)
    record = c.record()
    assert record.summary.outcome == "quit" and record.summary.answer_seconds == 6.0
    assert record.summary.active_seconds == 39.0, "45 s on the clock, 6 of them answering"
    assert figures.pain(record.events) == figures.Pain(2, 3, None)
    assert [r.status for r in c.exercise_results()] == ["done", "not_reached"]


def test_quit_and_interrupt() -> None:
    c, rec, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(0))
    c.quit(3.0)
    assert (c.stage, c.outcome, c.exit_status) == ("done", "quit", 4)
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
    assert (c.stage == "screen") is asked


def test_red_flag_stops_before_the_session() -> None:
    c, rec, _ = make(screen="always")
    c.start(0.0)
    for q in RED_FLAG_QUESTIONS:
        assert c.prompt is not None and c.prompt.question_id == q.id
        notices = c.answer_yes_no(0.0, q.id == "bladder_bowel")
    assert c.outcome == "stopped_red_flag" and c.exit_status == 3 and c.stage == "done"
    text = " ".join(notices[-1].lines)
    assert "emergency" in text
    screens = [d for k, _, d in rec.events if k == "screen"]
    assert len(screens) == 7, "each answer kept as it is given, with the answers before it"
    assert screens[0]["answers"] == {"saddle_numbness": False}
    assert screens[-1]["answers"]["bladder_bowel"] is True and len(screens[-1]["answers"]) == 7
    assert rec.kinds()[-1] == "verdict"


def test_speed_runs_session_time_faster() -> None:
    c, _, _ = make(speed=10)
    c.start(100.0)
    c.answer_pain(100.0, CheckinAnswer(0))
    c.tick(103.5)  # 35 session seconds: get-ready and the 30 s set are done
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    assert c.view(103.5).session.elapsed == 35.0


def test_a_preview_question_takes_real_time_not_speeded_time() -> None:
    c, rec, _ = make(speed=60)
    c.start(0.0)
    c.answer_pain(90.0, CheckinAnswer(1))  # a minute and a half on the first question
    c.tick(90.6)  # 36 session seconds at x60: get-ready and the 30 s set are done
    assert c.prompt is not None and c.prompt.when == "after_exercise"
    c.answer_pain(150.6, CheckinAnswer(2))  # the check-in stays open a real minute
    c.tick(150.6 + 15.5 / 60)  # back to x60: the 10 s between and the 5 s get-ready
    checkins = [elapsed for kind, elapsed, _ in rec.events if kind == "checkin"]
    assert checkins[1] == pytest.approx(36.0 + 60.0)  # not 36 + 60 x 60 s, an hour later
    bridge = [
        elapsed
        for kind, elapsed, data in rec.events
        if kind == "step_started" and data["exercise"] == "Bridge" and data["step"] == "hold"
    ]
    assert bridge == [pytest.approx(36.0 + 60.0 + 15.0)]


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


def test_exercise_results_tell_partly_done_from_not_reached_and_skipped() -> None:
    c, _, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(10.0)  # 5 s into the first exercise's 30 s of work
    c.quit(11.0)
    results = c.exercise_results()
    assert [(r.exercise, r.status) for r in results] == [
        ("Calves", "partly_done"),
        ("Bridge", "not_reached"),
    ]
    assert results[0].words() == "partly done: 6s of 30s"
    c, _, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(40.0)
    c.answer_pain(41.0, CheckinAnswer(2))
    c.tick(53.0)  # past the rest between exercises, into the get-ready of the next
    c.skip_exercise(53.0)
    assert [r.status for r in c.exercise_results()] == ["done", "skipped"]


def test_one_held_rep_then_the_rest_skipped_is_partly_done() -> None:
    c, _, _ = make()
    c.start(0.0)
    c.answer_pain(0.0, CheckinAnswer(2))
    c.tick(40.0)
    c.answer_pain(40.0, CheckinAnswer(2))
    c.tick(65.0)  # 10 s between, 5 s get-ready, the first 10 s hold
    c.skip_exercise(65.0)
    bridge = c.exercise_results()[1]
    assert (bridge.status, bridge.reps_done, bridge.reps_planned) == ("partly_done", 1, 2)
    assert bridge.words() == "partly done: 1 of 2 reps, 10s of 20s"


def test_a_routine_played_by_a_relative_path_is_kept_by_its_whole_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "back.yaml").write_text(
        "name: Back\ndescription: d\nsafety: {screen: never}\n"
        "exercises:\n- name: Calves\n  duration: 30\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    loaded = load_routine("back.yaml")
    rec = MemoryRecorder()
    c = Conductor(loaded, Dependencies(recorder=rec))
    c.start(0.0)
    c.answer_pain(1.0, CheckinAnswer(2))
    monkeypatch.chdir(tmp_path.parent)  # the program counts it later, from anywhere
    assert rec.started is not None and rec.started.routine_path is not None
    kept = Path(rec.started.routine_path)
    assert kept.is_absolute() and kept.resolve() == (tmp_path / "back.yaml").resolve()
