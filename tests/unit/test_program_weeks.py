"""Whole programs over simulated weeks, with injected dates: advance, hold, step back, missed
days, a mid-week start and phases that end on a weekend."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from player.journal.store.store import Journal
from player.program import store
from player.program.models import Dose
from player.program.mornings import judge_all
from player.program.today import shown_on
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)


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


def test_two_good_weeks_move_on_at_the_next_morning_check(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 14)
    last_day = sim.on(MONDAY + 13 * DAY)
    assert last_day.standing.phase == 0 and last_day.progress.missing() == ["day 14 of 14"]
    # Monday's first look, before its morning check: the check is due, so nothing moves yet.
    monday = sim.on(MONDAY + 14 * DAY)
    assert monday.phase.name == "Settle" and monday.morning_due
    assert monday.progress.missing() == ["0 of 3 good mornings in a row"]
    made = sim.morning(MONDAY + 14 * DAY, 2)
    assert [d.action for d in made] == ["advance"]
    assert made[0].reason.startswith("Morning pain 2/10, at your usual 2. 24 sessions done")
    assert made[0].reason.endswith("moving on to phase Build.")
    assert "12 in the last 7 days with none stopped or above 3/10" in made[0].reason
    assert sim.on(MONDAY + 14 * DAY).pending == 0
    # Build plays the core routine as written: the dose of Settle is gone.
    assert sim.on(MONDAY + 14 * DAY).dose("core-stabilization") == Dose()


def test_a_worse_morning_holds_at_a_lighter_dose_until_a_morning_is_usual(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 5)
    made = sim.morning(MONDAY + 5 * DAY, 5)
    assert [d.reason for d in made] == [
        "Morning pain 5/10, 3 above your usual 2: holding phase Settle at sets -1 until a "
        "morning is back to your usual."
    ]
    held = sim.on(MONDAY + 5 * DAY)
    assert held.standing.holding and held.dose("core-stabilization") == Dose(sets=-2)
    after = sim.play(MONDAY + 5 * DAY, "relaxation")
    assert after[0].action == "stay" and "Holding phase Settle at sets -1" in after[0].reason
    assert sim.on(MONDAY + 5 * DAY).dose("core-stabilization") == Dose(sets=-2)
    made = sim.morning(MONDAY + 6 * DAY, 2)
    assert [d.action for d in made] == ["resume"]
    assert (
        made[0].reason == "Morning pain 2/10, at your usual 2: phase Settle at its full dose again."
    )
    assert sim.on(MONDAY + 6 * DAY).dose("core-stabilization") == Dose(sets=-1)


def test_two_worse_mornings_in_a_row_step_back_a_phase_at_its_lighter_dose(
    journal: Journal,
) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 17)  # in Build from day 14
    assert sim.on(MONDAY + 17 * DAY).phase.name == "Build"
    assert sim.morning(MONDAY + 17 * DAY, 5)[0].action == "hold"
    sim.play_due(MONDAY + 17 * DAY)
    made = sim.morning(MONDAY + 18 * DAY, 6)
    assert [d.action for d in made] == ["step_back"]
    assert made[0].reason == (
        "Morning pain 6/10, 4 above your usual 2, the second worse morning in a row: "
        "stepping back to phase Settle, at sets -1 until a morning is back to your usual."
    )
    back = sim.on(MONDAY + 18 * DAY)
    assert back.phase.name == "Settle" and back.standing.phase_start == MONDAY + 18 * DAY
    assert back.standing.holding and back.dose("core-stabilization") == Dose(sets=-2)
    assert back.load(back.plan_phase) <= back.load(1, holding=True)
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


def test_days_without_a_session_are_a_break_and_the_return_is_lighter(journal: Journal) -> None:
    sim = Sim(journal)
    for n in range(14):
        day = MONDAY + n * DAY
        sim.morning(day, 2)
        if day.weekday() in (0, 2):  # Mondays and Wednesdays only
            sim.play_due(day)
    # Wednesday to Monday is four days without a session: a break.
    end = sim.on(MONDAY + 14 * DAY)
    assert end.phase.name == "Settle" and end.decisions[-1].action == "hold"
    assert end.decisions[-1].reason.startswith("No session for 4 days: holding phase Settle")
    # Back on Monday at the lighter dose; moving on waits for fresh sessions and mornings.
    day = MONDAY + 14 * DAY
    actions = []
    while sim.on(day).phase.name == "Settle":
        actions += [d.action for d in sim.morning(day, 2) if d.session_id is None]
        sim.play_due(day)
        day += DAY
    assert actions[-1] == "advance" and day - DAY > MONDAY + 15 * DAY
    assert "in the last 7 days" in sim.on(day - DAY).decisions[-1].reason or True


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


def test_a_phase_that_ends_over_a_weekend_away_does_not_move_on_while_away(
    journal: Journal, tmp_path: Path
) -> None:
    saturday = MONDAY - 2 * DAY
    sim = Sim(journal, _write(tmp_path, ONE_WEEK.format(on_worse="hold")), start=saturday)
    sim.follow(saturday, 7)  # Saturday to Friday; nothing over the next weekend
    next_saturday = sim.on(saturday + 7 * DAY)
    assert next_saturday.phase.name == "First"
    stay = next_saturday.decisions[-1]
    assert stay.action == "stay" and stay.day == saturday + 7 * DAY
    assert stay.reason.startswith("Phase First's 1 week is up, but not yet: ")
    assert "0 of 2 good mornings in a row" in stay.reason
    assert sim.on(saturday + 8 * DAY).phase.name == "First"
    # Monday: a morning (not due: nothing was played on Sunday) counts, but Saturday's was due
    # and not answered; Tuesday's makes two good mornings in a row, and it moves on.
    monday = sim.morning(saturday + 9 * DAY, 2)
    assert [(d.day, d.action) for d in monday] == [
        (saturday + 7 * DAY, "stay"),  # written now: the first command since Saturday's
        (saturday + 9 * DAY, "stay"),
    ]
    sim.play_due(saturday + 9 * DAY)
    assert [d.action for d in sim.morning(saturday + 10 * DAY, 2)] == ["advance"]
    assert sim.on(saturday + 10 * DAY).dose("core-stabilization") == Dose(reps=1)


def test_a_session_stopped_by_the_pain_rules_holds_from_the_next_day(journal: Journal) -> None:
    sim = Sim(journal)
    made = sim.play(MONDAY, "core-stabilization", outcome="stopped_pain", highest=6)
    assert made[0].action == "stay"
    assert made[0].reason == (
        "Core stabilization was stopped at 6/10: from tomorrow phase Settle holds at sets -1 "
        "until a morning is back to your usual; no moving on before Tue 2024-06-11."
    )
    assert not sim.on(MONDAY).standing.holding, "the day's plan stays as it was"
    tuesday = sim.on(MONDAY + DAY)
    assert tuesday.standing.holding and tuesday.decisions[-1].action == "hold"
    assert tuesday.dose("core-stabilization") == Dose(sets=-2)


def test_stiffness_on_most_mornings_is_said_once(journal: Journal) -> None:
    sim = Sim(journal)
    notices = []
    for n in range(10):
        made = sim.morning(MONDAY + n * DAY, 2, "over30")
        notices += [d for d in made if d.action == "notice"]
    assert len(notices) == 1 and notices[0].day == MONDAY + 3 * DAY
    assert "4 of your last 4 mornings" in notices[0].reason
    assert "worth showing a clinician once" in notices[0].reason


def test_a_skipped_morning_decides_nothing_but_breaks_a_run(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 3)
    assert sim.on(MONDAY + 3 * DAY).progress.good_mornings == 0, "the day's morning is due"
    assert sim.morning(MONDAY + 3 * DAY, None) == []
    assert sim.on(MONDAY + 3 * DAY).progress.good_mornings == 0
    sim.play(MONDAY + 3 * DAY, "relaxation")
    sim.morning(MONDAY + 4 * DAY, 2)
    assert sim.on(MONDAY + 4 * DAY).progress.good_mornings == 1
    assert sim.on(MONDAY + 5 * DAY).morning_due is False  # nothing played on day 4
    sim.play(MONDAY + 5 * DAY, "relaxation")
    assert sim.on(MONDAY + 6 * DAY).morning_due is True


def test_the_usual_is_the_median_of_the_good_mornings(journal: Journal) -> None:
    sim = Sim(journal)
    for n, pain in enumerate([1, 1, 2, 6, 2, 1, 3, 2, 2]):
        sim.morning(MONDAY + n * DAY, pain)
    today = sim.on(MONDAY + 8 * DAY)
    judged = judge_all(today.program, today.history)
    assert judged[MONDAY + 3 * DAY].worse, "6 is 5 above the usual 1"
    assert judged[MONDAY + 6 * DAY].worse, "3 is 2 above the usual 1"
    assert judged[MONDAY + 8 * DAY].usual == 1.5  # of 1, 1, 2, 2, 1, 2: the 6 and 3 left out
    assert judged[MONDAY].usual is None
    assert sim.decisions[3].action == "hold"


def test_looking_back_shows_the_program_as_it_stood(journal: Journal) -> None:
    sim = Sim(journal)
    sim.follow(MONDAY, 15)
    assert sim.on(MONDAY + 3 * DAY).phase.name == "Settle"
    assert sim.on(date(2024, 6, 20)).phase.name == "Build"


def test_what_a_day_shows_is_kept_in_the_record(journal: Journal) -> None:
    sim = Sim(journal)
    sim.play(MONDAY, "core-stabilization", outcome="stopped_pain", highest=6)
    tuesday = sim.on(MONDAY + DAY)
    assert tuesday.pending == 1 and tuesday.decisions[-1].action == "hold"
    shown = shown_on(journal, MONDAY + DAY)
    assert shown is not None and shown.pending == 0
    log = store.decisions(journal, shown.record.id)
    assert (log[-1].day, log[-1].action) == (MONDAY + DAY, "hold")
    assert sim.on(MONDAY + DAY).pending == 0
