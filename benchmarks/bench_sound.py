"""Cue-to-sound latency through the sound worker, against simpleaudio played in hep's own process.

Both players run in a child process of this Python whose HOME points ALSA's default device at
the file plugin (tests/alsa_capture.py); every cue is played once per round, 0.15 s apart, and
the latency of a cue is the arrival of its first non-silent sample at the capture FIFO minus
the `cue()` call, on the shared monotonic clock. The baseline is the player as it was before the
worker: one thread in hep's process taking cues from a queue and calling simpleaudio there
(player.sound.playback, the same code the worker runs). Rounds alternate between the two.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from player.cues import CUE_NAMES
from tests.alsa_capture import alsa_env, capture_home, latencies

GAP_S = 0.15
PLAYERS = {
    "worker": """
from player.sound.audio import AudioSoundPlayer
notices = []
player = AudioSoundPlayer(on_notice=notices.append)
ready = player.wait_started(10)
""",
    "in_process": """
import queue, threading
from player.sound.cues import cue_path
from player.sound.playback import Playback

class InProcess:
    def __init__(self):
        self.jobs = queue.SimpleQueue()
        self.playback = Playback(lambda text, off: notices.append(text))
        self.started = threading.Event()
        threading.Thread(target=self.run, daemon=True).start()
    def run(self):
        self.playback.probe()
        self.started.set()
        while (path := self.jobs.get()) is not None:
            self.playback.play_file(path)
    def cue(self, name):
        self.jobs.put(cue_path(name))
    def close(self):
        self.jobs.put(None)

notices = []
player = InProcess()
ready = player.started.wait(10)
""",
}
PLAY = """
import json, sys, time
calls = []
stamps = []
for name in sys.argv[2:]:
    stamps.append(time.monotonic())
    player.cue(name)
    calls.append(time.monotonic() - stamps[-1])
    time.sleep(float(sys.argv[1]))
player.close()
print(json.dumps({"ready": ready, "stamps": stamps, "calls": calls, "notices": notices}))
"""


def _round(kind: str, sequence: list[str]) -> tuple[list[float], list[float]]:
    """One round of every cue through one player: (latencies, cue-call times), in seconds."""
    with tempfile.TemporaryDirectory(prefix="hep-bench-sound-") as folder:
        with capture_home(Path(folder)) as (home, capture):
            done = subprocess.run(
                [sys.executable, "-c", PLAYERS[kind] + PLAY, str(GAP_S), *sequence],
                env=alsa_env(home),
                capture_output=True,
                text=True,
                timeout=120,
            )
        if done.returncode != 0:
            raise RuntimeError(f"{kind} player exited {done.returncode}: {done.stderr[-300:]}")
        report = json.loads(done.stdout)
        if not report["ready"] or report["notices"]:
            raise RuntimeError(f"{kind} player: no sound ({report['notices']})")
        return latencies(capture, sequence, report["stamps"]), report["calls"]


def measure(rounds: int = 3) -> dict[str, Any]:
    """Latency through each player over `rounds` rounds of every cue.

    Args:
        rounds: Rounds per player, alternating.

    Returns:
        For "worker" and "in_process": median and max latency and median cue-call time in ms,
        and every latency.
    """
    sequence = list(CUE_NAMES)
    found: dict[str, dict[str, list[float]]] = {
        kind: {"latency": [], "call": []} for kind in PLAYERS
    }
    for _ in range(rounds):
        for kind in PLAYERS:
            latency, calls = _round(kind, sequence)
            found[kind]["latency"] += latency
            found[kind]["call"] += calls
    result: dict[str, Any] = {"cues_per_player": rounds * len(sequence), "gap_s": GAP_S}
    for kind, values in found.items():
        ms = [round(1000 * s, 3) for s in values["latency"]]
        result[kind] = {
            "median_ms": statistics.median(ms),
            "max_ms": max(ms),
            "call_median_us": round(1e6 * statistics.median(values["call"]), 1),
            "latencies_ms": ms,
        }
    return result
