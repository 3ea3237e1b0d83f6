"""Real audio through simpleaudio into ALSA's file plugin, and silence from ALSA with no device.

Each test runs hep's real player in a subprocess whose HOME holds an `.asoundrc`, so the
machine's own sound setup (or the lack of one) does not matter. The capture target is a FIFO
that this test reads with timestamps: the file plugin writes each period as the `null` slave
takes it (at once), so arrival time of the first non-silent byte minus the `cue()` call time,
both on the system-wide monotonic clock, is hep's own cue-to-sound latency (thread hand-off,
device open, first write). A real card adds its output latency on top of that.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from player.sound import CUE_NAMES, cue_path, read_clip
from player.sound.audio import PROBE_SECONDS

pytestmark = pytest.mark.slow

GAP_S = 0.15
PLAYER_SCRIPT = """
import json, sys, time
from player.sound import make_sound_player

notices = []
player = make_sound_player(on_notice=notices.append)
time.sleep(0.3)  # the start-up probe opens the device once
stamps = []
gap = float(sys.argv[1])
for name in sys.argv[2:]:
    stamps.append(time.monotonic())
    player.cue(name)
    time.sleep(gap)
player.close()
print(json.dumps({"stamps": stamps, "notices": notices, "available": player.available}))
"""


def alsa_env(home: Path) -> dict[str, str]:
    """The test's environment with HOME moved and no inherited ALSA overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALSA_")}
    env["HOME"] = str(home)
    return env


@dataclass
class Capture:
    """Bytes read from the FIFO, with the monotonic time each chunk arrived."""

    chunks: list[tuple[float, int, bytes]]

    @property
    def data(self) -> bytes:
        return b"".join(chunk for _, _, chunk in self.chunks)

    def arrival(self, offset: int) -> float:
        """When the byte at `offset` arrived."""
        for stamp, start, chunk in self.chunks:
            if start <= offset < start + len(chunk):
                return stamp
        raise AssertionError(f"byte {offset} never arrived")


@pytest.fixture
def capture_home(tmp_path: Path) -> Iterator[tuple[Path, Capture]]:
    """A HOME whose default PCM writes raw samples into a FIFO read here with timestamps."""
    home = tmp_path / "alsa-home"
    home.mkdir()
    fifo = tmp_path / "capture.raw"
    os.mkfifo(fifo)
    (home / ".asoundrc").write_text(
        "pcm.!default {\n"
        "    type file\n"
        '    slave.pcm "null"\n'
        f'    file "{fifo}"\n'
        '    format "raw"\n'
        "}\n"
    )
    # O_RDWR keeps the FIFO open for reading across the plugin's many open/close cycles
    # (one per cue) without ever seeing end-of-file.
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    capture = Capture([])
    done = threading.Event()

    def read() -> None:
        offset = 0
        while not done.is_set():
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                time.sleep(0.0002)
                continue
            capture.chunks.append((time.monotonic(), offset, chunk))
            offset += len(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    yield home, capture
    done.set()
    reader.join(timeout=2)
    os.close(fd)


def test_cues_reach_alsa_in_order_with_low_latency(capture_home: tuple[Path, Capture]) -> None:
    home, capture = capture_home
    sequence = ["get_ready", "go", "count", "count", "halfway", "switch_side", "rest"]
    sequence += ["next_rep", "relax", "inhale", "hold", "exhale", "exercise_done", "session_done"]
    sequence += ["stopped"]
    assert set(sequence) == set(CUE_NAMES)
    done = subprocess.run(
        [sys.executable, "-c", PLAYER_SCRIPT, str(GAP_S), *sequence],
        env=alsa_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert report["notices"] == [] and report["available"] is True
    time.sleep(0.1)

    data = capture.data
    probe = bytes(2 * int(44100 * PROBE_SECONDS))
    pcms = [read_clip(cue_path(name)).pcm for name in sequence]
    # Nothing but the probe's silence and the cues' samples, in the order they were cued.
    assert data == probe + b"".join(pcms)

    latencies = []
    offset = len(probe)
    for pcm, stamp in zip(pcms, report["stamps"], strict=True):
        first_sound = offset + next(i for i, byte in enumerate(pcm) if byte)
        latencies.append(capture.arrival(first_sound) - stamp)
        offset += len(pcm)
    in_ms = [round(1000 * seconds, 2) for seconds in latencies]
    print(
        f"\ncue-to-first-non-silent-sample latency over {len(in_ms)} cues: "
        f"median {statistics.median(in_ms)} ms, max {max(in_ms)} ms; each: {in_ms}"
    )
    assert all(seconds > 0 for seconds in latencies)
    assert statistics.median(latencies) < 0.010
    assert max(latencies) < 0.050


NO_CARD_ASOUNDRC = """
pcm.!default {
    type hw
    card "HepNoSuchCard"
}
ctl.!default {
    type hw
    card "HepNoSuchCard"
}
"""

HEP_NO_DEVICE_SCRIPT = """
import sys, time
from player.sound import make_sound_player

player = make_sound_player(on_notice=lambda line: print(line, file=sys.stderr))
for name in ("get_ready", "go", "count"):
    player.cue(name)
    time.sleep(0.1)
player.close()
"""

RAW_SIMPLEAUDIO_SCRIPT = """
import simpleaudio
try:
    simpleaudio.play_buffer(bytes(200), 1, 2, 44100)
except Exception:
    pass
"""


def test_with_no_device_only_heps_one_line_notice_reaches_the_terminal(tmp_path: Path) -> None:
    home = tmp_path / "no-card-home"
    home.mkdir()
    (home / ".asoundrc").write_text(NO_CARD_ASOUNDRC)
    env = alsa_env(home)

    # The control: simpleaudio alone makes libasound print its own lines here.
    raw = subprocess.run(
        [sys.executable, "-c", RAW_SIMPLEAUDIO_SCRIPT], env=env, capture_output=True, text=True
    )
    assert "ALSA lib" in raw.stderr

    done = subprocess.run(
        [sys.executable, "-c", HEP_NO_DEVICE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("hep: no sound device (ALSA: ")
    assert lines[0].endswith("); cues show on screen")
    assert len(lines[0]) <= 100, "the notice must fit one line of the screen"
