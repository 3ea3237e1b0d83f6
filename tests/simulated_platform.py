"""A pytest plugin that plays Windows or macOS on Linux: `-p tests.simulated_platform`.

`HEP_SIMULATE_PLATFORM` says which ("win32" or "darwin"). Loaded before any test module imports
hep, it removes what the named system lacks, so an import-time use of a POSIX-only name fails
collection; each test then runs with `sys.platform` set to that system, so every branch on it
takes the other system's road. For Windows:

- `signal.SIGHUP`, `os.fchmod` (missing before Python 3.13) and `os.geteuid` are gone;
- `os.kill(pid, 0)` fails the test (on Windows it sends Ctrl+C instead of asking);
- `ctypes.WinDLL("kernel32")` is a stand-in answering OpenProcess and GetExitCodeProcess from
  Linux's `/proc`, with Windows' meanings (an ended process that is not yet reaped has an exit
  code; an unknown pid is ERROR_INVALID_PARAMETER).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PLATFORM = os.environ.get("HEP_SIMULATE_PLATFORM", "")
if PLATFORM not in ("win32", "darwin"):
    raise RuntimeError("HEP_SIMULATE_PLATFORM must be win32 or darwin")

_real_kill = os.kill
_last_error = 0
STILL_ACTIVE = 259


def _kill(pid: int, sig: int) -> None:
    if sig == 0:
        raise AssertionError("os.kill(pid, 0) sends Ctrl+C on Windows; it is no liveness check")
    _real_kill(pid, sig)


class _Kernel32:
    """OpenProcess, GetExitCodeProcess and CloseHandle, answered from /proc."""

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:  # noqa: N802
        global _last_error
        if not Path(f"/proc/{pid}").exists():
            _last_error = 87  # ERROR_INVALID_PARAMETER: no such process
            return 0
        return pid

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:  # noqa: N802
        try:
            stat = Path(f"/proc/{handle}/stat").read_text()
        except OSError:
            return 0
        state = stat.rsplit(")", 1)[1].split()[0]
        code._obj.value = 0 if state in ("Z", "X") else STILL_ACTIVE
        return 1

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        return 1


def _win_dll(name: str, use_last_error: bool = False) -> _Kernel32:
    assert name == "kernel32"
    return _Kernel32()


if PLATFORM == "win32":
    for module, name in ((signal, "SIGHUP"), (os, "fchmod"), (os, "geteuid")):
        if hasattr(module, name):
            delattr(module, name)
    os.kill = _kill
    ctypes.WinDLL = _win_dll  # type: ignore[attr-defined]
    ctypes.get_last_error = lambda: _last_error  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def simulated_platform(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test sees `sys.platform` as the simulated system."""
    monkeypatch.setattr(sys, "platform", PLATFORM)
    yield PLATFORM
