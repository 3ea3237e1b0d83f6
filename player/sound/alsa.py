"""Keep ALSA's own error lines off the terminal by giving libasound a do-nothing error handler.

libasound reports problems (no card, a bad .asoundrc, an underrun) by printing `ALSA lib ...`
lines straight to the C library's stderr, which would garble a full-screen terminal app.
`snd_lib_error_set_handler` replaces that printer for the whole process. simpleaudio links the
same libasound.so.2, so the handler set here also covers its calls.
"""

from __future__ import annotations

import ctypes
import threading

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variadic tail is ignored: on the C calling conventions Linux uses, the caller cleans up.
_ErrorHandler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore_error(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    """Drop one ALSA error report."""


# Kept at module level for the life of the process: libasound holds a raw pointer to it.
_HANDLER = _ErrorHandler(_ignore_error)
_lock = threading.Lock()
_installed: bool | None = None


def silence_alsa_errors() -> bool:
    """Install the do-nothing ALSA error handler (once per process; later calls are free).

    Returns:
        True when it is installed; False when libasound could not be loaded (then there is no
        ALSA to print anything either).
    """
    global _installed
    with _lock:
        if _installed is None:
            _installed = _install()
        return _installed


def _install() -> bool:
    """Load libasound.so.2 and set the handler."""
    try:
        library = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    set_handler = getattr(library, "snd_lib_error_set_handler", None)
    if set_handler is None:
        return False
    set_handler.argtypes = [_ErrorHandler]
    set_handler.restype = ctypes.c_int
    set_handler(_HANDLER)
    return True
