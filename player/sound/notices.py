"""The one-line notices hep shows when sound is degraded, and reading simpleaudio's errors."""

from __future__ import annotations

import re

EBUSY = -16
"""ALSA's (negated errno) code for a device already in use by another stream."""

NO_SIMPLEAUDIO = (
    "hep: simpleaudio is not installed ({reason}); showing cues on screen instead "
    "(reinstall hep with pip to get sound)"
)
NO_DEVICE = (
    "hep: no sound device found (ALSA cannot open the default device: {reason}); "
    "showing cues on screen instead"
)
DEVICE_LOST = (
    "hep: the sound device stopped working (ALSA: {reason}); showing cues on screen instead"
)
INTERNAL = "hep: sound stopped after an internal error ({reason}); showing cues on screen instead"


_CODE = re.compile(r"CODE: (-?\d+)")
_MSG = re.compile(r"MSG: (.*)$")


def alsa_code(error: BaseException) -> int | None:
    """The ALSA error code inside a simpleaudio error message.

    Args:
        error: What `simpleaudio.play_buffer` raised.

    Returns:
        The code (negative errno), or None when the message carries none.
    """
    found = _CODE.search(str(error))
    return int(found.group(1)) if found else None


def alsa_reason(error: BaseException) -> str:
    """A short one-line reason from a simpleaudio error.

    Args:
        error: What `simpleaudio.play_buffer` raised, e.g. "Error opening PCM device. -- CODE:
            -2 -- MSG: No such file or directory".

    Returns:
        The part after "MSG:" ("No such file or directory"), else the whole message on one line.
    """
    text = " ".join(str(error).split())
    found = _MSG.search(text)
    reason = found.group(1).strip() if found and found.group(1).strip() else text
    return reason or type(error).__name__
