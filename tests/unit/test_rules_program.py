"""One test per program rule of docs/clinical-basis.md ("Progressing a program over weeks"),
named after it: every threshold at its boundary and every decision's effect on the dose played.

The program is driven the way hep drives it (sessions and morning checks written to a journal
with chosen days, decisions read back through the program's day), so the rules are checked by
what they do, not by how the decision module is written.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from player.journal.store.store import Journal
from player.program.models import AdvanceWhen, Dose, Morning, Program
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
ROOT = Path(__file__).resolve().parents[2]
DOC = " ".join((ROOT / "docs" / "clinical-basis.md").read_text(encoding="utf-8").split())

PROGRAM = """\
name: Rules
description: Two one-week phases, for the rule tests.
morning: {{worse_by: {worse_by}, usual_of: {usual_of}}}
on_worse_morning: {on_worse}
on_stopped_session: {on_stopped}
lighter: {lighter}
phases:
  - name: First
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
      - {{routine: core-stabilization, every: day, sets: -1}}
    advance_when: {{sessions: {sessions}, max_pain: 3, good_mornings: 2}}
  - name: Second
    weeks: 1
    routines:
      - {{routine: core-stabilization, every: day}}
    advance_when: {{sessions: 3, max_pain: 3, good_mornings: 2}}
"""
CORE = "core-stabilization"
FIRST_DOSE = Dose(sets=-1)
LIGHTER = Program.model_fields["lighter"].default


@pytest.fixture
def program(tmp_path: Path):  # noqa: ANN201 (a factory)
    def write(
        *,
        on_worse: str = "hold",
        on_stopped: str = "hold",
        worse_by: int = 2,
        usual_of: int = 7,
        sessions: int = 4,
        lighter: str = "{sets: -1}",
    ) -> Path:
        path = tmp_path / "rules.yaml"
        path.write_text(
            PROGRAM.format(
                on_worse=on_worse,
                on_stopped=on_stopped,
                worse_by=worse_by,
                usual_of=usual_of,
                sessions=sessions,
                lighter=lighter,
            )
        )
        return path

    return write


def _settled(sim: Sim, days: int = 3, pain: int = 2) -> None:
    """`days` days of usual mornings at `pain` and everything due played at 2/10."""
    sim.follow(MONDAY, days, pain=pain)


def test_the_defaults_are_the_ones_the_page_gives() -> None:
    assert Morning().worse_by == 2 and "`morning.worse_by` (default 2)" in DOC
    assert Morning().usual_of == 7 and "`morning.usual_of` (default 7)" in DOC
    assert AdvanceWhen().max_pain == 3 and "`advance_when.max_pain` (default 3)" in DOC
    assert AdvanceWhen().good_mornings == 3 and "`advance_when.good_mornings` (default 3)" in DOC
    assert LIGHTER == Dose(sets=-1) and "(default one set fewer, `sets: -1`)" in DOC
    assert Program.model_fields["on_worse_morning"].default == "hold"
    assert "(`on_worse_morning: hold`, the default)" in DOC


# --- a worse morning: 2 or more points above the usual ---------------------------------------


@pytest.mark.parametrize(
    ("rise", "action"), [(-1, "stay"), (0, "stay"), (1, "stay"), (2, "hold"), (3, "hold")]
)
def test_a_morning_2_points_above_the_usual_is_worse(
    journal: Journal, program, rise: int, action: str
) -> None:
    sim = Sim(journal, program())
    _settled(sim)
    made = sim.morning(MONDAY + 3 * DAY, 2 + rise)
    assert [d.action for d in made] == [action]


@pytest.mark.parametrize("worse_by", [1, 3])
def test_a_program_moves_the_points_that_make_a_morning_worse(
    journal: Journal, program, worse_by: int
) -> None:
    sim = Sim(journal, program(worse_by=worse_by))
    _settled(sim)
    assert sim.morning(MONDAY + 3 * DAY, 2 + worse_by - 1)[0].action == "stay"
    assert sim.morning(MONDAY + 4 * DAY, 2 + worse_by)[0].action == "hold"


def test_the_first_morning_sets_the_usual_and_is_never_worse(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    made = sim.morning(MONDAY, 9)
    assert [d.action for d in made] == ["stay"]
    assert "your first morning check, so it sets your usual" in made[0].reason


@pytest.mark.parametrize(("usual_of", "action"), [(3, "hold"), (7, "stay")])
def test_the_usual_is_the_median_of_the_last_usual_of_mornings(
    journal: Journal, program, usual_of: int, action: str
) -> None:
    # Three mornings at 5, then three at 1: the usual of the last 3 is 1, of the last 7 it is 3.
    sim = Sim(journal, program(usual_of=usual_of))
    for n, pain in enumerate([5, 5, 5, 1, 1, 1]):
        sim.morning(MONDAY + n * DAY, pain)
    made = sim.morning(MONDAY + 6 * DAY, 3)
    assert [d.action for d in made] == [action]


# --- a worse morning: lower the load ---------------------------------------------------------


def test_a_worse_morning_holds_the_phase_at_one_set_fewer(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    _settled(sim)
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == FIRST_DOSE
    made = sim.morning(MONDAY + 3 * DAY, 5)
    assert [d.action for d in made] == ["hold"]
    assert "holding phase First at sets -1 until a morning is back to your usual" in made[0].reason
    day = sim.on(MONDAY + 3 * DAY)
    assert day.phase.name == "First" and day.standing.holding
    assert day.dose(CORE) == FIRST_DOSE.plus(LIGHTER) == Dose(sets=-2)
    assert day.dose("relaxation") == LIGHTER


def test_about_30_percent_fewer_reps_is_a_lighter_dose_a_program_can_choose(
    journal: Journal, program
) -> None:
    assert "about 30% fewer reps" in DOC
    sim = Sim(journal, program(lighter="{reps_scale: 0.7}"))
    _settled(sim)
    made = sim.morning(MONDAY + 3 * DAY, 5)
    assert "holding phase First at reps x0.7" in made[0].reason
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == Dose(sets=-1, reps_scale=0.7)


def test_a_morning_back_to_usual_ends_the_hold_at_the_full_dose(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    _settled(sim)
    sim.morning(MONDAY + 3 * DAY, 5)
    made = sim.morning(MONDAY + 4 * DAY, 3)  # 1 above the usual 2: not worse
    assert [d.action for d in made] == ["resume"]
    day = sim.on(MONDAY + 4 * DAY)
    assert not day.standing.holding and day.dose(CORE) == FIRST_DOSE


def test_a_second_worse_morning_in_a_row_steps_back_a_phase(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 9)
    assert sim.on(MONDAY + 9 * DAY).phase.name == "Second"
    assert sim.morning(MONDAY + 9 * DAY, 4)[0].action == "hold"
    assert sim.on(MONDAY + 9 * DAY).dose(CORE) == LIGHTER
    made = sim.morning(MONDAY + 10 * DAY, 4)
    assert [d.action for d in made] == ["step_back"]
    assert "stepping back to phase First, at sets -1" in made[0].reason
    back = sim.on(MONDAY + 10 * DAY)
    assert back.phase.name == "First" and back.standing.holding
    assert back.standing.phase_start == MONDAY + 10 * DAY
    # The phase before at its lighter dose, never above the held dose of the phase it left
    # (docs/programs.md, "step back"): First's sets -1 and one set fewer, capped at Second's -1.
    assert back.dose(CORE) == Dose(sets=-1)


def test_a_usual_morning_between_two_worse_ones_keeps_the_phase(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 9)
    assert sim.morning(MONDAY + 9 * DAY, 4)[0].action == "hold"
    assert sim.morning(MONDAY + 10 * DAY, 2)[0].action == "resume"
    assert sim.morning(MONDAY + 11 * DAY, 4)[0].action == "hold"
    assert sim.on(MONDAY + 11 * DAY).phase.name == "Second"


def test_step_back_at_once_when_the_program_says_so(journal: Journal, program) -> None:
    sim = Sim(journal, program(on_worse="step_back"))
    sim.follow(MONDAY, 9)
    made = sim.morning(MONDAY + 9 * DAY, 4)
    assert [d.action for d in made] == ["step_back"]
    assert sim.on(MONDAY + 9 * DAY).phase.name == "First"


def test_in_the_first_phase_a_step_back_holds_and_says_who_to_ask(
    journal: Journal, program
) -> None:
    sim = Sim(journal, program(on_worse="step_back"))
    _settled(sim)
    made = sim.morning(MONDAY + 3 * DAY, 5)
    assert made[0].action == "hold" and "talk to your therapist" in made[0].reason
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == FIRST_DOSE.plus(LIGHTER)


# --- a session stopped by the pain rules -----------------------------------------------------


def test_a_stopped_session_holds_at_the_lighter_dose_from_the_next_day(
    journal: Journal, program
) -> None:
    sim = Sim(journal, program())
    _settled(sim)
    made = sim.play(MONDAY + 3 * DAY, CORE, outcome="stopped_pain", highest=6)
    assert "from tomorrow phase First holds at sets -1" in made[0].reason
    # A session changes nothing on its own day (docs/programs.md) ...
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == FIRST_DOSE
    # ... and from the next, what it said is what is played: one set fewer.
    next_day = sim.on(MONDAY + 4 * DAY)
    assert next_day.standing.holding
    assert next_day.dose(CORE) == FIRST_DOSE.plus(LIGHTER) != FIRST_DOSE
    # A morning back to usual ends the hold.
    assert sim.morning(MONDAY + 4 * DAY, 2)[0].action == "resume"
    assert sim.on(MONDAY + 4 * DAY).dose(CORE) == FIRST_DOSE


def test_a_stopped_session_with_on_stopped_session_stay_keeps_the_dose(
    journal: Journal, program
) -> None:
    sim = Sim(journal, program(on_stopped="stay"))
    _settled(sim)
    made = sim.play(MONDAY + 3 * DAY, CORE, outcome="stopped_pain", highest=6)
    assert [d.action for d in made] == ["stay"]
    assert "the next morning tells how it settled" in made[0].reason
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == FIRST_DOSE


def test_a_quit_session_decides_nothing(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    _settled(sim)
    assert sim.play(MONDAY + 3 * DAY, CORE, outcome="quit") == []
    assert sim.on(MONDAY + 3 * DAY).dose(CORE) == FIRST_DOSE


# --- advance: weeks up, sessions at or under max_pain, good mornings -------------------------


@pytest.mark.parametrize(("highest", "phase"), [(2, "Second"), (3, "Second"), (4, "First")])
def test_advance_only_while_session_pain_stays_at_or_under_max_pain(
    journal: Journal, program, highest: int, phase: str
) -> None:
    # Seven days played at `highest`, then the morning of day 8 decides.
    sim = Sim(journal, program())
    sim.follow(MONDAY, 8, highest=highest)
    day8 = sim.on(MONDAY + 7 * DAY)
    assert day8.phase.name == phase
    if phase == "First":
        blocked = [d.reason for d in sim.decisions if "above the 3/10" in d.reason]
        assert blocked and "that moving on allows" in blocked[0]


def test_one_painful_session_in_the_window_blocks_the_advance(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 6)
    day = MONDAY + 6 * DAY
    sim.morning(day, 2)
    sim.play(day, "relaxation", highest=4)
    sim.play(day, CORE, highest=2)
    sim.morning(MONDAY + 7 * DAY, 2)
    assert sim.on(MONDAY + 7 * DAY).phase.name == "First"


def test_no_advance_before_the_weeks_are_up(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 7)
    assert {d.action for d in sim.decisions} <= {"stay", "start"}
    assert sim.on(MONDAY + 6 * DAY).phase.name == "First"
    assert [d.action for d in sim.morning(MONDAY + 7 * DAY, 2)] == ["advance"]
    assert sim.on(MONDAY + 7 * DAY).phase.name == "Second"


def test_advance_needs_the_sessions(journal: Journal, program) -> None:
    sim = Sim(journal, program(sessions=20))
    sim.follow(MONDAY, 7)  # 14 sessions
    day8 = sim.on(MONDAY + 7 * DAY)
    assert day8.phase.name == "First"
    assert "14 of 20 sessions done" in day8.decisions[-1].reason


def test_advance_needs_good_mornings_in_a_row(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 6)
    sim.morning(MONDAY + 6 * DAY, 5)  # worse: holds, and the good mornings start again
    sim.play_due(MONDAY + 6 * DAY)
    day8 = sim.on(MONDAY + 7 * DAY)
    assert day8.phase.name == "First" and day8.standing.holding


def test_the_advance_plays_the_next_phase_at_its_own_dose(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 8)
    day8 = sim.on(MONDAY + 7 * DAY)
    assert [d.action for d in day8.decisions if d.day == MONDAY + 7 * DAY][0] == "advance"
    assert day8.dose(CORE) == Dose() and day8.dose("relaxation") is None


def test_the_last_phase_completes_the_program(journal: Journal, program) -> None:
    sim = Sim(journal, program())
    sim.follow(MONDAY, 15)
    assert [d.action for d in sim.decisions if d.action in ("advance", "complete")] == [
        "advance",
        "complete",
    ]
    day15 = sim.on(MONDAY + 14 * DAY)
    assert day15.standing.complete and "the program is complete" in day15.decisions[-1].reason
    assert day15.phase.name == "Second" and day15.dose(CORE) == Dose()  # it keeps the last phase


# --- stiffness over 30 minutes on most mornings ----------------------------------------------


@pytest.mark.parametrize(("stiff", "told"), [(3, False), (4, True)])
def test_stiffness_over_30_minutes_on_4_of_the_last_7_mornings_is_said_once(
    journal: Journal, program, stiff: int, told: bool
) -> None:
    sim = Sim(journal, program())
    notices = []
    for n in range(7):
        stiffness = "over30" if n >= 7 - stiff else "under30"
        notices += [d for d in sim.morning(MONDAY + n * DAY, 2, stiffness) if d.action == "notice"]
    assert len(notices) == int(told)
    if told:
        assert f"on {stiff} of your last 7 mornings" in notices[0].reason
        more = sim.morning(MONDAY + 7 * DAY, 2, "over30")
        assert [d for d in more if d.action == "notice"] == [], "said once"
