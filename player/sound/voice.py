"""Spoken cues: text rendered to PCM by espeak-ng (`--stdout`), cached per phrase."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

from player.platforms import install_hint, is_windows
from player.sound.clips import Clip, clip_from_wav_bytes

ESPEAK = "espeak-ng"
ESPEAK_HOME = "https://github.com/espeak-ng/espeak-ng"
RENDER_TIMEOUT_S = 10.0


def missing_notice() -> str:
    """The notice when --voice is asked for without espeak-ng, with this system's install command.

    Returns:
        One line, e.g. "... (install it with: brew install espeak-ng)".
    """
    hint = install_hint(ESPEAK)
    where = f"install it with: {hint}" if hint else f"install it from {ESPEAK_HOME}"
    return f"hep: espeak-ng is not installed, so --voice plays tones only ({where})"


def find_espeak() -> str | None:
    """The espeak-ng program's path, or None when it is not installed.

    Returns:
        The path found on PATH (on Windows also where its installer puts it).
    """
    found = shutil.which(ESPEAK)
    if found is None and is_windows():
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            program = Path(base or "C:/Program Files") / "eSpeak NG" / "espeak-ng.exe"
            if program.is_file():
                return str(program)
    return found


class Voice:
    """Renders phrases with espeak-ng and remembers each render; safe to call from any thread."""

    def __init__(self, program: str, *, words_per_minute: int = 150) -> None:
        """Make a voice.

        Args:
            program: Path of the espeak-ng program.
            words_per_minute: Speaking speed (espeak-ng's `-s`; its default is 175).
        """
        self._program = program
        self._speed = words_per_minute
        self._cache: dict[str, Clip | None] = {}
        self._lock = threading.Lock()

    def render(self, text: str) -> Clip | None:
        """The phrase as a clip, rendered on first use (this call blocks while espeak-ng runs).

        Args:
            text: What to say; surrounding whitespace is ignored.

        Returns:
            The clip, or None when there is nothing to say or espeak-ng failed.
        """
        phrase = " ".join(text.split())
        if not phrase:
            return None
        with self._lock:
            if phrase in self._cache:
                return self._cache[phrase]
        clip = self._run(phrase)
        with self._lock:
            self._cache[phrase] = clip
        return clip

    def _run(self, phrase: str) -> Clip | None:
        """Run espeak-ng once; text goes through stdin so nothing in it is read as an option."""
        try:
            done = subprocess.run(
                [self._program, "--stdout", "-s", str(self._speed)],
                input=phrase.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0 or not done.stdout:
            return None
        return clip_from_wav_bytes(done.stdout)
