"""Cue names -> sound: simpleaudio playback, a terminal-bell fallback, silence, and a recorder.

The conductor builds one player with `make_sound_player` and calls `cue(name)` for every cue the
engine emits; every call returns at once. Faces read `available`, `muted` and `notice` to decide
when to show a cue on screen instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from player.sound.audio import AudioSoundPlayer
from player.sound.cues import CUE_NAMES, Clip, cue_path, read_clip
from player.sound.players import (
    BellSoundPlayer,
    RecordingSoundPlayer,
    SoundPlayer,
    terminal_bell,
)

SoundMode = Literal["audio", "bell", "mute"]

__all__ = [
    "CUE_NAMES",
    "AudioSoundPlayer",
    "BellSoundPlayer",
    "Clip",
    "RecordingSoundPlayer",
    "SoundMode",
    "SoundPlayer",
    "cue_path",
    "make_sound_player",
    "read_clip",
    "terminal_bell",
]


def make_sound_player(
    mode: SoundMode = "audio",
    *,
    voice: bool = False,
    bell: Callable[[], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> SoundPlayer:
    """Build the player a session uses.

    Args:
        mode: "audio" plays WAV cues through simpleaudio; "bell" rings `bell` for every cue;
            "mute" (`--mute`) is the audio player started muted, so the `m` key can bring sound
            back; it touches no device until then.
        voice: Also speak `say` phrases through espeak-ng (audio and mute modes only). Without
            espeak-ng installed this sets a notice and plays tones only.
        bell: What rings the bell in "bell" mode (a face passes its own, e.g. Textual's
            `App.bell`); None writes BEL to the real stdout.
        on_notice: Called once for each new one-line notice, possibly from the sound thread.

    Returns:
        A player; call `close()` when the session ends.
    """
    if mode == "bell":
        return BellSoundPlayer(bell or terminal_bell)
    return AudioSoundPlayer(voice=voice, muted=mode == "mute", on_notice=on_notice)
