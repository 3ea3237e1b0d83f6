"""`hep play` in a real terminal, its clock run by libfaketime across midnight: "Start anyway?"
put up from the note at 23:59 and answered after midnight asks the new day's red-flag questions
(the routine screens daily), as it did before the note."""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import HEP, ROUTINE, Tmux, hep_env, pid_from, write_routine

pytestmark = pytest.mark.slow

FAKETIME = next(
    (
        path
        for path in (
            Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path("/usr/lib/faketime/libfaketimeMT.so.1"),
        )
        if path.exists()
    ),
    None,
)


def _at(moment: str) -> dict[str, str]:
    """The environment that starts a child's clock at `moment` (UTC), running on from there."""
    return {
        "LD_PRELOAD": str(FAKETIME),
        "FAKETIME": f"@{moment}",
        "FAKETIME_DONT_RESET": "1",
        "TZ": "UTC",
    }


@pytest.mark.skipif(FAKETIME is None, reason="libfaketime is not installed")
def test_start_anyway_answered_after_midnight_asks_the_red_flag_questions(
    tmp_path: Path, tmux_factory: Callable[[dict[str, str]], Tmux]
) -> None:
    data = tmp_path / "data"
    daily = ROUTINE.replace("screen: never", "screen: daily")
    routine = write_routine(tmp_path / "routines", daily)
    done = subprocess.run(  # 23:58: the red-flag questions all no, then stopped for pain
        [*HEP, "play", str(routine), "--plain"],
        env=hep_env(data, **_at("2026-12-07 23:58:00")),
        input="n\n" * 7 + "9\n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert (data / "journal.sqlite3.today.json").exists()
    hep = tmp_path / "hep.sh"  # the terminal's own clock stays true: only hep's is set
    exports = "".join(
        f"export {k}={shlex.quote(v)}\n" for k, v in _at("2026-12-07 23:59:55").items()
    )
    hep.write_text(f'#!/bin/sh\n{exports}exec {shlex.join(HEP)} "$@"\n')
    hep.chmod(0o755)
    pidfile = tmp_path / "app.pid"
    inner = f"echo $$ > {shlex.quote(str(pidfile))}; exec {hep} play {routine} --mute"
    tmux = tmux_factory(hep_env(data, TZ="UTC"))
    started = time.monotonic()
    tmux.start(f"sh -c {shlex.quote(inner)}\necho END\nsleep 600\n")
    pid_from(pidfile)
    tmux.wait_for("Start anyway")  # put up at 23:59:55 and a little
    while time.monotonic() - started < 6.0:  # hep's clock is past midnight
        time.sleep(0.1)
    tmux.keys("y")
    screen = tmux.wait_for("Question 1")
    assert "How much pain" not in screen
