"""After the red-flag questions stopped a session, a session started again the same day says so
with the same care the stop gave (emergency care for an emergency yes), and declining to start
speaks of the red flag, not of pain (docs/clinical-basis.md, "Red flags")."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.record.today import earlier_today
from player.session.questions import RED_FLAG_QUESTIONS
from player.session.safety import CheckinAnswer, judge_screen, stop_message
from tests.screened import SCREENED

EMERGENCY = "go to an emergency department now"
SOON = "Please see your doctor or therapist before you exercise"


def _stopped_at_question(path: Path, index: int) -> list[str]:
    """Play a session stopped by a yes to question `index` (no to the others); its stop's lines."""
    with Journal.open(path) as journal:
        recorder = SessionRecorder(journal)
        c = Conductor(SCREENED, Dependencies(recorder=recorder))
        c.start(0.0)
        for i in range(len(RED_FLAG_QUESTIONS)):
            c.answer_yes_no(1.0, i == index)
        assert c.outcome == "stopped_red_flag"
        recorder.close()
        return list(c.message)


def _next_start(path: Path) -> Conductor:
    journal = Journal.open(path)
    c = Conductor(
        SCREENED,
        Dependencies(recorder=SessionRecorder(journal), today=lambda: earlier_today(journal)),
    )
    c.start(0.0)
    return c


@pytest.mark.parametrize("index", range(len(RED_FLAG_QUESTIONS)))
def test_starting_again_the_same_day_repeats_the_care_the_stop_gave(
    tmp_path: Path, index: int
) -> None:
    question = RED_FLAG_QUESTIONS[index]
    said = _stopped_at_question(tmp_path / "j.sqlite3", index)
    c = _next_start(tmp_path / "j.sqlite3")
    assert c.stage == "confirm" and c.prompt is not None and c.prompt.context is not None
    why = c.prompt.context
    assert f"({question.short})" in why
    care = EMERGENCY if question.urgency == "emergency" else SOON
    assert care in why
    assert any(care in line for line in said)  # the same words the stop itself gave
    if question.urgency == "emergency":
        assert SOON not in why


def test_the_most_urgent_yes_of_the_day_sets_the_care(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    soon = next(i for i, q in enumerate(RED_FLAG_QUESTIONS) if q.urgency == "soon")
    _stopped_at_question(path, soon)
    _stopped_at_question(path, 0)  # an emergency question, later the same day
    c = _next_start(path)
    assert c.prompt is not None and c.prompt.context is not None
    assert EMERGENCY in c.prompt.context


@pytest.mark.parametrize("index", [0, len(RED_FLAG_QUESTIONS) - 1])
def test_declining_after_a_red_flag_stop_speaks_of_the_red_flag_not_of_pain(
    tmp_path: Path, index: int
) -> None:
    _stopped_at_question(tmp_path / "j.sqlite3", index)
    c = _next_start(tmp_path / "j.sqlite3")
    (left,) = c.answer_confirm(1.0, False)
    words = " ".join([left.text, *left.lines, *c.message])
    assert "pain" not in words.lower()
    assert "red-flag questions" in left.text
    question = RED_FLAG_QUESTIONS[index]
    verdict = judge_screen({question.id: True})
    assert stop_message(verdict)[-1] in c.message  # the stop's own care, as it was given


def test_declining_after_a_stop_for_pain_still_speaks_of_pain(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        recorder = SessionRecorder(journal)
        c = Conductor(
            SCREENED.model_copy(
                update={"safety": SCREENED.safety.model_copy(update={"screen": "never"})}
            ),
            Dependencies(recorder=recorder),
        )
        c.start(0.0)
        c.answer_pain(1.0, CheckinAnswer(9))
        assert c.outcome == "stopped_pain"
        recorder.close()
    c = _next_start(path)
    (left,) = c.answer_confirm(1.0, False)
    assert "stopped for pain" in left.text
    assert any("pain" in line for line in c.message)
