"""Outputs never destroy or expose: the journal's files, FIFOs, devices, planted links, formulas."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from player import locations
from player.cli import cli
from player.journal import Journal, SessionRecorder
from tests.faults.conftest import integrity, raw_sessions
from tests.journal_sample import play_sample


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["journal", *args])


def _record(count: int = 2, routine_name: str = "Sample routine") -> bytes:
    with Journal.open() as journal:
        for _ in range(count):
            play_sample(SessionRecorder(journal), routine_name=routine_name)
    return locations.journal_path().read_bytes()


def _intact(count: int = 2) -> None:
    journal = locations.journal_path()
    assert integrity(journal) == ["ok"]
    assert [s["id"] for s in raw_sessions(journal)] == list(range(1, count + 1))


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", [["export", "--format", "csv", "--output"], ["backup"]])
def test_an_output_onto_the_journal_or_its_side_files_is_refused(
    suffix: str, command: list[str]
) -> None:
    _record()
    target = Path(f"{locations.journal_path()}{suffix}")
    existed = target.exists()
    result = _run(*command, str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "journal" in result.stderr, result.stderr
    assert target.exists() == existed
    _intact()


def test_an_export_onto_a_backup_or_a_kept_copy_is_refused(tmp_path: Path) -> None:
    _record()
    copy = tmp_path / "backup.sqlite3"
    assert _run("backup", str(copy)).exit_code == 0
    before = copy.read_bytes()
    result = _run("export", "--format", "md", "--output", str(copy))
    assert result.exit_code == 2
    assert "SQLite database" in result.stderr
    assert copy.read_bytes() == before
    assert _run("backup", str(copy)).exit_code == 0  # a backup may replace an older one


def test_a_fifo_or_a_device_as_the_output_is_refused_and_keeps_its_mode(tmp_path: Path) -> None:
    _record()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    fifo.chmod(0o666)
    device = tmp_path / "null"
    device.symlink_to(os.devnull)
    for target in (fifo, device):
        for command in (["export", "--output", str(target)], ["backup", str(target)]):
            done = subprocess.run(
                [sys.executable, "-m", "player", "journal", *command],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert done.returncode == 2, (command, done.stderr)
            assert "not a file" in done.stderr, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_IMODE(fifo.stat().st_mode) == 0o666
    assert device.is_symlink() and stat.S_ISCHR(device.stat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_outputs_are_private_files_made_by_a_rename(tmp_path: Path) -> None:
    _record()
    new = tmp_path / "new.csv"
    assert _run("export", "--format", "csv", "--output", str(new)).exit_code == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = shared / "report.md"
    planted.write_text("planted by another")
    planted.chmod(0o666)
    assert _run("export", "--output", str(planted)).exit_code == 0
    assert stat.S_IMODE(planted.stat().st_mode) == 0o600  # never the open mode of a shared file
    assert "planted by another" not in planted.read_text()


def test_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    _record(1, routine_name='=HYPERLINK("http://x","y")')
    with Journal.open() as journal, journal.connection() as conn:
        conn.execute(
            "UPDATE events SET data = json_set(data, '$.text', '@SUM(A1:A9)') WHERE kind = 'note'"
        )
        conn.execute(
            "UPDATE events SET data = json_set(data, '$.side', '+cmd|calc') WHERE"
            " json_extract(data, '$.side') IS NOT NULL"
        )
    result = _run("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in cells and "'@SUM(A1:A9)" in cells
    assert "'+cmd|calc" in cells and "-1" not in cells  # numbers stay numbers
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


def _hep_journal(data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEP_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "player", "journal"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )


def test_a_journal_planted_as_a_link_is_never_followed(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    secret = tmp_path / "secret.txt"
    secret.write_text("a private file\n")
    (shared / "journal.sqlite3").symlink_to(secret)
    done = _hep_journal(shared)
    assert done.returncode == 2
    assert "symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert secret.read_text() == "a private file\n"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o644 or secret.stat().st_mode & 0o600


def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "journal.sqlite3")
    done = _hep_journal(data)
    assert done.returncode == 2
    assert "FIFO" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_fifo_as_the_journal_never_holds_up_a_session(tmp_path: Path) -> None:
    """`hep play` looks whether a program is followed before anything else: that look must
    not wait for a writer on a pipe, and the session is played and kept aside."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    os.mkfifo(data / "journal.sqlite3", 0o600)
    routine = tmp_path / "r.yaml"
    routine.write_text(
        "name: R\ndescription: d\nsafety: {screen: never}\n"
        "exercises:\n  - name: One\n    duration: 1s\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "player", "play", "--plain", "--speed", "10", str(routine)],
        capture_output=True,
        text=True,
        timeout=60,
        input="2\n2\n",
        env={**os.environ, "HEP_DATA_DIR": str(data), "HEP_CACHE_DIR": str(tmp_path / "c")},
    )
    assert "Session complete" in done.stdout, done.stderr
    assert "FIFO" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISFIFO((data / "journal.sqlite3").lstat().st_mode)


def test_a_read_only_mount_still_lets_the_review_read_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player.journal.store import errors

    before = _record()
    monkeypatch.setattr(errors, "is_read_only_mount", lambda folder: True)
    listed = _run()
    assert listed.exit_code == 0, listed.output
    assert "Sample routine" in listed.stdout
    assert "read-only file system" in listed.stderr and "read as it is" in listed.stderr
    out = tmp_path / "export.csv"
    assert _run("export", "--format", "csv", "--output", str(out)).exit_code == 0
    assert "Sample routine" in out.read_text()
    assert locations.journal_path().read_bytes() == before
    refused = CliRunner().invoke(cli, ["morning", "--pain", "2"])
    assert refused.exit_code == 2 and "read-only file system" in refused.stderr


def test_a_journal_another_account_owns_read_only_is_still_reviewed(tmp_path: Path) -> None:
    import shutil
    import tempfile

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    base = Path(tempfile.mkdtemp(prefix="hep-read-only-"))
    try:
        base.chmod(0o755)
        data = base / "hep"
        with Journal.open(data / "journal.sqlite3") as journal:
            play_sample(SessionRecorder(journal))
        data.chmod(0o755)
        (data / "journal.sqlite3").chmod(0o644)
        before = (data / "journal.sqlite3").read_bytes()
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        env = {**os.environ, "HEP_DATA_DIR": str(data), "HOME": str(base)}
        probe = subprocess.run(
            [*nobody, sys.executable, "-c", "import player"], capture_output=True, env=env
        )
        if probe.returncode != 0:  # Python or the checkout sits where only root may read
            pytest.skip("hep cannot run as another user from where it is installed")
        done = subprocess.run(
            [*nobody, sys.executable, "-m", "player", "journal"],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert "Sample routine" in done.stdout and "read as it is" in done.stderr
        assert (data / "journal.sqlite3").read_bytes() == before
    finally:
        shutil.rmtree(base)
