"""Real audio through the sound worker into ALSA's file plugin, under every supported CPython.

Each test runs hep in a subprocess of one `.venv-X.Y` (tests/pythons.py) whose HOME holds an
`.asoundrc`, so the machine's own sound setup (or the lack of one) does not matter. The capture
target is a FIFO read here with timestamps (tests/alsa_capture.py): arrival time of the first
non-silent byte minus the `cue()` call time, both on the system-wide monotonic clock, is hep's
own cue-to-sound latency (hand-off to the sound thread, the pipe to the worker, device open,
first write). A real card adds its output latency on top of that.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
from pathlib import Path
from typing import Any

import pytest

from player.cues import CUE_NAMES
from tests.alsa_capture import alsa_env, capture_home, latencies
from tests.pythons import VERSIONS, venv_python

pytestmark = pytest.mark.slow

GAP_S = 0.15
SEQUENCE = ["get_ready", "go", "count", "count", "halfway", "switch_side", "rest"]
SEQUENCE += [
    "next_rep",
    "relax",
    "inhale",
    "hold",
    "exhale",
    "exercise_done",
    "session_done",
    "stopped",
]
PLAYER_SCRIPT = """
import json, sys, time
from player.sound.players import make_sound_player

notices = []
player = make_sound_player(on_notice=notices.append)
assert player.wait_started(10)  # the worker's start-up probe opens the device once
stamps = []
gap = float(sys.argv[1])
for name in sys.argv[2:]:
    stamps.append(time.monotonic())
    player.cue(name)
    time.sleep(gap)
player.close()
print(json.dumps({"stamps": stamps, "notices": notices, "available": player.available}))
"""


@pytest.mark.serial
@pytest.mark.parametrize("version", VERSIONS)
def test_cues_reach_alsa_in_order_with_low_latency(version: str, tmp_path: Path) -> None:
    python = venv_python(version)
    assert set(SEQUENCE) == set(CUE_NAMES)
    with capture_home(tmp_path) as (home, capture):
        done = subprocess.run(
            [str(python), "-c", PLAYER_SCRIPT, str(GAP_S), *SEQUENCE],
            env=alsa_env(home),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert report["notices"] == [] and report["available"] is True
    found = latencies(capture, SEQUENCE, report["stamps"])
    in_ms = [round(1000 * seconds, 2) for seconds in found]
    print(
        f"\nPython {version}: cue-to-first-non-silent-sample latency over {len(in_ms)} cues: "
        f"median {round(statistics.median(in_ms), 2)} ms, max {max(in_ms)} ms; each: {in_ms}"
    )
    assert all(seconds > 0 for seconds in found)
    assert statistics.median(found) < 0.010
    assert max(found) < 0.050


NO_CARD_ASOUNDRC = """
pcm.!default {
    type hw
    card "HepNoSuchCard"
}
ctl.!default {
    type hw
    card "HepNoSuchCard"
}
"""

HEP_NO_DEVICE_SCRIPT = """
import sys, time
from player.sound.players import make_sound_player

player = make_sound_player(on_notice=lambda line: print(line, file=sys.stderr))
for name in ("get_ready", "go", "count"):
    player.cue(name)
    time.sleep(0.1)
player.wait_started(10)
player.close()
"""

RAW_SIMPLEAUDIO_SCRIPT = """
import simpleaudio
try:
    simpleaudio.play_buffer(bytes(200), 1, 2, 44100)
except Exception:
    pass
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_with_no_device_only_heps_one_line_notice_reaches_the_terminal(
    version: str, tmp_path: Path
) -> None:
    python = str(venv_python(version))
    home = tmp_path / "no-card-home"
    home.mkdir()
    (home / ".asoundrc").write_text(NO_CARD_ASOUNDRC)
    env = alsa_env(home)

    # The control: simpleaudio alone makes libasound print its own lines here.
    raw = subprocess.run([python, "-c", RAW_SIMPLEAUDIO_SCRIPT], env=env, capture_output=True)
    assert b"ALSA lib" in raw.stderr

    done = subprocess.run(
        [python, "-c", HEP_NO_DEVICE_SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("hep: no sound device (ALSA: ")
    assert lines[0].endswith("); cues show on screen")
    assert len(lines[0]) <= 100, "the notice must fit one line of the screen"


ANSWERS = ["n"] * 7 + ["2"] * 4
"""No to each red-flag question of the daily screen; then pain 2 at the baseline, the
relaxation routine's two check-ins and the end."""


@pytest.fixture(scope="module")
def relaxation_plays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`hep play relaxation --plain --speed 60` under every Python at once (about 15 s in all),
    each into its own capture device. A version's entry is `(status, stdout, stderr, capture,
    folder)`, or what its `venv_python` raised (a skip or a failure), raised again by its test."""
    results: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        running = {}
        for version in VERSIONS:
            try:
                python = venv_python(version)
            except BaseException as outcome:  # pytest's skip and fail outcomes
                results[version] = outcome
                continue
            folder = tmp_path_factory.mktemp(f"relaxation-{version}")
            home, capture = stack.enter_context(capture_home(folder))
            answers = folder / "answers.txt"  # typed ahead: each waits for its question
            answers.write_text("".join(f"{answer}\n" for answer in ANSWERS))
            proc = subprocess.Popen(
                [str(python.parent / "hep"), "play", "relaxation", "--plain", "--speed", "60"],
                stdin=stack.enter_context(answers.open()),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=alsa_env(home, HEP_DATA_DIR=str(folder / "data")),
                text=True,
            )
            running[version] = (proc, capture, folder)
        for version, (proc, capture, folder) in running.items():
            out, err = proc.communicate(timeout=120)
            results[version] = (proc.returncode, out, err, capture, folder)
    return results


@pytest.mark.parametrize("version", VERSIONS)
def test_a_built_in_routine_plays_to_the_end_with_sound(
    version: str, relaxation_plays: dict[str, Any]
) -> None:
    result = relaxation_plays[version]
    if isinstance(result, BaseException):
        raise result
    status, out, err, capture, folder = result
    assert status == 0, f"exit {status}:\n{out[-2000:]}\n{err[-2000:]}"
    assert err == ""
    assert "Session complete." in out
    assert "Note: hep:" not in out  # no sound notice
    data = capture.data
    print(f"\nPython {version}: exit {status}, {len(data)} bytes captured")
    # The probe's silence is 440 bytes; the session's cues are whole clips of sound.
    assert len(data) > 1_000_000 and any(data)
