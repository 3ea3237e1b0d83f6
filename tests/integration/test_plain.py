"""The plain player end to end: built-in routines at --speed 60 with scripted answers."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.plain import play_plain
from player.routine.discovery import resolve_routine
from player.routine.loader import LoadedRoutine
from player.session.plan import build_plan
from player.session.safety import RED_FLAG_QUESTIONS
from tests.doubles import RecordingSoundPlayer
from tests.recording import MemoryRecorder

BUILTINS = ["foam-roller", "core-stabilization", "relaxation"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Script:
    """All lines at once, then end of input; waiting moves the fake clock on."""

    def __init__(self, lines: list[str], clock: FakeClock) -> None:
        self.lines = lines
        self.clock = clock
        self.given = False

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        if not self.given:
            self.given = True
            return list(self.lines), True
        self.clock.now += timeout
        return [], True


def answers_for(name: str, pain: str = "1") -> list[str]:
    """Screen answers, baseline, and one line per check-in, self-paced set or wait, then final."""
    loaded = resolve_routine(name)
    lines = ["n"] * len(RED_FLAG_QUESTIONS) if loaded.routine.safety.screen != "never" else []
    lines.append(pain)
    for step in build_plan(loaded.routine).steps:
        if step.kind == "checkin":
            lines.append(pain)
        elif step.kind in ("self_paced", "wait"):
            lines.append("")
    return [*lines, pain]


def play(
    name: str, lines: list[str], recorder: MemoryRecorder | None = None
) -> tuple[int, str, RecordingSoundPlayer]:
    return play_loaded(resolve_routine(name), lines, recorder)


def play_loaded(
    loaded: LoadedRoutine, lines: list[str], recorder: MemoryRecorder | None = None
) -> tuple[int, str, RecordingSoundPlayer]:
    """Play a routine at 60x with scripted lines; the exit status, the output and the sounds."""
    clock = FakeClock()
    out = io.StringIO()
    sound = RecordingSoundPlayer()
    status = play_plain(
        loaded,
        speed=60,
        stdin=io.StringIO(""),
        stdout=out,
        clock=clock,
        source=Script(lines, clock),
        sound=sound,
        recorder=recorder or MemoryRecorder(),
    )
    return status, out.getvalue(), sound


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_routine_plays_to_the_end(name: str) -> None:
    status, text, sound = play(name, answers_for(name))
    assert status == 0, text[-2000:]
    assert "Session complete. Well done." in text
    assert sound.cue_names[-1] == "session_done"
    assert "Please answer" not in text


def test_countdown_lines_at_most_every_five_seconds() -> None:
    _, text, _ = play("foam-roller", answers_for("foam-roller"))
    lines = text.splitlines()
    left = [i for i, line in enumerate(lines) if line.endswith(" left")]
    assert left, "no countdown lines"
    assert all(lines[i] != lines[i + 1] for i in left if i + 1 < len(lines))


def test_unreadable_answer_is_asked_again() -> None:
    lines = answers_for("relaxation")
    screen = (
        len(RED_FLAG_QUESTIONS)
        if resolve_routine("relaxation").routine.safety.screen != "never"
        else 0
    )
    lines.insert(screen, "a lot")
    status, text, _ = play("relaxation", lines)
    assert "Please answer with a number from 0 (no pain) to 10" in text
    assert status == 0


def test_end_of_input_at_a_question_is_a_quit_not_a_stop() -> None:
    lines = answers_for("core-stabilization")[: len(RED_FLAG_QUESTIONS) + 1]
    recorder = MemoryRecorder()
    status, text, _ = play("core-stabilization", lines, recorder=recorder)
    assert status == 4
    assert "Input ended before the session finished." in text
    assert "Kept in the journal as quit." in text
    assert "stopped" not in text.lower()
    assert recorder.finished is not None and recorder.finished.outcome == "quit"
    assert recorder.finished.reason == "Input ended before the session finished."


@pytest.mark.slow
def test_closed_input_in_a_real_process_is_journaled_as_quit_and_not_counted(
    isolated_data_dir: Path,
) -> None:
    env = os.environ | {"HEP_DATA_DIR": str(isolated_data_dir)}
    played = subprocess.run(
        [sys.executable, "-m", "player", "play", "relaxation", "--plain", "--mute"],
        input="n\n" * len(RED_FLAG_QUESTIONS),  # the safety questions, then input ends
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert played.returncode == 4, played.stdout + played.stderr
    assert "Traceback" not in played.stderr
    assert "Input ended before the session finished." in played.stdout

    def hep(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "player", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    listed = hep("journal", "--json")
    session = json.loads(listed)["sessions"][0]
    assert (session["outcome"], session["reason"]) == (
        "quit",
        "Input ended before the session finished.",
    )
    stats = json.loads(hep("journal", "stats", "--json"))
    assert stats["outcomes"] == {"quit": 1} and stats["weeks"][-1]["sessions"] == 0
    report = hep("journal", "export", "--format", "md")
    stops = report.split("## Stops")[1].split("##")[0]
    assert "No session was stopped" in stops
    assert "Input ended before the session finished." in report.split("without a stop")[1]


def test_quit_line_exits_4() -> None:
    lines = answers_for("core-stabilization")[: len(RED_FLAG_QUESTIONS) + 1] + ["q"]
    status, _, _ = play("core-stabilization", lines)
    assert status == 4


def test_core_stabilization_stops_on_7_at_second_checkin() -> None:
    lines = ["n"] * len(RED_FLAG_QUESTIONS) + ["1", "", "2", "7"]
    result = CliRunner().invoke(
        cli,
        ["play", "core-stabilization", "--plain", "--speed", "60", "--mute"],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 3, result.output
    out = result.output
    assert "Pain is 7 out of 10, at or above your stop level of 6." in out
    assert "Stopping now was the right call" in out
    assert out.count("Check-in after") == 2


def test_bad_routine_exits_2_with_a_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n")
    result = CliRunner().invoke(cli, ["play", str(bad), "--plain"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{bad}:1:1: description: missing required key 'description'",
        f"{bad}:1:1: exercises: missing required key 'exercises'",
    ]


def test_without_routine_names_them_on_one_line_and_exits_2() -> None:
    result = CliRunner().invoke(cli, ["play", "--plain"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("hep: which routine?")
    assert "core-stabilization, foam-roller, relaxation" in result.stderr
