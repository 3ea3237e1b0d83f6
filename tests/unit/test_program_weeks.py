"""Whole programs over simulated weeks, with injected dates: advance, hold, step back, missed
days, a mid-week start and phases that end on a weekend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from player.journal.store.store import Journal
from player.program.models import Dose
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)


@pytest.fixture
def journal() -> Iterator[Journal]:
    with Journal.open() as store:
        yield store


def _write(folder: Path, text: str) -> Path:
    path = folder / "program.yaml"
    path.write_text(text)
    return path


ONE_WEEK = """\
name: Two short phases
description: For tests.
on_worse_morning: {on_worse}
phases:
  - name: First
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
      - {{routine: core-stabilization, days: [mon, wed, fri]}}
    advance_when: {{sessions: 4, max_pain: 3, good_mornings: 2}}
  - name: Second
    weeks: 1
    routines:
      - {{routine: core-stabilization, per_week: 3, reps: 1}}
    advance_when: {{sessions: 3, max_pain: 3, good_mornings: 2}}
"""


def test_two_good_weeks_move_on_to_the_next_phase(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 14)
    last_day = sim.on(MONDAY + 13 * DAY)
    assert last_day.standing.phase == 0 and last_day.progress.missing() == ["day 14 of 14"]
    monday = sim.on(MONDAY + 14 * DAY)
    assert monday.phase.name == "Build" and monday.pending == 1
    advance = monday.decisions[-1]
    assert advance.action == "advance" and advance.day == MONDAY + 14 * DAY
    assert advance.reason.startswith("Phase Settle's 2 weeks are up, 24 sessions done (16 needed)")
    assert advance.reason.endswith("moving on to phase Build.")
    # The morning check that day writes the decision that was due, then its own.
    made = sim.morning(MONDAY + 14 * DAY, 2)
    assert [d.action for d in made] == ["stay"]
    assert sim.on(MONDAY + 14 * DAY).pending == 0
    assert [d.action for d in sim.on(MONDAY + 14 * DAY).decisions[-2:]] == ["advance", "stay"]
    # Build plays the core routine as written: the dose of Settle is gone.
    assert sim.on(MONDAY + 14 * DAY).dose("core-stabilization") == Dose()


def test_a_worse_morning_holds_at_a_lighter_dose_until_a_morning_is_usual(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 5)
    made = sim.morning(MONDAY + 5 * DAY, 5)
    assert [d.reason for d in made] == [
        "Morning pain 5/10, 3 above your usual 2: holding phase Settle for now, sets -1."
    ]
    held = sim.on(MONDAY + 5 * DAY)
    assert held.standing.holding and held.dose("core-stabilization") == Dose(sets=-2)
    # No advance while holding, even once the weeks are up.
    assert sim.play(MONDAY + 5 * DAY, "relaxation")[0].action == "stay"
    made = sim.morning(MONDAY + 6 * DAY, 2)
    assert [d.action for d in made] == ["resume"]
    assert (
        made[0].reason == "Morning pain 2/10, at your usual 2: phase Settle at its full dose again."
    )
    assert sim.on(MONDAY + 6 * DAY).dose("core-stabilization") == Dose(sets=-1)


def test_two_worse_mornings_in_a_row_step_back_a_phase(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 14)
    sim.follow(MONDAY + 14 * DAY, 3)  # in Build now
    assert sim.on(MONDAY + 17 * DAY).phase.name == "Build"
    assert sim.morning(MONDAY + 17 * DAY, 5)[0].action == "hold"
    sim.play_due(MONDAY + 17 * DAY)
    made = sim.morning(MONDAY + 18 * DAY, 6)
    assert [d.action for d in made] == ["step_back"]
    assert made[0].reason == (
        "Morning pain 6/10, 4 above your usual 2, the second worse morning in a row: "
        "stepping back to phase Settle."
    )
    back = sim.on(MONDAY + 18 * DAY)
    assert back.phase.name == "Settle" and back.standing.phase_start == MONDAY + 18 * DAY
    assert not back.standing.holding
    assert back.progress.missing()[0] == "day 1 of 14", "the phase starts over"


def test_step_back_at_once_when_the_program_says_so(journal: Journal, tmp_path: Path) -> None:
    sim = Sim(journal, _write(tmp_path, ONE_WEEK.format(on_worse="step_back")))
    sim.follow(MONDAY, 8)
    assert sim.on(MONDAY + 8 * DAY).phase.name == "Second"
    made = sim.morning(MONDAY + 8 * DAY, 4)
    assert [d.action for d in made] == ["step_back"]
    assert "stepping back to phase First" in made[0].reason
    # In the first phase there is nowhere to step back to: it holds and says who to ask.
    made = sim.morning(MONDAY + 9 * DAY, 5)
    assert made[0].action == "hold" and "talk to your therapist" in made[0].reason


def test_missed_days_keep_the_phase_until_its_rule_holds(journal: Journal) -> None:
    sim = Sim(journal)
    for n in range(14):
        day = MONDAY + n * DAY
        sim.morning(day, 2)
        if day.weekday() in (0, 2):  # Mondays and Wednesdays only
            sim.play_due(day)
    assert len(sim.on(MONDAY + 13 * DAY).history.sessions) == 4 * 3
    end = sim.on(MONDAY + 14 * DAY)
    stay = end.decisions[-1]
    assert end.phase.name == "Settle" and stay.action == "stay"
    assert stay.reason == (
        "Phase Settle's 2 weeks are up, but not yet: 12 of 16 sessions done. "
        "Staying in phase Settle."
    )
    # The rule is checked again after each session: the sixteenth moves it on.
    day = MONDAY + 14 * DAY
    actions = []
    while sim.on(day).phase.name == "Settle":
        sim.morning(day, 2)
        for item in sim.on(day).due:
            actions += [d.action for d in sim.play(day, item.entry.routine)]
            if actions[-1] == "advance":
                break
        day += DAY
    assert actions.count("advance") == 1 and actions[-1] == "advance"
    assert "16 sessions done (16 needed)" in sim.decisions[-1].reason


def test_a_program_started_mid_week(journal: Journal) -> None:
    thursday = MONDAY + 3 * DAY
    sim = Sim(journal, start=thursday)
    first = sim.on(thursday)
    due = {item.entry.routine: item for item in first.due}
    assert due["relaxation"].due and due["foam-roller"].due
    assert not due["core-stabilization"].due
    assert due["core-stabilization"].next_day == thursday + DAY  # Friday
    # Two foam-roller sessions a week: done Thursday and Saturday, not due on Sunday.
    sim.play(thursday, "foam-roller")
    sim.play(thursday + 2 * DAY, "foam-roller")
    sunday = {item.entry.routine: item for item in sim.on(thursday + 3 * DAY).due}
    assert not sunday["foam-roller"].due and sunday["foam-roller"].week_done == 2
    monday = {item.entry.routine: item for item in sim.on(thursday + 4 * DAY).due}
    assert monday["foam-roller"].due and monday["foam-roller"].week_done == 0
    # The phase's two weeks count from Thursday: day 14 is the Wednesday after next.
    assert sim.on(thursday + 13 * DAY).progress.day == 14
    assert sim.on(thursday + 14 * DAY).progress.day == 15


def test_a_phase_that_ends_on_a_weekend_moves_on_that_day(journal: Journal, tmp_path: Path) -> None:
    saturday = MONDAY - 2 * DAY
    sim = Sim(journal, _write(tmp_path, ONE_WEEK.format(on_worse="hold")), start=saturday)
    sim.follow(saturday, 7)  # Saturday to Friday; nothing is played over the next weekend
    next_saturday = sim.on(saturday + 7 * DAY)
    assert next_saturday.phase.name == "Second"
    assert next_saturday.decisions[-1].day == saturday + 7 * DAY
    # Seen from Monday, the advance still happened on Saturday and the week's count is fresh.
    monday = sim.on(saturday + 9 * DAY)
    assert monday.standing.phase_start == saturday + 7 * DAY
    assert [item.week_done for item in monday.due] == [0]
    assert monday.dose("core-stabilization") == Dose(reps=1)


def test_a_session_stopped_by_the_pain_rules_holds(journal: Journal) -> None:
    sim = Sim(journal)
    made = sim.play(MONDAY, "core-stabilization", outcome="stopped_pain", highest=6)
    assert made[0].action == "hold"
    assert made[0].reason == (
        "Core stabilization was stopped before its end, highest pain 6/10: holding phase "
        "Settle for now, sets -1."
    )
    assert sim.on(MONDAY).due[0].entry.routine == "relaxation"


def test_stiffness_on_most_mornings_is_said_once(journal: Journal) -> None:
    sim = Sim(journal)
    notices = []
    for n in range(10):
        made = sim.morning(MONDAY + n * DAY, 2, "over30")
        notices += [d for d in made if d.action == "notice"]
    assert len(notices) == 1 and notices[0].day == MONDAY + 3 * DAY
    assert "4 of your last 4 mornings" in notices[0].reason
    assert "worth showing a clinician once" in notices[0].reason


def test_a_skipped_morning_decides_nothing_and_breaks_no_streak(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 3)
    assert sim.morning(MONDAY + 3 * DAY, None) == []
    sim.morning(MONDAY + 4 * DAY, 2)
    assert sim.on(MONDAY + 5 * DAY).progress.good_mornings == 3
    assert sim.on(MONDAY + 4 * DAY).morning_due is False
    assert sim.on(MONDAY + 5 * DAY).morning_due is False  # nothing played on day 5 yet
    sim.play(MONDAY + 5 * DAY, "relaxation")
    assert sim.on(MONDAY + 6 * DAY).morning_due is True


def test_the_usual_is_the_median_of_the_last_seven_mornings(journal: Journal) -> None:
    sim = Sim(journal)
    for n, pain in enumerate([1, 1, 2, 6, 2, 1, 3, 2, 2]):
        sim.morning(MONDAY + n * DAY, pain)
    history = sim.on(MONDAY + 9 * DAY).history
    assert history.usual(MONDAY + 9 * DAY, 7) == 2  # of 2, 6, 2, 1, 3, 2, 2
    assert history.usual(MONDAY, 7) is None
    assert sim.decisions[3].action == "hold", "6 is 5 above the usual 1"


def test_looking_back_shows_the_program_as_it_stood(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 15)
    assert sim.on(MONDAY + 3 * DAY).phase.name == "Settle"
    assert sim.on(date(2024, 6, 20)).phase.name == "Build"
