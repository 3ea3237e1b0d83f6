"""Decoded PCM audio: WAV files and streams turned into clips that simpleaudio can play."""

from __future__ import annotations

import array
import io
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from player.files import read_regular


@dataclass(frozen=True)
class Clip:
    """Decoded PCM audio, ready for `simpleaudio.play_buffer`.

    Attributes:
        pcm: Interleaved little-endian samples (unsigned 8-bit, or signed 16/24-bit).
        channels: 1 or 2.
        sample_width: Bytes per sample: 1, 2 or 3.
        rate: Frames per second.
    """

    pcm: bytes
    channels: int
    sample_width: int
    rate: int

    @property
    def seconds(self) -> float:
        """The clip's length in seconds."""
        return len(self.pcm) / (self.channels * self.sample_width * self.rate)


MAX_CLIP_BYTES = 8 * 1024 * 1024
"""The largest WAV file read as a cue (a routine's own cues are held to 2 MB when checked)."""


def read_clip(path: Path) -> Clip:
    """Decode a PCM WAV file into a clip that simpleaudio can play.

    32-bit integer samples become 16-bit (simpleaudio would read 4-byte samples as floats), and
    files with more than two channels keep their first two.

    Args:
        path: A PCM WAV file.

    Returns:
        The decoded clip.

    Raises:
        OSError: When the file cannot be read.
        wave.Error: When it is not a PCM WAV file.
        EOFError: When it is cut short.
    """
    # Read whole first, from a regular file only: a cue swapped for a FIFO since the routine
    # was checked must not hang the player.
    with wave.open(io.BytesIO(read_regular(path, MAX_CLIP_BYTES)), "rb") as source:
        channels = source.getnchannels()
        width = source.getsampwidth()
        rate = source.getframerate()
        pcm = source.readframes(source.getnframes())
    if width not in (1, 2, 3, 4):
        raise wave.Error(f"unsupported sample width: {width * 8} bits")
    if width == 4:
        pcm = _to_16_bit(pcm)
        width = 2
    if channels > 2:
        frame = channels * width
        keep = 2 * width
        pcm = b"".join(pcm[i : i + keep] for i in range(0, len(pcm) - frame + 1, frame))
        channels = 2
    return Clip(pcm=pcm, channels=channels, sample_width=width, rate=rate)


def _to_16_bit(pcm: bytes) -> bytes:
    """Signed 32-bit little-endian samples to signed 16-bit (keeps the top 16 bits)."""
    samples = array.array("i")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 4])
    if sys.byteorder != "little":
        samples.byteswap()
    out = array.array("h", (value >> 16 for value in samples))
    if sys.byteorder != "little":
        out.byteswap()
    return out.tobytes()


def clip_from_wav_bytes(data: bytes) -> Clip | None:
    """Decode a WAV stream whose header may give a placeholder length (as `--stdout` writes).

    Args:
        data: The whole WAV stream.

    Returns:
        The clip, or None when it is not a WAV stream or holds no audio.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            pcm = source.readframes(source.getnframes())
    except (wave.Error, EOFError):
        return None
    frame = channels * width
    pcm = pcm[: len(pcm) - len(pcm) % frame]
    if not pcm or channels not in (1, 2) or width not in (1, 2, 3):
        return None
    return Clip(pcm=pcm, channels=channels, sample_width=width, rate=rate)
