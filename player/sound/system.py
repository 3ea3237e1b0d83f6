"""The system's own sound player, for when simpleaudio is not installed (runs in the sound worker).

The same cue WAV files play through `winsound` on Windows, `afplay` on macOS, and `pw-play`,
`paplay` or `aplay` on Linux, whichever is there and can open a device. Each cue is a child
process of the worker (Windows: an asynchronous `PlaySound`), so a player that crashes or hangs
ends nothing but itself, and the worker's own isolation stays as it is. Clips that are not
files (speech, the start-up probe) are written once to WAV files in a private temporary folder.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from player.safetext import shown
from player.sound.clips import Clip

LINUX_PLAYERS = ("pw-play", "paplay", "aplay")
"""Linux players in the order tried: PipeWire, PulseAudio, then plain ALSA."""
PROGRAM_ARGS = {"aplay": ["-q"], "afplay": [], "pw-play": [], "paplay": []}
"""Options before the file name (aplay's `-q` keeps its banner off the worker's stderr)."""
PROBE_TIMEOUT_S = 3.0
"""How long a player may take to play the start-up probe before the next one is tried."""
DONE_GRACE_S = 2.0
"""How long past a clip's length `wait_done` waits before it ends the player."""
ERROR_TAIL_BYTES = 4096
"""How much of the end of a failed player's error output is read for its reason."""
KNOWN_PLAYERS = ("winsound", "afplay", *LINUX_PLAYERS)
"""Every player hep may run: a program that is not one of them is never started, as it would be
handed hep's own cue files (`rm` would delete them)."""


def known_player(choice: str) -> bool:
    """Whether a player named by the user (a name or a path to a program) is one hep knows.

    Args:
        choice: "aplay", "/usr/bin/aplay", "C:\\tools\\afplay.exe", ...

    Returns:
        True when its file name, without `.exe`, is in KNOWN_PLAYERS.
    """
    name = choice.replace("\\", "/").rsplit("/", 1)[-1]
    return name.removesuffix(".exe").removesuffix(".EXE") in KNOWN_PLAYERS


def candidates() -> list[str]:
    """The system players this platform could use, in the order they are tried.

    Returns:
        Program names (or "winsound" on Windows).
    """
    if sys.platform == "win32":
        return ["winsound"]
    if sys.platform == "darwin":
        return ["afplay"]
    return list(LINUX_PLAYERS)


def installed(names: Sequence[str] | None = None) -> list[str]:
    """The candidates that are there: programs found on PATH, or `winsound` importable.

    Args:
        names: Players to look for (default: `candidates()`).

    Returns:
        Their names, in order.
    """
    found = []
    for name in candidates() if names is None else names:
        if name == "winsound":
            try:
                importlib.import_module("winsound")
            except ImportError:
                continue
            found.append(name)
        elif shutil.which(name):
            found.append(name)
    return found


class NoSystemPlayer(ImportError):
    """No system player is installed, or none could open a sound device."""

    def __init__(self, reason: str, *, device: bool, chosen: bool = False) -> None:
        """Say why.

        Args:
            reason: One line.
            device: True when a player is installed but none could play (no device).
            chosen: True when the user named the player (HEP_SOUND_PLAYER), so the lack of
                simpleaudio is not why there is no sound.
        """
        super().__init__(reason)
        self.device = device
        self.chosen = chosen


class _Played:
    """One clip playing through a program (the PlayObject simpleaudio would return)."""

    def __init__(
        self, proc: subprocess.Popen[bytes], seconds: float, name: str, err: IO[bytes]
    ) -> None:
        self._proc = proc
        self._err = err
        self._name = name
        self._seconds = seconds
        self.stopped = False

    def stop(self) -> None:
        """End the player if it still plays (one that already ended keeps its failure)."""
        if self._proc.poll() is None:
            self.stopped = True
            self._proc.kill()
        self._proc.wait()

    def wait_done(self) -> None:
        """Wait until it has played (ending it if it runs far past the clip's length)."""
        try:
            self._proc.wait(timeout=self._seconds + DONE_GRACE_S)
        except subprocess.TimeoutExpired:
            self.stop()

    def failure(self) -> str | None:
        """Why it failed, once it has ended with an error that hep did not cause."""
        status = self._proc.poll()
        if status in (None, 0) or self.stopped:
            return None
        # A file, not a pipe: a player that writes a lot is never stalled by a full pipe, and
        # a child it leaves behind holding stderr open cannot make this read wait for it.
        self._err.seek(0, 2)
        self._err.seek(max(0, self._err.tell() - ERROR_TAIL_BYTES))
        err = self._err.read()
        said = [shown(line).strip() for line in err.decode("utf-8", "replace").splitlines()]
        last = next((line for line in reversed(said) if line), "")  # the player's own word
        return last.removeprefix(f"{self._name}: ")[-160:] or f"exit status {status}"


class _WinPlayed:
    """One clip playing through winsound (only one sound at a time on Windows)."""

    def __init__(self, module: Any, seconds: float) -> None:
        self._winsound = module
        self._until = time.monotonic() + seconds

    def stop(self) -> None:
        self._winsound.PlaySound(None, 0)

    def wait_done(self) -> None:
        time.sleep(max(0.0, self._until - time.monotonic()))

    def failure(self) -> str | None:
        return None


class SystemBackend:
    """Plays files (and clips, written to files) through one system player.

    Attributes:
        name: The player's name ("aplay", "afplay", "winsound", ...), said in the notice.
        probed: True: choosing the player already played the start-up probe.
    """

    probed = True

    def __init__(self, name: str, program: str | None) -> None:
        """Use one player (see `find_backend`).

        Args:
            name: Its name.
            program: Its path; None for winsound.
        """
        self.name = name
        self.why: str | None = None
        """Why the system's player plays (said in the notice), if not asked for."""
        self._program = program
        self._folder: Path | None = None
        self._files: dict[str, Path] = {}
        self._last: _Played | None = None

    def play_path(self, path: Path, seconds: float) -> _Played | _WinPlayed:
        """Start playing a WAV file and return at once.

        Args:
            path: The file.
            seconds: Its length (how long `wait_done` may wait).

        Returns:
            What is playing.

        Raises:
            RuntimeError: The previous clip's player ended with an error (the device is gone),
                or the player cannot be started.
        """
        if self._program is None:
            winsound: Any = importlib.import_module("winsound")  # Windows only
            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(path), flags)  # raises RuntimeError without a device
            return _WinPlayed(winsound, seconds)
        last = self._last
        if last is not None:
            reason = last.failure()
            if reason is not None:
                raise RuntimeError(f"{self.name}: {reason}")
        err = tempfile.TemporaryFile()
        try:
            proc = subprocess.Popen(
                [self._program, *PROGRAM_ARGS.get(self.name, []), str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        except OSError as error:
            err.close()
            raise RuntimeError(f"{self.name}: {error.strerror or error}") from error
        played = self._last = _Played(proc, seconds, self.name, err)
        return played

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> _Played | _WinPlayed:
        """Play PCM data (speech, the probe) the way simpleaudio's `play_buffer` would."""
        clip = Clip(audio_data, num_channels, bytes_per_sample, sample_rate)
        return self.play_path(self._file_for(clip), clip.seconds)

    def _file_for(self, clip: Clip) -> Path:
        """A WAV file holding the clip, written once."""
        key = hashlib.sha1(
            clip.pcm + bytes([clip.channels, clip.sample_width]) + clip.rate.to_bytes(4, "little")
        ).hexdigest()
        if key not in self._files:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="hep-sound-"))
                atexit.register(shutil.rmtree, self._folder, True)
            path = self._folder / f"{key}.wav"
            with wave.open(str(path), "wb") as out:
                out.setnchannels(clip.channels)
                out.setsampwidth(clip.sample_width)
                out.setframerate(clip.rate)
                out.writeframes(clip.pcm)
            self._files[key] = path
        return self._files[key]

    def close(self) -> None:
        """Remove the temporary files."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def find_backend(probe: Clip, names: Sequence[str] | None = None) -> SystemBackend:
    """The first installed system player that plays the probe cleanly.

    Args:
        probe: A short silent clip.
        names: Players to try (default: `candidates()`).

    Returns:
        A backend using it.

    Raises:
        NoSystemPlayer: None is installed, or none could play (the last one's reason).
    """
    found = installed(names)
    if not found:
        wanted = ", ".join(candidates() if names is None else names)
        raise NoSystemPlayer(f"no system player found ({wanted})", device=False)
    reason = ""
    for name in found:
        program = None if name == "winsound" else shutil.which(name)
        title = name.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".exe")
        backend = SystemBackend(title, program)
        try:
            played = backend.play_buffer(probe.pcm, probe.channels, probe.sample_width, probe.rate)
            if isinstance(played, _Played):
                played._proc.wait(timeout=PROBE_TIMEOUT_S)
                failed = played.failure()
                if failed is not None:
                    raise RuntimeError(f"{name}: {failed}")
            else:
                played.wait_done()
        except subprocess.TimeoutExpired:
            played.stop()
            reason = f"{name}: no answer in {PROBE_TIMEOUT_S:g} s"
        except RuntimeError as error:
            reason = str(error)
        else:
            backend._last = None
            return backend
        backend.close()
    raise NoSystemPlayer(reason, device=True)
