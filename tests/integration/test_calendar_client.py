"""A real calendar client (khal) imports the program's calendar twice, and again after the program
changed: the events are updated, never doubled. Runs where khal is installed (or KHAL names it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KHAL = os.environ.get("KHAL") or shutil.which("khal")


def _hep(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "player", *args], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(KHAL is None, reason="khal is not installed")
def test_khal_imports_a_reexport_as_updates(tmp_path: Path) -> None:
    assert KHAL is not None
    folder = tmp_path / "calendar"
    folder.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[hep]]\npath = {folder}\ntype = calendar\n[locale]\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
    )

    def khal(*args: str) -> str:
        done = subprocess.run(
            [KHAL, "-c", str(config), *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def events(day: str = "2024-06-03", until: str = "2024-08-31") -> list[str]:
        return [
            line
            for line in khal("list", "--format", "{uid}|{title}|{status}", day, until).splitlines()
            if "@hep" in line
        ]

    _hep("program", "start", "back-to-running", "--date", "2024-06-03")
    first = tmp_path / "first.ics"
    _hep("program", "calendar", "--date", "2024-06-03", "--at", "07:30", "--output", str(first))
    khal("import", "--batch", "-a", "hep", str(first))
    once = events()
    khal("import", "--batch", "-a", "hep", str(first))
    assert events() == once and len(once) == first.read_text().count("BEGIN:VEVENT")

    _hep("morning", "--pain", "2", "--stiffness", "none", "--date", "2024-06-04")
    _hep("morning", "--pain", "6", "--stiffness", "none", "--date", "2024-06-05")
    second = tmp_path / "second.ics"
    _hep("program", "calendar", "--date", "2024-06-05", "--at", "07:30", "--output", str(second))
    khal("import", "--batch", "-a", "hep", str(second))
    after = events()
    assert len({line.split("|")[0] for line in after}) == len(after) == len(once)
    wednesday = events("2024-06-05", "2024-06-05")
    assert any("Core stabilization (sets -2)" in line for line in wednesday), wednesday
