"""What differs between Linux, macOS and Windows, asked at call time in one place.

Nothing here touches a POSIX-only name at import: `signal.SIGHUP`, `os.fchmod` (Windows before
3.13), `os.geteuid` and `os.kill(pid, 0)` (which sends Ctrl+C on Windows) are looked up when
used, and `sys.platform` is read on every call, so tests can play Windows or macOS on Linux.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from typing import Literal

Platform = Literal["linux", "darwin", "win32", "other"]


def current() -> Platform:
    """The platform hep runs on, as `sys.platform` says it now.

    Returns:
        "linux", "darwin" (macOS), "win32" (Windows) or "other" (BSDs and the rest).
    """
    name = sys.platform
    if name.startswith("linux"):
        return "linux"
    if name in ("darwin", "win32"):
        return name  # type: ignore[return-value]
    return "other"


def is_windows() -> bool:
    """True on Windows (where file modes mean little and privacy is the profile's ACLs)."""
    return current() == "win32"


def hangup_signal() -> int | None:
    """SIGHUP (the terminal closed), or None where the system has none (Windows)."""
    value = getattr(signal, "SIGHUP", None)
    return None if value is None else int(value)


def stop_signal_reasons() -> dict[int, str]:
    """Signals that end a session as interrupted, with the reason the journal keeps.

    Returns:
        SIGTERM always; SIGHUP where it exists.
    """
    reasons = {int(signal.SIGTERM): "hep was told to stop (SIGTERM)."}
    hangup = hangup_signal()
    if hangup is not None:
        reasons[hangup] = "The terminal was closed (SIGHUP)."
    return reasons


def interrupt_reasons() -> dict[int, str]:
    """Every signal that interrupts a session, SIGINT included, with the reason the journal
    keeps (the full-screen app gets Ctrl+C as a key, so only a SIGINT sent from outside arrives
    as a signal there).

    Returns:
        SIGINT, then `stop_signal_reasons()`.
    """
    return {int(signal.SIGINT): "Interrupted (Ctrl+C).", **stop_signal_reasons()}


def effective_uid() -> int | None:
    """This process's effective user id, or None where there are no uids (Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return None if geteuid is None else int(geteuid())


def set_file_mode(fd: int, path: str | os.PathLike[str], mode: int) -> None:
    """Give an open file exactly `mode` (through the descriptor where the system can).

    Args:
        fd: The open file's descriptor.
        path: Its path (used where `os.fchmod` is missing: Windows before Python 3.13).
        mode: The permission bits.
    """
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None and not is_windows():
        fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def set_nonblocking(fd: int) -> bool:
    """Make writes to a pipe return instead of waiting when it is full.

    Args:
        fd: The pipe's writing end.

    Returns:
        False where the system cannot (Windows pipes before Python 3.12): writes then wait, which
        matters only if hundreds of cues were queued to a worker that stopped reading, and the
        answer deadline ends such a worker long before.
    """
    try:
        os.set_blocking(fd, False)
    except (OSError, AttributeError):
        return False
    return True


def process_running(pid: int) -> bool | None:
    """Whether a process with this id runs on this machine.

    Args:
        pid: The process id.

    Returns:
        True or False; None when the system would not say.
    """
    if is_windows():
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    except OSError:
        return None
    return True


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_INVALID_PARAMETER = 87
_ERROR_ACCESS_DENIED = 5


def _windows_process_running(pid: int) -> bool | None:
    """Ask Windows through OpenProcess and GetExitCodeProcess (no signal is sent)."""
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return None
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        error = ctypes.get_last_error()  # type: ignore[attr-defined]
        if error == _ERROR_INVALID_PARAMETER:
            return False  # no such process
        if error == _ERROR_ACCESS_DENIED:
            return True  # someone else's
        return None
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def package_manager() -> str | None:
    """The system's own package manager hep can name: apt, dnf, pacman, zypper, brew or winget.

    Returns:
        Its name, or None when none is known here.
    """
    platform = current()
    if platform == "win32":
        return "winget"
    if platform == "darwin":
        return "brew"
    for name, program in (
        ("apt", "apt-get"),
        ("dnf", "dnf"),
        ("pacman", "pacman"),
        ("zypper", "zypper"),
    ):
        if shutil.which(program):
            return name
    return None


_INSTALL = {
    "apt": "sudo apt-get install {package}",
    "dnf": "sudo dnf install {package}",
    "pacman": "sudo pacman -S {package}",
    "zypper": "sudo zypper install {package}",
    "brew": "brew install {package}",
    "winget": "winget install {package}",
}

_PACKAGES: dict[str, dict[str, str]] = {
    "espeak-ng": {"winget": "eSpeak-NG.eSpeak-NG"},
    "alsa-utils": {"brew": "", "winget": ""},
}
"""Package names where a manager calls a program something else ("" means it has none)."""


def install_hint(package: str, manager: str | None = None) -> str | None:
    """How to install a program in the platform's own words.

    Args:
        package: The Debian name of the package (e.g. "espeak-ng").
        manager: The package manager (default: `package_manager()`).

    Returns:
        A command such as "sudo apt-get install espeak-ng" or "brew install espeak-ng", or None
        when no manager is known or it has no such package.
    """
    manager = manager or package_manager()
    if manager is None:
        return None
    name = _PACKAGES.get(package, {}).get(manager, package)
    if not name:
        return None
    return _INSTALL[manager].format(package=name)
