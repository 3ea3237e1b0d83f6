"""What moving on stands on (docs/programs.md, "moving on needs", "evidence window", "a break"),
each program setting at its boundary: `evidence.days`, `evidence.sessions`,
`evidence.break_days` and `advance_when.max_pain` inside the window.

Sessions and mornings are written to a journal for chosen days, as `hep play --today` and
`hep morning` write them; what is checked is the decision and the dose the program keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

import pytest

from player.journal.reports.report import preview_words
from player.journal.store.store import Journal
from player.program.models import Dose, Program
from player.program.report import today_lines
from player.program.review import mornings_lines, weekly_lines
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
LIGHTER = Program.model_fields["lighter"].default
PROGRAM = """\
name: Evidence
description: Two phases of relaxation, for the evidence rules.
evidence: {{days: {days}, sessions: {sessions}, break_days: {break_days}}}
phases:
  - name: First
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
    advance_when: {{sessions: {in_phase}, max_pain: 3, good_mornings: {good}}}
  - name: Second
    weeks: 2
    routines:
      - {{routine: relaxation, every: day, reps: 1}}
"""
WEEK_UP = MONDAY + 7 * DAY
"""The first day after First's week: the day it may move on."""


def _sim(
    journal: Journal,
    tmp_path: Path,
    days: int = 3,
    sessions: int = 3,
    gap: int = 4,
    in_phase: int = 3,
    good: int = 1,
) -> Sim:
    path = tmp_path / "evidence.yaml"
    text = PROGRAM.format(
        days=days, sessions=sessions, break_days=gap, in_phase=in_phase, good=good
    )
    path.write_text(text, encoding="utf-8")
    return Sim(journal, path)


def _week(sim: Sim, played: Iterable[int], pain: dict[int, int] | None = None) -> None:
    """First's week: a good morning every day, relaxation on the `played` days (at 2/10, or
    the day's `pain`)."""
    for n in range(7):
        day = MONDAY + n * DAY
        sim.morning(day, 2)
        if n in played:
            sim.play(day, "relaxation", highest=(pain or {}).get(n, 2))


# --- evidence.days and evidence.sessions: sessions in the window -------------------------------


@pytest.mark.parametrize(
    ("played", "moves_on"),
    [
        ({0, 1, 4, 5, 6}, True),  # three sessions in the last 3 days
        ({0, 1, 3, 5, 6}, False),  # the session of 4 days before has left the window
        ({0, 1, 2, 5, 6}, False),
    ],
)
def test_moving_on_needs_evidence_sessions_in_the_last_evidence_days(
    journal: Journal, tmp_path: Path, played: set[int], moves_on: bool
) -> None:
    sim = _sim(journal, tmp_path, days=3, sessions=3)
    _week(sim, played)
    made = sim.morning(WEEK_UP, 2)
    day = sim.on(WEEK_UP)
    if moves_on:
        assert [d.action for d in made] == ["advance"]
        assert "3 in the last 3 days with none stopped or above 3/10" in made[0].reason
        assert day.phase.name == "Second" and day.dose("relaxation") == Dose(reps=1)
    else:
        assert [d.action for d in made] == ["stay"]
        assert "(2 of 3 sessions in the last 3 days)" in made[0].reason, made[0].reason
        assert day.phase.name == "First" and day.dose("relaxation") == Dose()


def test_a_program_can_ask_for_fewer_sessions_in_the_window(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path, days=3, sessions=2)
    _week(sim, {0, 1, 2, 5, 6})
    assert [d.action for d in sim.morning(WEEK_UP, 2)] == ["advance"]


# --- advance_when.max_pain inside the window ---------------------------------------------------


@pytest.mark.parametrize(
    ("painful", "pain", "moves_on"), [(4, 4, False), (3, 4, True), (4, 3, True)]
)
def test_a_session_above_max_pain_blocks_moving_on_while_it_is_in_the_window(
    journal: Journal, tmp_path: Path, painful: int, pain: int, moves_on: bool
) -> None:
    # A session at `pain` on day `painful`: with a 3-day window, day 4 is inside it on the day
    # the week is up and day 3 has left it; 3/10 is the most that `max_pain: 3` allows.
    sim = _sim(journal, tmp_path, days=3, sessions=3)
    _week(sim, range(7), pain={painful: pain})
    made = sim.morning(WEEK_UP, 2)
    if moves_on:
        assert [d.action for d in made] == ["advance"]
    else:
        assert [d.action for d in made] == ["stay"]
        when = (MONDAY + painful * DAY).strftime("%a %Y-%m-%d")
        assert f"pain reached 4/10 on {when} (at most 3 in the last 3 days)" in made[0].reason


# --- evidence.break_days: a break holds at the lighter dose ------------------------------------


@pytest.mark.parametrize(("gap", "days"), [(4, "4 days"), (2, "2 days"), (1, "1 day")])
def test_break_days_without_a_session_are_a_break_that_holds_at_the_lighter_dose(
    journal: Journal, tmp_path: Path, gap: int, days: str
) -> None:
    # Sessions Monday to Wednesday, then none: `gap` days without a session is a break, one
    # fewer is not.
    sim = _sim(journal, tmp_path, days=7, gap=gap)
    for n in range(3):
        sim.morning(MONDAY + n * DAY, 2)
        sim.play(MONDAY + n * DAY, "relaxation")
    last = MONDAY + 2 * DAY
    before = sim.on(last + gap * DAY)
    assert not before.standing.holding and before.dose("relaxation") == Dose()
    away = sim.on(last + (gap + 1) * DAY)
    assert away.standing.holding and away.dose("relaxation") == LIGHTER
    held = [d for d in away.decisions if d.action == "hold"]
    assert [d.day for d in held] == [last + (gap + 1) * DAY]
    assert held[0].reason == (
        f"No session for {days}: holding phase First at sets -1 until the last days show "
        "sessions and good mornings again."
    )
    made = sim.morning(last + (gap + 1) * DAY, 2)  # a good morning ends no break
    assert [d.action for d in made] == ["stay"]
    assert made[0].reason.endswith(f"(no session for {days})."), made[0].reason


def _when(n: int) -> str:
    return (MONDAY + n * DAY).strftime("%a %Y-%m-%d")


# --- the phase's weeks and sessions ------------------------------------------------------------


@pytest.mark.parametrize(("needed", "moves_on"), [(5, True), (6, False)])
def test_moving_on_needs_the_sessions_done_in_the_phase_its_first_day_included(
    journal: Journal, tmp_path: Path, needed: int, moves_on: bool
) -> None:
    sim = _sim(journal, tmp_path, in_phase=needed)
    _week(sim, {0, 1, 4, 5, 6})
    assert "Staying in phase First (day 7 of 7" in sim.decisions[-2].reason  # day 7's morning
    made = sim.morning(WEEK_UP, 2)
    if moves_on:
        assert [d.action for d in made] == ["advance"]
        assert "5 sessions done (5 needed)" in made[0].reason
    else:
        assert [d.action for d in made] == ["stay"]
        assert "(5 of 6 sessions done in the phase)" in made[0].reason, made[0].reason


# --- good mornings in a row, in the window -----------------------------------------------------


@pytest.mark.parametrize(("good", "moves_on"), [(3, True), (4, False)])
def test_good_mornings_in_a_row_count_only_inside_the_evidence_window(
    journal: Journal, tmp_path: Path, good: int, moves_on: bool
) -> None:
    # A good morning every day for a week, but a 3-day window holds at most 3 of them.
    sim = _sim(journal, tmp_path, days=3, good=good)
    _week(sim, range(7))
    made = sim.morning(WEEK_UP, 2)
    if moves_on:
        assert [d.action for d in made] == ["advance"]
        assert "3 good mornings in a row (3 needed)" in made[0].reason
    else:
        assert [d.action for d in made] == ["stay"]
        assert "(3 of 4 good mornings in a row)" in made[0].reason, made[0].reason


# --- back from a break -------------------------------------------------------------------------


def test_back_from_a_break_holds_until_the_window_has_the_sessions_since_the_return(
    journal: Journal, tmp_path: Path
) -> None:
    # Sessions Monday to Wednesday, four days away, back on Monday: the sessions from before
    # the break never count again, and the third session back brings the phase on.
    sim = _sim(journal, tmp_path, days=7, sessions=3)
    for n in range(3):
        sim.morning(MONDAY + n * DAY, 2)
        sim.play(MONDAY + n * DAY, "relaxation")
    back = 7
    made = sim.morning(MONDAY + back * DAY, 2)
    assert made[0].action == "stay" and made[0].reason.endswith(
        "Still holding phase First at sets -1 until the last days show sessions and good "
        "mornings again (no session for 4 days)."
    ), made[0].reason
    for n in (back, back + 1):
        sim.play(MONDAY + n * DAY, "relaxation")
        made = sim.morning(MONDAY + (n + 1) * DAY, 2)
        done = n - back + 1
        assert [d.action for d in made] == ["stay"]
        assert made[0].reason.endswith(
            f"({done} of 3 sessions in the last 7 days since you came back on {_when(back)})."
        ), made[0].reason
        assert sim.on(MONDAY + (n + 1) * DAY).dose("relaxation") == LIGHTER
    sim.play(MONDAY + (back + 2) * DAY, "relaxation")
    made = sim.morning(MONDAY + (back + 3) * DAY, 2)
    assert [d.action for d in made] == ["advance"]
    assert made[0].reason.startswith("Morning pain 2/10, at your usual 2: 6 sessions done")
    assert made[0].reason.endswith(": moving on to phase Second."), made[0].reason
    assert sim.on(MONDAY + (back + 3) * DAY).dose("relaxation") == Dose(reps=1)


def test_a_stop_for_pain_back_from_a_break_keeps_the_break_hold(
    journal: Journal, tmp_path: Path
) -> None:
    # Sessions Monday to Wednesday, four days away, and the first session back stopped at
    # 5/10: the break's hold goes on (a usual morning does not end it), and the stop keeps the
    # phase for the days its window holds it.
    sim = _sim(journal, tmp_path, days=7, sessions=3)
    for n in range(3):
        sim.morning(MONDAY + n * DAY, 2)
        sim.play(MONDAY + n * DAY, "relaxation")
    back = 7
    sim.morning(MONDAY + back * DAY, 2)
    made = sim.play(MONDAY + back * DAY, "relaxation", outcome="stopped_pain", highest=5)
    assert [d.reason for d in made] == [
        "Relaxation and breathing was stopped at 5/10: still holding phase First at sets -1 "
        "until the last days show sessions and good mornings again; no moving on before "
        f"{_when(back + 8)}."
    ]
    made = sim.morning(MONDAY + (back + 1) * DAY, 2)
    assert [d.action for d in made] == ["stay"]
    assert "Still holding phase First at sets -1 until the last days show" in made[0].reason
    assert sim.on(MONDAY + (back + 1) * DAY).dose("relaxation") == LIGHTER


def test_a_program_not_played_from_its_start_is_a_break_and_the_return_is_named_in_the_window(
    journal: Journal, tmp_path: Path
) -> None:
    # Nothing played from Monday: Friday is the fourth day without a session. Back on Friday
    # and Sunday; a 3-day window names the return only while it reaches back before it.
    sim = _sim(journal, tmp_path, days=3, sessions=3)
    assert not sim.on(MONDAY + 3 * DAY).standing.holding
    friday = sim.on(MONDAY + 4 * DAY)
    assert friday.standing.holding and friday.dose("relaxation") == LIGHTER
    assert [d.reason for d in friday.decisions if d.action == "hold"] == [
        "No session for 4 days: holding phase First at sets -1 until the last days show "
        "sessions and good mornings again."
    ]
    sim.play(MONDAY + 4 * DAY, "relaxation")
    made = sim.morning(MONDAY + 6 * DAY, 2)
    assert made[0].reason.endswith(
        f"(1 of 3 sessions in the last 3 days since you came back on {_when(4)})."
    ), made[0].reason
    sim.play(MONDAY + 6 * DAY, "relaxation")
    made = sim.morning(MONDAY + 7 * DAY, 2)
    assert made[0].reason.endswith("(2 of 3 sessions in the last 3 days)."), made[0].reason


def test_the_day_a_phases_weeks_are_up_says_what_moving_on_still_needs(
    journal: Journal, tmp_path: Path
) -> None:
    # Played every day, but no morning answered and 30 sessions asked for: on the first day
    # after First's week, hep says what is missing, in words.
    sim = _sim(journal, tmp_path, in_phase=30)
    for n in range(7):
        sim.play(MONDAY + n * DAY, "relaxation")
    said = [(d.action, d.reason) for d in sim.on(WEEK_UP).decisions if d.day == WEEK_UP]
    assert said == [
        (
            "stay",
            "Phase First's 1 week is up, but not yet: 7 of 30 sessions done in the phase; "
            "0 of 1 good morning in a row. Staying in phase First.",
        )
    ]


def test_a_phase_whose_weeks_are_up_moves_on_at_the_start_of_a_day_with_no_morning_due(
    journal: Journal, tmp_path: Path
) -> None:
    # Nothing played on Sunday, so Monday's morning is not due: the first command of the day
    # decides it without one, and its words say the week is up and what moving on stood on:
    # the 5 sessions of Mon-Wed, Fri and Sat; Fri and Sat in the last 3 days; the good mornings
    # of Sat and Sun (Fri's was not due, nothing having been played on Thursday).
    sim = _sim(journal, tmp_path, days=3, sessions=2)
    _week(sim, {0, 1, 2, 4, 5})
    day = sim.on(WEEK_UP)
    assert day.morning is None
    assert [(d.action, d.reason) for d in day.decisions if d.day == WEEK_UP] == [
        (
            "advance",
            "Phase First's 1 week is up, 5 sessions done (3 needed), 2 in the last 3 days with "
            "none stopped or above 3/10, 2 good mornings in a row (1 needed): moving on to phase "
            "Second.",
        )
    ]
    assert day.phase.name == "Second" and day.dose("relaxation") == Dose(reps=1)


# --- what a session says it counts for ------------------------------------------------------------


def test_a_session_counts_itself_in_what_it_says_and_a_session_with_nothing_done_does_not(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    made = sim.play(MONDAY, "relaxation")
    assert [d.reason for d in made] == [
        "Relaxation and breathing completed, highest pain 2/10. Staying in phase First (day 1 "
        "of 7; 1 of 3 sessions done in the phase; 1 of 3 sessions in the last 3 days; 0 of 1 "
        "good morning in a row)."
    ]
    made = sim.play(MONDAY, "relaxation", outcome="nothing_done", nothing_done=True)
    assert [d.reason for d in made] == [
        "Relaxation and breathing: every exercise was skipped, so it does not count."
    ]
    assert sim.on(MONDAY + DAY).progress.sessions == 1


def test_the_journal_keeps_which_morning_check_each_decision_followed(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    sim.play(MONDAY, "relaxation")
    sim.morning(MONDAY + DAY, 2)
    day = sim.on(MONDAY + DAY)
    assert day.morning is not None
    assert [(d.action, d.morning_id) for d in day.decisions if d.day == MONDAY + DAY] == [
        ("stay", day.morning.id)
    ]


def test_a_one_day_window_is_said_as_one_day(journal: Journal, tmp_path: Path) -> None:
    sim = _sim(journal, tmp_path, days=1, sessions=2)
    made = sim.play(MONDAY, "relaxation")
    assert "; 1 of 2 sessions in the last 1 day;" in made[0].reason, made[0].reason


def test_counts_of_one_in_the_decisions_are_said_in_the_singular(
    journal: Journal, tmp_path: Path
) -> None:
    """A phase asking for one session and one good morning in a one-day window: what moving on
    still needs and what it stood on say each count of one in the singular."""
    sim = _sim(journal, tmp_path, days=1, sessions=1, in_phase=1, good=1)
    _week(sim, {6})
    made = sim.morning(WEEK_UP, 2)
    assert [d.action for d in made] == ["advance"]
    assert "1 session done (1 needed)" in made[0].reason, made[0].reason
    assert "1 good morning in a row (1 needed)" in made[0].reason, made[0].reason
    staying = sim.decisions[0].reason
    assert "0 of 1 session done in the phase; 0 of 1 session in the last 1 day" in staying
    said = " ".join(d.reason for d in sim.decisions)
    for wrong in ("1 sessions", "1 good mornings", "1 days"):
        assert wrong not in said, wrong


def test_a_week_with_one_morning_check_says_one_check(journal: Journal, tmp_path: Path) -> None:
    """`hep journal stats`: the mornings per week name one check in the singular."""
    sim = _sim(journal, tmp_path)
    sim.morning(MONDAY, 2)
    sim.morning(WEEK_UP, 3)
    sim.morning(WEEK_UP + DAY, 3)
    lines = mornings_lines(journal, WEEK_UP + DAY, 2)
    assert lines[1:] == [
        f"  week of {MONDAY.isoformat()}     2  (1 check)",
        f"  week of {WEEK_UP.isoformat()}     3  (2 checks)",
    ]


def test_the_weeks_against_the_program_count_only_sessions_that_count(
    journal: Journal, tmp_path: Path
) -> None:
    """`hep journal stats` measured against the program: a session with every exercise skipped
    never counts, and a preview is left out as everywhere else in the stats, so neither is a
    session done (README, "What the journal shows")."""
    sim = _sim(journal, tmp_path)
    sim.play(MONDAY, "relaxation", nothing_done=True)
    sim.play(MONDAY, "relaxation", preview=True)
    sim.play(MONDAY + DAY, "relaxation", outcome="stopped_pain", highest=7)
    lines = weekly_lines(journal, MONDAY + DAY, 1)
    assert lines is not None
    assert lines[1].rstrip() == f"  week of {MONDAY.isoformat()}  #                      1/2"
    previews = weekly_lines(journal, MONDAY + DAY, 1, include_previews=True)
    assert previews is not None
    assert previews[1] == f"  week of {MONDAY.isoformat()}  ##                     2/2   met"


def test_hep_today_marks_a_preview_where_it_names_the_session(
    journal: Journal, tmp_path: Path
) -> None:
    """A preview played for the day marks it done, and `hep today` says it was a preview
    where it names the session (the done routine, the last session), not only in the
    decision, in the words the journal's list, `show` and the exports mark it with ("A
    preview is marked as one everywhere", README)."""
    sim = _sim(journal, tmp_path)
    sim.play(MONDAY, "relaxation", preview=True)
    lines = today_lines(sim.on(MONDAY))
    done = next(line for line in lines if line.lstrip().startswith("[x]"))
    last = next(line for line in lines if line.startswith("Last session:"))
    marked = f"completed ({preview_words(60.0)}), highest pain 2/10"
    assert marked == "completed (preview at 60x speed), highest pain 2/10"
    assert done.endswith(f"done, {marked}"), done
    assert last.endswith(f"Relaxation and breathing, {marked}")
