"""Building a session's sound player, and the terminal-bell player (`--bell`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from player.sound.audio import AudioSoundPlayer
from player.sound.cues import check_cue_name

SoundMode = Literal["audio", "bell", "mute"]


def make_sound_player(
    mode: SoundMode = "audio",
    *,
    voice: bool = False,
    bell: Callable[[], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> AudioSoundPlayer | BellSoundPlayer:
    """Build the player a session uses (both fit player.session.ports.SoundPlayer).

    Args:
        mode: "audio" plays WAV cues through the sound worker; "bell" rings `bell` for every
            cue; "mute" (`--mute`) is the audio player started muted, so the `m` key can bring
            sound back; it starts no worker and touches no device until then.
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


def terminal_bell() -> None:
    """Ring the terminal bell on the real stdout (the default for bell mode without a face's)."""
    stream = sys.__stdout__
    if stream is not None:
        stream.write("\a")
        stream.flush()


class BellSoundPlayer:
    """`--bell`: rings the terminal bell for every cue; no device, no voice."""

    notice: str | None = None
    available: bool = True
    """A terminal bell can always be rung."""

    def __init__(self, bell: Callable[[], None], *, muted: bool = False) -> None:
        """Make a bell player.

        Args:
            bell: What rings the bell (a face passes its own, e.g. Textual's `App.bell`).
            muted: Start muted.
        """
        self._bell = bell
        self.muted = muted

    def cue(self, name: str, override: Path | None = None) -> None:
        """Ring the bell unless muted (see SoundPlayer.cue)."""
        check_cue_name(name)
        if not self.muted:
            self._bell()

    def say(self, text: str) -> None:
        """Do nothing: a bell cannot speak."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Do nothing: a bell cannot speak."""

    def set_muted(self, muted: bool) -> None:
        """Silence or unsilence the bell (see SoundPlayer.set_muted)."""
        self.muted = muted

    def close(self) -> None:
        """Nothing to release."""
