"""Filters that filter: `--routine` by file name or title, and the options given to
`hep journal` itself, on every subcommand (applied, or refused in one line; never ignored)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from player import localday, locations
from player.cli import cli
from player.journal import Journal, SessionRecorder
from tests.journal_sample import play_sample
from tests.program_sim import Sim

SI = "SI joint care"
"""Played from si-joint.yaml."""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["journal", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def two_routines() -> dict[str, list[int]]:
    """Two sessions of si-joint.yaml, three of core.yaml (one a preview); ids by routine."""
    ids: dict[str, list[int]] = {SI: [], "Core": []}
    for name, outcome, preview in [
        (SI, "completed", False),
        ("Core", "stopped_pain", False),
        (SI, "quit", False),
        ("Core", "completed", False),
        ("Core", "completed", True),
    ]:
        recorder = SessionRecorder()
        session = play_sample(recorder, outcome=outcome, routine_name=name, preview=preview)
        recorder.close()
        assert session is not None
        ids[name].append(session)
    return ids


def test_sample_sessions_are_played_from_the_file_names_the_filter_uses(
    two_routines: dict[str, list[int]],
) -> None:
    _, out, _ = _run("--json")
    paths = {s["routine"]: s["routine_path"] for s in json.loads(out)["sessions"]}
    assert paths == {SI: "/routines/si-joint-care.yaml", "Core": "/routines/core.yaml"}


@pytest.mark.parametrize(
    "given", ["si-joint-care", "SI-JOINT-CARE", "si-joint-care.yaml", "x/si-joint-care.yml", SI]
)
def test_routine_matches_the_file_name_as_played_or_the_title(
    two_routines: dict[str, list[int]], given: str
) -> None:
    code, out, err = _run("--routine", given, "--json")
    assert (code, err) == (0, "")
    assert [s["id"] for s in json.loads(out)["sessions"]] == two_routines[SI][::-1]


@pytest.mark.parametrize("given", ["si", "joint", "%", "si-joint-care.yaml.bak", "core.yaml/"])
def test_routine_matches_whole_names_only(two_routines: dict[str, list[int]], given: str) -> None:
    code, out, _ = _run("--routine", given)
    assert (code, out) == (0, "No sessions match.\n")


def _stats_routines(out: str) -> list[str]:
    return [r["routine"] for r in json.loads(out)["by_routine"]]


@pytest.mark.parametrize("before", [True, False])
def test_stats_filters_by_routine_given_before_or_after_it(
    two_routines: dict[str, list[int]], before: bool
) -> None:
    args = (
        ["--routine", "si-joint-care", "stats"]
        if before
        else ["stats", "--routine", "si-joint-care"]
    )
    code, out, err = _run(*args, "--json")
    assert (code, err) == (0, "")
    stats = json.loads(out)
    assert _stats_routines(out) == [SI] and stats["sessions"] == 2
    assert stats["outcomes"] == {"completed": 1, "quit": 1}
    code, out, _ = _run(*args)
    assert "Core" not in out and SI in out


def test_options_given_to_journal_apply_to_stats(two_routines: dict[str, list[int]]) -> None:
    code, out, _ = _run("--include-previews", "--json", "--since", "2000-01-01", "stats")
    stats = json.loads(out)
    assert code == 0 and stats["include_previews"] is True and stats["sessions"] == 5
    code, out, _ = _run("--since", "2999-01-01", "stats")
    assert (code, out.splitlines()[0]) == (0, "No sessions match.")
    code, out, _ = _run("--routine", "core", "stats", "--routine", "si-joint-care", "--json")
    assert _stats_routines(out) == [SI], "the subcommand's own option wins"


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
@pytest.mark.parametrize("before", [True, False])
def test_export_filters_by_routine_in_every_format(
    two_routines: dict[str, list[int]], fmt: str, before: bool
) -> None:
    filtered = ["--routine", "core"]
    args = (
        [*filtered, "export", "--format", fmt] if before else ["export", "--format", fmt, *filtered]
    )
    code, out, err = _run(*args)
    assert (code, err) == (0, "")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["routine"] for r in rows} == {"Core"}
        assert {int(r["session_id"]) for r in rows} == set(two_routines["Core"])
    elif fmt == "json":
        sessions = json.loads(out)["sessions"]
        assert [s["id"] for s in sessions] == two_routines["Core"]
    else:
        assert "Core" in out and SI not in out
        assert "Sessions: 2 (1 completed, 1 stopped: pain)" in out  # previews left out


def test_previews_given_to_journal_apply_to_the_report(two_routines: dict[str, list[int]]) -> None:
    code, out, _ = _run("--include-previews", "--routine", "core", "export")
    assert code == 0 and "Sessions: 3 (2 completed, 1 stopped: pain)" in out
    code, out, _ = _run("--no-previews", "export", "--format", "json")
    assert len(json.loads(out)["sessions"]) == 4


def test_json_given_to_journal_applies_to_show(two_routines: dict[str, list[int]]) -> None:
    code, out, _ = _run("--json", "show", str(two_routines[SI][0]))
    assert code == 0 and json.loads(out)["routine"] == SI


@pytest.mark.parametrize(
    ("given", "sub", "spelled"),
    [
        (["--routine", "core"], ["show", "1"], "--routine"),
        (["--since", "7d"], ["show", "1"], "--since"),
        (["--limit", "3"], ["stats"], "--limit"),
        (["--all"], ["export"], "--all"),
        (["--json"], ["export"], "--json"),
        (["--no-previews"], ["show", "1"], "--no-previews"),
        (["--routine", "core"], ["delete", "1", "--yes"], "--routine"),
        (["--since", "7d"], ["delete", "--before", "2000-01-01", "--yes"], "--since"),
        (["--routine", "core"], ["backup", "copy.sqlite3"], "--routine"),
        (["--json"], ["restore", "copy.sqlite3", "--yes"], "--json"),
    ],
)
def test_options_a_subcommand_cannot_use_are_refused_in_one_line(
    two_routines: dict[str, list[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: list[str],
    sub: list[str],
    spelled: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(*given, *sub)
    assert (code, out) == (2, "")
    assert err.startswith(f"hep: {spelled} does not apply to `hep journal {sub[0]}`")
    assert err.count("\n") == 1
    _, listed, _ = _run("--json")
    assert len(json.loads(listed)["sessions"]) == 5, "nothing was deleted"
    assert not (tmp_path / "copy.sqlite3").exists(), "nothing was backed up"


TWO_ROUTINES = """\
name: Two routines
description: Relaxation every day, core three days a week.
phases:
  - name: Only
    weeks: 4
    routines:
      - {routine: relaxation, every: day}
      - {routine: core-stabilization, days: [mon, wed, fri]}
"""


def test_stats_against_a_program_narrow_its_weeks_by_routine_and_since(tmp_path: Path) -> None:
    program = tmp_path / "two.yaml"
    program.write_text(TWO_ROUTINES, encoding="utf-8")
    monday = localday.week_start(localday.today()) - timedelta(days=7)
    journal = Journal.open(locations.journal_path())
    sim = Sim(journal, program, start=monday)
    sim.play(monday, "relaxation")
    sim.play(monday, "core-stabilization")
    sim.play(monday + timedelta(days=1), "relaxation")
    journal.close()
    week = f"week of {monday.isoformat()}"

    def first_week(*args: str) -> str:
        status, out, err = _run(*args, "--weeks", "2")
        assert status == 0, err
        line = next(line for line in out.splitlines() if week in line)
        return line.split()[-1] if line.split()[-1] != "met" else line.split()[-2]

    assert first_week("stats") == "3/10"
    assert first_week("stats", "--routine", "core-stabilization") == "1/3"
    assert first_week("--routine", "Relaxation and breathing", "stats") == "2/7"
    # From Tuesday: relaxation six days and core on Wednesday and Friday; Tuesday's done.
    assert first_week("stats", "--since", (monday + timedelta(days=1)).isoformat()) == "1/8"
