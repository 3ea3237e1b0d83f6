"""Opening the journal to write runs SQLite's quick_check every time; the review does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from player.journal import Journal, JournalError
from player.journal.record.recorder import SessionRecorder
from player.journal.store import recovery
from player.session.kept import SessionStart
from tests.journal_sample import damage_root_page, gone_pid, play_sample, traced_statements


def _checked(path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    seen = traced_statements(monkeypatch)
    Journal.open(path).close()
    monkeypatch.undo()
    return any("quick_check" in statement for statement in seen)


def test_a_cleanly_closed_journal_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    recorder = SessionRecorder(path=path)
    play_sample(recorder)
    recorder.close()
    assert not (tmp_path / "j.sqlite3-wal").exists()
    assert _checked(path, monkeypatch)  # damage leaves no trace of its own


def test_the_review_opens_it_unchecked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    seen = traced_statements(monkeypatch)
    Journal.open(path, check=False).close()
    monkeypatch.undo()
    assert not any("quick_check" in statement for statement in seen)


def test_a_log_left_behind_gets_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    code = (
        "import os, sqlite3, sys;"
        "sqlite3.connect(sys.argv[1]).execute('SELECT 1 FROM sessions'); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert _checked(path, monkeypatch)


def test_a_session_whose_writer_is_gone_gets_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    code = (
        "import os, sys; from pathlib import Path; from player.journal import SessionRecorder;"
        "from tests.journal_sample import damage_root_page, gone_pid, play_sample;"
        "r = SessionRecorder(path=Path(sys.argv[1])); play_sample(r, outcome='interrupted');"
        "r.close()"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=root)
    assert not (tmp_path / "j.sqlite3-wal").exists()  # closed, but its session left running
    assert _checked(path, monkeypatch)
    with Journal.open(path) as journal:
        assert journal.query("SELECT outcome FROM sessions")[0][0] == "interrupted"


def _hep(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEP_")}
    env["HEP_DATA_DIR"] = str(data)
    env["HEP_CACHE_DIR"] = str(data.parent / "cache")
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_a_command_that_writes_finds_the_damage_before_it_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _hep(data, "program", "start", "back-to-running").returncode == 0
    path = data / "journal.sqlite3"
    damaged = damage_root_page(path, "mornings")
    for command in (("morning", "--pain", "2", "--stiffness", "none"), ("today",)):
        done = _hep(data, *command)
        assert done.returncode == 2, done.stdout
        assert done.stderr.count("\n") == 1 and "the journal is damaged" in done.stderr
        assert "Traceback" not in done.stderr
        assert path.read_bytes() == damaged, command


def test_the_review_checks_before_it_merges_a_recovery_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    start = SessionStart("Kept", None, "h" * 64, False, 1.0, 10.0, [], "2026-01-01T10:00:00.000Z")
    kept = recovery.Kept(start)
    waiting = recovery.path_for(path, 99999)
    # Written by a process that has ended.
    text = (
        recovery.encode([kept]).decode().replace(f'"pid":{os.getpid()}', f'"pid":{gone_pid()}', 1)
    )
    waiting.write_text(text, encoding="utf-8")
    seen = traced_statements(monkeypatch)
    with Journal.open(path, check=False) as journal:
        assert journal.query("SELECT routine_name FROM sessions")[0][0] == "Kept"  # merged
    monkeypatch.undo()
    assert any("quick_check" in statement for statement in seen)
    damaged = damage_root_page(path, "mornings")
    waiting.write_text(text, encoding="utf-8")
    with pytest.raises(JournalError, match="damaged"):
        Journal.open(path, check=False)
    assert path.read_bytes() == damaged
    assert waiting.read_text(encoding="utf-8") == text
