"""The journal cannot be written during a session: a full disk, a read-only data folder.

The session must go on to its end, and the user must be told once, in one line. Afterwards the
journal is whole, and the half-written session is marked at the next open.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.journal import Journal
from player.session.outcomes import NOT_KEPT_STATUS
from tests.faults.conftest import (
    ANSWERS,
    PlainRun,
    Tmux,
    app_script,
    hep_env,
    integrity,
    pid_from,
    raw_sessions,
    write_routine,
)

pytestmark = pytest.mark.slow
NOTE = "Note: the journal stopped recording this session: "


def _notes(out: str) -> list[str]:
    return [line for line in out.splitlines() if "journal" in line.lower()]


def _assert_told_once_and_went_on(
    run: PlainRun, status: int, path: Path, *, kept_aside: bool = False
) -> str:
    out = run.out
    notes = _notes(out)
    assert len(notes) == 1 and notes[0].startswith(NOTE), f"{notes}\n{out[-2000:]}"
    assert str(path) in notes[0], notes[0]
    assert "Session complete. Well done." in out, out
    if kept_aside:  # in a recovery file beside the journal, merged at its next opening
        assert status == 0 and f"this session is kept in {path}.recovery-" in run.err, run.err
    else:  # kept nowhere: neither the journal nor a recovery file could take it
        assert status == NOT_KEPT_STATUS, f"{status}\n{out}\n{run.err}"
        assert "this session is not kept" in run.err, run.err
    assert "Traceback" not in run.err, run.err
    return notes[0]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (needs root and a kernel that lets us mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); RLIMIT_FSIZE covers it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> Path:
    """Write zeros until the file system says it is full."""
    filler = folder / "filler"
    # Unbuffered: a buffered file keeps the bytes the full disk refused and tries them again
    # when it is closed, which raised ENOSPC from the `with` line whenever the last write was
    # partial.
    with open(filler, "wb", buffering=0) as file:
        try:
            while True:
                file.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


FULL = "Note: the disk is full (no room left in "


def _checkins(path: Path) -> int:
    with Journal.open(path) as journal:
        return int(journal.query("SELECT COUNT(*) FROM events WHERE kind = 'checkin'")[0][0])


def test_a_disk_that_fills_during_the_session_keeps_it_in_the_room_kept_for_it(
    tmp_path: Path, small_disk: Path, plain_runs: list[PlainRun]
) -> None:
    data = small_disk / "data"
    path = data / "journal.sqlite3"
    run = PlainRun(write_routine(tmp_path / "routines"), data)
    plain_runs.append(run)
    run.type(*ANSWERS)
    run.wait_for("Calf roll, set 1 of 2")
    filler = _fill(small_disk)
    run.close_input()
    status = run.finish()
    notes = _notes(run.out)
    assert len(notes) == 1 and notes[0].startswith(FULL), f"{notes}\n{run.out[-2000:]}"
    assert f"and in {path}.recovery-" in notes[0] and "in room kept for it" in notes[0], notes
    assert "Session complete. Well done." in run.out, run.out
    assert status == 0, f"{status}\n{run.err}"
    assert f"hep: the disk is still full; this session is kept in {path}.recovery-" in run.err
    assert "Traceback" not in run.err, run.err
    # The recovery file that found no room leaves no part-written file beside the journal,
    # and the room kept for it is given back.
    assert not [p.name for p in data.iterdir() if p.name.endswith((".tmp", ".room"))]
    filler.unlink()
    assert integrity(path) == ["ok"]
    (session,) = raw_sessions(path)
    assert session["outcome"] == "running"
    with Journal.open(path) as journal:  # room again: the session is merged whole
        assert any("could not take at the time is now in it" in n for n in journal.notices)
        (row,) = journal.query("SELECT outcome, baseline_pain, final_pain FROM sessions")
    assert (row["outcome"], row["baseline_pain"], row["final_pain"]) == ("completed", 2, 1)
    assert _checkins(path) == len(ANSWERS)


def test_a_disk_given_room_again_during_the_session_takes_the_rest_of_it(
    tmp_path: Path, small_disk: Path, plain_runs: list[PlainRun]
) -> None:
    data = small_disk / "data"
    path = data / "journal.sqlite3"
    run = PlainRun(write_routine(tmp_path / "routines"), data, speed=5)
    plain_runs.append(run)
    run.type(*ANSWERS)
    run.wait_for("Calf roll, set 1 of 2")
    filler = _fill(small_disk)
    run.wait_for(FULL)
    filler.unlink()
    run.wait_for("Note: the journal has caught up")
    run.close_input()
    status = run.finish(60)
    assert status == 0 and "Traceback" not in run.err, f"{status}\n{run.err}"
    assert run.out.index(FULL) < run.out.index("caught up") < run.out.index("Session complete.")
    assert not [p.name for p in data.iterdir() if "recovery" in p.name]
    assert integrity(path) == ["ok"]
    (session,) = raw_sessions(path)
    assert (session["outcome"], session["final_pain"]) == ("completed", 1)
    assert _checkins(path) == len(ANSWERS)


def _file_size_limit(limit: int) -> None:
    """In the child: files may not grow past `limit` bytes; writes past it fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_file_size_limit_reached_during_the_session(
    tmp_path: Path, plain_runs: list[PlainRun]
) -> None:
    """The same as a full disk, where mounting is not allowed: RLIMIT_FSIZE stops the WAL."""
    data = tmp_path / "data"
    path = data / "journal.sqlite3"
    run = PlainRun(
        write_routine(tmp_path / "routines"),
        data,
        preexec_fn=lambda: _file_size_limit(64 * 1024),
    )
    plain_runs.append(run)
    run.type(*ANSWERS)
    run.close_input()
    status = run.finish()
    _assert_told_once_and_went_on(run, status, path, kept_aside=True)
    assert integrity(path) == ["ok"]
    with Journal.open(path) as journal:  # the recovery file is merged, and the session whole
        assert any("could not take at the time is now in it" in n for n in journal.notices)
        (row,) = journal.query("SELECT outcome FROM sessions")
    assert row["outcome"] == "completed"


def _as_a_plain_user() -> list[str]:
    """Root ignores file modes: drop every capability so a read-only folder is read-only."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be tested")
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"]


@pytest.mark.parametrize("existing", [True, False], ids=["journal-exists", "no-journal"])
def test_a_read_only_data_folder_plays_the_session_and_says_so(
    tmp_path: Path, plain_runs: list[PlainRun], existing: bool
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "journal.sqlite3"
    if existing:
        Journal.open(path).close()
    before = sorted(p.name for p in data.iterdir())
    data.chmod(0o555)
    try:
        run = PlainRun(write_routine(tmp_path / "routines"), data, prefix=_as_a_plain_user())
        plain_runs.append(run)
        run.type(*ANSWERS)
        run.close_input()
        status = run.finish()
    finally:
        data.chmod(0o755)
    note = _assert_told_once_and_went_on(run, status, path)
    assert "cannot write in the journal's folder" in note, note
    assert sorted(p.name for p in data.iterdir()) == before


def _app_with_a_read_only_data_folder(tmp_path: Path, tmux_factory: object) -> str:
    """The app's screen once the first set is under way, its data folder read-only."""
    # A short folder, so the notice keeps its last words (HEP_DATA_DIR) on screen however deep
    # the test's own folder is (a parallel run's are deeper by a worker's name).
    data = Path(tempfile.mkdtemp(prefix="hep-ro-")) / "data"
    data.parent.chmod(0o755)  # as tmp_path is: the player's user may go through it
    data.mkdir()
    Journal.open(data / "journal.sqlite3").close()
    data.chmod(0o555)
    try:
        tmux: Tmux = tmux_factory(hep_env(data))  # type: ignore[operator]
        pidfile = tmp_path / "app.pid"
        script = app_script(write_routine(tmp_path / "routines"), pidfile, "--speed", "30")
        tmux.start(script.replace("sh -c", " ".join([*_as_a_plain_user(), "sh -c"]), 1))
        pid_from(pidfile)
        tmux.wait_for("How much pain do you feel right now?")
        tmux.keys("2")
        tmux.keys("Enter")
        tmux.wait_for("Calf roll, set 1 of 2", timeout=10)
        # The journal reports from its own thread: on a busy machine the notice can follow the
        # first frame of the set by a moment. It may wrap, so look at the words, not the lines.
        deadline = time.monotonic() + 10
        screen = " ".join(tmux.screen().split())
        while "the journal stopped recording" not in screen and time.monotonic() < deadline:
            time.sleep(0.05)
            screen = " ".join(tmux.screen().split())
    finally:
        data.chmod(0o755)
        shutil.rmtree(data.parent, ignore_errors=True)
    return screen


def test_the_app_plays_on_with_a_read_only_data_folder_and_says_so(
    tmp_path: Path, tmux_factory: object
) -> None:
    screen = _app_with_a_read_only_data_folder(tmp_path, tmux_factory)
    assert screen.count("the journal stopped recording this session:") == 1, screen


def test_the_app_shows_why_the_journal_stopped_and_what_to_do(
    tmp_path: Path, tmux_factory: object
) -> None:
    screen = _app_with_a_read_only_data_folder(tmp_path, tmux_factory)
    assert "cannot write in the journal's folder" in screen, screen
    assert "HEP_DATA_DIR" in screen, screen
