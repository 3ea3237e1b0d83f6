"""`hep journal stats` measured against the program honours `--routine` and `--since` as the
rest of the stats do: both the sessions prescribed and the sessions done are narrowed, so each
week reads done/prescribed over the same routines and days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from player.journal.store.store import Journal
from player.program.review import weekly_lines
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
TWO = """\
name: Two routines
description: Relaxation every day, core three days a week.
phases:
  - name: Only
    weeks: 4
    routines:
      - {routine: relaxation, every: day}
      - {routine: core-stabilization, days: [mon, wed, fri]}
"""
TODAY = MONDAY + 8 * DAY
"""The Tuesday of the second week."""


@pytest.fixture
def sim(journal: Journal, tmp_path: Path) -> Sim:
    """A week and two days of the program: relaxation Monday and Tuesday of each week (the
    second Tuesday's stopped with every exercise skipped, so it never counts), core on the
    first Monday and Wednesday and the second Monday."""
    path = tmp_path / "two.yaml"
    path.write_text(TWO, encoding="utf-8")
    sim = Sim(journal, path)
    sim.play(MONDAY, "relaxation")
    sim.play(MONDAY, "core-stabilization")
    sim.play(MONDAY + DAY, "relaxation")
    sim.play(MONDAY + 2 * DAY, "core-stabilization", outcome="stopped_pain", highest=6)
    sim.play(MONDAY + 7 * DAY, "relaxation")
    sim.play(MONDAY + 7 * DAY, "core-stabilization")
    sim.play(MONDAY + 8 * DAY, "relaxation", nothing_done=True)
    return sim


def _weeks(lines: list[str] | None) -> list[str]:
    """Each week's `week of DATE done/prescribed mark`, without the bar."""
    assert lines is not None
    return [" ".join(w for w in line.split() if set(w) != {"#"}) for line in lines[1:]]


WEEK_1 = f"week of {MONDAY.isoformat()}"
WEEK_2 = f"week of {(MONDAY + 7 * DAY).isoformat()}"


def test_without_filters_every_routine_and_day_of_the_program_is_measured(sim: Sim) -> None:
    lines = weekly_lines(sim.journal, TODAY, 2)
    assert _weeks(lines) == [f"{WEEK_1} 4/10", f"{WEEK_2} 2/3"]
    assert lines is not None and lines[0].endswith("(done/prescribed)")


@pytest.mark.parametrize("given", ["relaxation", "Relaxation and breathing", "relaxation.yaml"])
def test_routine_narrows_the_prescription_and_the_sessions_to_that_routine(
    sim: Sim, given: str
) -> None:
    lines = weekly_lines(sim.journal, TODAY, 2, routine=given)
    assert _weeks(lines) == [f"{WEEK_1} 2/7", f"{WEEK_2} 1/2"]
    assert lines is not None and f"only the routine {given!r}" in lines[0]


def test_since_starts_the_weeks_and_their_prescription_on_that_day(sim: Sim) -> None:
    tuesday = MONDAY + DAY
    lines = weekly_lines(sim.journal, TODAY, 2, since=tuesday)
    # From Tuesday: relaxation 6 days and core on Wednesday and Friday; Monday's two not done.
    assert _weeks(lines) == [f"{WEEK_1} 2/8", f"{WEEK_2} 2/3"]
    assert lines is not None and f"from {tuesday.isoformat()}" in lines[0]
    assert _weeks(weekly_lines(sim.journal, TODAY, 2, since=MONDAY + 7 * DAY)) == [f"{WEEK_2} 2/3"]


def test_routine_and_since_together(sim: Sim) -> None:
    lines = weekly_lines(sim.journal, TODAY, 2, routine="core-stabilization", since=MONDAY + DAY)
    assert _weeks(lines) == [f"{WEEK_1} 1/2", f"{WEEK_2} 1/1 met"]


def test_a_since_after_today_lists_no_week_but_still_measures_against_the_program(
    sim: Sim,
) -> None:
    lines = weekly_lines(sim.journal, TODAY, 2, since=TODAY + DAY)
    assert lines is not None and lines[0].startswith("Sessions per week against the program")
    assert lines[1:] == [
        f"  no program day from {(TODAY + DAY).isoformat()} to {TODAY.isoformat()}"
    ]


def _stats(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """`hep journal stats ARGS` on the day `TODAY`."""
    from click.testing import CliRunner

    from player import localday
    from player.cli import cli

    monkeypatch.setattr(localday, "today", lambda moment=None: TODAY)
    result = CliRunner().invoke(cli, ["journal", "stats", "--weeks", "2", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def mornings(sim: Sim) -> Sim:
    """Three morning checks: the first week's Tuesday (pain 6), the second week's Monday and
    Tuesday (pain 2 and 4)."""
    sim.morning(MONDAY + DAY, 6, "under30")
    sim.morning(MONDAY + 7 * DAY, 2, "none")
    sim.morning(MONDAY + 8 * DAY, 4, "none")
    return sim


def _morning_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Morning pain per week (0-10, the median of the checks):")
    return [" ".join(line.split()) for line in lines[start + 1 :]]


def test_the_mornings_in_stats_honour_since(mornings: Sim, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _morning_block(_stats(monkeypatch)) == [
        f"{WEEK_1} 6 (1 check)",
        f"{WEEK_2} 3 (2 checks)",
    ]
    assert _morning_block(_stats(monkeypatch, "--since", (MONDAY + 8 * DAY).isoformat())) == [
        f"{WEEK_2} 4 (1 check)"
    ]


def test_stats_in_json_carry_the_program_s_weeks_and_the_mornings_as_the_text_does(
    mornings: Sim, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    since = (MONDAY + 8 * DAY).isoformat()
    text = _stats(monkeypatch, "--since", since, "--routine", "relaxation")
    payload = json.loads(_stats(monkeypatch, "--since", since, "--routine", "relaxation", "--json"))
    assert f"{WEEK_2} 0/1" in [
        " ".join(w for w in x.split() if set(w) != {"#"}) for x in text.splitlines()
    ]
    assert payload["program_weeks"] == [
        {"week": (MONDAY + 7 * DAY).isoformat(), "prescribed": 1, "done": 0, "met": False}
    ]
    assert payload["morning_weeks"] == [
        {"week": (MONDAY + 7 * DAY).isoformat(), "median": 4, "checks": 1}
    ]
    assert [m["day"] for m in payload["mornings"]] == [since]


def test_the_report_s_mornings_and_decisions_honour_since(mornings: Sim) -> None:
    from player.journal.reports.clinic_text import Table
    from player.program.review import report_blocks

    since = MONDAY + 7 * DAY
    tables = [b for b in report_blocks(mornings.journal, since) if isinstance(b, Table)]
    decisions, checks = tables
    assert [row[0] for row in checks.rows] == [since.isoformat(), (since + DAY).isoformat()]
    assert decisions.rows and all(row[0] >= since.isoformat() for row in decisions.rows)
    everything = [b for b in report_blocks(mornings.journal) if isinstance(b, Table)]
    assert len(everything[1].rows) == 3 and len(everything[0].rows) > len(decisions.rows)
