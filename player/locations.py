"""Where hep's data, user routines and shipped resources live (platformdirs, env overrides)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

DATA_DIR_ENV = "HEP_DATA_DIR"
CACHE_DIR_ENV = "HEP_CACHE_DIR"
CONFIG_ENV = "HEP_CONFIG"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder for the journal and user routines.

    Returns:
        `$HEP_DATA_DIR` when set, else platformdirs' `user_data_dir("hep")`. Not created here.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("hep", appauthor=False))


def cache_dir() -> Path:
    """The folder for what hep can make again (routines compiled once, to start faster).

    Returns:
        `$HEP_CACHE_DIR` when set, else platformdirs' `user_cache_dir("hep")`. Not created here.
    """
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(user_cache_dir("hep", appauthor=False))


def config_path() -> Path:
    """The settings file (it need not exist).

    Returns:
        `$HEP_CONFIG` when set, else `config.toml` in platformdirs' `user_config_dir("hep")`
        (`~/.config/hep` on Linux, `~/Library/Application Support/hep` on macOS,
        `%LOCALAPPDATA%\\hep` on Windows).
    """
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir("hep", appauthor=False)) / "config.toml"


def user_routines_dir() -> Path:
    """The folder where the user's own routines live (`$HEP_DATA_DIR/routines`)."""
    return data_dir() / "routines"


def user_programs_dir() -> Path:
    """The folder where the user's own programs live (`$HEP_DATA_DIR/programs`)."""
    return data_dir() / "programs"


def journal_path() -> Path:
    """The journal's SQLite file."""
    return data_dir() / "journal.sqlite3"


def _resource_dir(name: str) -> Path:
    """A shipped resource folder: inside an installed wheel, or at the top of a checkout."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def builtin_routines_dir() -> Path:
    """The folder of built-in routine YAML files."""
    return _resource_dir("routines")


def sounds_dir() -> Path:
    """The folder of built-in cue WAV files."""
    return _resource_dir("sounds")


def builtin_programs_dir() -> Path:
    """The folder of built-in program YAML files (kept apart from routines, so routine
    discovery never takes a program for a routine)."""
    return _resource_dir("programs")
