"""Hostile settings files, system players and stdin encodings: hep plays on and says one line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player.config import ConfigError, load_settings
from player.sound.playback import PROBE, load_backend
from player.sound.system import NoSystemPlayer, find_backend
from tests.integration.test_system_player import lines, stand_in

pytestmark = pytest.mark.slow


def test_a_settings_file_that_never_ends_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to("/dev/zero")
    started = time.monotonic()
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert time.monotonic() - started < 5
    assert str(raised.value).startswith(f"{path}: ")
    assert "device" in str(raised.value)


def test_a_huge_settings_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with path.open("w") as out:
        out.write('face = "plain"\n')
        out.truncate(200 * 1024 * 1024)  # sparse: no disk used, but 200 MB to read
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert "too large" in str(raised.value)


def test_a_fifo_in_place_of_the_settings_file_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert "FIFO" in str(raised.value)


def test_escape_sequences_a_player_prints_never_reach_the_terminal(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    junk = r"printf '\033]0;pwned\007\033[31mred\033[0m \233 no device\n' >&2; exit 1"
    stand_in(bin_dir, then=junk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        with pytest.raises(NoSystemPlayer) as raised:
            find_backend(PROBE, ["aplay"])
    reason = str(raised.value)
    assert "no device" in reason
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in reason), repr(reason)


def test_a_failing_player_that_leaves_a_child_holding_stderr_does_not_hang(
    tmp_path: Path,
) -> None:
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, then="/bin/sleep 30 & echo 'aplay: no device' >&2; exit 3")
    started = time.monotonic()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        with pytest.raises(NoSystemPlayer) as raised:
            find_backend(PROBE, ["aplay"])
    assert time.monotonic() - started < 10
    assert "no device" in str(raised.value)


def test_a_player_that_floods_stderr_is_not_stalled_by_it(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, then="/usr/bin/head -c 300000 /dev/zero | /usr/bin/tr '\\0' x >&2; exit 0")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        backend = find_backend(PROBE, ["aplay"])
    assert backend.name == "aplay"
    backend.close()


@pytest.mark.parametrize("choice", ["rm", "true", "python3", "sh"])
def test_a_program_that_is_not_a_sound_player_is_never_run(
    tmp_path: Path, choice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir, name=choice)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(NoSystemPlayer) as raised:
        load_backend(choice=choice)
    assert lines(log) == []
    assert "HEP_SOUND_PLAYER" in str(raised.value)
    assert "aplay" in str(raised.value)  # says what it may be


def test_a_known_player_named_by_its_path_is_used(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir)
    backend = load_backend(choice=str(bin_dir / "aplay"))
    assert getattr(backend, "name", None) == "aplay"
    assert len(lines(log)) == 1  # the probe
    backend.close()  # type: ignore[attr-defined]


def test_an_answer_the_stdin_encoding_cannot_decode_does_not_end_the_session(
    tmp_path: Path,
) -> None:
    answers = "\n".join(["n", "0", "Notiz: Rücken gut, 背中 🐈"] * 40) + "\n"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONIOENCODING": "ascii",
    }
    done = subprocess.run(
        [sys.executable, "-m", "player", "play", "relaxation"]
        + ["--plain", "--mute", "--speed", "60"],
        input=answers.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=240,
        cwd=tmp_path,
    )
    out = done.stdout.decode("ascii")
    assert "Traceback" not in done.stderr.decode("ascii", "replace")
    assert "Left before the first answer" not in out
    assert "Summary: 10 of 10 exercises done." in out, out[-2000:]
    assert done.returncode == 0


def test_a_player_asked_for_by_name_is_not_blamed_on_simpleaudio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player.sound.playback import Playback

    monkeypatch.setenv("PATH", str(tmp_path))
    notices: list[str] = []
    playback = Playback(lambda text, off: notices.append(text), lambda: load_backend(choice="rm"))
    assert playback.probe() is False
    assert len(notices) == 1
    assert "simpleaudio is not installed" not in notices[0]
    assert "HEP_SOUND_PLAYER=rm" in notices[0]


def test_doctor_shows_the_player_setting_without_its_escape_sequences(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HEP_SOUND_PLAYER": "x\x1b]0;title\x07y",
    }
    done = subprocess.run(
        [sys.executable, "-m", "player", "doctor"], capture_output=True, env=env, timeout=60
    )
    assert b"HEP_SOUND_PLAYER=x" in done.stdout
    assert b"\x1b" not in done.stdout + done.stderr
    assert b"\x07" not in done.stdout + done.stderr
