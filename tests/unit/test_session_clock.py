"""Session time: `speed` times real time, real time while the face asks something."""

from __future__ import annotations

import pytest

from player.conductor.clock import SessionClock


def test_session_time_runs_at_speed_from_the_first_reading() -> None:
    clock = SessionClock(10.0)
    assert clock.at(100.0, asking=False) == 100.0
    assert clock.at(102.5, asking=False) == pytest.approx(125.0)


def test_a_question_takes_real_time_and_the_speed_comes_back_after_it() -> None:
    clock = SessionClock(60.0)
    clock.at(0.0, asking=False)
    assert clock.at(1.0, asking=False) == pytest.approx(60.0)
    assert clock.at(31.0, asking=True) == pytest.approx(90.0)  # asked from the reading at 1.0
    assert clock.at(31.0, asking=False) == pytest.approx(90.0)
    assert clock.at(32.0, asking=False) == pytest.approx(150.0)


def test_at_speed_one_asking_changes_nothing() -> None:
    clock = SessionClock(1.0)
    readings = [clock.at(t, asking=t % 2 == 0) for t in (5.0, 6.0, 8.0, 9.5)]
    assert readings == [5.0, 6.0, 8.0, 9.5]
