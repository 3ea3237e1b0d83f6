"""The real player: simpleaudio on one background thread, so a cue call only queues a job.

The sound thread decodes the built-in cues once at start, opens the device once with a few
milliseconds of silence to find out early whether there is one, and then plays each queued
clip with `simpleaudio.play_buffer` (which opens the ALSA device and returns while its own C
thread writes the samples). A new cue stops the cue still playing; speech plays alongside.
Any device failure turns the player silent for the rest of the session, with one notice.
"""

from __future__ import annotations

import importlib
import queue
import threading
import wave
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from player.sound.alsa import silence_alsa_errors
from player.sound.cues import CUE_NAMES, Clip, check_cue_name, cue_path, read_clip
from player.sound.notices import (
    DEVICE_LOST,
    EBUSY,
    INTERNAL,
    NO_DEVICE,
    NO_SIMPLEAUDIO,
    alsa_code,
    alsa_reason,
)
from player.sound.voice import MISSING_NOTICE, Voice, find_espeak

Channel = Literal["cue", "voice"]
PROBE_SECONDS = 0.005


class PlayObject(Protocol):
    """What `simpleaudio.play_buffer` returns."""

    def stop(self) -> None:
        """Stop playing (the device still drains what it holds)."""

    def is_playing(self) -> bool:
        """Whether the clip is still being written to the device."""
        ...

    def wait_done(self) -> None:
        """Block until the clip is done."""


class PlayBackend(Protocol):
    """The part of the `simpleaudio` module hep uses (tests pass a fake)."""

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> PlayObject:
        """Start playing PCM data and return at once."""
        ...


@dataclass(frozen=True)
class _Play:
    """A job for the sound thread: play a clip (or a file, decoded there) on a channel."""

    channel: Channel
    path: Path | None = None
    clip: Clip | None = None
    fallback: Path | None = None


@dataclass(frozen=True)
class _Stop:
    """A job for the sound thread: stop whatever plays."""


_Job = _Play | _Stop | None


class AudioSoundPlayer:
    """Plays cues through simpleaudio (ALSA) without ever blocking the caller.

    Attributes:
        notice: The latest one-line reason sound is degraded, or None.
        muted: True while cues are silenced.
    """

    def __init__(
        self,
        *,
        voice: bool = False,
        muted: bool = False,
        on_notice: Callable[[str], None] | None = None,
        backend: PlayBackend | None = None,
    ) -> None:
        """Start the sound thread (it opens nothing while muted).

        Args:
            voice: Speak `say` phrases through espeak-ng.
            muted: Start muted (`--mute`); `set_muted(False)` brings sound.
            on_notice: Called once per new notice, from whichever thread found the problem
                (the sound thread for device trouble): a Textual face should hop to its own
                thread with `App.call_from_thread`.
            backend: A simpleaudio stand-in for tests; None imports simpleaudio on the sound
                thread.
        """
        self.notice: str | None = None
        self.muted = muted
        self._on_notice = on_notice
        self._backend = backend
        self._failed = False
        self._played_any = False
        self._told: set[str] = set()
        self._notice_lock = threading.Lock()
        self._clips: dict[Path, Clip | None] = {}
        self._playing: dict[Channel, PlayObject] = {}
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._closed = False
        self._voice: Voice | None = None
        self._voice_pool: ThreadPoolExecutor | None = None
        if voice:
            program = find_espeak()
            if program is None:
                self._tell(MISSING_NOTICE)
            else:
                self._voice = Voice(program)
                self._voice_pool = ThreadPoolExecutor(1, thread_name_prefix="hep-voice")
        self._thread = threading.Thread(target=self._run, name="hep-sound", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        """False once the player knows cues cannot be heard (no simpleaudio, no device)."""
        return not self._failed

    @property
    def voice_on(self) -> bool:
        """True when `say` will speak (voice asked for and espeak-ng found)."""
        return self._voice is not None

    def cue(self, name: str, override: Path | None = None) -> None:
        """Queue a cue for the sound thread and return (see SoundPlayer.cue)."""
        check_cue_name(name)
        if self.muted or self._failed or self._closed:
            return
        builtin = cue_path(name)
        if override is None:
            self._jobs.put(_Play("cue", path=builtin))
        else:
            self._jobs.put(_Play("cue", path=override, fallback=builtin))

    def say(self, text: str) -> None:
        """Render and speak a phrase in the background when voice is on (see SoundPlayer.say)."""
        if self._voice_pool is None or self.muted or self._failed or self._closed:
            return
        self._voice_pool.submit(self._speak, text)

    def prepare(self, texts: Iterable[str]) -> None:
        """Render phrases in the background so later `say` calls start at once."""
        voice = self._voice
        if self._voice_pool is None or voice is None or self._closed:
            return
        for text in list(texts):
            self._voice_pool.submit(voice.render, text)

    def set_muted(self, muted: bool) -> None:
        """Silence (stopping what plays) or unsilence cues (see SoundPlayer.set_muted)."""
        self.muted = muted
        if muted and not self._closed:
            self._jobs.put(_Stop())

    def close(self) -> None:
        """Stop playing and end the sound and voice threads (waits at most about a second)."""
        if self._closed:
            return
        self._closed = True
        if self._voice_pool is not None:
            self._voice_pool.shutdown(wait=False, cancel_futures=True)
        self._jobs.put(_Stop())
        self._jobs.put(None)
        self._thread.join(timeout=1.0)

    # --- the voice thread ---

    def _speak(self, text: str) -> None:
        """Render a phrase (voice thread) and hand it to the sound thread."""
        voice = self._voice
        if voice is None:
            return
        clip = voice.render(text)
        if clip is not None and not self.muted and not self._closed:
            self._jobs.put(_Play("voice", clip=clip))

    # --- the sound thread ---

    def _run(self) -> None:
        """The sound thread: warm up, then play jobs until told to stop."""
        try:
            for name in CUE_NAMES:
                self._clip(cue_path(name))
            if not self.muted:
                self._probe()
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                if isinstance(job, _Stop):
                    self._stop_all()
                elif not self.muted and not self._failed:
                    self._play_job(job)
        except Exception as error:  # sound must never take the session down
            self._fail(INTERNAL.format(reason=f"{type(error).__name__}: {error}"))

    def _play_job(self, job: _Play) -> None:
        """Play one queued clip or file."""
        clip = job.clip
        if clip is None and job.path is not None:
            clip = self._clip(job.path)
            if clip is None and job.fallback is not None:
                clip = self._clip(job.fallback)
        if clip is not None:
            self._play(clip, job.channel)

    def _clip(self, path: Path) -> Clip | None:
        """A decoded file, from the cache after the first time."""
        if path not in self._clips:
            try:
                self._clips[path] = read_clip(path)
            except (OSError, EOFError, wave.Error) as error:
                self._tell(f"hep: cannot play {path} ({error}); using the built-in cue")
                self._clips[path] = None
        return self._clips[path]

    def _load_backend(self) -> PlayBackend | None:
        """simpleaudio, imported on first use; None (with a notice) when it cannot be."""
        if self._backend is None:
            try:
                module: Any = importlib.import_module("simpleaudio")
            except ImportError as error:
                self._fail(NO_SIMPLEAUDIO.format(reason=error))
                return None
            self._backend = module
        return self._backend

    def _probe(self) -> None:
        """Open the device once with a few milliseconds of silence: finds a missing device
        early, and warms libasound's configuration so the first real cue starts faster."""
        frames = int(44100 * PROBE_SECONDS)
        self._play(Clip(pcm=bytes(2 * frames), channels=1, sample_width=2, rate=44100), "cue")

    def _play(self, clip: Clip, channel: Channel) -> None:
        """Start a clip, stopping the previous one on the cue channel."""
        backend = self._load_backend()
        if backend is None:
            return
        silence_alsa_errors()
        previous = self._playing.pop(channel, None)
        if previous is not None and channel == "cue":
            previous.stop()
        try:
            started = self._start(backend, clip)
        except Exception as error:  # simpleaudio has its own error class
            reason = alsa_reason(error)
            if alsa_code(error) == EBUSY and self._playing:
                self._stop_all(wait=True)  # a device without mixing: one sound at a time
                try:
                    started = self._start(backend, clip)
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

    @staticmethod
    def _start(backend: PlayBackend, clip: Clip) -> PlayObject:
        """Hand one clip to simpleaudio."""
        return backend.play_buffer(clip.pcm, clip.channels, clip.sample_width, clip.rate)

    def _stop_all(self, *, wait: bool = False) -> None:
        """Stop every clip still playing."""
        playing = list(self._playing.values())
        self._playing.clear()
        for play in playing:
            play.stop()
        if wait:
            for play in playing:
                play.wait_done()

    def _fail(self, message: str) -> None:
        """Go silent for good and say why, once."""
        self._failed = True
        self._tell(message)

    def _tell(self, message: str) -> None:
        """Set `notice` and call `on_notice`, once per distinct message."""
        with self._notice_lock:
            if message in self._told:
                return
            self._told.add(message)
            self.notice = message
        if self._on_notice is not None:
            try:
                self._on_notice(message)
            except Exception:  # a face's callback must not stop the sound
                pass
