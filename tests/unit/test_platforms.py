"""What differs between systems: signals, liveness, file modes, install hints, privacy."""

from __future__ import annotations

import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from player import platforms
from player.journal.store.privacy import secure_journal


def test_install_hints_are_in_each_package_managers_own_words() -> None:
    hint = platforms.install_hint
    assert hint("espeak-ng", "apt") == "sudo apt-get install espeak-ng"
    assert hint("espeak-ng", "dnf") == "sudo dnf install espeak-ng"
    assert hint("espeak-ng", "pacman") == "sudo pacman -S espeak-ng"
    assert hint("espeak-ng", "brew") == "brew install espeak-ng"
    assert hint("espeak-ng", "winget") == "winget install eSpeak-NG.eSpeak-NG"
    assert hint("alsa-utils", "brew") is None, "macOS has afplay; there is no alsa-utils"


@pytest.mark.parametrize(("name", "manager"), [("win32", "winget"), ("darwin", "brew")])
def test_the_package_manager_follows_the_platform(
    name: str, manager: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", name)
    assert platforms.package_manager() == manager


def test_without_sighup_only_sigterm_stops_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    assert platforms.hangup_signal() is None
    assert list(platforms.stop_signal_reasons()) == [signal.SIGTERM]


def test_without_fchmod_the_mode_is_set_through_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "fchmod", raising=False)
    path = tmp_path / "f"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        platforms.set_file_mode(fd, path, 0o600)
    finally:
        os.close(fd)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_geteuid_there_is_no_uid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "geteuid", raising=False)
    assert platforms.effective_uid() is None


def test_on_windows_the_journal_is_created_without_mode_changes_or_notices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setattr(sys, "platform", "win32")
    notices = secure_journal(folder / "journal.sqlite3")
    assert notices == [], "a POSIX-mode notice would be false on Windows"
    assert (folder / "journal.sqlite3").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


@pytest.mark.parametrize("name", ["O_NONBLOCK", "O_NOFOLLOW"])
def test_without_posix_open_flags_a_journal_is_still_opened_for_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from player.journal import Journal

    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    monkeypatch.delattr(os, name)  # Windows has neither
    monkeypatch.setattr(sys, "platform", "win32")
    journal = Journal.open_read_only(path)
    journal.close()
    assert path.is_file()
