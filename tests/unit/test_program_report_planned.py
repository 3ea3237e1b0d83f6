"""The report for the clinic plans each week as the program followed prescribed it, as
`hep journal stats` measures it, unless `--target` is given: "planned 3 a week" while the
program prescribed ten sessions a week told the therapist the wrong dose."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from player import localday
from player.cli import cli
from player.journal.store.store import Journal
from player.localday import week_start
from tests.program_sim import Sim

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


@pytest.fixture
def sim(journal: Journal, tmp_path: Path) -> Sim:
    """The program started last Monday; relaxation and core played for that Monday and core
    for that Wednesday."""
    path = tmp_path / "two.yaml"
    path.write_text(TWO, encoding="utf-8")
    monday = week_start(localday.today()) - 7 * DAY
    sim = Sim(journal, path, start=monday)
    sim.play(monday, "relaxation")
    sim.play(monday, "core-stabilization")
    sim.play(monday + 2 * DAY, "core-stabilization")
    return sim


def _hep(*args: str) -> str:
    result = CliRunner().invoke(cli, ["journal", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _weeks_table(report: str) -> list[list[str]]:
    """The weeks table's rows (week of, planned, done, met) from the Markdown report."""
    lines = report.splitlines()
    start = lines.index("## Sessions planned and done, per week")
    out = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("| 20"):
            out.append([cell.strip() for cell in line.strip("|").split("|")][:4])
    return out


def test_the_report_plans_each_week_as_the_program_prescribed_it(sim: Sim) -> None:
    del sim
    report = _hep("export", "--format", "md")
    stats = json.loads(_hep("stats", "--json"))
    measured = {w["week"]: (str(w["prescribed"]), str(w["done"])) for w in stats["program_weeks"]}
    table = _weeks_table(report)
    assert table and {row[0]: (row[1], row[2]) for row in table} == measured
    last_week = table[0]
    assert last_week[1:3] == ["10", "3"] and last_week[3] == "no"
    assert "planned as the program 'Two routines' prescribed" in report


def test_a_target_given_plans_every_week_at_it(sim: Sim) -> None:
    del sim
    report = _hep("export", "--format", "md", "--target", "2")
    assert {row[1] for row in _weeks_table(report)} == {"2"}
    assert "planned 2 a week" in report
