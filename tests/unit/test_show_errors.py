"""`hep show` on a routine file with a mistake names the routine's mistake, as `hep validate`
does, not a program's missing keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli

BROKEN = {
    "duration": ("    duration: 10x\n", "exercises[0].duration"),
    "picture": ("    duration: 10s\n    image: nothere.png\n", "no such picture file"),
    "right_after first": ("    duration: 10s\n    right_after: true\n", "right_after"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_show_names_the_routine_mistake(tmp_path: Path, case: str) -> None:
    body, expected = BROKEN[case]
    path = tmp_path / "sheet.yaml"
    path.write_text(
        "name: Sheet\ndescription: x\nexercises:\n  - name: Stretch\n" + body, encoding="utf-8"
    )
    shown = CliRunner().invoke(cli, ["show", str(path)])
    checked = CliRunner().invoke(cli, ["validate", str(path)])
    assert shown.exit_code == 2
    assert expected in shown.output
    assert "phases" not in shown.output
    assert shown.output == checked.output


def test_show_of_a_broken_program_still_names_the_program_mistake(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("name: Plan\ndescription: x\nphases: 3\n", encoding="utf-8")
    shown = CliRunner().invoke(cli, ["show", str(path)])
    assert shown.exit_code == 2
    assert "phases" in shown.output
    assert "exercises" not in shown.output
