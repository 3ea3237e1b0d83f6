"""The core (routine, session, sound, journal, program, conductor) never imports Textual: every
module of it is imported in a fresh interpreter and `sys.modules` is checked. (`make lint` checks
the same floors statically with import-linter; this checks what really gets imported.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from player.journal import Journal
from player.locations import journal_path
from player.program.dose import apply_dose
from player.program.models import Dose
from player.routine.loader import load_compiled, load_routine
from tests.pictures import PNG

CORE = (
    "player.routine",
    "player.session",
    "player.sound",
    "player.journal",
    "player.program",
    "player.conductor",
)

_CHECK = """
import importlib, json, pkgutil, sys
found = []
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    found.append(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
        found.append(module.name)
textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"imported": found, "textual": textual}))
"""


def import_everything(packages: tuple[str, ...], path: Path | None = None) -> dict[str, list[str]]:
    """Import every module of `packages` in a fresh interpreter.

    Returns:
        The modules imported, and the Textual modules that came with them.
    """
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, *packages],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, list[str]] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_no_core_module_imports_textual() -> None:
    result = import_everything(CORE)
    assert result["textual"] == []
    # Every module was really imported, not just the empty packages.
    imported = set(result["imported"])
    for name in (
        "player.routine.loader",
        "player.routine.models",
        "player.session.engine",
        "player.session.outcomes",
        "player.journal.store.store",
        "player.journal.reports.markdown",
        "player.program.decide",
        "player.conductor.core",
    ):
        assert name in imported
    assert len(imported) >= 30


def test_the_check_catches_a_module_that_imports_textual(tmp_path: Path) -> None:
    package = tmp_path / "fakecore"
    package.mkdir()
    (package / "__init__.py").write_text('"""A core package."""\n')
    (package / "clean.py").write_text("import json\n")
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "faces.py").write_text("from textual.widgets import Static\n")
    result = import_everything(("fakecore",), tmp_path)
    assert "fakecore.sub.faces" in result["imported"]
    assert "textual" in result["textual"] and "textual.widgets" in result["textual"]


_PICTURES = """
import json, sys
from pathlib import Path
from typing import Any

import pytest
from player.routine.loader import load_routine
from player.tui.app import make_app
from player.tui.dialogs.instructions import InstructionsDialog
import player.plain, player.cli.routines
loaded = load_routine(Path(sys.argv[1]))
images = sorted(m for m in sys.modules if m.split(".")[0] in ("PIL", "textual_image"))
from player.tui.pictures import prepare_pictures
prepare_pictures([loaded])
after = sorted(m for m in sys.modules if m.split(".")[0] in ("PIL", "textual_image"))
print(json.dumps({"before": images, "after": after}))
"""


def test_the_image_library_is_imported_only_for_a_routine_with_pictures(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(PNG)
    routine = tmp_path / "r.yaml"
    routine.write_text(
        "name: r\ndescription: d\nexercises:\n  - {name: a, duration: 5, image: p.png}\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", _PICTURES, str(routine)],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    # Loading a routine with a picture, and every face's module, leave the image library alone.
    assert result["before"] == []
    assert "textual_image.widget" in result["after"] and "PIL" in result["after"]


_PLAY_START = """
import json, os, sys
from textual.app import App

def painted_next(self, *args, **kwargs):
    # Everything `hep play` does before Textual takes the terminal is done: what is imported?
    watched = ("pydantic", "pydantic_core", "yaml", "tomllib")
    found = sorted(m for m in sys.modules if m.split(".")[0] in watched)
    played = type(self.routine.routine).__module__ if self.routine else None
    print(json.dumps({"found": found, "form": played}), file=sys.stderr)
    os._exit(0)

App.run = painted_next
sys.argv = ["hep", "play", *sys.argv[1:]]
from player.cli import main
main()
"""


def play_start(*args: str, script: str = _PLAY_START) -> dict[str, Any]:
    """Run `hep play ARGS` in a fresh interpreter on a terminal (a pseudo-terminal), up to the
    moment the app would start; return what `script` found by then (by default, what was
    imported)."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return result


ROUTINE = "name: r\ndescription: d\nexercises:\n  - {name: a, duration: 5, sets: 2}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_hep_play_of_a_routine_played_before_starts_without_pydantic_yaml_or_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE, "utf-8")
    # With no cache to keep its compiled form, a first play validates the file in hep itself:
    # the check sees pydantic and YAML when they are there.
    cache = os.environ["HEP_CACHE_DIR"]
    monkeypatch.setenv("HEP_CACHE_DIR", str(routine))  # a file: no cache folder can be made
    first = play_start(str(routine), "--mute")
    assert first["form"] == "player.routine.models"
    assert "pydantic" in first["found"] and "yaml" in first["found"]
    assert "tomllib" not in first["found"]  # no settings file: no TOML reader either
    monkeypatch.setenv("HEP_CACHE_DIR", cache)
    play_start(str(routine), "--mute")
    again = play_start(str(routine), "--mute")
    assert again == {"found": [], "form": "player.routine.compiled"}


@pytest.mark.skipif(sys.platform != "linux", reason="validated aside where a fork is safe")
def test_a_first_play_is_validated_aside_and_starts_from_the_compiled_form(
    tmp_path: Path,
) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE, "utf-8")
    # Validated in a child process while hep imports the app; hep itself loads what the child
    # kept in the cache.
    first = play_start(str(routine), "--mute")
    assert first == {"found": [], "form": "player.routine.compiled"}


_JOURNAL_FIRST = """
import json, os, sys, threading
from textual.app import App

started = {}
thread_start = threading.Thread.start

def start(self):
    if self.name == "hep-journal" and not started:
        # Textual itself is imported by this script: what of the app was imported by now?
        started["app"] = sorted(m for m in sys.modules if m.startswith("player.tui"))
    thread_start(self)

def painted_next(self, *args, **kwargs):
    print(json.dumps(started), file=sys.stderr)
    os._exit(0)

threading.Thread.start = start
App.run = painted_next
sys.argv = ["hep", "play", *sys.argv[1:]]
from player.cli import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_hep_play_starts_opening_the_journal_before_it_imports_the_app(tmp_path: Path) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE, "utf-8")
    play_start(str(routine), "--mute")  # played before (a first play imports the app while
    # its routine is validated aside; the journal waits for the verdict)
    Journal.open(journal_path()).close()  # a journal, with no note of the day's facts beside it
    started = play_start(str(routine), "--mute", script=_JOURNAL_FIRST)
    assert started == {"app": []}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_with_no_journal_yet_hep_play_opens_none_before_the_first_question(tmp_path: Path) -> None:
    """The very first session: nothing to ask a journal, so none is made before the app puts up
    its first question (it is made once that question is drawn)."""
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE, "utf-8")
    play_start(str(routine), "--mute")
    started = play_start(str(routine), "--mute", script=_JOURNAL_FIRST)
    assert started == {}  # no journal opened by the time the app starts
    assert not journal_path().exists()


def test_a_later_start_at_a_programs_dose_needs_no_pydantic(tmp_path: Path) -> None:
    """A routine at a program's dose, kept in the cache like the routine itself, comes back in a
    fresh interpreter without pydantic's routine models."""
    path = tmp_path / "r.yaml"
    path.write_text(
        "name: Bridges\ndescription: Hip bridges.\n"
        "exercises:\n- {name: Bridge, reps: 10, sets: 3, hold: 3s}\n",
        "utf-8",
    )
    load_routine(path)  # validated once: its compiled form is kept
    loaded = load_compiled(path)
    assert loaded is not None
    apply_dose(loaded.routine, Dose(sets=-1, reps_scale=0.7))  # kept as a variant
    later = (
        "import sys\n"
        "from player.routine.loader import load_compiled\n"
        "from player.program.dose import apply_dose\n"
        "from player.program.models import Dose\n"
        "dose = Dose(sets=-1, reps_scale=0.7)\n"  # the program's own model: pydantic is in
        f"routine = load_compiled({str(path)!r}).routine\n"
        "changed = apply_dose(routine, dose)\n"
        "print(changed.exercises[0].set_count, 'player.routine.models' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", later], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["2", "False"], done.stderr
