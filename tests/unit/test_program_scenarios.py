"""The next-morning rule day by day: each case as a named scenario with the decision expected on
each day, played into a real journal with injected dates (tests/program_scenarios.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from player.journal.store.store import Journal
from player.program import store
from player.program.decide import Decision, Standing
from player.program.today import shown_on
from tests.program_scenarios import BUILT_IN_RUNS, DAY, Row, Scenario, Today, check, run
from tests.program_sim import MONDAY, Sim

SHORT = """\
name: Two short phases
description: For tests.
{extra}
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
      - {{routine: relaxation, every: day}}
      - {{routine: core-stabilization, days: [mon, wed, fri], reps: 1}}
    advance_when: {{sessions: 4, max_pain: 3, good_mornings: 2}}
  - name: Third
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
      - {{routine: core-stabilization, days: [mon, wed, fri], reps: 2}}
"""


def _program(folder: Path, extra: str = "") -> Path:
    path = folder / "short.yaml"
    path.write_text(SHORT.format(extra=extra))
    return path


def _played(rows: list[Row], scenario: Scenario) -> list[Row]:
    problems = check(scenario, rows)
    assert not problems, "\n".join(problems)
    return rows


def _good(n: int, day: date) -> Today:
    return Today(morning=2 if n else None)


def test_pain_in_the_last_week_holds_the_phase_however_easy_the_later_sessions(
    journal: Journal, tmp_path: Path
) -> None:
    # Friday's core session reaches 5/10; the weekend's relaxation is easy; Monday the week is
    # up, but pain above 3 in the last 7 days keeps the phase until it leaves the window.
    def script(n: int, day: date) -> Today:
        if n == 4:
            return Today(
                morning=2, plays=[("relaxation", {}), ("core-stabilization", {"highest": 5})]
            )
        return _good(n, day)

    scenario = Scenario(
        "pain in the window", 14, script, {0: "start", 12: "advance"}, program=_program(tmp_path)
    )
    rows = _played(run(scenario, journal), scenario)
    assert "pain reached 5/10 on Fri 2024-06-07" in rows[7].reasons[0]
    assert rows[11].phase == "First" and rows[12].phase == "Second"


def test_no_moving_on_for_a_week_after_a_session_stopped_for_pain(
    journal: Journal, tmp_path: Path
) -> None:
    def script(n: int, day: date) -> Today:
        if n == 5:
            return Today(
                morning=2, plays=[("relaxation", {"outcome": "stopped_pain", "highest": 6})]
            )
        return _good(n, day)

    # The week is up on day 7, but Saturday's stop (day 5) keeps the phase until it has left
    # the 7-day window: Sunday's good morning ends the hold, and it moves on on day 13.
    expect = {0: "start", 6: "resume", 13: "advance"}
    scenario = Scenario("stopped", 14, script, expect, program=_program(tmp_path))
    rows = _played(run(scenario, journal), scenario)
    assert "a session stopped on Sat 2024-06-08" in rows[8].reasons[0]
    assert rows[12].phase == "First" and rows[13].phase == "Second"


def test_a_stop_for_spreading_pain_holds_until_good_mornings_on_consecutive_days(
    journal: Journal, tmp_path: Path
) -> None:
    # Then nine days of sessions without a morning answer: the first answered morning does not
    # bring back the full dose, and mornings from before the stop never count.
    def script(n: int, day: date) -> Today:
        if n == 3:
            stop = {"outcome": "stopped_pain", "highest": 6, "flags": ("spreading",)}
            return Today(morning=2, plays=[("core-stabilization", stop)])
        if 4 <= n <= 12:
            return Today()
        return _good(n, day)

    scenario = Scenario(
        "spreading",
        18,
        script,
        {0: "start", 4: "hold", 14: "resume", 15: "advance"},
        program=_program(tmp_path),
    )
    rows = _played(run(scenario, journal), scenario)
    assert "Check with your therapist before going on." in rows[4].reasons[0]
    assert "pain spreading down the leg" in rows[4].reasons[0]
    assert rows[13].dose.startswith("held") and "1 of 2 good mornings" in rows[13].reasons[0]
    assert rows[7].phase == "First", "the week ran out while holding"


def test_two_worse_mornings_ten_days_apart_are_not_in_a_row(
    journal: Journal, tmp_path: Path
) -> None:
    def script(n: int, day: date) -> Today:
        return Today(morning={3: 5, 13: 5}.get(n, 2) if n else None)

    scenario = Scenario(
        "apart",
        15,
        script,
        {0: "start", 3: "hold", 4: "resume", 7: "advance", 13: "hold", 14: "resume"},
        program=_program(tmp_path),
    )
    rows = _played(run(scenario, journal), scenario)
    assert "in a row" not in rows[13].reasons[0]


def test_a_phase_does_not_move_on_while_away_and_the_return_is_at_the_lighter_dose(
    journal: Journal, tmp_path: Path
) -> None:
    def script(n: int, day: date) -> Today:
        if 4 <= n <= 10:
            return Today(plays="none")
        return Today(morning=2 if n not in (0, 11) else None)

    scenario = Scenario(
        "away", 18, script, {0: "start", 8: "hold", 13: "advance"}, program=_program(tmp_path)
    )
    rows = _played(run(scenario, journal), scenario)
    assert "No session for 4 days" in rows[8].reasons[0]
    assert rows[11].phase == "First" and rows[11].dose.startswith("held")
    assert rows[11].minutes < run_full_minutes(rows, 11)


def run_full_minutes(rows: list[Row], n: int) -> float:
    """The same weekday's minutes a week earlier, at the full dose."""
    return next(r.minutes for r in rows if r.day == rows[n].day - 7 * DAY)


def test_a_morning_noted_twice_is_one_morning(journal: Journal, tmp_path: Path) -> None:
    def script(n: int, day: date) -> Today:
        if n == 3:
            return Today(morning=5, again=5)
        return _good(n, day)

    scenario = Scenario(
        "twice", 6, script, {0: "start", 3: "hold", 4: "resume"}, program=_program(tmp_path)
    )
    rows = _played(run(scenario, journal), scenario)
    assert rows[3].reasons[0].startswith("Morning pain 5/10, 3 above your usual 2: holding")


def test_a_corrected_morning_recomputes_the_days_and_the_record_says_it_was_revised(
    journal: Journal, tmp_path: Path
) -> None:
    sim = Sim(journal, _program(tmp_path))
    for n in range(4):
        sim.morning(MONDAY + n * DAY, 2 if n != 3 else 5) if n else None
        sim.play_due(MONDAY + n * DAY)
    sim.morning(MONDAY + 4 * DAY, 2)
    assert sim.on(MONDAY + 4 * DAY).decisions[-1].action == "resume"
    # Corrected before Friday's session: Friday's 2 was a 6, the second worse in a row.
    made = sim.morning(MONDAY + 4 * DAY, 6)
    wrong = sim.on(MONDAY + 4 * DAY)
    assert [d.action for d in made][:2] == ["revise", "hold"]
    assert "noted again (2/10, then 6/10)" in made[0].reason
    assert wrong.standing.holding and "the second worse morning in a row" in made[1].reason
    # The record keeps what was shown, the revision and what stands now.
    log = store.decisions(journal, wrong.record.id)
    assert any(d.action == "resume" and d.day == MONDAY + 4 * DAY for d in log)
    assert not any(d.action == "resume" for d in store.in_force(log) if d.day == MONDAY + 4 * DAY)


def test_a_morning_noted_after_the_day_was_shown_says_so_when_it_revises_the_day(
    journal: Journal, tmp_path: Path
) -> None:
    """`hep today` (or a prompt's `hep today --short`) the morning after a stopped session
    shows the day's hold; the morning check noted next decides the day again, and the record
    says that was the morning, not a change in the journal or in hep's rules."""
    sim = Sim(journal, _program(tmp_path))
    sim.play_due(MONDAY)
    sim.morning(MONDAY + DAY, 2)
    for item in sim.on(MONDAY + DAY).due:
        if item.due:
            sim.play(MONDAY + DAY, item.entry.routine, outcome="stopped_pain", highest=8)
    shown = shown_on(journal, MONDAY + 2 * DAY)
    assert shown is not None and shown.standing.holding, "the stop holds the next day"
    made = sim.morning(MONDAY + 2 * DAY, 2)
    assert made[0].action == "revise", [d.reason for d in made]
    assert "this version of hep" not in made[0].reason
    assert "morning check of that day (2/10) was noted after" in made[0].reason


def test_an_early_second_worse_morning_is_still_worse(journal: Journal, tmp_path: Path) -> None:
    # Mornings 2, 5, 5: the usual stays 2 (fewer than 3 good mornings: the first one).
    def script(n: int, day: date) -> Today:
        return Today(morning={1: 2, 2: 5, 3: 5}.get(n, 2) if n else None)

    scenario = Scenario(
        "early",
        5,
        script,
        {0: "start", 2: "hold", 3: "hold", 4: "resume"},
        program=_program(tmp_path),
    )
    rows = _played(run(scenario, journal), scenario)
    assert "talk to your therapist" in rows[3].reasons[0]
    assert "above your usual 2" in rows[3].reasons[0]


def test_stiffness_longer_than_usual_is_a_worse_morning(journal: Journal, tmp_path: Path) -> None:
    def script(n: int, day: date) -> Today:
        if n == 4:
            return Today(morning=2, stiffness="over30")
        return Today(morning=2 if n else None, stiffness="none")

    scenario = Scenario(
        "stiff", 6, script, {0: "start", 4: "hold", 5: "resume"}, program=_program(tmp_path)
    )
    rows = _played(run(scenario, journal), scenario)
    assert "stiff for longer than your usual (no stiffness)" in rows[4].reasons[0]
    off = Scenario(
        "stiffness not a sign",
        6,
        script,
        {0: "start"},
        program=_program(tmp_path / "..", "morning: {stiffness_worse: false}"),
    )
    with Journal.open(tmp_path / "other.sqlite3") as other:
        _played(run(off, other), off)


def test_a_slow_rise_of_the_mornings_is_caught(journal: Journal, tmp_path: Path) -> None:
    # Morning pain 2 -> 5 over 20 days: never 2 above the usual of the mornings before, but the
    # last 7 mornings end up 2 above the 7 before them.
    def script(n: int, day: date) -> Today:
        return Today(morning=2 + round(3 * n / 20) if n else None)

    rows = run(
        Scenario("rise", 21, script, program=_program(tmp_path, "evidence: {days: 7}")), journal
    )
    held = [row for row in rows if row.decision in ("hold", "step_back")]
    assert held, [row.decision for row in rows]
    assert "above two weeks before" in held[0].reasons[0], held[0].reasons


def test_sessions_in_which_nothing_was_done_and_previews_do_not_count(
    journal: Journal, tmp_path: Path
) -> None:
    def script(n: int, day: date) -> Today:
        skipped = [("relaxation", {"nothing_done": n % 3 != 0})]
        if day.weekday() in (0, 2, 4):
            skipped.append(("core-stabilization", {"preview": True}))
        return Today(morning=2 if n else None, plays=skipped)

    scenario = Scenario("nothing", 9, script, {0: "start"}, program=_program(tmp_path))
    rows = _played(run(scenario, journal), scenario)
    assert rows[7].phase == "First"
    assert "3 of 4 sessions done in the phase" in rows[7].reasons[0], rows[7].reasons
    assert any("every exercise was skipped" in r for r in rows[1].reasons)


def test_lighter_today_only(journal: Journal, tmp_path: Path) -> None:
    def script(n: int, day: date) -> Today:
        return Today(morning=5 if n == 2 else (2 if n and n != 3 else None))

    scenario = Scenario(
        "today only",
        5,
        script,
        {0: "start", 2: "hold", 3: "resume"},
        program=_program(tmp_path, "hold_lasts: today"),
    )
    rows = _played(run(scenario, journal), scenario)
    assert rows[2].reasons[0].endswith("holding phase First at sets -1 for today.")
    assert rows[3].reasons[0] == "The lighter day is over: phase First at its full dose again."


def test_the_programs_stop_advice_is_in_every_stop(journal: Journal, tmp_path: Path) -> None:
    advice = "Call the clinic on 01234 567890 if the pain has not settled by tomorrow."
    sim = Sim(journal, _program(tmp_path, f"on_stop: {advice}"))
    made = sim.play(MONDAY, "relaxation", outcome="stopped_pain", highest=7)
    assert made[0].reason.endswith(advice)


def test_decisions_are_the_same_whatever_the_order_of_a_days_commands_before_its_session(
    tmp_path: Path,
) -> None:
    def follow(path: Path, order: str) -> list[Decision]:
        with Journal.open(path) as opened:
            sim = Sim(opened, _program(tmp_path))
            for n in range(9):
                day = MONDAY + n * DAY
                pain = 5 if n == 4 else 2
                if order == "today first":
                    shown_on(opened, day)  # hep today, which writes what it shows
                late = order == "Friday's morning late" and n == 4
                if n and not late:
                    sim.morning(day, pain)
                due = sim.on(day).due
                for item in reversed(due) if order == "today first" else due:
                    if item.due:
                        sim.play(day, item.entry.routine)
                if late:
                    sim.morning(day, pain)
            return [d for d in sim.on(MONDAY + 8 * DAY).decisions if d.session_id is None]

    def plain(decisions: list[Decision]) -> list[tuple[object, ...]]:
        return [(d.day, d.action, d.standing) for d in decisions]

    first = follow(tmp_path / "a.sqlite3", "morning first")
    assert plain(follow(tmp_path / "b.sqlite3", "today first")) == plain(first)
    # A morning noted after the day's session applies from the next day; the days before
    # it and the standing at the end of each day after it are the same.
    late = follow(tmp_path / "c.sqlite3", "Friday's morning late")
    friday = MONDAY + 4 * DAY
    assert plain([d for d in late if d.day < friday]) == plain([d for d in first if d.day < friday])
    said = [d for d in late if d.day == friday]
    assert not said[-1].standing.holding and said[-1].reason.endswith(
        "noted after today's session: applies from tomorrow."
    )
    assert [d.action for d in late if d.day == friday + DAY] == ["hold", "resume"]

    def evening(decisions: list[Decision], day: date) -> Standing:
        return [d for d in decisions if d.day <= day][-1].standing

    for n in range(5, 9):
        assert evening(late, MONDAY + n * DAY) == evening(first, MONDAY + n * DAY)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", BUILT_IN_RUNS, ids=lambda s: s.name)
def test_the_built_in_program_six_weeks_four_ways(journal: Journal, scenario: Scenario) -> None:
    rows = _played(run(scenario, journal), scenario)
    for row in rows:
        # A hold or a step back never plans more than the lighter dose of the phase before.
        if row.decision in ("hold", "step_back"):
            assert row.minutes <= row.held_minutes, row
