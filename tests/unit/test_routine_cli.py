"""The authoring commands as a user runs them: list, show, validate, new, schema."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.locations import builtin_routines_dir
from player.routine.discovery import resolve_routine
from player.routine.durations import format_duration
from player.routine.models import json_schema

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_builtins_and_a_broken_user_routine(isolated_data_dir: Path) -> None:
    folder = isolated_data_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "oops.yaml").write_text("name: x\n")
    code, out, _ = run("list")
    assert code == 0
    assert "core-stabilization" in out and "18m51s" in out and "built-in" in out
    assert "oops" in out and "broken:" in out and "missing required key" in out
    assert "Yours are in" in out and "yours" in out
    assert "Foam roller, whole body" in out, "names are not wrapped at 80 columns"


def test_show_prints_timeline_and_total() -> None:
    code, out, _ = run("show", "core-stabilization")
    assert code == 0
    assert "McGill curl-up" in out and "5 reps, 8s hold, 3s relax" in out
    assert "1 rep, 8s hold " in out  # one hold: nothing to relax between
    assert "Total: about 18m51s" in out
    # Bird dog alternates each rep, side bridge each set: the rows follow the real order.
    rows = [line.split() for line in out.splitlines() if "Side bridge" in line]
    order = [word for row in rows for word in row if word in ("left", "right", "rest")]
    # Set 1 left, switch to the right, set 1 right, rest, set 2 left...
    assert order[:5] == ["left", "right", "right", "rest", "left"]
    assert "alternating  5 reps a side, 8s hold, 3s" in out
    assert "Bird dog: sides alternate each rep (right arm and left leg, then left arm" in out


def test_show_gives_each_row_its_time_to_the_tenth_as_written(tmp_path: Path) -> None:
    path = tmp_path / "halves.yaml"
    path.write_text(
        "name: Halves\ndescription: d\n"
        "defaults: {get_ready: 2.5, rest: 3.5, rest_between_exercises: 4.5}\n"
        "exercises:\n  - {name: Clam, reps: 3, tempo: 2.5s, sets: 2}\n"
        "  - {name: Stretch, duration: 10.4}\n"
    )
    code, out, _ = run("show", str(path))
    assert code == 0
    table = out.split("Total:")[0]
    rows = [line.split() for line in table.splitlines()]
    times = [row[-1] for row in rows if "ready" in row or "rest" in row or "each" in row]
    # get ready, a set of three 2.5 s reps, the rest between sets, the next set, the rest
    # after the exercise, the get-ready: each as the file gives it, not 2s, 8s, 4s, 8s, 4s
    assert times == ["2.5s", "7.5s", "3.5s", "7.5s", "4.5s", "2.5s"]
    assert rows[-1][-2:] == ["timed", "10.4s"]
    assert "Total: 38s" in out  # 2.5 + 7.5 + 3.5 + 7.5 + 4.5 + 2.5 + 10.4 = 38.4


def test_show_by_path_and_bad_name() -> None:
    code, out, _ = run("show", str(builtin_routines_dir() / "relaxation.yaml"))
    assert code == 0 and "breathe 6 a minute," in out and "4s-0s-6s-0s x 30" in out
    code, out, err = run("show", "nope")
    assert (code, out) == (2, "")
    assert (
        err
        == "hep: no routine called 'nope' (known: core-stabilization, foam-roller, relaxation)\n"
    )


def test_validate_folder_and_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: d\nexercises:\n  - {name: a, durration: 3}\n")
    code, out, err = run("validate", str(builtin_routines_dir()))
    assert code == 0 and out.count("ok ") == 3
    code, out, err = run("validate", str(builtin_routines_dir() / "foam-roller.yaml"), str(bad))
    assert code == 2
    assert "ok " in out
    assert (
        err.strip()
        == f"{bad}:4:15: exercises[0].durration: unknown key 'durration'; did you mean 'duration'?"
    )


def test_validate_a_folder_leaves_hidden_files_out(tmp_path: Path) -> None:
    # A folder copied from a Mac or kept in git holds `._mine.yaml` and `.git/...`: they are
    # not routines (hep list leaves them out), so they do not fail the folder.
    (tmp_path / "mine.yaml").write_bytes((builtin_routines_dir() / "relaxation.yaml").read_bytes())
    (tmp_path / "._mine.yaml").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "old.yaml").write_text("name: [\n")
    code, out, err = run("validate", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == f"ok {tmp_path / 'mine.yaml'} (10 exercises, 14m33s)\n"


def test_validate_and_show_name_a_file_on_one_line_whatever_it_is_called(tmp_path: Path) -> None:
    # A file name is text from outside: a line break or an escape sequence in it is written
    # out, as in every error line, never acted on by the terminal.
    name = "week\n3\x1b[2J.yaml"
    (tmp_path / name).write_bytes((builtin_routines_dir() / "relaxation.yaml").read_bytes())
    code, out, _ = run("validate", str(tmp_path))
    assert code == 0
    assert out == f"ok {tmp_path}/week\\n3\\x1b[2J.yaml (10 exercises, 14m33s)\n"
    code, out, _ = run("show", str(tmp_path / name))
    assert code == 0
    assert "\x1b" not in out  # the heading wraps with the folder's length: read it joined
    assert "week\\n3\\x1b[2J.yaml)" in out.replace("\n", "")


def test_validate_missing_and_empty_folder(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.yaml"))
    assert code == 2 and err.strip() == f"{tmp_path / 'missing.yaml'}: no such file"
    code, out, err = run("validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"{tmp_path}: no routine files (.yaml, .yml) in this folder\n"


def test_new_writes_a_starter_that_validates_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine" / "routine.yaml"
    code, out, _ = run("new", str(target))
    assert code == 0 and target.exists()
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=routine.schema.json\n")
    copy = json.loads((target.parent / "routine.schema.json").read_text())
    assert copy == json_schema(), "the modeline points at a copy beside the routine"
    assert run("validate", str(target))[0] == 0
    target.write_text("changed")
    code, _, err = run("new", str(target))
    assert code == 2 and "already exists" in err and target.read_text() == "changed"


def test_schema_is_json() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "hep routine"


@pytest.mark.parametrize("columns", [60, 40])
def test_list_in_a_narrow_terminal_cuts_nothing(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run("list")
    assert code == 0 and "…" not in out
    assert all(len(line) <= columns for line in out.splitlines())
    words = " ".join(out.split())  # a line too long for the terminal wraps between words
    for name in ("core-stabilization", "relaxation"):
        routine = resolve_routine(name).routine
        time = format_duration(routine.planned_seconds())
        facts = f"{routine.name}: {len(routine.exercises)} exercises, {time}"
        assert f"{name}  built-in" in out and facts in words
    assert "back-to-running  built-in" in out
    assert "Low back and SI: steady, then back to running: 3 phases, 6 weeks" in words


def test_a_program_of_one_phase_and_one_week_is_said_in_the_singular(tmp_path: Path) -> None:
    text = (ROOT / "programs" / "back-to-running.yaml").read_text(encoding="utf-8")
    one = text[: text.index("  - name: Build")].replace("weeks: 2", "weeks: 1")
    path = tmp_path / "one.yaml"
    path.write_text(one, encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0 and "(program, 1 phase, 1 week)" in out, out
    code, out, _ = run("show", str(path))
    assert code == 0 and ": 1 phase, 1 week" in out, out


def test_new_names_the_command_to_run_as_it_can_be_pasted(tmp_path: Path) -> None:
    target = tmp_path / "from Sam" / "week 3.yaml"
    code, out, _ = run("new", str(target))
    assert code == 0
    command = out.splitlines()[0].split("edit it, then: ", 1)[1]
    assert shlex.split(command) == ["hep", "validate", str(target)]
    assert "# A hep routine. Check it with:  hep validate 'week 3.yaml'\n" in target.read_text()
