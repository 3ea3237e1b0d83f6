"""Whether the tests run in CI, where every random test uses a fixed seed."""

from __future__ import annotations

import os


def in_ci() -> bool:
    """True when `CI` is set (as CI services set it) to anything but an empty or false value."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
