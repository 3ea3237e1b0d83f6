"""The cues a session can sound: one list for the engine, the routine format and the sounds."""

from __future__ import annotations

from typing import Literal, get_args

CueName = Literal[
    "get_ready",
    "go",
    "count",
    "halfway",
    "switch_side",
    "rest",
    "next_rep",
    "relax",
    "inhale",
    "hold",
    "exhale",
    "exercise_done",
    "session_done",
    "stopped",
]
"""A cue's name, as the engine emits it and as a routine's `sound:` overrides name it."""

CUE_NAMES: tuple[str, ...] = get_args(CueName)
"""Every cue, in the order a session usually meets them."""
