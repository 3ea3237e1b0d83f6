"""`hep --help` and the README list every exit status hep uses."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from player.cli import EXIT_STATUSES, cli
from player.cli.errors import BAD_INPUT
from player.cli.program import NOTHING_DUE
from player.session.outcomes import EXIT_STATUS


def test_help_lists_every_exit_status() -> None:
    shown = CliRunner().invoke(cli, ["--help"]).output
    assert "Exit status:" in shown and "_HEP_COMPLETE=bash_source hep" in shown
    for code in {*EXIT_STATUS.values(), BAD_INPUT, NOTHING_DUE, 1} - {130}:
        assert f"\n  {code}    " in EXIT_STATUSES, code
    assert "128+N" in EXIT_STATUSES and "130 Ctrl+C" in EXIT_STATUSES


def test_readme_lists_the_same_exit_statuses() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    body = EXIT_STATUSES.split("Exit status:\n", 1)[1].split("\n\n", 1)[0]
    assert body in readme
