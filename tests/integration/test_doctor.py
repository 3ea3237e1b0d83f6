"""`hep doctor`: every row, a played test cue, privacy, settings, and install hints per system."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.cli.doctor import Report, _data, _voice
from player.config import Settings
from tests.integration.test_system_player import lines, stand_in

pytestmark = pytest.mark.slow


def test_doctor_says_every_part_and_plays_a_test_cue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HEP_SOUND_PLAYER", "aplay")
    monkeypatch.delenv("HEP_SOUND_BACKEND", raising=False)
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    rows = dict(line.split(None, 1) for line in result.output.splitlines() if line[:1].isalpha())
    assert rows["python"].startswith(".".join(map(str, sys.version_info[:2])))
    assert rows["test"] == "cue     played 'go' (cues play through aplay)"
    assert lines(log)[-1].endswith("go.wav"), "the test cue went to the player"
    assert "config.toml (none: face app" in rows["settings"]
    assert "voice" in rows and "pictures" in rows and "data" in rows


def test_doctor_shows_the_settings_and_a_bad_file_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("HEP_CONFIG", str(config))
    config.write_text('face = "plain"\nvoice = true\n')
    result = CliRunner().invoke(cli, ["doctor", "--no-sound"])
    assert f"{config} (face plain, sound audio, voice on)" in result.output
    config.write_text("face = plain\n")
    result = CliRunner().invoke(cli, ["doctor", "--no-sound"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"{config}:1:8: invalid value"]


@pytest.mark.parametrize(
    ("platform", "hint"),
    [("darwin", "brew install espeak-ng"), ("win32", "winget install eSpeak-NG.eSpeak-NG")],
)
def test_a_missing_voice_is_told_in_the_systems_own_words(
    platform: str, hint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    # shutil.which asks Windows itself from 3.12 on, which a Linux run cannot stand in for: an
    # empty PATH finds nothing on any system, so nothing is what it finds here.
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.setattr(sys, "platform", platform)
    report = Report()
    _voice(report, Settings())
    assert report.todo == [f"voice: {hint}"]


def test_apt_is_named_where_apt_get_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in(tmp_path, "apt-get")
    monkeypatch.setenv("PATH", str(tmp_path))
    report = Report()
    _voice(report, Settings())
    assert report.todo == ["voice: sudo apt-get install espeak-ng"]


def test_data_privacy_is_said_truthfully(
    isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_data_dir.mkdir(mode=0o755)
    os.chmod(isolated_data_dir, 0o755)
    report = Report()
    _data(report)
    assert "open to other accounts (hep-data 0755)" in report.rows[-1][1]
    os.chmod(isolated_data_dir, 0o700)
    report = Report()
    _data(report)
    assert report.rows[-1][1].endswith("(private: folder 0700)")
    monkeypatch.setattr(sys, "platform", "win32")
    report = Report()
    _data(report)
    assert (
        "0700" not in report.rows[-1][1] and "Windows lets only your account" in report.rows[-1][1]
    )
