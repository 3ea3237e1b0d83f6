"""`hep play NAME` while a program is followed: the program's dose is read through the session's
own journal, opened and checked for damage once, on its thread, while the program loads."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from player.cli import cli
from player.journal import JournalError
from player.journal.record.background import BackgroundRecorder
from player.session.kept import SessionEnd, SessionStart
from tests.journal_sample import traced_statements

TODAY = date.today().isoformat()
ANSWERS = "n\n" * 7 + "2\n"
"""The seven red-flag questions, the pain before the session, then the end of input (quit)."""


def _start_of(loaded: Any) -> SessionStart:
    """The start of a session of `loaded`, as a face writes it."""
    return SessionStart(
        routine_name=loaded.routine.name,
        routine_path=str(loaded.path),
        routine_hash=loaded.source_hash,
        preview=False,
        speed=1.0,
        planned_seconds=60.0,
        plan=[],
    )


def _kept(loaded: Any, outcome: str, pain: int) -> None:
    """A whole session of `loaded` in the journal, as a face writes it, not counted by the
    program: `outcome`, with `pain` at its last answer."""
    from player.journal import Journal

    when = "final" if outcome == "completed" else "stop"
    with Journal.open() as journal:
        session = journal.start_session(_start_of(loaded))
        journal.record(session, "checkin", 2.0, {"pain": pain, "flags": [], "when": when})
        journal.finish(
            session,
            SessionEnd(outcome=outcome, reason=None, baseline=1, highest=pain, final=pain),
        )


def _play() -> Result:
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    return CliRunner().invoke(cli, ["play", "core-stabilization", "--plain"], input=ANSWERS)


def test_the_journal_is_checked_once_before_the_session_and_the_dose_applies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = traced_statements(monkeypatch)
    played = _play()
    assert played.exit_code == 4, played.output  # quit at the end of input
    assert "At the program's dose (sets -1), phase Settle" in played.output
    checks = [i for i, s in enumerate(seen) if "quick_check" in s]
    started = next(i for i, s in enumerate(seen) if "INSERT INTO sessions" in s)
    before = [i for i in checks if i < started]
    assert len(before) == 1, "one open, one check, before the session starts"
    assert len(checks) == 1, "none after: the program counts the session on the same journal"
    counted = [i for i, s in enumerate(seen) if "INTO program_sessions" in s]
    assert len(counted) == 1 and counted[0] > started, "counted once, after it was kept"


@pytest.mark.parametrize("refusal", ["not open", "refused"])
def test_a_session_journal_that_cannot_serve_the_program_leaves_it_to_open_its_own(
    monkeypatch: pytest.MonkeyPatch, refusal: str
) -> None:
    def use(self: BackgroundRecorder, work: Any) -> None:
        if refusal == "refused":
            raise JournalError(Path("journal.sqlite3"), "busy")

    monkeypatch.setattr(BackgroundRecorder, "use", use)
    played = _play()
    assert played.exit_code == 4, played.output
    assert "At the program's dose (sets -1), phase Settle" in played.output
    assert "cannot be followed" not in played.output


def test_the_days_routine_is_read_through_the_sessions_journal_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    seen = traced_statements(monkeypatch)
    played = CliRunner().invoke(cli, ["play", "--today", "--plain"], input=ANSWERS)
    assert played.exit_code == 4, played.output
    assert "Relaxation and breathing" in played.output
    checks = [i for i, s in enumerate(seen) if "quick_check" in s]
    session = next(i for i, s in enumerate(seen) if "INSERT INTO sessions" in s)
    assert len([i for i in checks if i < session]) == 1, "one check before the session"


def test_nothing_due_today_still_tells_what_opening_the_journal_changed(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    program = tmp_path / "p.yaml"
    program.write_text(
        "name: Sundays\ndescription: d\nphases:\n  - name: Only\n    weeks: 1\n"
        "    routines:\n      - {routine: relaxation, days: [sun]}\n"
    )
    day = date.fromisoformat(TODAY)
    monday = day.fromordinal(day.toordinal() - day.weekday()).isoformat()  # never a Sunday
    started = CliRunner().invoke(cli, ["program", "start", str(program), "--date", monday])
    assert started.exit_code == 0, started.output
    isolated_data_dir.chmod(0o755)  # opened up since: the session's journal makes it private
    done = CliRunner().invoke(cli, ["play", "--today", "--plain", "--date", monday])
    assert done.exit_code == 5, done.output
    assert "nothing is due on" in done.output
    assert "private" in done.output, "the notice is not lost with no session to show it"
    assert oct(isolated_data_dir.stat().st_mode & 0o777) == "0o700"


def test_a_journal_busy_at_the_end_is_waited_for_and_the_session_counted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_data_dir: Path
) -> None:
    import player.cli.program as program_cli
    from player.journal import Journal
    from player.program.today import on_day
    from player.routine.discovery import resolve_routine

    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    monkeypatch.setattr("player.journal.store.store.DEFAULT_TIMEOUT", 0.2)
    monkeypatch.setattr(program_cli, "COUNT_MORE_SECONDS", 20.0)
    loaded = resolve_routine("core-stabilization")
    day = date.fromisoformat(TODAY)
    taken, done = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        conn = sqlite3.connect(isolated_data_dir / "journal.sqlite3", timeout=10)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        done.wait(1.0)  # longer than the first wait, far shorter than the second
        conn.rollback()
        conn.close()

    with program_cli.program_turn(loaded, day, chosen=False) as turn:
        _kept(loaded, "completed", 1)  # the session, as a face writes it
        holder = threading.Thread(target=hold_the_lock)
        holder.start()
        assert taken.wait(10)
        turn.status = 0
    holder.join()
    out = capsys.readouterr()
    assert "the journal is busy" in out.err and "waiting up to 20 s more" in out.err
    assert "Program: " in out.out and "could not count" not in out.out
    with Journal.open() as journal:
        today = on_day(journal, day)
    assert today is not None
    assert any(item.done and item.entry.routine == "core-stabilization" for item in today.due)


def test_a_journal_copy_of_the_program_that_no_longer_reads_is_one_line_and_can_be_stopped(
    isolated_data_dir: Path,
) -> None:
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    with sqlite3.connect(isolated_data_dir / "journal.sqlite3") as conn:
        conn.execute("UPDATE programs SET source = '::: not yaml ['")
    for command in (
        ["today"],
        ["program", "show"],
        ["journal", "stats"],
        ["morning", "--pain", "1"],
    ):
        done = CliRunner().invoke(cli, command)
        assert done.exit_code == 2, (command, done.output)
        assert done.exception is None or isinstance(done.exception, SystemExit), command
        lines = done.output.splitlines()
        assert len(lines) == 1 and lines[0].startswith("hep: the journal's copy of the program")
        assert "hep program stop stops following it" in lines[0]
    stopped = CliRunner().invoke(cli, ["program", "stop"])
    assert stopped.exit_code == 0 and "could not be read" in stopped.output
    assert CliRunner().invoke(cli, ["today"]).output.startswith("No program is being followed")
    again = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert again.exit_code == 0, again.output


def test_a_journal_busy_at_the_start_says_the_dose_and_the_count_are_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_data_dir: Path
) -> None:
    import player.cli.program as program_cli
    from player.routine.discovery import resolve_routine

    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    monkeypatch.setattr("player.journal.store.store.DEFAULT_TIMEOUT", 0.2)
    loaded = resolve_routine("core-stabilization")
    conn = sqlite3.connect(isolated_data_dir / "journal.sqlite3")
    # Exclusive locking mode: readers are kept out too, as a reader alone opens beside a writer.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    try:
        with program_cli.program_turn(loaded, date.fromisoformat(TODAY), chosen=False) as turn:
            assert turn.loaded is loaded, "the routine as its file has it"
            assert turn.notes == [], "not said in the app: it may not follow a program at all"
    finally:
        conn.rollback()
        conn.close()
    err = capsys.readouterr().err
    assert "hep: the program cannot be followed for this session" in err
    assert "the program counts the session the next time it can" in err


@pytest.mark.parametrize("named", [["relaxation"], ["--today"]], ids=["named", "today"])
def test_a_session_hep_never_counted_is_counted_at_the_next_start_and_said(
    isolated_data_dir: Path, named: list[str]
) -> None:
    """A session kept whole but not counted (hep killed before it could, or the session kept in
    a recovery file that reached the journal later): the next `hep play` counts it first."""
    from player.routine.discovery import resolve_routine

    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    loaded = resolve_routine("core-stabilization")
    _kept(loaded, "stopped_pain", 7)  # as a face writes it, in a process then killed
    played = CliRunner().invoke(cli, ["play", *named, "--plain"], input=ANSWERS)
    assert played.exit_code == 4, played.output
    assert "Core stabilization of " in played.output and "is counted now" in played.output
    assert "stopped at 7/10" in played.output
    again = CliRunner().invoke(cli, ["play", *named, "--plain"], input=ANSWERS)
    assert "is counted now" not in again.output, "counted once"


def test_a_session_kept_in_this_processs_recovery_file_is_counted_before_hep_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_data_dir: Path
) -> None:
    """The journal busy through the whole session: the session goes to this process's recovery
    file when its record closes; once the journal frees, the program's count takes it in and
    counts it as what it was (a stop for pain), before hep ends."""
    import player.cli.program as program_cli
    from player.journal import Journal
    from player.journal.store import recovery
    from player.program.today import on_day
    from player.routine.discovery import resolve_routine
    from player.session.kept import SessionEnd

    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    monkeypatch.setattr("player.journal.store.store.DEFAULT_TIMEOUT", 0.2)
    monkeypatch.setattr(program_cli, "COUNT_MORE_SECONDS", 20.0)
    loaded = resolve_routine("core-stabilization")
    day = date.fromisoformat(TODAY)
    path = isolated_data_dir / "journal.sqlite3"
    holder = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    recorder = BackgroundRecorder(path)
    with program_cli.program_turn(loaded, day, chosen=False, journal=recorder) as turn:
        holder.execute("BEGIN EXCLUSIVE")  # from the first answer on
        recorder.start(_start_of(loaded))
        recorder.record("checkin", 2.0, {"pain": 7, "flags": [], "when": "stop"})
        recorder.finish(
            SessionEnd(outcome="stopped_pain", reason=None, baseline=1, highest=7, final=7)
        )
        assert recorder.flush(10)
        threading.Timer(2.0, holder.rollback).start()  # freed while the count waits
        turn.status = 3
    holder.close()
    out = capsys.readouterr()
    assert "this session is kept in" in out.err and "waiting up to 20 s more" in out.err
    assert "stopped at 7/10" in out.out, out.out
    assert "quit or interrupted" not in out.out
    assert not recovery.waiting(path), "taken into the journal"
    with Journal.open() as journal:
        (outcome,) = journal.query("SELECT outcome FROM sessions")[0]
        tomorrow = on_day(journal, day.fromordinal(day.toordinal() + 1))
    assert outcome == "stopped_pain"
    assert tomorrow is not None and tomorrow.standing.holding


def test_hep_today_after_a_red_flag_stop_today_says_the_care_before_offering_the_next(
    isolated_data_dir: Path,
) -> None:
    """A yes that needs emergency care stops the session: `hep today` says so, with the care,
    before `Play the next one`, as the next `hep play` asks first; a day gone by does not."""
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    stopped = CliRunner().invoke(cli, ["play", "core-stabilization", "--plain"], input="n\ny\n")
    assert stopped.exit_code == 3, stopped.output
    shown = CliRunner().invoke(cli, ["today"])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "the red-flag questions stopped a session (new bladder or bowel trouble)" in text
    assert "go to an emergency department now" in text
    assert text.index("go to an emergency department now") < text.index("Play the next one")
    asked = CliRunner().invoke(cli, ["play", "--today", "--plain"], input="n\n")
    assert "Start anyway?" in asked.output and "go to an emergency department now" in asked.output


@pytest.mark.parametrize(
    ("answers", "said"),
    [("n\ny\n", "red-flag stop today"), ("n\n" * 7 + "8\n", "stopped today")],
)
def test_hep_today_short_names_a_stop_today_before_what_is_due(
    isolated_data_dir: Path, answers: str, said: str
) -> None:
    """The one line for a shell prompt does not offer the next session as if nothing had
    happened: a stop today comes first (a red flag named as such)."""
    started = CliRunner().invoke(cli, ["program", "start", "back-to-running", "--date", TODAY])
    assert started.exit_code == 0, started.output
    before = CliRunner().invoke(cli, ["today", "--short"]).output
    assert "stop" not in before
    stopped = CliRunner().invoke(cli, ["play", "core-stabilization", "--plain"], input=answers)
    assert stopped.exit_code == 3, stopped.output
    short = CliRunner().invoke(cli, ["today", "--short"])
    assert short.exit_code == 0, short.output
    line = short.output.strip()
    assert f" · {said} · " in line and line.index(said) < line.index("due")
    assert len(short.output.splitlines()) == 1
