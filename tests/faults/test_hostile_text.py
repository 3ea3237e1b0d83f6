"""Routine text with markup, escape sequences, control characters, right-to-left text and emoji.

Through `hep validate`, `show`, `list`, the plain player and the app: shown as typed (escape
sequences dropped whole), never acted on by the terminal, never a crash. The output bytes are
checked.
"""

from __future__ import annotations

import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    ANSWERS,
    HEP,
    ROUTINE,
    SPEED,
    PlainRun,
    Tmux,
    app_script,
    hep_env,
    pid_from,
    wait_gone,
    write_routine,
)

pytestmark = pytest.mark.slow
MARKUP = "[bold]Bold[/bold] [@click=app.quit]Q[/]"
RTL = "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
EMOJI = "\U0001f9d8\U0001f3fd \U0001f469\u200d\U0001f469\u200d\U0001f467"
# YAML double-quoted escapes: \e is ESC, \a BEL, \x9b a C1 CSI, \e]2;...\a sets a window title.
NAME = f"{MARKUP} \\e[31mRed\\e[0m \\e]2;pwned\\a {RTL} {EMOJI}"
LONG = "W" * 60 + "\U0001f9d8" * 20  # 80 characters, the longest name allowed, 100 cells wide
HOSTILE = f"""\
name: "{NAME}"
description: "[red]desc[/red] \\e[2J wipe \\x07bell \\b back \\x9b31m c1 {RTL}"
defaults: {{get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: none}}
safety: {{screen: never}}
exercises:
  - name: "[b]Calf[/b] \\e[5mroll\\e[0m \\a {EMOJI}"
    duration: 6s
    cues: ["[link=http://x]cue[/link] \\e]8;;http://evil\\e\\\\click\\e]8;;\\e\\\\ \\r over"]
    instructions: "Line one \\e[1mbold\\e[0m\\nLine two [i]x[/i] \\x00 nul"
  - name: "{LONG}"
    duration: 6s
    sides: ["\\e[7mleft", "{RTL}"]
"""
LITERAL = [MARKUP, "[b]Calf[/b]", "\u05e9\u05dc\u05d5\u05dd", "\U0001f9d8\U0001f3fd", "WWWW"]


def controls(data: bytes) -> list[str]:
    """The control characters (C0 but newline, DEL, C1) in UTF-8 output: none may reach a
    terminal from routine text."""
    text = data.decode("utf-8")
    return sorted({repr(ch) for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"})


def _hep(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*HEP, *args],
        capture_output=True,
        env=hep_env(tmp_path / "data", COLUMNS="400"),  # no wrapping in the middle of a name
        cwd=tmp_path,
        timeout=60,
    )


def test_validate_show_and_list_print_routine_text_as_typed(tmp_path: Path) -> None:
    routine = write_routine(tmp_path / "data" / "routines", HOSTILE, "hostile.yaml")
    done = _hep(tmp_path, "validate", str(routine))
    assert done.returncode == 0 and done.stdout.startswith(b"ok "), done
    for args in (["show", str(routine)], ["show", "hostile"], ["list"]):
        done = _hep(tmp_path, *args)
        assert done.returncode == 0 and not done.stderr, (args, done.stderr)
        assert controls(done.stdout) == [], (args, done.stdout)
        text = done.stdout.decode()
        if args == ["list"]:  # one line a routine: a long name is cut short
            assert "[bold]Bold[/bold]" in text, text
            continue
        assert MARKUP in text and "\u05e9\u05dc\u05d5\u05dd" in text, (args, text)
        assert " Red " in text and "[31m" not in text, (args, text)  # the escape sequence gone


def test_a_name_too_long_is_one_clean_error_line(tmp_path: Path) -> None:
    routine = write_routine(tmp_path, HOSTILE.replace(LONG, LONG + "\\e[31mX"), "long.yaml")
    done = _hep(tmp_path, "validate", str(routine))
    assert done.returncode == 2 and done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert lines == [f"{routine}:10:11: exercises[1].name: is too long (at most 80 characters)"]


def test_the_plain_player_never_sends_an_escape_sequence_from_routine_text(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    routine = write_routine(tmp_path / "routines", HOSTILE, "hostile.yaml")
    run = PlainRun(routine, tmp_path / "data")
    plain_runs.append(run)
    run.type("1", "i", "1")
    run.close_input()
    status = run.finish()
    text = run.out
    assert status == 0 and "Session complete" in text, text + run.err
    for literal in LITERAL:
        assert literal in text, literal
    assert "Line two [i]x[/i]" in text  # the instructions, asked for with i
    assert controls(run.out_bytes) == [], run.out_bytes


def test_the_app_shows_routine_text_as_typed(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    routine = write_routine(tmp_path / "routines", HOSTILE, "hostile.yaml")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--speed", "10", "--mute"))
    pid = pid_from(pidfile)
    title = tmux.flag("pane_title")
    tmux.wait_for("How much pain do you feel right now?")
    tmux.keys("1")
    time.sleep(0.2)
    tmux.keys("Enter")
    screen = tmux.wait_for("[b]Calf[/b]")
    assert MARKUP in screen, screen
    tmux.keys("i")
    screen = tmux.wait_for("Line two [i]x[/i]")
    assert tmux.flag("pane_title") == title != "pwned"
    styled = tmux("capture-pane", "-p", "-e", "-t", "hep")
    assert "\x1b[5m" not in styled and "\x1b[7m" not in styled, styled  # no blink, no reverse
    tmux.keys("i")  # the instructions paused the session: closing them lets it go on
    tmux.wait_for("WWWW", timeout=10)  # the long name, on the next exercise
    tmux.keys("q")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    wait_gone(pid)
    screen = tmux.wait_for("END")
    assert "EXIT=4" in screen, screen


def test_a_scripts_answers_are_echoed_with_their_escape_sequences_spelled_out(
    tmp_path: Path,
) -> None:
    routine = write_routine(tmp_path / "routines", ROUTINE)
    hostile = ["\x1b]0;pwned\x07", "\x1b[2J2", "\x9b31m"]  # a window title, a wipe, a C1 CSI
    answers = "\n".join([*hostile, *ANSWERS]) + "\n"
    done = subprocess.run(
        [*HEP, "play", str(routine), "--plain", "--mute", "--speed", str(SPEED)],
        input=answers.encode(),
        capture_output=True,
        env=hep_env(tmp_path / "data"),
        timeout=60,
    )
    assert done.returncode == 0 and controls(done.stdout) == [], done.stdout
    text = done.stdout.decode()
    for answer in hostile:  # each refused, shown as typed with its controls written out
        assert f"> {answer.encode('unicode_escape').decode()}\n" in text, text
