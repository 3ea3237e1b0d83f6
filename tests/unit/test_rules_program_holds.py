"""Each hold of docs/programs.md and its effect on the dose: a stop for pain (`hold_lasts`,
"no moving on for 7 days"), a stop with a nerve sign (until good mornings in a row after it,
with the therapist named and the program's `on_stop` advice), and stiffness longer than your
usual (`morning.stiffness_worse`).

Sessions and mornings are written to a journal for chosen days, as `hep play --today` and
`hep morning` write them; what is checked is the decision and the dose the program keeps.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from player.journal.store.store import Journal
from player.localday import day_text
from player.program.models import Dose, Program
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
LIGHTER = Program.model_fields["lighter"].default
ADVICE = "Call the clinic on 01234 567890."
THERAPIST = "Check with your therapist before going on."
PROGRAM = """\
name: Holds
description: Relaxation every day, for the holds.
morning: {{stiffness_worse: {stiffness_worse}}}
hold_lasts: {hold_lasts}
on_stop: {advice}
evidence: {{days: 3}}
phases:
  - name: First
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
    advance_when: {{sessions: 3, max_pain: 3, good_mornings: {good}}}
  - name: Second
    weeks: 2
    routines:
      - {{routine: relaxation, every: day, reps: 1}}
"""


def _sim(
    journal: Journal,
    tmp_path: Path,
    *,
    hold_lasts: str = "until_normal",
    stiffness_worse: str = "true",
    good: int = 2,
    phase: int = 0,
) -> Sim:
    path = tmp_path / "holds.yaml"
    text = PROGRAM.format(
        hold_lasts=hold_lasts, stiffness_worse=stiffness_worse, advice=ADVICE, good=good
    )
    path.write_text(text, encoding="utf-8")
    return Sim(journal, path, phase=phase)


def _day(n: int) -> date:
    return MONDAY + n * DAY


def _good_days(sim: Sim, days: range, stiffness: str | None = None) -> None:
    for n in days:
        sim.morning(_day(n), 2, stiffness)
        sim.play(_day(n), "relaxation")


def _said_on(sim: Sim, n: int) -> list[tuple[str, str]]:
    return [(d.action, d.reason) for d in sim.on(_day(n)).decisions if d.day == _day(n)]


# --- stop for pain: no moving on for the evidence window ---------------------------------------


@pytest.mark.parametrize(
    ("outcome", "highest", "said"),
    [
        (
            "stopped_pain",
            6,
            "Relaxation and breathing was stopped at 6/10: from tomorrow phase First holds at "
            "sets -1 until a morning is back to your usual; no moving on before {calm}. "
            f"{ADVICE}",
        ),
        (
            "completed",
            4,
            "Relaxation and breathing completed, highest pain 4/10. That is above the 3/10 that "
            "moving on allows: no moving on before {calm}.",
        ),
    ],
    ids=["stopped", "above-max-pain"],
)
def test_no_moving_on_before_the_day_the_session_leaves_the_window(
    journal: Journal, tmp_path: Path, outcome: str, highest: int, said: str
) -> None:
    # A 3-day window: Friday's session is in the window of Saturday, Sunday and Monday; the
    # first day it may move on again is Tuesday, the day the session names.
    sim = _sim(journal, tmp_path)
    _good_days(sim, range(4))
    sim.morning(_day(4), 2)
    made = sim.play(_day(4), "relaxation", outcome=outcome, highest=highest)
    assert [d.reason for d in made] == [said.format(calm=day_text(_day(8)))]
    _good_days(sim, range(5, 7))
    monday = sim.morning(_day(7), 2)
    assert [d.action for d in monday] == ["stay"] and sim.on(_day(7)).phase.name == "First"
    sim.play(_day(7), "relaxation")
    assert [d.action for d in sim.morning(_day(8), 2)] == ["advance"]
    assert sim.on(_day(8)).dose("relaxation") == Dose(reps=1)


def test_a_stop_with_hold_lasts_today_holds_the_next_day_only(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path, hold_lasts="today")
    _good_days(sim, range(2))
    made = sim.play(_day(2), "relaxation", outcome="stopped_pain", highest=6)
    assert made[0].reason.startswith(
        "Relaxation and breathing was stopped at 6/10: tomorrow phase First holds at sets -1 "
        "for that day only; no moving on before"
    ), made[0].reason
    assert sim.on(_day(2)).dose("relaxation") == Dose()
    assert _said_on(sim, 3) == [
        (
            "hold",
            "Yesterday's Relaxation and breathing was stopped at 6/10: holding phase First at "
            "sets -1 for today.",
        )
    ]
    assert sim.on(_day(3)).dose("relaxation") == LIGHTER
    sim.play(_day(3), "relaxation")
    assert _said_on(sim, 4)[0] == (
        "resume",
        "The lighter day is over: phase First at its full dose again.",
    )
    assert sim.on(_day(4)).dose("relaxation") == Dose()


# --- stop with a nerve sign: good mornings in a row after it, and the therapist ----------------


def _spreading_stop(sim: Sim, phase: str = "First") -> None:
    """Good mornings and sessions Monday and Tuesday, a good morning Wednesday, then
    Wednesday's session stopped at 6/10 with pain spreading down the leg (in `phase`)."""
    _good_days(sim, range(2))
    sim.morning(_day(2), 2)
    made = sim.play(_day(2), "relaxation", outcome="stopped_pain", highest=6, flags=("spreading",))
    assert [d.reason for d in made] == [
        "Relaxation and breathing was stopped at 6/10 (pain spreading down the leg): from "
        f"tomorrow phase {phase} holds at sets -1 and does not move on. {THERAPIST} {ADVICE}"
    ]
    assert sim.on(_day(2)).dose("relaxation") == sim.on(_day(1)).dose("relaxation")


def test_a_stop_with_pain_spreading_holds_until_good_mornings_in_a_row_after_it(
    journal: Journal, tmp_path: Path
) -> None:
    # The good mornings before the stop, even on its own day, never count after it.
    sim = _sim(journal, tmp_path)
    _spreading_stop(sim)
    made = sim.morning(_day(3), 2)
    assert [(d.action, d.reason) for d in made] == [
        (
            "stay",
            "Morning pain 2/10, at your usual 2 (yesterday's Relaxation and breathing was "
            "stopped at 6/10 (pain spreading down the leg)). Still holding phase First at sets "
            f"-1 and not moving on (1 of 2 good mornings in a row since the stop). {THERAPIST}",
        )
    ]
    assert sim.on(_day(3)).dose("relaxation") == LIGHTER
    sim.play(_day(3), "relaxation")
    made = sim.morning(_day(4), 2)
    assert [(d.action, d.reason) for d in made] == [
        ("resume", "Morning pain 2/10, at your usual 2: phase First at its full dose again.")
    ]
    assert sim.on(_day(4)).dose("relaxation") == Dose()


def test_a_worse_morning_after_a_nerve_stop_keeps_the_hold_and_the_therapist(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    _spreading_stop(sim)
    made = sim.morning(_day(3), 5)
    assert [(d.action, d.reason) for d in made] == [
        (
            "hold",
            "Morning pain 5/10, 3 above your usual 2 (yesterday's Relaxation and breathing was "
            "stopped at 6/10 (pain spreading down the leg)): holding phase First at sets -1 and "
            f"not moving on. {THERAPIST}",
        )
    ]
    sim.play(_day(3), "relaxation")
    made = sim.morning(_day(4), 2)  # back to the usual, but not yet 2 good mornings in a row
    assert [d.action for d in made] == ["stay"]
    assert made[0].reason.endswith(
        f"not moving on (1 of 2 good mornings in a row since the stop). {THERAPIST}"
    ), made[0].reason
    assert sim.on(_day(4)).dose("relaxation") == LIGHTER


@pytest.mark.parametrize(
    ("highest", "said"),
    [
        (2, f"Holding phase First at sets -1 and not moving on. {THERAPIST}"),
        (
            4,
            "That is above the 3/10 that moving on allows: no moving on before {calm}. "
            f"{THERAPIST}",
        ),
    ],
    ids=["completed", "above-max-pain"],
)
def test_a_session_during_a_nerve_hold_names_the_therapist(
    journal: Journal, tmp_path: Path, highest: int, said: str
) -> None:
    sim = _sim(journal, tmp_path)
    _spreading_stop(sim)
    sim.morning(_day(3), 2)
    made = sim.play(_day(3), "relaxation", highest=highest)
    assert [d.reason for d in made] == [
        f"Relaxation and breathing completed, highest pain {highest}/10. "
        + said.format(calm=day_text(_day(7)))
    ]


def test_a_stop_for_pain_during_a_nerve_hold_keeps_the_hold_and_names_the_therapist(
    journal: Journal, tmp_path: Path
) -> None:
    # The stop does not turn the hold into one that a usual morning ends: it breaks the good
    # mornings in a row, so the next usual morning is the first of them again.
    sim = _sim(journal, tmp_path)
    _spreading_stop(sim)
    sim.morning(_day(3), 2)
    made = sim.play(_day(3), "relaxation", outcome="stopped_pain", highest=6)
    assert [d.reason for d in made] == [
        "Relaxation and breathing was stopped at 6/10: still holding phase First at sets -1 "
        f"and not moving on; no moving on before {day_text(_day(7))}. {THERAPIST} {ADVICE}"
    ]
    made = sim.morning(_day(4), 2)
    assert [d.action for d in made] == ["stay"]
    assert made[0].reason.endswith(
        f"not moving on (1 of 2 good mornings in a row since the stop). {THERAPIST}"
    ), made[0].reason
    assert sim.on(_day(4)).dose("relaxation") == LIGHTER


def test_a_step_back_during_a_nerve_hold_still_waits_for_good_mornings_and_names_the_therapist(
    journal: Journal, tmp_path: Path
) -> None:
    # A nerve stop in the second phase, then two worse mornings in a row: the step back to the
    # first phase is still a hold for the nerve signs, so it says to check with the therapist,
    # and one usual morning after it does not end it.
    sim = _sim(journal, tmp_path, phase=1)
    _spreading_stop(sim, "Second")
    assert [d.action for d in sim.morning(_day(3), 5)] == ["hold"]
    sim.play(_day(3), "relaxation")
    made = sim.morning(_day(4), 5)
    assert [(d.action, d.reason) for d in made] == [
        (
            "step_back",
            "Morning pain 5/10, 3 above your usual 2, the second worse morning in a row: "
            f"stepping back to phase First, at sets -1 and not moving on. {THERAPIST}",
        )
    ]
    sim.play(_day(4), "relaxation")
    made = sim.morning(_day(5), 2)
    assert [(d.action, d.reason) for d in made] == [
        (
            "stay",
            "Morning pain 2/10, at your usual 2. Still holding phase First at sets -1 and not "
            f"moving on (1 of 2 good mornings in a row since the stop). {THERAPIST}",
        )
    ]
    assert sim.on(_day(5)).dose("relaxation") == LIGHTER


# --- stiffness longer than your usual ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stiffness_worse", "usual", "stiffness", "words"),
    [
        ("true", "under30", "under30", None),
        ("true", "under30", "over30", "stiff for longer than your usual (stiff under 30 min)"),
        ("true", "none", "under30", "stiff for longer than your usual (no stiffness)"),
        ("true", "over30", "none", None),
        ("false", "none", "over30", None),
    ],
)
def test_stiffness_longer_than_your_usual_is_a_worse_morning_when_the_program_says_so(
    journal: Journal,
    tmp_path: Path,
    stiffness_worse: str,
    usual: str,
    stiffness: str,
    words: str | None,
) -> None:
    sim = _sim(journal, tmp_path, stiffness_worse=stiffness_worse)
    _good_days(sim, range(3), usual)
    made = sim.morning(_day(3), 2, stiffness)
    if words is None:
        assert [d.action for d in made] == ["stay"]
        assert made[0].reason.startswith("Morning pain 2/10, at your usual 2."), made[0].reason
        assert sim.on(_day(3)).dose("relaxation") == Dose()
    else:
        assert [(d.action, d.reason) for d in made] == [
            (
                "hold",
                f"Morning pain 2/10, {words}: holding phase First at sets -1 until a morning is "
                "back to your usual.",
            )
        ]
        assert sim.on(_day(3)).dose("relaxation") == LIGHTER


def test_a_nerve_stop_ends_at_the_phases_good_mornings_when_it_asks_for_one(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path, good=1)
    _spreading_stop(sim)
    made = sim.morning(_day(3), 2)
    assert [d.action for d in made] == ["resume"]
    assert sim.on(_day(3)).dose("relaxation") == Dose()


def test_a_nerve_hold_on_the_day_the_phases_weeks_are_up_still_names_the_therapist(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    _spreading_stop(sim)
    for n in range(3, 7):  # played, but no morning answered
        sim.play(_day(n), "relaxation")
    assert _said_on(sim, 7) == [
        (
            "stay",
            "Phase First's 1 week is up, but still holding phase First at sets -1 and not "
            f"moving on. {THERAPIST}",
        )
    ]
    assert sim.on(_day(7)).dose("relaxation") == LIGHTER
