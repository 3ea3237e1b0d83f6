"""The Textual app in a real terminal (tmux) killed, terminated, hung up on or quit with Ctrl+C.

The app runs in a shell in a tmux pane; after it ends, the same terminal runs `stty -a`, and
tmux says whether the alternate screen, mouse reporting and a hidden cursor were left behind.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from player.journal import Journal
from player.session.questions import RED_FLAG_QUESTIONS
from tests.faults.conftest import (
    HEP,
    ROUTINE,
    Tmux,
    app_script,
    hep_env,
    integrity,
    pid_from,
    process_state,
    raw_events,
    raw_sessions,
    seed_for,
    wait_gone,
    write_routine,
)

pytestmark = [pytest.mark.slow, pytest.mark.serial]
BASELINE = "How much pain do you feel right now?"
# Before the app: the shell's terminal. tmux's own words for what a program switched on.
SANE_FLAGS = {
    "alternate_on": "0",
    "cursor_flag": "1",
    "mouse_any_flag": "0",
    "mouse_all_flag": "0",
    "mouse_button_flag": "0",
    "mouse_sgr_flag": "0",
    "wrap_flag": "1",
}


def _start(tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path) -> tuple[Tmux, int]:
    """The app playing the fault routine at 30x, its baseline answered; returns tmux and pid."""
    routine = write_routine(tmp_path / "routines")
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--speed", "30", "--mute"))
    pid = pid_from(pidfile)
    tmux.wait_for(BASELINE)
    assert tmux.flag("alternate_on") == "1" and tmux.flag("mouse_any_flag") == "1"
    tmux.keys("2")
    time.sleep(0.2)
    tmux.keys("Enter")
    tmux.wait_for("Calf roll")
    return tmux, pid


def _terminal_after(tmux: Tmux) -> tuple[int, str]:
    """The app's exit status and `stty -a`, printed by the shell after it ended."""
    screen = tmux.wait_for("END").replace("\n", "")
    # After kill -9 the app's last screen is still there: the shell's lines are written over
    # it, with what the app drew around them.
    found = re.search(r"EXIT=(\d+)", screen)
    assert found is not None, screen
    return int(found.group(1)), screen[found.end() :].split("speed", 1)[1]


def _assert_sane(tmux: Tmux, stty: str, where: str) -> None:
    flags = {name: tmux.flag(name) for name in SANE_FLAGS}
    assert flags == SANE_FLAGS, f"{where}: terminal left with {flags}"
    words = stty.split()
    for mode in ("icanon", "echo", "isig", "icrnl", "opost"):
        assert mode in words and f"-{mode}" not in words, f"{where}: {mode} not restored: {stty}"


def _random_wait(seed: int) -> float:
    return random.Random(seed).uniform(0.0, 1.6)  # the first exercise lasts about 1.1 s at 30x


@pytest.mark.parametrize(
    "signum",
    [signal.SIGTERM, signal.SIGINT],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_stop_signal_interrupts_the_session_and_restores_the_terminal(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path, signum: int
) -> None:
    seed = seed_for("app-signal")
    wait = _random_wait(seed)
    where = f"seed {seed} (HEP_FAULT_SEED={seed}), {signum!r} after {wait:.2f} s"
    tmux, pid = _start(tmux_factory, tmp_path)
    time.sleep(wait)
    os.kill(pid, signum)
    wait_gone(pid)
    status, stty = _terminal_after(tmux)
    _assert_sane(tmux, stty, where)
    assert status == 128 + signum, f"{where}: exit {status}\n{tmux.screen()}"
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"], where
    (session,) = raw_sessions(path)
    assert session["outcome"] == "interrupted", f"{where}: {session}"
    assert session["baseline_pain"] == 2 and session["ended_at"] is not None, where


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_note_typed_at_a_checkin_is_kept_when_a_signal_ends_the_session_there(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path, signum: int
) -> None:
    """A note typed at a check-in and not sent yet, then the session ended by a signal (the
    terminal closed, SIGTERM): the note is kept with the interrupted session, as with a quit."""
    tmux, pid = _start(tmux_factory, tmp_path)
    tmux.wait_for("Check-in: Calf roll")
    tmux.keys("3")
    tmux.keys("Tab")
    tmux.keys("-l", "calf cramped")
    tmux.wait_for("calf cramped")
    os.kill(pid, signum)
    wait_gone(pid)
    path = tmp_path / "data" / "journal.sqlite3"
    (session,) = raw_sessions(path)
    assert session["outcome"] == "interrupted", session
    events = raw_events(path, session["id"])
    notes = [json.loads(e["data"])["text"] for e in events if e["kind"] == "note"]
    assert "calf cramped" in notes, notes


def test_ctrl_c_asks_then_keeps_the_session_as_quit_and_restores_the_terminal(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    seed = seed_for("app-ctrl-c")
    wait = _random_wait(seed)
    where = f"seed {seed} (HEP_FAULT_SEED={seed}), Ctrl+C after {wait:.2f} s"
    tmux, pid = _start(tmux_factory, tmp_path)
    time.sleep(wait)
    tmux.keys("C-c")
    tmux.wait_for("Quit this session?")
    tmux.keys("y")
    wait_gone(pid)
    status, stty = _terminal_after(tmux)
    _assert_sane(tmux, stty, where)
    assert status == 4, where
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"], where
    (session,) = raw_sessions(path)
    assert session["outcome"] == "quit", f"{where}: {session}"


def test_sigkill_leaves_a_whole_journal_marked_at_the_next_open(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    seed = seed_for("app-sigkill")
    wait = _random_wait(seed)
    where = f"seed {seed} (HEP_FAULT_SEED={seed}), SIGKILL after {wait:.2f} s"
    tmux, pid = _start(tmux_factory, tmp_path)
    time.sleep(wait)
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    status, _ = _terminal_after(tmux)
    assert status == 128 + signal.SIGKILL, where
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"], where
    (session,) = raw_sessions(path)
    assert session["outcome"] == "running", where  # nothing can catch SIGKILL
    with Journal.open(path) as journal:
        (row,) = journal.query("SELECT outcome, baseline_pain FROM sessions")
    assert (row["outcome"], row["baseline_pain"]) == ("interrupted", 2), where


def test_closing_the_terminal_interrupts_the_session(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """`tmux kill-session` closes the pty: the app gets SIGHUP and its terminal is gone."""
    seed = seed_for("app-sighup")
    wait = _random_wait(seed)
    where = f"seed {seed} (HEP_FAULT_SEED={seed}), terminal closed after {wait:.2f} s"
    tmux, pid = _start(tmux_factory, tmp_path)
    time.sleep(wait)
    tmux("kill-session", "-t", "hep")
    wait_gone(pid)
    path = tmp_path / "data" / "journal.sqlite3"
    assert integrity(path) == ["ok"], where
    (session,) = raw_sessions(path)
    assert session["outcome"] == "interrupted", f"{where}: {session}"
    assert session["reason"] and "SIGHUP" in session["reason"], where


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_while_the_terminal_reads_nothing_still_ends_hep(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path, signum: int
) -> None:
    """A terminal that no longer reads (frozen, or an ssh connection dropped): the app's
    drawing fills the terminal's buffer and waits on it. A signal then still ends hep, and
    the session is kept as interrupted (it hung for good, the session left running)."""
    tmux, pid = _start(tmux_factory, tmp_path)
    server = int(tmux("display-message", "-p", "#{pid}").strip())
    os.kill(server, signal.SIGSTOP)  # the terminal reads nothing more
    try:
        time.sleep(2.0)  # the session at 30x draws on until its output waits
        os.kill(pid, signum)
        wait_gone(pid, timeout=10.0)
    finally:
        os.kill(server, signal.SIGCONT)
    path = tmp_path / "data" / "journal.sqlite3"
    before = process_state(pid)
    with Journal.open(path) as journal:  # closes a session left running by a process gone
        rows = journal.query("SELECT outcome, writer_pid, writer_token FROM sessions")
    # Should the journal take the process for alive, what it and /proc said, before and after.
    said = f"{[dict(row) for row in rows]}; {before}; then {process_state(pid)}"
    assert [row["outcome"] for row in rows] == ["interrupted"], said
    assert integrity(path) == ["ok"]


def _on_the_summary_following_a_program(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> tuple[Tmux, int, dict[str, str]]:
    """A program followed, its routine played in full in the app, which shows its summary;
    returns tmux, the app's pid and the environment."""
    folder = tmp_path / "routines"
    routine = write_routine(
        folder,
        "name: Tiny\ndescription: d\nsafety: {screen: never}\n"
        "defaults: {checkin: none, get_ready: 0s}\nexercises:\n  - {name: Lift, duration: 2s}\n",
        "tiny.yaml",
    )
    program = folder / "program.yaml"
    program.write_text(
        "name: Daily\ndescription: d\nphases:\n  - name: Only\n    weeks: 2\n"
        "    routines:\n      - {routine: tiny.yaml, every: day}\n",
        encoding="utf-8",
    )
    env = hep_env(tmp_path / "data")
    started = subprocess.run(
        [*HEP, "program", "start", str(program)], env=env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    tmux = tmux_factory(env)
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--mute"))  # played in full: a preview never counts
    pid = pid_from(pidfile)
    tmux.wait_for(BASELINE)
    tmux.keys("0")
    time.sleep(0.2)
    tmux.keys("Enter")
    tmux.wait_for("Session complete")
    tmux.keys("0")
    time.sleep(0.2)
    tmux.keys("Enter")
    tmux.wait_for("Completed")
    return tmux, pid, env


def test_closing_the_terminal_on_the_summary_still_counts_the_session_for_the_program(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """The session is over and kept; the program counts it in the process that played it,
    which a closed terminal ends at once."""
    tmux, pid, env = _on_the_summary_following_a_program(tmux_factory, tmp_path)
    tmux("kill-session", "-t", "hep")
    wait_gone(pid)
    today = subprocess.run([*HEP, "today"], env=env, capture_output=True, text=True)
    assert "[x] Tiny" in today.stdout, today.stdout


def test_a_session_is_counted_for_the_program_before_its_summary_is_left(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """Killed outright (or the power lost) while the summary is read: the program has already
    counted the session, so a stop for pain is never lost to the next day's decision."""
    tmux, pid, env = _on_the_summary_following_a_program(tmux_factory, tmp_path)
    deadline = time.monotonic() + 10
    while True:  # asked from outside while the summary shows
        today = subprocess.run([*HEP, "today"], env=env, capture_output=True, text=True)
        if "[x] Tiny" in today.stdout or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert "[x] Tiny" in today.stdout, f"not counted while the summary shows: {today.stdout}"
    assert "Completed" in tmux.screen()
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    today = subprocess.run([*HEP, "today"], env=env, capture_output=True, text=True)
    assert "[x] Tiny" in today.stdout, today.stdout


SCREENED = ROUTINE.replace("screen: never", "screen: always")
"""The fault routine with the red-flag questions before it."""


def _at_the_second_red_flag_question(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> tuple[Tmux, int, Path]:
    """The app at its second red-flag question, the first answered yes; returns tmux, the
    app's pid and the journal's path."""
    routine = write_routine(tmp_path / "routines", SCREENED)
    tmux = tmux_factory(hep_env(tmp_path / "data"))
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--mute"))
    pid = pid_from(pidfile)
    tmux.wait_for("Question 1 of 7")
    tmux.keys("y")
    tmux.wait_for("Question 2 of 7")
    return tmux, pid, tmp_path / "data" / "journal.sqlite3"


def _kept_yes(path: Path, timeout: float = 10.0) -> list[dict[str, bool]]:
    """The red-flag answers of the journal's one session, once it has them (the app writes
    from a thread of its own), read without opening it as hep does."""
    deadline = time.monotonic() + timeout
    while True:
        sessions = raw_sessions(path) if path.exists() else []
        if sessions:
            events = raw_events(path, sessions[0]["id"])
            screens = [json.loads(e["data"])["answers"] for e in events if e["kind"] == "screen"]
            if screens or time.monotonic() > deadline:
                return screens
        elif time.monotonic() > deadline:
            return []
        time.sleep(0.05)


def test_a_yes_at_the_red_flag_questions_is_in_the_journal_before_a_sigkill(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """Ctrl+C after a yes: the quit question says the session is kept, and it is, before any
    answer to it; then the power goes."""
    tmux, pid, path = _at_the_second_red_flag_question(tmux_factory, tmp_path)
    tmux.keys("C-c")
    assert "You answered yes" in tmux.wait_for("Quit this session?")  # RED_FLAG_KEPT
    screens = _kept_yes(path)
    assert screens and screens[-1] == {RED_FLAG_QUESTIONS[0].id: True}, screens
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    status, _ = _terminal_after(tmux)
    assert status == 128 + signal.SIGKILL
    assert integrity(path) == ["ok"]
    (session,) = raw_sessions(path)
    assert session["outcome"] == "running", session  # nothing can catch SIGKILL
    shown = subprocess.run(
        [*HEP, "journal", "show", str(session["id"])],
        env=hep_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    # Closed at this start as leaving there would have kept it.
    assert "stopped: red flag" in shown.stdout.splitlines()[0], shown.stdout
    assert "yes to numbness around the genitals or bottom" in shown.stdout, shown.stdout
    assert "emergency" in shown.stdout and "1 of 7 answered" in shown.stdout, shown.stdout


def test_sigterm_after_a_yes_keeps_a_red_flag_stop_and_prints_what_to_do(
    tmux_factory: Callable[[dict[str, str]], Tmux], tmp_path: Path
) -> None:
    """The stop's urgent words were never on screen: they are printed once the terminal is
    the shell's again, as the plain player prints them."""
    tmux, pid, path = _at_the_second_red_flag_question(tmux_factory, tmp_path)
    os.kill(pid, signal.SIGTERM)
    wait_gone(pid)
    status, stty = _terminal_after(tmux)
    _assert_sane(tmux, stty, "SIGTERM after a yes")
    assert status == 128 + signal.SIGTERM
    after = " ".join(tmux.screen().split())
    assert "go to an emergency department now" in after, after
    (session,) = raw_sessions(path)
    assert session["outcome"] == "stopped_red_flag", session


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["hangup", "term"])
@pytest.mark.parametrize("with_journal", [False, True], ids=["first-start", "journal-kept"])
def test_answers_typed_just_before_a_signal_are_kept(
    tmux_factory: Callable[[dict[str, str]], Tmux],
    tmp_path: Path,
    signum: signal.Signals,
    with_journal: bool,
) -> None:
    """`n` then `y` in one burst at the first red-flag question, and the terminal closes a
    moment later, while the session is still being built behind the first question: both
    answers were typed before the signal, so the red-flag stop is kept (the signal waits for
    the keys typed before it)."""
    routine = write_routine(tmp_path / "routines", SCREENED)
    data = tmp_path / "data"
    if with_journal:  # a journal closed by hep, with its note: the first question comes first
        subprocess.run(
            [*HEP, "play", str(routine), "--plain"],
            env=hep_env(data),
            input="",
            capture_output=True,
            timeout=60,
            check=False,
        )
    tmux = tmux_factory(hep_env(data))
    pidfile = tmp_path / "app.pid"
    tmux.start(app_script(routine, pidfile, "--mute"))
    pid = pid_from(pidfile)
    tmux.wait_for("Question 1 of 7")
    tmux.keys("n", "y")
    time.sleep(0.03)
    os.kill(pid, signum)
    wait_gone(pid)
    path = data / "journal.sqlite3"
    sessions = [s for s in raw_sessions(path) if s["outcome"] != "left"]
    assert [s["outcome"] for s in sessions] == ["stopped_red_flag"], sessions
    events = raw_events(path, sessions[0]["id"])
    answers = [json.loads(e["data"])["answers"] for e in events if e["kind"] == "screen"]
    assert answers[-1] == {RED_FLAG_QUESTIONS[0].id: False, RED_FLAG_QUESTIONS[1].id: True}
