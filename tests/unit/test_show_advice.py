"""`hep show` prints the routine's stop advice, so the therapist can check the number on it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from player.cli import cli

SHEET = """\
name: Sheet
description: A therapist's sheet.
safety:
  stop_at: 6
  advice: "Call the clinic on 01234 567890.\\nOr \\e[31mthe ward[bold]."
exercises:
  - name: Stretch
    duration: 30s
"""


def test_show_prints_the_stop_advice_as_typed_and_safe(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "On a stop it adds: Call the clinic on 01234 567890." in result.output
    assert "[bold]" in result.output
    assert "\x1b" not in result.output


def test_show_says_nothing_of_advice_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET.replace("  advice:", "  # advice:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "On a stop it adds" not in result.output
