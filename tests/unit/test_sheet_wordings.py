"""More of a sheet's own wordings get the line that writes them: a pain level out of ten
(`>5/10`, `5/10`) and reps before sets (`10 reps x 3`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli


def _validate(tmp_path: Path, safety: str, exercise: str) -> str:
    path = tmp_path / "sheet.yaml"
    path.write_text(
        f"name: Sheet\ndescription: x\nsafety:\n  {safety}\n"
        f"exercises:\n  - name: Clams\n    {exercise}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    return result.output


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('">5/10"', "stop_at: 6"),
        ('"> 5/10"', "stop_at: 6"),
        ("5/10", "stop_at: 5"),
        ("6/10 or more", "stop_at: 6"),
        ("more than 5/10", "stop_at: 6"),
    ],
)
def test_a_pain_level_out_of_ten_gets_its_stop_at(tmp_path: Path, written: str, meant: str) -> None:
    out = _validate(tmp_path, f"stop_at: {written}", "reps: 3")
    assert meant in out


@pytest.mark.parametrize(
    ("written", "reps", "sets"),
    [("10 reps x 3", 10, 3), ("10 reps x 3 sets", 10, 3), ("15 x 2 sets", 15, 2)],
)
def test_reps_before_sets_get_both_keys(tmp_path: Path, written: str, reps: int, sets: int) -> None:
    out = _validate(tmp_path, "stop_at: 6", f"reps: {written}")
    assert f"reps: {reps} with sets: {sets}" in out


def test_a_fraction_that_is_no_pain_level_gets_no_guess(tmp_path: Path) -> None:
    out = _validate(tmp_path, "stop_at: 5/20", "reps: 3")
    assert "stop_at: 5" not in out


@pytest.mark.parametrize(
    ("where", "written", "meant"),
    [
        ("exercise", "no_rest: true", "right_after"),
        ("exercise", "no_break: true", "right_after"),
        ("safety", "on_stop: Call us", "advice"),
        ("safety", "stop_message: Call us", "advice"),
        ("safety", "phone: Call us", "advice"),
    ],
)
def test_did_you_mean_goes_by_meaning(tmp_path: Path, where: str, written: str, meant: str) -> None:
    if where == "safety":
        out = _validate(tmp_path, written, "reps: 3")
    else:
        out = _validate(
            tmp_path, "stop_at: 6", f"reps: 3\n  - name: Then\n    reps: 3\n    {written}"
        )
    assert f"did you mean '{meant}'?" in out
