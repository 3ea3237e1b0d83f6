"""`hep doctor`: what this machine gives hep, and what to install for what is missing."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from player import __version__, platforms
from player.cli.errors import CliError
from player.config import ConfigError, Settings, load_settings
from player.locations import config_path, data_dir, journal_path
from player.safetext import shown

TEST_CUE = "go"
START_WAIT_S = 6.0
"""How long the test cue may wait for the sound worker to open the device."""
PLAY_WAIT_S = 0.8
"""How long the test cue is let play before the player is closed."""


@dataclass
class Report:
    """The rows `hep doctor` prints and the install commands it suggests."""

    rows: list[tuple[str, str]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)

    def add(self, label: str, text: str) -> None:
        """One row."""
        self.rows.append((label, text))

    def lines(self) -> list[str]:
        """The report as lines."""
        width = max(len(label) for label, _ in self.rows)
        out = [f"{label:<{width}}  {text}" for label, text in self.rows]
        if self.todo:
            out += ["", "To get the rest:"] + [f"  {line}" for line in self.todo]
        else:
            out += ["", "Nothing is missing."]
        return out


def _python(report: Report) -> None:
    version = ".".join(str(n) for n in sys.version_info[:3])
    report.add("python", f"{version} ({sys.executable})")


def _sound(report: Report, settings: Settings, test_cue: bool) -> None:
    from player.sound import system
    from player.sound.playback import PLAYER_ENV

    has_simpleaudio = importlib.util.find_spec("simpleaudio") is not None
    players = system.installed()
    choice = os.environ.get(PLAYER_ENV)
    if has_simpleaudio:
        version = (
            importlib.metadata.version("simpleaudio-patched")
            if _dist("simpleaudio-patched")
            else ""
        )
        which = f"simpleaudio {version}".strip()
    elif players:
        which = f"the system's player ({', '.join(players)})"
    else:
        which = "none (cues show on screen)"
    if choice:
        which += f"; {PLAYER_ENV}={shown(choice)}"
    report.add(
        "sound", which + ("" if settings.sound == "audio" else f"; settings: {settings.sound}")
    )
    if test_cue:
        played, said = _test_cue()
        report.add("test cue", said)
        if not played and (has_simpleaudio or players):
            report.todo.append("sound: no device took the test cue; check that an output is on")
    if not has_simpleaudio and not players:
        hint = platforms.install_hint("alsa-utils")
        if hint:
            report.todo.append(f"sound: {hint}  (or pipx install 'hep-player[simpleaudio]')")
        else:
            report.todo.append("sound: pipx install 'hep-player[simpleaudio]'")


def _dist(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _test_cue() -> tuple[bool, str]:
    """Play one cue through the sound worker, as a session would: whether it played, and how."""
    from player.sound.audio import AudioSoundPlayer

    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    try:
        ready = player.wait_started(START_WAIT_S)
        if ready:
            player.cue(TEST_CUE)
            time.sleep(PLAY_WAIT_S)
    finally:
        player.close()
    said = "; ".join(n.removeprefix("hep: ") for n in notices)
    if ready and player.available:
        return True, f"played '{TEST_CUE}'" + (f" ({said})" if said else "")
    return False, said or "no sound (the sound worker did not start)"


def _voice(report: Report, settings: Settings) -> None:
    from player.sound.voice import ESPEAK_HOME, find_espeak

    program = find_espeak()
    on = (
        " (on in the settings)" if settings.voice else " (--voice, or voice = true in the settings)"
    )
    if program:
        report.add("voice", f"espeak-ng at {program}{on}")
        return
    report.add("voice", "espeak-ng not found: --voice plays tones only")
    hint = platforms.install_hint("espeak-ng")
    report.todo.append(f"voice: {hint}" if hint else f"voice: espeak-ng from {ESPEAK_HOME}")


def _pictures(report: Report) -> None:
    if not (sys.__stdout__ and sys.__stdout__.isatty()):
        report.add("pictures", "not a terminal here: run hep doctor in your terminal to see")
        return
    try:
        from textual_image import renderable
    except Exception as error:  # the library asks the terminal; any failure is an answer
        report.add("pictures", f"cannot tell ({type(error).__name__}: {error})")
        return
    names = {
        renderable.SixelImage: "Sixel",
        renderable.TGPImage: "Kitty graphics",
        renderable.HalfcellImage: "half blocks (no Sixel or Kitty graphics in this terminal)",
    }
    report.add("pictures", names.get(renderable.Image, "text only"))


def _mode(path: Path) -> str:
    return f"{stat.S_IMODE(path.stat().st_mode):04o}"


def _data(report: Report) -> None:
    folder = data_dir()
    if not folder.is_dir():
        report.add("data folder", f"{folder} (made, private, at the first session)")
        return
    if platforms.is_windows():
        report.add(
            "data folder",
            f"{folder} (in your user profile: Windows lets only your account and administrators "
            "read it)",
        )
        return
    journal = journal_path()
    shared = [p for p in (folder, journal) if p.exists() and p.stat().st_mode & 0o077]
    if shared:
        modes = ", ".join(f"{p.name} {_mode(p)}" for p in shared)
        privacy = f"open to other accounts ({modes}); hep makes it private when it next opens it"
    else:
        privacy = f"private: folder {_mode(folder)}" + (
            f", journal {_mode(journal)}" if journal.exists() else ""
        )
    report.add("data folder", f"{folder} ({privacy})")


def _config(report: Report) -> Settings:
    path = config_path()
    settings = load_settings(path)  # a bad file stops the command (exit 2)
    if settings.path is None:
        report.add("settings", f"{path} (none: face app, sound audio, voice off)")
    else:
        voice = "on" if settings.voice else "off"
        report.add(
            "settings",
            f"{path} (face {settings.face}, sound {settings.sound}, voice {voice})",
        )
    return settings


@click.command()
@click.option("--no-sound", is_flag=True, help="Do not play the test cue.")
def doctor(no_sound: bool) -> None:
    """Say what this machine gives hep: Python, sound, voice, pictures, data, settings.

    Ends with what to install for anything missing, in this system's own words.
    """
    report = Report()
    report.add("hep", f"{__version__} on {sys.platform}")
    _python(report)
    try:
        settings = _config(report)
    except ConfigError as exc:
        raise CliError(lines=[str(exc)]) from None
    _sound(report, settings, test_cue=not no_sound)
    _voice(report, settings)
    _pictures(report)
    _data(report)
    for line in report.lines():
        click.echo(line)
