"""A stand-in for the simpleaudio module, loaded by the sound worker through HEP_SOUND_BACKEND.

It plays nothing. Every buffer with sound in it (the silent start-up probe left out) counts as
a cue, and its length is appended as a line to the file named by HEP_TEST_SOUND_LOG, with the
worker's pid. HEP_TEST_SOUND_FAULT makes it misbehave at the Nth cue of each worker:
`segv:N` dereferences a null pointer (a real SIGSEGV), `abort:N` calls the C library's abort(),
`hang:N` never returns.
"""

from __future__ import annotations

import ctypes
import os
import threading

_LOG = os.environ.get("HEP_TEST_SOUND_LOG")
_KIND, _, _AT = os.environ.get("HEP_TEST_SOUND_FAULT", "").partition(":")
_cues = 0


class _Play:
    """What play_buffer returns."""

    def stop(self) -> None:
        """Nothing plays."""

    def is_playing(self) -> bool:
        """Nothing plays."""
        return False

    def wait_done(self) -> None:
        """Nothing plays."""


def play_buffer(
    audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
) -> _Play:
    """Count a cue, log it, and misbehave when told to."""
    global _cues
    if any(audio_data):
        _cues += 1
        if _KIND and _cues == int(_AT):
            if _KIND == "segv":
                ctypes.string_at(0)
            elif _KIND == "abort":
                ctypes.CDLL(None).abort()
            elif _KIND == "hang":
                threading.Event().wait()
        if _LOG:
            with open(_LOG, "a", encoding="ascii") as log:
                log.write(f"{os.getpid()} {len(audio_data)}\n")
    return _Play()
