"""Cues through the system's own player when simpleaudio is not there (pw-play, paplay, aplay).

A stand-in `aplay` on PATH records each file it is handed, or fails or hangs like a player with
no device; where the real `aplay` is installed it plays into ALSA's file plugin.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from player.sound.audio import AudioSoundPlayer
from player.sound.clips import read_clip
from player.sound.cues import cue_path
from player.sound.playback import PROBE, PROBE_SECONDS
from player.sound.system import NoSystemPlayer, find_backend
from tests.alsa_capture import alsa_env, capture_home

pytestmark = pytest.mark.slow

RECORDER = """#!/bin/sh
printf '%s\\n' "$*" >> "{log}"
{then}
"""


def stand_in(folder: Path, name: str = "aplay", then: str = "exit 0") -> Path:
    """A program called `name` in `folder` that logs its arguments, then runs `then`."""
    folder.mkdir(exist_ok=True)
    log = folder / f"{name}.log"
    program = folder / name
    program.write_text(RECORDER.format(log=log, then=then))
    program.chmod(0o755)
    return log


def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def system_player(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers use the system's player, whatever else is installed."""
    monkeypatch.delenv("HEP_SOUND_BACKEND", raising=False)
    monkeypatch.setenv("HEP_SOUND_PLAYER", "system")


def test_a_cue_plays_the_built_in_wav_file_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_player: None
) -> None:
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir)
    monkeypatch.setenv("PATH", str(bin_dir))
    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    try:
        assert player.wait_started(10)
        player.cue("go")
        wait_for(lambda: len(lines(log)) >= 2)
    finally:
        player.close()
    probe, cue = lines(log)
    assert probe.startswith("-q ") and probe.endswith(".wav"), "the probe is a file too"
    assert cue == f"-q {cue_path('go')}"
    assert notices == ["hep: cues play through aplay"]
    assert player.available


def test_the_first_player_that_can_play_is_chosen(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, "pw-play", "echo 'pw-play: cannot connect to PipeWire' >&2; exit 1")
    stand_in(bin_dir, "paplay", "exit 0")
    names = ["pw-play", "paplay", "aplay"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        backend = find_backend(PROBE, names)
    backend.close()
    assert backend.name == "paplay"
    assert len(lines(bin_dir / "pw-play.log")) == 1, "pw-play was tried first"


def test_a_player_without_a_device_turns_sound_off_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_player: None
) -> None:
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, then="echo 'aplay: main:831: audio open error: No such device' >&2; exit 1")
    monkeypatch.setenv("PATH", str(bin_dir))
    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    try:
        assert not player.wait_started(10)
    finally:
        player.close()
    assert notices == [
        "hep: no sound device (aplay: main:831: audio open error: No such device); "
        "cues show on screen"
    ]
    assert not player.available


def test_a_player_that_never_ends_counts_as_no_device(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, then="exec /bin/sleep 30")
    with pytest.MonkeyPatch.context() as patch, pytest.raises(NoSystemPlayer) as raised:
        patch.setenv("PATH", str(bin_dir))
        patch.setattr("player.sound.system.PROBE_TIMEOUT_S", 0.3)
        find_backend(PROBE, ["aplay"])
    assert raised.value.device and "no answer" in str(raised.value)


def test_a_device_lost_mid_session_is_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_player: None
) -> None:
    bin_dir = tmp_path / "bin"
    log = stand_in(
        bin_dir,
        then='[ "$(/usr/bin/wc -l < "$0.log")" -le 2 ] || { echo "device unplugged" >&2; exit 1; }',
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    try:
        assert player.wait_started(10)
        for name in ("go", "count", "count", "rest"):
            player.cue(name)
            time.sleep(0.2)
        wait_for(lambda: not player.available)
    finally:
        player.close()
    assert len(lines(log)) == 3, "probe, go, then count failed: nothing more was played"
    assert notices[-1] == (
        "hep: the sound device stopped (aplay: device unplugged); cues show on screen"
    )


def test_with_no_player_at_all_cues_show_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_player: None
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    try:
        assert not player.wait_started(10)
    finally:
        player.close()
    wanted = "winsound" if sys.platform == "win32" else "pw-play, paplay, aplay"
    # HEP_SOUND_PLAYER=system was asked for: simpleaudio was not tried, so it is not blamed.
    assert notices == [f"hep: no sound: no system player found ({wanted}); cues show on screen"]


@pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay (alsa-utils) not installed")
def test_the_real_aplay_plays_a_cue_into_alsa(tmp_path: Path) -> None:
    script = (
        "from player.sound.audio import AudioSoundPlayer\n"
        "p = AudioSoundPlayer()\n"
        "assert p.wait_started(10)\n"
        "p.cue('go')\n"
        "import time; time.sleep(1.0)\n"
        "p.close()\n"
        "print(p.notice)\n"
    )
    with capture_home(tmp_path) as (home, capture):
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=alsa_env(home, HEP_SOUND_PLAYER="aplay"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hep: cues play through aplay"
    go = read_clip(cue_path("go")).pcm
    # aplay fills the last period with silence: only the sound itself is compared.
    assert capture.data.strip(b"\0") == go.strip(b"\0")
    assert len(capture.data) >= len(go) + 2 * int(44100 * PROBE_SECONDS)
