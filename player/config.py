"""The settings file: how hep plays unless the command line says otherwise (TOML).

    # ~/.config/hep/config.toml (see `hep doctor` for where it is on this machine)
    face = "plain"      # "app" (full screen, the default) or "plain" (lines: screen readers)
    sound = "audio"     # "audio" (the default), "bell" (terminal bell) or "mute"
    voice = true        # also speak exercise names and cue lines (espeak-ng)

A file hep cannot use is one `path:line:col: what is wrong` line and exit status 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, NamedTuple

from player.files import NotText, read_regular, text_place, utf8_text
from player.locations import config_path
from player.words import whole_number

Face = Literal["app", "plain"]
Sound = Literal["audio", "bell", "mute"]
FACES: tuple[Face, ...] = ("app", "plain")
SOUNDS: tuple[Sound, ...] = ("audio", "bell", "mute")
KEYS = ("face", "sound", "voice")
MAX_CONFIG_BYTES = 64 * 1024
"""The largest settings file read (three keys fit in far less); a device or huge file is refused."""


class Settings(NamedTuple):
    """What the settings file says, with hep's defaults for what it leaves out."""

    face: Face = "app"
    """The player `hep play` opens: the full-screen app, or plain lines (`--plain`)."""
    sound: Sound = "audio"
    """How cues are given: sound, the terminal bell (`--bell`), or silence (`--mute`)."""
    voice: bool = False
    """Also speak exercise names and cue lines (`--voice`)."""
    path: Path | None = None
    """The file read, or None when there is none."""


class ConfigError(Exception):
    """The settings file cannot be used; `str()` is its `path:line:col: ...` line."""


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file.

    Args:
        path: The file (default: `config_path()`).

    Returns:
        The settings; hep's defaults when the file does not exist.

    Raises:
        ConfigError: It cannot be read, is not TOML, or holds an unknown key or a bad value.
    """
    path = config_path() if path is None else path
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror or error})") from None
    import tomllib  # only for a settings file there is: `hep play` starts sooner without it

    try:
        text = utf8_text(raw)
        values = tomllib.loads(text)
    except NotText as error:
        raise ConfigError(f"{path}:{error.line}:{error.column}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_toml_error(path, text, str(error))) from None
    except ValueError:  # int() of a number past Python's 4,300 digits
        found = re.search(r"[0-9_]{4300,}", text)
        line, column = text_place(text, found.start()) if found else (1, 1)
        digits = len(found.group().replace("_", "")) if found else 0
        raise ConfigError(
            f"{path}:{line}:{column}: a number of {digits:,} digits, too long to read"
        ) from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        line, column = _deepest(text)
        raise ConfigError(
            f"{path}:{line}:{column}: nested too deeply (each setting is one plain value)"
        ) from None
    return _settings(path, text, values)


def _deepest(text: str) -> tuple[int, int]:
    """Where the most deeply nested value starts: the line and column of its outermost `[` or
    `{` (text in quotes and comments skipped, a line at a time)."""
    depth = deepest = 0
    start = where = (1, 1)
    for number, line in enumerate(text.splitlines(), start=1):
        quote = ""
        for column, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                start = (number, column) if depth == 0 else start
                depth += 1
                if depth > deepest:
                    deepest, where = depth, start
            elif char in "]}":
                depth = max(0, depth - 1)
    return where


_AT = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_AT_END = re.compile(r"^(?P<what>.*?)\s*\(at end of document\)$")


def _toml_error(path: Path, text: str, message: str) -> str:
    """tomllib's message as `path:line:col: what`."""
    found = _AT.match(message)
    if found is not None:
        line, col = found["line"], found["col"]
    elif (found := _AT_END.match(message)) is not None:
        lines = text.splitlines() or [""]
        line, col = str(len(lines)), str(len(lines[-1]) + 1)
    else:
        return f"{path}: {message}"
    what = found["what"]
    return f"{path}:{line}:{col}: {what[:1].lower()}{what[1:]}"


def _where(path: Path, text: str, key: str) -> str:
    """`path:line:col` of a top-level key (the line that sets it, or opens its table)."""
    name = rf"""(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
    # `key = ...`, a dotted `key.part = ...`, or a table `[key]` / `[key.part]`
    pattern = re.compile(rf"^\s*(?:{name}\s*[=.]|\[\[?\s*{name}\s*[\].])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f"{path}:{number}:{len(line) - len(line.lstrip()) + 1}"
    return f"{path}:1:1"


def _settings(path: Path, text: str, values: dict[str, Any]) -> Settings:
    """Check every key and value."""
    for key, value in values.items():
        where = _where(path, text, key)
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {known})")
        choices: tuple[str, ...] | None = {"face": FACES, "sound": SOUNDS}.get(key)
        if choices is not None and value not in choices:
            wanted = " or ".join(f'"{c}"' for c in choices)
            raise ConfigError(f"{where}: {key} must be {wanted} (found {_shown(value)})")
        if key == "voice" and not isinstance(value, bool):
            raise ConfigError(f"{where}: voice must be true or false (found {_shown(value)})")
    return Settings(
        face=values.get("face", "app"),
        sound=values.get("sound", "audio"),
        voice=values.get("voice", False),
        path=path,
    )


def _shown(value: object) -> str:
    """A TOML value as the file shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, int):
        return whole_number(value)
    try:
        return repr(value)
    except ValueError:  # a list holding a whole number past 4,300 digits
        return "a value too long to show"
