"""The plain player in a real process, stopped by a signal: the session is kept as interrupted,
with the signal as its reason."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from player.conductor.resources import STOP_SIGNALS
from player.journal import Journal
from tests.children import with_default_interrupt


@pytest.mark.slow
@pytest.mark.parametrize("signum", list(STOP_SIGNALS))
def test_plain_player_keeps_the_session_as_interrupted_on_a_signal(
    signum: int, isolated_data_dir: Path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "player", "play", "core-stabilization", "--plain", "--mute"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HEP_DATA_DIR": str(isolated_data_dir)},
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("n\n" * 7 + "2\n")
    proc.stdin.flush()
    for line in proc.stdout:
        if line.startswith("Get ready"):
            break
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signum, err
    assert "The session is kept in the journal." in out
    journal = Journal.open(isolated_data_dir / "journal.sqlite3")
    row = journal.query("SELECT outcome, reason, baseline_pain FROM sessions")[0]
    journal.close()
    assert (row[0], row[1], row[2]) == ("interrupted", STOP_SIGNALS[signum], 2)


@pytest.mark.slow
def test_ctrl_c_before_a_session_starts_ends_with_its_status(isolated_data_dir: Path) -> None:
    """Ctrl+C while a command waits, before any face handles it (here `hep morning` at its
    question), ends with 130 as `hep --help` says, not click's `Aborted!` and 1."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "player", "morning"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HEP_DATA_DIR": str(isolated_data_dir)},
        preexec_fn=with_default_interrupt(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Pain this morning")
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signal.SIGINT, err
    assert "Aborted" not in err and "Traceback" not in err
    assert not (isolated_data_dir / "journal.sqlite3").exists() or _mornings(isolated_data_dir) == 0


def _mornings(data: Path) -> int:
    with Journal.open(data / "journal.sqlite3") as journal:
        return int(journal.query("SELECT COUNT(*) FROM mornings")[0][0])


CTRL_C_WHILE_IMPORTING = """
import sys
import importlib.abc

AT = sys.argv[1]


class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == AT:
            sys.meta_path.remove(self)  # one Ctrl+C
            raise KeyboardInterrupt  # what SIGINT's handler raises, here at this import
        return None


sys.meta_path.insert(0, CtrlC())
sys.argv = ["hep", "morning"]
from player.start import main

main()
"""


@pytest.mark.parametrize(
    "module",
    [
        "signal",
        "player.cli",
        "player.cli.errors",
        "click",
        "player.cli.options",
        "player.program.schema",
        "player.program.history",
    ],
)
def test_ctrl_c_while_hep_is_still_loading_ends_with_its_status(
    isolated_data_dir: Path, module: str
) -> None:
    """Ctrl+C while Python is still importing hep's command line or a command's modules (the
    first tenths of a second) ends hep with 130 like Ctrl+C later, with no traceback; so does
    Ctrl+C in the first module's own first import (`signal`, 4 ms)."""
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_IMPORTING, module],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        env={**os.environ, "HEP_DATA_DIR": str(isolated_data_dir)},
        timeout=30,
    )
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert done.stderr == ""
