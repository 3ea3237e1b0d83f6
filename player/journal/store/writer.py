"""Who writes a session: process id plus start time, so a reused pid is not taken for it."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from player.platforms import process_running

_PROC = Path("/proc")


@dataclass(frozen=True)
class Writer:
    """The identity of a process that writes sessions."""

    pid: int
    """The process id."""
    host: str
    """The machine's name; a session written on another machine is never judged from here."""
    token: str | None
    """Boot id and process start time (Linux `/proc`); None where the system does not tell."""


def _boot_id() -> str | None:
    try:
        return (_PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of `/proc/PID/stat` after the command name, or None if it cannot be read."""
    try:
        raw = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may itself hold spaces or parentheses.
    return raw[raw.rindex(")") + 2 :].split()


def process_token(pid: int) -> str | None:
    """A string that changes when `pid` is given to another process.

    Args:
        pid: The process id.

    Returns:
        `"<boot id>:<start time in clock ticks>"`, or None if the system does not say.
    """
    fields = _stat_fields(pid)
    boot = _boot_id()
    if fields is None or boot is None or len(fields) < 20:
        return None
    # After the name: state is field 3 of stat(5), start time field 22; index = field - 3.
    return f"{boot}:{fields[19]}"


def current() -> Writer:
    """The identity of this process.

    Returns:
        A `Writer` for `os.getpid()`.
    """
    pid = os.getpid()
    return Writer(pid=pid, host=socket.gethostname(), token=process_token(pid))


def is_gone(pid: int | None, host: str | None, token: str | None) -> bool:
    """Tell whether the process that wrote a session has ended (and so cannot finish it).

    Args:
        pid: The writer's process id as stored.
        host: The writer's machine as stored.
        token: The writer's `process_token` as stored.

    Returns:
        True when the writer is surely gone: no such process, a zombie, or another process
        now holding the same pid. False when it may still be running, or ran on another machine.
    """
    if pid is None:
        return True
    if host is not None and host != socket.gethostname():
        return False
    running = process_running(pid)
    if running is None:
        return False
    if not running:
        return True
    fields = _stat_fields(pid)
    if fields is not None and fields[0] in ("Z", "X"):
        return True
    if token is not None:
        now = process_token(pid)
        if now is not None and now != token:
            return True
    return False
