"""Cue names and their built-in WAV files."""

from __future__ import annotations

from pathlib import Path

from player.cues import CUE_NAMES
from player.locations import sounds_dir


def check_cue_name(name: str) -> None:
    """Raise if `name` is not a known cue (a programming error, caught by tests).

    Args:
        name: A cue name from the engine.

    Raises:
        ValueError: When the name is not in CUE_NAMES.
    """
    if name not in CUE_NAMES:
        raise ValueError(f"unknown sound cue {name!r} (known: {', '.join(CUE_NAMES)})")


def cue_path(name: str) -> Path:
    """The built-in WAV file for a cue.

    Args:
        name: One of CUE_NAMES.

    Returns:
        `sounds_dir() / f"{name}.wav"`.

    Raises:
        ValueError: When the name is not a known cue.
    """
    check_cue_name(name)
    return sounds_dir() / f"{name}.wav"
