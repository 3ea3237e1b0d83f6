"""ALSA's file plugin as a capture device: a HOME whose default PCM writes into a FIFO read here.

The file plugin writes each period as the `null` slave takes it (at once), so the arrival time
of a byte on the system-wide monotonic clock is when the player handed it to ALSA. Used by the
sound tests and by `make bench`.
"""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from player.sound.clips import read_clip
from player.sound.cues import cue_path
from player.sound.playback import PROBE_SECONDS

ASOUNDRC = """pcm.!default {{
    type file
    slave.pcm "null"
    file "{fifo}"
    format "raw"
}}
"""


@dataclass
class Capture:
    """Bytes read from the FIFO, with the monotonic time each chunk arrived."""

    chunks: list[tuple[float, int, bytes]] = field(default_factory=list)

    @property
    def data(self) -> bytes:
        """Everything captured so far."""
        return b"".join(chunk for _, _, chunk in list(self.chunks))

    def arrival(self, offset: int) -> float:
        """When the byte at `offset` arrived."""
        for stamp, start, chunk in list(self.chunks):
            if start <= offset < start + len(chunk):
                return stamp
        raise AssertionError(f"byte {offset} never arrived")


@contextmanager
def capture_home(folder: Path) -> Iterator[tuple[Path, Capture]]:
    """Make `folder/home` with an `.asoundrc` whose default PCM is read into the Capture.

    Args:
        folder: An empty temporary folder.

    Yields:
        The HOME to give the player, and what it plays, as it arrives.
    """
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    fifo = folder / "capture.raw"
    os.mkfifo(fifo)
    (home / ".asoundrc").write_text(ASOUNDRC.format(fifo=fifo))
    # O_RDWR keeps the FIFO open for reading across the plugin's many open/close cycles
    # (one per cue) without ever seeing end-of-file.
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    capture = Capture()
    done = threading.Event()

    def read() -> None:
        offset = 0
        while not done.is_set():
            readable, _, _ = select.select([fd], [], [], 0.05)
            if not readable:
                continue
            stamp = time.monotonic()
            chunk = os.read(fd, 1 << 16)
            capture.chunks.append((stamp, offset, chunk))
            offset += len(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield home, capture
    finally:
        time.sleep(0.1)  # what ALSA wrote last is still in the pipe
        done.set()
        reader.join(timeout=2)
        os.close(fd)


def alsa_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment with HOME moved and no inherited ALSA or hep overrides.

    Args:
        home: The HOME holding the `.asoundrc`.
        extra: More variables to set.

    Returns:
        The environment for the player's process.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALSA_", "HEP_SOUND"))}
    env["HOME"] = str(home)
    env.update(extra)
    return env


def latencies(capture: Capture, sequence: list[str], stamps: list[float]) -> list[float]:
    """Seconds from each cue call to its first non-silent sample reaching ALSA; checks that
    nothing but the probe's silence and the cues' samples arrived, in the order cued.

    Args:
        capture: What the capture device got.
        sequence: The cues played, in order.
        stamps: When each `cue()` call was made (monotonic).

    Returns:
        One latency per cue.
    """
    probe = bytes(2 * int(44100 * PROBE_SECONDS))
    pcms = [read_clip(cue_path(name)).pcm for name in sequence]
    assert capture.data == probe + b"".join(pcms)
    found = []
    offset = len(probe)
    for pcm, stamp in zip(pcms, stamps, strict=True):
        first_sound = offset + next(i for i, byte in enumerate(pcm) if byte)
        found.append(capture.arrival(first_sound) - stamp)
        offset += len(pcm)
    return found
