"""Every command's bad input ends in one line on standard error and exit status 2 (that the
light commands stay light is checked in tests/integration/test_light_commands.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from player.cli import cli

KNOWN = "core-stabilization, foam-roller, relaxation"

# Messages hep writes itself: the whole line is checked.
EXACT = [
    (["play", "--speed", "100", "x"], "hep: --speed: must be from 1 to 60 (found 100)"),
    (
        ["play", "--speed", "fast", "x"],
        "hep: --speed: expected a number from 1 to 60 (found 'fast')",
    ),
    (["play", "--speed", "nan", "x"], "hep: --speed: expected a number from 1 to 60 (found 'nan')"),
    (["play", "--speed", "2e1", "x"], "hep: --speed: expected a number from 1 to 60 (found '2e1')"),
    (["play", "nope"], f"hep: no routine called 'nope' (known: {KNOWN})"),
    (
        ["play", "back-to-running"],
        f"hep: no routine called 'back-to-running' (known: {KNOWN}); back-to-running is a "
        "program: follow it with hep program start back-to-running, then hep play --today",
    ),
    (["play", "--plain"], f"hep: which routine? hep play NAME, with NAME one of: {KNOWN}"),
    (["show", "nope"], f"hep: no routine called 'nope' (known: {KNOWN})"),
    (["journal", "--limit", "0"], "hep: --limit: must be at least 1 (found 0)"),
    (["journal", "--limit", "2.5"], "hep: --limit: expected a whole number (found '2.5')"),
    (["journal", "show", "x"], "hep: bad session id 'x': give the number `hep journal` lists"),
    (
        ["journal", "export", "--format", "pdf"],
        "hep: --format: unknown format 'pdf': use csv, json, md or html",
    ),
    (["journal", "export", "--target", "0"], "hep: --target: must be at least 1 (found 0)"),
    (["journal", "stats", "--weeks", "-1"], "hep: --weeks: must be at least 1 (found -1)"),
]

# Click's own parsing errors: its words may change between versions, so the start is checked,
# and the line names the command whose help to read.
CLICKS = [
    (["bogus"], "hep: no such command 'bogus'", "(hep -h for help)"),
    (["--bogus"], "hep: no such option", "(hep -h for help)"),
    (["play", "--bogus"], "hep: no such option", "(hep play -h for help)"),
    (["show"], "hep: missing argument", "(hep show -h for help)"),
    (["validate"], "hep: missing argument", "(hep validate -h for help)"),
    (["list", "extra"], "hep: got unexpected extra argument", "(hep list -h for help)"),
    (["schema", "--json"], "hep: no such option", "(hep schema -h for help)"),
    (["journal", "show"], "hep: missing argument", "(hep journal show -h for help)"),
    (["journal", "stats", "--nope"], "hep: no such option", "(hep journal stats -h for help)"),
    (
        ["journal", "export", "--since"],
        "hep: option '--since' requires an argument",
        "requires an argument",
    ),
]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "line"), EXACT, ids=[" ".join(a) for a, _ in EXACT])
def test_hep_problems_are_one_line_and_exit_2(args: list[str], line: str) -> None:
    assert run(args) == (2, "", line + "\n")


@pytest.mark.parametrize(("args", "start", "end"), CLICKS, ids=[" ".join(a) for a, _, _ in CLICKS])
def test_usage_errors_are_one_line_not_clicks_usage_text(
    args: list[str], start: str, end: str
) -> None:
    code, out, err = run(args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(start) and err.rstrip("\n").endswith(end)
    assert "Usage:" not in err and "Error:" not in err


def test_file_problems_name_the_file_first(tmp_path: Path) -> None:
    code, out, err = run(["new", str(tmp_path)])
    assert (code, out, err) == (
        2,
        "",
        f"{tmp_path}: is a folder; give a file name ending in .yaml\n",
    )
    code, out, err = run(["new", str(tmp_path / "notes.txt")])
    assert (code, err) == (2, f"{tmp_path / 'notes.txt'}: a routine file name ends in .yaml\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: d\nexercises:\n  - {name: a, duration: soon}\n")
    code, out, err = run(["play", str(bad)])
    assert (code, out) == (2, "")
    assert err == (
        f"{bad}:4:25: exercises[0].duration: expected seconds as a number, or a string like "
        "45s, 2m or 1m30s (found 'soon')\n"
    )


def test_the_previews_option_is_spelled_one_way_everywhere() -> None:
    for command in (["journal"], ["journal", "stats"], ["journal", "export"]):
        code, out, _ = run([*command, "--help"])
        assert code == 0 and "--include-previews / --no-previews" in out, command
        for flag in ("--include-previews", "--no-previews"):
            assert run([*command, flag])[0] == 0


def test_hep_play_gives_the_garbage_collector_back_whatever_happens(tmp_path: Path) -> None:
    import gc

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", "utf-8")
    for args in (["play", "nope"], ["play", str(bad)], ["play", "--plain", "--date", "x"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert gc.isenabled()  # paused only while hep play starts


def test_hep_play_starts_with_the_garbage_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from player.routine import loader

    seen: list[bool] = []
    load = loader.load_routine

    def loading(*args: Any, **kwargs: Any) -> object:
        seen.append(gc.isenabled())  # while the routine is loaded
        return load(*args, **kwargs)

    monkeypatch.setattr(loader, "load_routine", loading)
    routine = tmp_path / "r.yaml"
    routine.write_text("name: x\ndescription: d\nexercises:\n  - {name: a, duration: 5}\n")
    result = CliRunner().invoke(cli, ["play", str(routine), "--plain", "--mute"], input="")
    assert seen == [False], result.output
    assert gc.isenabled()


def test_a_speed_too_long_for_a_float_is_named_by_its_digits() -> None:
    """float() makes 1 and 5,000 zeros inf, and 0.000...1 zero: the line says what was given."""
    runner = CliRunner()
    for given, found in [("1" + "0" * 5000, "5,001"), ("0." + "0" * 5000 + "1", "5,002")]:
        result = runner.invoke(cli, ["play", "--speed", given, "x"])
        assert result.exit_code == 2
        line = f"hep: --speed: must be from 1 to 60 (found a number of {found} digits)"
        assert result.output.strip().splitlines()[-1] == line, result.output[:300]
