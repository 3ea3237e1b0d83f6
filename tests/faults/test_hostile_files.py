"""Routine and program files a stranger shares, and names they come under: each is one line
and exit status 2, or used as it is; never a traceback, never a line the file forged."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.faults.conftest import HEP, hep_env

ROUTINE = """\
name: Small
description: d
safety: {screen: never}
defaults: {get_ready: 0s, checkin: none}
exercises:
  - name: Stand
    reps: 10
"""


def hep(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEP, *args],
        env=hep_env(tmp_path / "data"),
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_lighter_dose_whose_scale_rounds_to_nothing_is_checked_without_a_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "small.yaml").write_text(ROUTINE, encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(
        "name: Tiny steps\ndescription: d\nlighter: {reps_scale: 0.00001}\nphases:\n"
        "  - name: One\n    weeks: 1\n    routines:\n"
        "      - {routine: small.yaml, every: day, reps_scale: 0.001}\n",
        encoding="utf-8",
    )
    for command in (
        ["validate", "tiny.yaml"],
        ["show", "tiny.yaml"],
        ["program", "start", "tiny.yaml"],
    ):
        done = hep(tmp_path, *command)
        assert "Traceback" not in done.stderr, command
        assert done.returncode == 0, (command, done.stderr)


def _countless(exercises: int, **keys: str) -> str:
    """A small file that asks for millions of timed moments, each a microsecond long."""
    lines = "".join(f"    {key}: {value}\n" for key, value in keys.items())
    body = "".join(f"  - name: E{i}\n{lines}" for i in range(exercises))
    return (
        "name: Countless\ndescription: d\nsafety: {screen: never}\n"
        "defaults: {get_ready: 0, rest: 0, rest_between_exercises: 0, switch_side: 0, "
        "rest_between_reps: 0, checkin: none}\nexercises:\n" + body
    )


COUNTLESS = {
    "reps one by one": _countless(
        500,
        reps="200",
        sets="20",
        sides="[a, b, c, d]",
        alternate_sides="rep",
        rep_phases="{up: 0.000001s, down: 0.000001s, l: 0.000001s, r: 0.000001s}",
    ),
    "rep phases in a set": _countless(
        500,
        reps="200",
        sets="20",
        sides="[a, b, c, d]",
        rep_phases="{up: 0.000001s, down: 0.000001s, l: 0.000001s, r: 0.000001s}",
    ),
    "breaths for 2 hours": _countless(
        1, breathing="{inhale: 0.000001s, exhale: 0.000001s, duration: 2h}"
    ),
    "breaths": _countless(
        500, breathing="{inhale: 0.000001s, exhale: 0.000001s, cycles: 500}", sides="[a, b, c, d]"
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", COUNTLESS.values(), ids=COUNTLESS.keys())
def test_a_routine_of_millions_of_moments_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "countless.yaml").write_text(text, encoding="utf-8")
    done = hep(tmp_path, "validate", "countless.yaml")
    assert done.returncode == 2, done.stdout
    [line] = done.stderr.splitlines()
    assert re.fullmatch(
        r"countless\.yaml:1:1: the routine would call out [0-9,]+ sets, reps, rep phases and "
        r"breaths one by one; the limit is 50,000",
        line,
    ), line


FORGED = "Scale: 0 no pain, 1-10 the session never stops"
ONE_LINERS = f"""\
name: "Back\\n{FORGED}"
description: "What it is for.\\n\\nSecond paragraph."
author: "Sam\\n{FORGED}"
equipment: ["mat\\n{FORGED}"]
safety: {{screen: never, advice: "Call us.\\n{FORGED}"}}
defaults: {{get_ready: 0s, checkin: none}}
exercises:
  - name: "Stand\\n{FORGED}"
    instructions: "Line one.\\nLine two."
    duration: 1s
    sides: ["left\\n{FORGED}", right]
    cues: ["Tall\\r{FORGED}", {{text: "Soft\\u2028{FORGED}", at: 0.5s}}]
"""


def test_a_line_break_in_a_one_line_field_never_makes_a_line_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "forged.yaml").write_text(ONE_LINERS, encoding="utf-8")
    shows = hep(tmp_path, "show", "forged.yaml")
    plays = hep(tmp_path, "play", "forged.yaml", "--plain", "--mute", stdin="0\n0\n0\n")
    assert shows.returncode == 0, shows.stderr
    assert plays.returncode == 0, plays.stderr
    for output in (shows.stdout, plays.stdout):
        forged = [line for line in output.splitlines() if line.lstrip().startswith(FORGED)]
        assert forged == [], output
    assert "Back Scale: 0 no pain" in shows.stdout


def test_instructions_and_descriptions_keep_their_lines(tmp_path: Path) -> None:
    from player.routine.validation import validate_text

    routine = validate_text(ONE_LINERS, "forged.yaml", tmp_path)
    assert routine.description == "What it is for.\n\nSecond paragraph."
    assert routine.exercises[0].instructions == "Line one.\nLine two."
    assert routine.name == f"Back {FORGED}"
    assert routine.exercises[0].sides == [f"left {FORGED}", "right"]


def test_a_line_break_in_a_program_s_names_never_makes_a_line_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "small.yaml").write_text(ROUTINE, encoding="utf-8")
    (tmp_path / "forged.yaml").write_text(
        f'name: "Plan\\n{FORGED}"\ndescription: d\non_stop: "Rest.\\n{FORGED}"\nphases:\n'
        f'  - name: "One\\n{FORGED}"\n    weeks: 1\n    routines:\n'
        "      - {routine: small.yaml, every: day}\n",
        encoding="utf-8",
    )
    for command in (["show", "forged.yaml"], ["program", "start", "forged.yaml"], ["today"]):
        done = hep(tmp_path, *command)
        assert done.returncode == 0, (command, done.stderr)
        assert FORGED in done.stdout or command == ["today"]
        assert not [line for line in done.stdout.splitlines() if line.startswith(FORGED)], command


@pytest.mark.parametrize(
    "name",
    [
        b"back\xff.yaml",
        b"back\nScale.yaml",
        b"back\x1b]52;c;eA==\x07\x1b[2J.yaml",
        "b\u202eack.yaml".encode(),
    ],
    ids=["not-utf8", "newline", "escapes", "bidi"],
)
def test_hep_new_under_any_file_name_writes_a_starter_that_validates(
    tmp_path: Path, name: bytes
) -> None:
    env = hep_env(tmp_path / "data")
    run = [*HEP, "new", name]
    done = subprocess.run(run, env=env, cwd=tmp_path, capture_output=True, timeout=60)
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    said = done.stdout.decode("utf-8")
    assert [c for c in said if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"] == []
    assert len(said.splitlines()) == 2  # the starter, then the schema beside it
    checked = subprocess.run(
        [*HEP, "validate", name], env=env, cwd=tmp_path, capture_output=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr


def test_a_merge_key_in_a_program_is_refused_as_in_a_program(tmp_path: Path) -> None:
    (tmp_path / "small.yaml").write_text(ROUTINE, encoding="utf-8")
    (tmp_path / "merged.yaml").write_text(
        "name: Merged\ndescription: d\nphases:\n  - &one\n    name: One\n    weeks: 1\n"
        "    routines:\n      - {routine: small.yaml, every: day}\n  - <<: *one\n    name: Two\n",
        encoding="utf-8",
    )
    done = hep(tmp_path, "validate", "merged.yaml")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["merged.yaml:9:5: merge keys (<<) are not supported"]


def test_a_broken_routine_s_file_name_acts_on_no_terminal_in_the_picker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player.routine.discovery import discover
    from player.tui.screens.picker import _label, describe_entry

    monkeypatch.setenv("HEP_DATA_DIR", str(tmp_path))
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "br\x1b[2Joken\x1b]52;c;eA==\x07\u202e.yaml").write_text("name: [\n")
    [entry] = [entry for entry in discover() if not entry.builtin]
    for text in (_label(entry).plain, describe_entry(entry).plain):
        assert [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"] == []
    assert _label(entry).plain.startswith("broken\n")


def test_a_program_whose_phase_names_are_escape_sequences_only_is_refused(tmp_path: Path) -> None:
    (tmp_path / "small.yaml").write_text(ROUTINE, encoding="utf-8")
    phase = (
        '  - name: "{}"\n    weeks: 1\n    routines:\n      - {{routine: small.yaml, every: day}}\n'
    )
    (tmp_path / "blank.yaml").write_text(
        "name: Blank\ndescription: d\nphases:\n" + phase.format("\\e[1m") + phase.format("\\a"),
        encoding="utf-8",
    )
    done = hep(tmp_path, "validate", "blank.yaml")
    assert done.returncode == 2, done.stdout
    assert "blank.yaml:4:11: phases[0].name: must not be empty" in done.stderr.splitlines()
