"""Private by default: folder 0700, journal and its WAL files 0600 whatever the umask, told once.

The umask is set in a child process, as a user's shell sets it; modes are read from the disk.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.store.privacy import secure_journal
from player.routine.models import Routine
from tests.faults.conftest import HEP, PlainRun, hep_env, write_routine
from tests.journal_sample import play_sample

pytestmark = pytest.mark.slow
UMASKS = [0o022, 0o077]
WHY = "it holds health data"

# Opens the journal in a child with the given umask, writes a session, and prints the modes of
# every file in the data folder while the journal is still open (so -wal and -shm exist).
_WRITE_AND_LIST = """
import json, os, sys
from pathlib import Path
os.umask(int(sys.argv[1], 8))
from player.journal import Journal, SessionRecorder
from tests.journal_sample import play_sample
path = Path(sys.argv[2])
journal = Journal.open(path)
play_sample(SessionRecorder(journal))
folder = path.parent
modes = {p.name: oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}
modes["."] = oct(folder.stat().st_mode & 0o777)
print(json.dumps({"modes": modes, "notices": journal.notices}))
journal.close()
"""

# Leaves a journal as a crash would (its -wal and -shm behind), made under umask 022.
_CRASH_UNDER_022 = """
import os, sqlite3, sys
os.umask(0o022)
os.makedirs(sys.argv[1], exist_ok=True)
conn = sqlite3.connect(os.path.join(sys.argv[1], "journal.sqlite3"), isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("CREATE TABLE scratch (x)")
conn.execute("INSERT INTO scratch VALUES ('kept in the log')")
os._exit(0)
"""


def _modes(folder: Path) -> dict[str, str]:
    found = {p.name: oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}
    found["."] = oct(folder.stat().st_mode & 0o777)
    return found


def _hep(data: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """`hep ARGS` in a child with this umask and data folder."""
    return subprocess.run(
        [*HEP, *args],
        env=hep_env(data),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(umask) and None,
    )


@pytest.mark.parametrize("umask", UMASKS, ids=["022", "077"])
def test_a_new_journal_and_its_wal_files_are_private(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "made" / "hep"
    done = subprocess.run(
        [sys.executable, "-c", _WRITE_AND_LIST, f"{umask:o}", str(data / "journal.sqlite3")],
        env=hep_env(data),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["modes"] == {
        ".": "0o700",
        "journal.sqlite3": "0o600",
        "journal.sqlite3-wal": "0o600",
        "journal.sqlite3-shm": "0o600",
    }
    assert result["notices"] == []  # a folder hep made needs no word
    assert _modes(data) == {".": "0o700", "journal.sqlite3": "0o600"}


@pytest.mark.parametrize("umask", UMASKS, ids=["022", "077"])
def test_a_review_command_on_a_fresh_machine_makes_a_private_journal(
    tmp_path: Path, umask: int
) -> None:
    data = tmp_path / "hep"
    done = _hep(data, "journal", umask=umask)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "The journal is empty: sessions you play with hep show up here.\n"
    assert _modes(data) == {".": "0o700", "journal.sqlite3": "0o600"}


@pytest.mark.parametrize("umask", UMASKS, ids=["022", "077"])
def test_an_existing_journal_open_to_others_is_made_private_once(
    tmp_path: Path, umask: int
) -> None:
    data = tmp_path / "hep"
    subprocess.run([sys.executable, "-c", _CRASH_UNDER_022, str(data)], check=True, timeout=60)
    assert _modes(data) == {
        ".": "0o755",
        "journal.sqlite3": "0o644",
        "journal.sqlite3-wal": "0o644",
        "journal.sqlite3-shm": "0o644",
    }
    first = _hep(data, "journal", umask=umask)
    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"hep: made {data} private (was 0755, now 0700; journal.sqlite3 was 0644, now 0600; "
        f"journal.sqlite3-wal was 0644, now 0600; journal.sqlite3-shm was 0644, now 0600): "
        f"{WHY}\n"
    )
    assert _modes(data) == {".": "0o700", "journal.sqlite3": "0o600"}
    again = _hep(data, "journal", umask=umask)
    assert (again.returncode, again.stderr) == (0, "")


def test_a_journal_alone_is_named_when_only_it_was_open(tmp_path: Path) -> None:
    path = tmp_path / "hep" / "journal.sqlite3"
    Journal.open(path).close()
    path.chmod(0o640)
    with Journal.open(path) as journal:
        assert journal.notices == [f"made {path} private (was 0640, now 0600): {WHY}"]
    assert secure_journal(path) == []


@pytest.mark.parametrize("folder", ["home", "sticky"])
def test_a_shared_folder_is_never_changed_but_the_journal_in_it_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    shared = tmp_path / f"shared-{folder}"
    shared.mkdir(mode=0o755)
    shared.chmod(0o1777 if folder == "sticky" else 0o755)
    monkeypatch.setenv("HOME", str(shared))
    assert secure_journal(shared / "journal.sqlite3") == []
    assert oct(shared.stat().st_mode & 0o7777) == ("0o1777" if folder == "sticky" else "0o755")
    assert oct((shared / "journal.sqlite3").stat().st_mode & 0o777) == "0o600"


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A root-owned data folder others can enter, outside pytest's own 0700 temporary tree."""
    base = Path(tempfile.mkdtemp(prefix="hep-not-owner-"))
    try:
        base.chmod(0o755)
        yield base
    finally:
        shutil.rmtree(base)


def test_files_hep_does_not_own_are_named_and_hep_goes_on(open_folder: Path) -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*nobody, *HEP, "--version"], env=hep_env(open_folder / "hep"), capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip(f"this Python cannot run as another user: {probe.stderr[-200:]!r}")
    data = open_folder / "hep"
    path = data / "journal.sqlite3"
    recorder = SessionRecorder(path=path)
    play_sample(recorder)
    recorder.close()
    data.chmod(0o777)
    path.chmod(0o666)  # another account may write it: hep can use it, but not change its mode
    done = subprocess.run(
        [*nobody, *HEP, "journal"],
        env=hep_env(open_folder / "hep"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Sample routine" in done.stdout
    assert done.stderr == (
        f"hep: {data} is open to other accounts (mode 0777) and hep cannot make it private "
        f"(it belongs to another user, uid 0); {path} is open to other accounts (mode 0666) and "
        f"hep cannot make it private (it belongs to another user, uid 0): {WHY}\n"
    )
    assert _modes(data)["."] == "0o777" and _modes(data)["journal.sqlite3"] == "0o666"


def test_the_plain_player_tells_once_what_it_made_private(tmp_path: Path) -> None:
    data = tmp_path / "hep"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    routine = write_routine(tmp_path / "routines")
    run = PlainRun(routine, data)
    try:
        run.type("2", "1", "1", "1", "1")
        status = run.finish(timeout=60)
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    lines = [line for line in run.out.splitlines() if "private" in line]
    assert lines == [f"Note: made {data} private (was 0755, now 0700): {WHY}"], run.out
    assert status == 0 and run.err == "", run.err
    assert _modes(data) == {
        ".": "0o700",
        "journal.sqlite3": "0o600",
        "journal.sqlite3.today.json": "0o600",  # the day's facts, for the next start
    }


def test_the_conductor_passes_each_notice_on_once(tmp_path: Path) -> None:
    path = tmp_path / "hep" / "journal.sqlite3"
    path.parent.mkdir(mode=0o750)
    path.parent.chmod(0o750)
    journal = Journal.open(path)
    routine = Routine.model_validate(
        {
            "name": "R",
            "description": "d",
            "safety": {"screen": "never"},
            "exercises": [{"name": "A", "duration": 5}],
        }
    )
    conductor = Conductor(routine, Dependencies(recorder=SessionRecorder(journal)))
    first = [n.text for n in conductor.start(0.0) if n.kind == "problem"]
    later = [n.text for n in conductor.tick(1.0) if n.kind == "problem"]
    journal.close()
    assert first == [f"made {path.parent} private (was 0750, now 0700): {WHY}"]
    assert later == []


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_exports_are_private_unless_the_file_had_other_permissions(tmp_path: Path) -> None:
    recorder = SessionRecorder()
    play_sample(recorder)
    recorder.close()
    new, kept = tmp_path / "report.md", tmp_path / "shared.md"
    kept.write_text("old")
    kept.chmod(0o644)
    runner = CliRunner()
    for target in (new, kept):
        result = runner.invoke(cli, ["journal", "export", "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert "calves tight today" in target.read_text()
    assert (_mode(new), _mode(kept)) == ("0o600", "0o644")


def test_backups_are_private_unless_the_file_had_other_permissions(tmp_path: Path) -> None:
    recorder = SessionRecorder()
    play_sample(recorder)
    recorder.close()
    new, kept = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    kept.write_bytes(b"")
    kept.chmod(0o640)
    for target in (new, kept):
        result = CliRunner().invoke(cli, ["journal", "backup", str(target)])
        assert result.exit_code == 0, result.output
        conn = sqlite3.connect(target)
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone() == (1,)
        conn.close()
    assert (_mode(new), _mode(kept)) == ("0o600", "0o640")


def test_side_files_left_read_only_by_a_read_only_journal_are_writable_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    Journal.open(path).close()
    path.chmod(0o400)  # read-only: a look at it then makes its side files 0400 too
    reader = Journal.open_read_only(path)
    reader.query("SELECT COUNT(*) FROM sessions")
    side = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    for file in side:
        if not file.exists():
            file.write_bytes(b"")
        file.chmod(0o444)  # as SQLite leaves them, and readable by others too
    path.chmod(0o600)  # what hep's message says to do
    Journal.open(path).close()
    reader.close()
    for file in side:
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
