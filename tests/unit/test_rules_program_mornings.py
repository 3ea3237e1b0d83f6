"""The next-morning rule of docs/programs.md, each row at its boundary: your usual, a good
morning, a worse morning (pain above the usual, stiffness longer than usual, the mornings crept
up over a week or two), and what `hep today` says of the morning.

Mornings and sessions are written to a journal for chosen days, as `hep morning` and
`hep play --today` write them; what is checked is what `hep today` prints and the decision the
journal keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.journal.store.store import Journal
from player.program.decide import Decision
from player.program.models import Dose
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
PROGRAM = """\
name: Mornings
description: One long phase with relaxation every day, for the morning rules.
morning: {{usual_of: {usual_of}}}
phases:
  - name: Only
    weeks: 8
    routines:
      - {{routine: relaxation, every: day}}
"""


def _sim(journal: Journal, tmp_path: Path, usual_of: int = 7) -> Sim:
    path = tmp_path / "mornings.yaml"
    path.write_text(PROGRAM.format(usual_of=usual_of), encoding="utf-8")
    return Sim(journal, path)


def _mornings(
    sim: Sim, pains: Sequence[int], stiffness: Sequence[str | None] = ()
) -> list[Decision]:
    """A morning check each day from MONDAY, then the day's session (so every next morning is
    due and there is never a break); returns the decisions of the last morning."""
    made: list[Decision] = []
    for n, pain in enumerate(pains):
        day = MONDAY + n * DAY
        made = sim.morning(day, pain, stiffness[n] if n < len(stiffness) else None)
        sim.play(day, "relaxation")
    return made


def _today(day: date) -> str:
    shown = CliRunner().invoke(cli, ["today", "--date", day.isoformat()])
    assert shown.exit_code == 0, shown.output
    return " ".join(shown.output.split())


def _morning_line(day: date) -> str:
    text = _today(day)
    return text[text.index("Morning check:") : text.index("Last session:")].strip()


# --- your usual --------------------------------------------------------------------------------


def test_the_first_morning_sets_the_usual_and_hep_today_says_so(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    _mornings(sim, [9])
    assert _morning_line(MONDAY) == "Morning check: pain 9/10 (your first morning check)"


def test_with_fewer_than_3_good_mornings_your_first_morning_is_the_usual(
    journal: Journal, tmp_path: Path
) -> None:
    # Two good mornings (2, then 3): the usual is still the first morning, 2, not their middle
    # value 2.5, so a 4 is 2 above it and worse.
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, [2, 3, 4])
    assert [d.action for d in made] == ["hold"]
    assert _morning_line(MONDAY + 2 * DAY) == (
        "Morning check: pain 4/10 (2 above your usual 2: worse)"
    )


def test_from_the_third_good_morning_the_usual_is_their_median(
    journal: Journal, tmp_path: Path
) -> None:
    # Three good mornings (2, 3, 3): the usual becomes their middle value 3, so a 4 is close
    # to it, not 2 above the first morning.
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, [2, 3, 3, 4])
    assert [d.action for d in made] == ["stay"]
    assert _morning_line(MONDAY + 3 * DAY) == "Morning check: pain 4/10 (close to your usual 3)"


# --- a good morning: how hep today words it ----------------------------------------------------


@pytest.mark.parametrize(("pain", "words"), [(1, "at"), (2, "at"), (3, "close to")])
def test_a_good_morning_is_at_or_close_to_your_usual(
    journal: Journal, tmp_path: Path, pain: int, words: str
) -> None:
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, [2, 2, 2, pain])
    assert [d.action for d in made] == ["stay"]
    assert _morning_line(MONDAY + 3 * DAY) == (
        f"Morning check: pain {pain}/10 ({words} your usual 2)"
    )


# --- a worse morning: every reason it has, said together ---------------------------------------


def test_a_morning_worse_by_pain_and_by_stiffness_gives_both_reasons(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, [2, 2, 2, 5], ["none", "none", "none", "over30"])
    assert [d.action for d in made] == ["hold"]
    assert made[0].reason.startswith(
        "Morning pain 5/10, 3 above your usual 2; stiff for longer than your usual "
        "(no stiffness): holding phase Only"
    ), made[0].reason


# --- a worse morning: the mornings crept up over a week ----------------------------------------

# Three mornings at 2, three at 3, then 4s: no morning is 2 above the usual of the good mornings
# before it, but on the tenth day the last 7 mornings (median 4) are 2 above the week before
# (the three mornings at 2: the fewest answered mornings a week may have and still count).
CREPT = [2, 2, 2, 3, 3, 3, 4, 4, 4, 4]


def test_mornings_crept_up_2_points_over_a_week_are_a_worse_morning(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, CREPT)
    assert [d.action for d in made] == ["hold"]
    assert [d.day for d in sim.decisions if d.action == "hold"] == [MONDAY + 9 * DAY]
    assert made[0].reason.startswith(
        "Morning pain 4/10, your last 7 mornings (median 4) 2 above the week before (2): "
        "holding phase Only at sets -1"
    ), made[0].reason
    assert _morning_line(MONDAY + 9 * DAY) == (
        "Morning check: pain 4/10 (your last 7 mornings (median 4) 2 above the week before "
        "(2): worse)"
    )


def test_mornings_crept_up_only_1_point_are_not_a_worse_morning(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    made = _mornings(sim, [2, 2, 2, 3, 3, 3, 3, 3, 3, 4])
    assert [d.action for d in made] == ["stay"]
    assert _morning_line(MONDAY + 9 * DAY) == "Morning check: pain 4/10 (close to your usual 3)"


def test_a_morning_back_at_your_usual_is_good_though_the_mornings_crept_up(
    journal: Journal, tmp_path: Path
) -> None:
    # The usual follows three good mornings here (usual_of 3), so it has reached 4 by the tenth
    # day: the week's median is still 2 above the week before, but a morning at your usual is a
    # good morning (docs/programs.md), and a hold ends at such a morning.
    sim = _sim(journal, tmp_path, usual_of=3)
    made = _mornings(sim, [2, 2, 2, 3, 3, 4, 4, 4, 4, 4])
    assert [d.action for d in made] == ["stay"]
    assert _morning_line(MONDAY + 9 * DAY) == "Morning check: pain 4/10 (at your usual 4)"


# --- a morning noted after the day's first session: said now, applied from the next day --------


def test_a_first_morning_noted_after_the_session_is_said_and_applies_from_tomorrow(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    sim.play(MONDAY, "relaxation")
    made = sim.morning(MONDAY, 2)
    expected = (
        "Morning pain 2/10, your first morning check, noted after today's session: applies "
        "from tomorrow."
    )
    assert [(d.action, d.reason) for d in made] == [("stay", expected)]
    kept = [d for d in sim.on(MONDAY).decisions if d.morning_id is not None]
    assert [(d.action, d.reason) for d in kept] == [("stay", expected)]


def test_a_worse_morning_noted_after_the_session_is_said_and_holds_from_tomorrow(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    _mornings(sim, [2, 2, 2])
    thursday = MONDAY + 3 * DAY
    sim.play(thursday, "relaxation")
    made = sim.morning(thursday, 6)
    assert [(d.action, d.reason) for d in made] == [
        (
            "stay",
            "Morning pain 6/10, 4 above your usual 2, noted after today's session: applies "
            "from tomorrow.",
        )
    ]
    assert not sim.on(thursday).standing.holding
    assert sim.on(thursday + DAY).standing.holding


@pytest.mark.parametrize(
    ("before", "after"),
    [((), None), ((None,), None), ((None,), 3), ((3,), None)],
    ids=["none_then_skipped", "skipped_twice", "skipped_then_answered", "answered_then_skipped"],
)
def test_a_morning_skipped_before_or_after_the_session_never_stops_the_program(
    journal: Journal, tmp_path: Path, before: tuple[int | None, ...], after: int | None
) -> None:
    # `hep morning --skip` is an answer like any other: noted before or after the day's
    # session, the program goes on (the latest answer for the day counts from the next day).
    sim = _sim(journal, tmp_path)
    _mornings(sim, [2])
    tuesday = MONDAY + DAY
    for pain in before:
        sim.morning(tuesday, pain)
    sim.play(tuesday, "relaxation")
    late = sim.morning(tuesday, after)
    if after is None:
        assert late == []
        assert "Morning check: skipped" in _today(tuesday)
    else:
        assert [d.action for d in late] == ["stay"]
        assert "noted after today's session: applies from tomorrow" in late[0].reason
    made = sim.morning(tuesday + DAY, 2)
    assert [d.action for d in made] == ["stay"]
    assert "Morning check: pain 2/10 (at your usual 2)" in _today(tuesday + DAY)


def test_a_good_morning_noted_after_the_session_ends_a_hold_from_tomorrow(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal, tmp_path)
    _mornings(sim, [2, 2, 2, 5])  # Thursday's morning is worse: a hold
    friday = MONDAY + 4 * DAY
    sim.play(friday, "relaxation")
    sim.morning(friday, 2)
    assert sim.on(friday).standing.holding, "Friday was played at the lighter dose"
    saturday = sim.on(friday + DAY)
    assert not saturday.standing.holding and saturday.dose("relaxation") == Dose()
    assert [(d.action, d.reason) for d in saturday.decisions if d.day == friday + DAY] == [
        (
            "resume",
            "Yesterday's morning pain 2/10 (noted after yesterday's session), at your usual 2: "
            "phase Only at its full dose again.",
        )
    ]
