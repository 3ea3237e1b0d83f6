"""A morning noted after that day's session: the day's plan, played already, stays as it was."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from player.journal.store.store import Journal
from player.program.decide import Decision, replay
from player.program.history import History, MorningFact, SessionFact
from player.program.loader import resolve_program
from tests.program_scenarios import DAY
from tests.program_sim import MONDAY, Sim
from tests.unit.test_program_scenarios import _program


def test_a_worse_morning_noted_after_the_days_session_leaves_that_days_plan(
    journal: Journal, tmp_path: Path
) -> None:
    sim = Sim(journal, _program(tmp_path))
    sim.play_due(MONDAY)
    sim.morning(MONDAY + DAY, 2)
    sim.play_due(MONDAY + DAY)
    wednesday = MONDAY + 2 * DAY
    sim.play_due(wednesday)
    played = sim.on(wednesday)
    sim.morning(wednesday, 6)
    after = sim.on(wednesday)
    assert after.standing == played.standing, "the session was played at the full dose"
    assert sim.on(wednesday + DAY).standing.holding, "the worse morning holds from the next day"


BERLIN = ZoneInfo("Europe/Berlin")
STOPPED_AT = date(2024, 6, 4)
"""The program day of a session begun late in the evening and stopped for pain after midnight."""


def _stopped_past_midnight(noted: time) -> list[Decision]:
    """A program whose first session (Tuesday, begun at 23:50) stopped for pain at 00:10
    on Wednesday, and whose Wednesday morning was noted at `noted`, Berlin time."""
    loaded = resolve_program("back-to-running")
    wednesday = STOPPED_AT + DAY
    stop = SessionFact(
        session_id=1,
        day=STOPPED_AT,
        routine="relaxation",
        routine_name="Relaxation",
        outcome="stopped_pain",
        highest=8,
        started=datetime.combine(STOPPED_AT, time(23, 50), BERLIN),
        ended=datetime.combine(wednesday, time(0, 10), BERLIN),
    )
    morning = MorningFact(1, wednesday, 2, "none", datetime.combine(wednesday, noted, BERLIN))
    history = History((stop,), (morning,))
    return replay(loaded.program, STOPPED_AT, 0, history, wednesday + DAY)


def test_a_morning_noted_minutes_after_a_stop_that_ended_past_midnight_applies_tomorrow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stop ended on Wednesday (`hep today` says "stopped today"): a Wednesday morning
    noted five minutes later is no morning after it, and leaves Wednesday held."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    decisions = _stopped_past_midnight(time(0, 15))
    wednesday = [d for d in decisions if d.day == STOPPED_AT + DAY]
    assert wednesday[-1].standing.holding, [d.reason for d in wednesday]
    assert "applies from tomorrow" in wednesday[-1].reason


def test_a_good_morning_after_a_stop_past_midnight_ends_the_hold_the_day_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Noted after the night, the Wednesday morning still comes after a session of Wednesday's:
    Wednesday stays held, and the good morning ends the hold on Thursday."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    decisions = _stopped_past_midnight(time(7, 0))
    wednesday = [d for d in decisions if d.day == STOPPED_AT + DAY]
    thursday = [d for d in decisions if d.day == STOPPED_AT + 2 * DAY]
    assert wednesday[-1].standing.holding, [d.reason for d in wednesday]
    assert thursday and not thursday[-1].standing.holding, [d.reason for d in thursday]
    assert "at its full dose again" in thursday[-1].reason
