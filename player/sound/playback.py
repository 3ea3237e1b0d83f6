"""Clips to the sound device, on the calling thread (the sound worker's).

simpleaudio when it is installed: `simpleaudio.play_buffer` opens the device (ALSA on Linux) and
returns while its own C thread writes the samples. Without it, the system's own player
(player.sound.system: winsound, afplay, pw-play, paplay or aplay) plays the same WAV files.
A new cue stops the cue still playing; speech plays alongside. Any device failure turns
playback off for good, with one notice.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol

from player.safetext import shown
from player.sound.alsa import silence_alsa_errors
from player.sound.clips import Clip, read_clip
from player.sound.notices import (
    BAD_CUE_FILE,
    DEVICE_LOST,
    EBUSY,
    NO_CHOSEN_PLAYER,
    NO_DEVICE,
    NO_PLAYER,
    NO_SIMPLEAUDIO,
    SYSTEM_PLAYER,
    alsa_code,
    alsa_reason,
)

PLAYER_ENV = "HEP_SOUND_PLAYER"
"""Which player plays cues: "simpleaudio", "system" (the platform's own), one of the system players
by name or path ("aplay", "/usr/bin/aplay"; see system.KNOWN_PLAYERS), or unset for simpleaudio
when it is installed, else the system's."""

Channel = Literal["cue", "voice"]
PROBE_SECONDS = 0.005
PROBE = Clip(pcm=bytes(2 * int(44100 * PROBE_SECONDS)), channels=1, sample_width=2, rate=44100)
"""A few milliseconds of silence: opening the device with it finds a missing one early and warms
libasound's configuration, so the first real cue starts faster."""


class PlayObject(Protocol):
    """What `simpleaudio.play_buffer` returns."""

    def stop(self) -> None:
        """Stop playing (the device still drains what it holds)."""

    def wait_done(self) -> None:
        """Block until the clip is done."""


class PlayBackend(Protocol):
    """The part of the `simpleaudio` module hep uses (tests pass a stand-in)."""

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> PlayObject:
        """Start playing PCM data and return at once."""
        ...


def load_backend(path: str | None = None, choice: str | None = None) -> PlayBackend:
    """simpleaudio, the system's own player, or a Python file that stands in for simpleaudio.

    Args:
        path: A `.py` file defining `play_buffer` like simpleaudio's (tests use crashing and
            hanging ones); None means a real player.
        choice: See PLAYER_ENV (default: its value in the environment).

    Returns:
        The module or backend.

    Raises:
        ImportError: simpleaudio alone was asked for and cannot be imported; or no system player
            could be used (player.sound.system.NoSystemPlayer, which says whether one was there).
    """
    if not path:
        choice = choice or os.environ.get(PLAYER_ENV) or "auto"
        if choice in ("auto", "simpleaudio"):
            try:
                module: Any = importlib.import_module("simpleaudio")
                return module
            except ImportError:
                if choice == "simpleaudio":
                    raise
        from player.sound.system import (  # starts programs: only when needed
            KNOWN_PLAYERS,
            NoSystemPlayer,
            find_backend,
            known_player,
        )

        if choice not in ("auto", "system") and not known_player(choice):
            known = ", ".join(("simpleaudio", "system", *KNOWN_PLAYERS))
            raise NoSystemPlayer(
                f"{PLAYER_ENV}={shown(choice)} is not a sound player hep knows ({known})",
                device=False,
                chosen=True,
            )
        try:
            backend = find_backend(PROBE, None if choice in ("auto", "system") else [choice])
        except NoSystemPlayer as error:
            error.chosen = choice != "auto"
            raise
        if choice == "auto":
            backend.why = "simpleaudio is not installed"
        return backend
    spec = importlib.util.spec_from_file_location("hep_sound_backend", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    stand_in: Any = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(stand_in)
    except OSError as error:
        raise ImportError(str(error)) from error
    return stand_in


class Playback:
    """Plays clips and WAV files on two channels (cue, voice); every call returns quickly.

    Attributes:
        failed: True once sound is off for good (no simpleaudio, no device, device lost).
    """

    def __init__(
        self,
        on_notice: Callable[[str, bool], None],
        load: Callable[[], PlayBackend] = load_backend,
    ) -> None:
        """Make a player; nothing is opened until the first `probe` or play.

        Args:
            on_notice: Called with a one-line notice and whether sound is now off for good.
            load: Imports simpleaudio (or returns a stand-in) on first use; raises ImportError
                when it cannot.
        """
        self.failed = False
        self._on_notice = on_notice
        self._load_backend = load
        self._backend: PlayBackend | None = None
        self._played_any = False
        self._clips: dict[Path, Clip | None] = {}
        self._playing: dict[Channel, PlayObject] = {}

    def probe(self) -> bool:
        """Play a few milliseconds of silence to the end (so no cue cuts it short).

        Returns:
            True when the device took it.
        """
        backend = self._load()
        if getattr(backend, "probed", False):
            return not self.failed  # choosing a system player played it already
        self.play(PROBE, "cue")
        started = self._playing.pop("cue", None)
        if started is not None:
            started.wait_done()
        return not self.failed

    def play_file(self, path: Path, fallback: Path | None = None) -> None:
        """Play a WAV file on the cue channel (decoded once, then cached).

        Args:
            path: The file (a routine's own sound, or a built-in cue).
            fallback: Played instead when `path` cannot be decoded (with a notice).
        """
        clip = self._clip(path, tell=fallback is not None)
        if clip is None and fallback is not None:
            path, clip = fallback, self._clip(fallback, tell=False)
        if clip is not None:
            self.play(clip, "cue", path)

    def play(self, clip: Clip, channel: Channel, path: Path | None = None) -> None:
        """Start a clip, stopping the previous one on the cue channel.

        Args:
            clip: What to play.
            channel: "cue" (a new cue cuts the previous one) or "voice" (plays alongside).
            path: The WAV file it was read from: a system player plays the file itself.
        """
        backend = self._load()
        if backend is None or self.failed:
            return
        silence_alsa_errors()
        previous = self._playing.pop(channel, None)
        if previous is not None and channel == "cue":
            previous.stop()
        try:
            started = _start(backend, clip, path)
        except Exception as error:  # simpleaudio has its own error class
            reason = alsa_reason(error)
            if alsa_code(error) == EBUSY and self._playing:
                self.stop_all(wait=True)  # a device without mixing: one sound at a time
                try:
                    started = _start(backend, clip, path)
                except Exception as second:
                    reason = alsa_reason(second)
                else:
                    self._playing[channel] = started
                    return
            template = DEVICE_LOST if self._played_any else NO_DEVICE
            self._fail(template.format(reason=reason))
            return
        self._played_any = True
        self._playing[channel] = started

    def stop_all(self, *, wait: bool = False) -> None:
        """Stop every clip still playing.

        Args:
            wait: Also wait until the device has let go of them.
        """
        playing = list(self._playing.values())
        self._playing.clear()
        for play in playing:
            play.stop()
        if wait:
            for play in playing:
                play.wait_done()

    def close(self) -> None:
        """Stop everything and let the backend tidy up (a system player's temporary files)."""
        self.stop_all()
        close = getattr(self._backend, "close", None)
        if callable(close):
            close()

    def _load(self) -> PlayBackend | None:
        """The backend, imported on first use; None (with a notice) when it cannot be."""
        if self._backend is None and not self.failed:
            try:
                self._backend = self._load_backend()
            except ImportError as error:
                device = getattr(error, "device", None)  # player.sound.system.NoSystemPlayer
                if device is None:
                    self._fail(NO_SIMPLEAUDIO.format(reason=error))
                elif device:
                    self._fail(NO_DEVICE.format(reason=error))
                elif getattr(error, "chosen", False):
                    self._fail(NO_CHOSEN_PLAYER.format(reason=error))
                else:
                    self._fail(NO_PLAYER.format(reason=error))
            else:
                name = getattr(self._backend, "name", None)
                if isinstance(name, str):
                    why = getattr(self._backend, "why", None)
                    text = SYSTEM_PLAYER.format(name=name)
                    self._on_notice(f"{text} ({why})" if why else text, False)
        return self._backend

    def _clip(self, path: Path, *, tell: bool) -> Clip | None:
        """A decoded file, from the cache after the first time."""
        if path not in self._clips:
            try:
                self._clips[path] = read_clip(path)
            except (OSError, EOFError, wave.Error) as error:
                if tell:
                    self._on_notice(BAD_CUE_FILE.format(path=path, reason=error), False)
                self._clips[path] = None
        return self._clips[path]

    def _fail(self, message: str) -> None:
        """Go silent for good and say why."""
        self.failed = True
        self._on_notice(message, True)


def _start(backend: PlayBackend, clip: Clip, path: Path | None) -> PlayObject:
    """Hand one clip to the backend (a system player gets the file itself when there is one)."""
    play_path = getattr(backend, "play_path", None)
    if path is not None and play_path is not None:
        started: PlayObject = play_path(path, clip.seconds)
        return started
    return backend.play_buffer(clip.pcm, clip.channels, clip.sample_width, clip.rate)
