"""A sheet's own wordings get the line that writes them, and "did you mean" goes by meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine.loader import RoutineError, load_routine
from player.routine.sheethints import sheet_hint

HEAD = "name: S\ndescription: x\n"
ONE = "exercises:\n  - name: A\n    reps: 5\n"


def problems(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sheet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("stop_at", '">5"', '">5" is stop_at: 6'),
        ("stop_at", '"> 5"', '"> 5" is stop_at: 6'),
        ("stop_at", "more than 5", '"more than 5" is stop_at: 6'),
        ("stop_at", "above 5", '"above 5" is stop_at: 6'),
        ("stop_at", '">=6"', '">=6" is stop_at: 6'),
        ("stop_at", "6 or more", '"6 or more" is stop_at: 6'),
        ("max_rise", "more than 2", '"more than 2" is max_rise: 3'),
        ("max_rise", "2 or more", '"2 or more" is max_rise: 2'),
        ("max_rise", '"2+"', '"2+" is max_rise: 2'),
    ],
)
def test_a_threshold_as_sheets_write_it(tmp_path: Path, key: str, value: str, line: str) -> None:
    text = f"{HEAD}safety:\n  {key}: {value}\n{ONE}"
    said = problems(tmp_path, text)
    assert f"safety.{key}: " in said and line in said


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("8 each side", "reps: 8 with sides: [left, right]"),
        ("8 per side", "reps: 8 with sides: [left, right]"),
        ("3 sets of 10", "reps: 10 with sets: 3"),
        ("3 sets of 10 reps", "reps: 10 with sets: 3"),
        ("2x15", "reps: 15 with sets: 2"),
        ("10 reps", "reps: 10"),
    ],
)
def test_reps_as_sheets_write_them(tmp_path: Path, value: str, line: str) -> None:
    text = f"name: S\ndescription: x\nexercises:\n  - name: A\n    reps: {value}\n"
    said = problems(tmp_path, text)
    assert "exercises[0].reps: " in said and line in said


@pytest.mark.parametrize(
    ("where", "key", "meant"),
    [
        ("exercise", "rest_between_sets", "rest"),
        ("safety", "stop_above", "stop_at"),
        ("safety", "rise", "max_rise"),
        ("exercise", "repetitions", "reps"),
        ("safety", "call", "advice"),
        ("exercise", "durration", "duration"),  # spelling still helps
    ],
)
def test_did_you_mean_goes_by_meaning(tmp_path: Path, where: str, key: str, meant: str) -> None:
    if where == "safety":
        text = (
            f"name: S\ndescription: x\nsafety:\n  {key}: 5\nexercises:\n  - name: A\n    reps: 5\n"
        )
    else:
        text = f"name: S\ndescription: x\nexercises:\n  - name: A\n    reps: 5\n    {key}: 5\n"
    assert f"unknown key '{key}'; did you mean '{meant}'?" in problems(tmp_path, text)


def test_stop_above_says_which_number_it_is(tmp_path: Path) -> None:
    text = (
        "name: S\ndescription: x\nsafety:\n  stop_above: 5\nexercises:\n  - name: A\n    reps: 5\n"
    )
    assert "(stop_above: 5 is stop_at: 6, the pain that stops)" in problems(tmp_path, text)


@pytest.mark.parametrize(
    "value", ["5", "sharp", "more than", "> five", ">" * 100_000, " or more" * 10_000, 7]
)
def test_other_values_get_no_sheet_line(value: object) -> None:
    assert sheet_hint("stop_at", value) is None
    assert sheet_hint("reps", value) is None
