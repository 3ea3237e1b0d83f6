"""The one-line notices hep shows about sound, and reading simpleaudio's errors."""

from __future__ import annotations

import re
import sys

EBUSY = -16
"""ALSA's (negated errno) code for a device already in use by another stream."""

# Each fits one line of a narrow screen: the reason is the only part that varies.
NO_SIMPLEAUDIO = "hep: no sound: simpleaudio is missing ({reason}); cues show on screen"
NO_PLAYER = "hep: no sound: simpleaudio is not installed and {reason}; cues show on screen"
NO_CHOSEN_PLAYER = "hep: no sound: {reason}; cues show on screen"
NO_DEVICE = "hep: no sound device ({reason}); cues show on screen"
DEVICE_LOST = "hep: the sound device stopped ({reason}); cues show on screen"
SYSTEM_PLAYER = "hep: cues play through {name}"
INTERNAL = "hep: sound stopped after an internal error ({reason}); cues show on screen"
CRASHED = "hep: the sound player crashed ({reason}); cues show on screen"
HUNG = "hep: the sound player stopped answering; cues show on screen"
BAD_CUE_FILE = "hep: cannot play {path} ({reason}); using the built-in cue"


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
    """A short one-line reason from a player's error, naming ALSA where it spoke.

    Args:
        error: What `simpleaudio.play_buffer` raised, e.g. "Error opening PCM device. -- CODE:
            -2 -- MSG: No such file or directory", or a system player's error.

    Returns:
        On Linux, an ALSA message as "ALSA: " and the part after "MSG:" ("ALSA: No such file
        or directory"); else the whole message on one line.
    """
    text = " ".join(str(error).split())
    found = _MSG.search(text)
    if found and found.group(1).strip():
        reason = found.group(1).strip()
        return f"ALSA: {reason}" if sys.platform.startswith("linux") else reason
    return text or type(error).__name__
