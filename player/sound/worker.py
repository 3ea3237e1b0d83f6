"""The sound worker: a child process playing hep's cues, so no audio library can end a session.

hep starts it as `python -P -m player.sound.worker PARENT_PID [--voice]` and never waits on it.
Commands arrive as JSON lines on stdin:

    {"op": "cue", "seq": 7, "path": "...", "fallback": "..." or null, "at": 123.4}
    {"op": "say", "text": "Bridge"}        {"op": "prepare", "texts": ["Bridge", ...]}
    {"op": "stop"}

and answers go back as JSON lines on stdout: `{"ready": true}` once the device took the start-up
probe, `{"ack": 7}` once cue 7 was handed to the device (or dropped as stale: a cue more than
STALE_S old on the shared monotonic clock helps nobody), and `{"notice": "...", "off": bool}`.
End of stdin stops what plays and ends the worker; so does the end of hep by any road, SIGKILL
included (PR_SET_PDEATHSIG on Linux, set here since the parent's spawning thread lives as long
as its player). Cues play through simpleaudio, else the system's own player (see
player.sound.playback.PLAYER_ENV); `HEP_SOUND_BACKEND` names a Python file to use instead of
simpleaudio (the tests' crashing and hanging stand-ins). Imports are kept few so the worker
starts fast.
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from player.sound.clips import Clip
from player.sound.playback import Playback, PlayBackend, load_backend

BACKEND_ENV = "HEP_SOUND_BACKEND"
STALE_S = 1.0
_PR_SET_PDEATHSIG = 1

Job = dict[str, Any]


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent ends; end now if it already has.

    Args:
        parent: The pid hep passed on the command line.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(0)


class Replies:
    """JSON lines to hep on a private copy of stdout (fd 1 then points at /dev/null, so nothing a
    C library prints can garble the answers)."""

    def __init__(self) -> None:
        """Take over stdout."""
        self._fd = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        self._lock = threading.Lock()

    def send(self, **message: Any) -> None:
        """Write one answer; if hep is gone, end at once.

        Args:
            message: The JSON object's fields.
        """
        data = (json.dumps(message) + "\n").encode("utf-8")
        with self._lock:
            try:
                os.write(self._fd, data)
            except OSError:
                os._exit(0)


def read_commands(jobs: queue.SimpleQueue[Job | None]) -> None:
    """Queue every command read from stdin, then None at its end (a line that is not a JSON
    object is skipped)."""
    for line in sys.stdin.buffer:
        try:
            job = json.loads(line)
        except ValueError:
            continue
        if isinstance(job, dict):
            jobs.put(job)
    jobs.put(None)


def speak(texts: queue.SimpleQueue[tuple[str, str]], jobs: queue.SimpleQueue[Job | None]) -> None:
    """The voice thread: render phrases with espeak-ng, hand `say` ones to the main loop."""
    from player.sound.voice import Voice, find_espeak

    program = find_espeak()
    if program is None:
        return
    voice = Voice(program)
    while True:
        kind, text = texts.get()
        clip = voice.render(text)
        if kind == "say" and clip is not None:
            jobs.put({"op": "clip", "clip": clip})


def serve(playback: Playback, jobs: queue.SimpleQueue[Job | None], replies: Replies) -> None:
    """The main loop: play what comes until stdin ends.

    Args:
        playback: The device side.
        jobs: Commands from stdin and clips from the voice thread; None ends the loop.
        replies: Where acks go.
    """
    texts: queue.SimpleQueue[tuple[str, str]] | None = None
    if "--voice" in sys.argv[2:]:
        texts = queue.SimpleQueue()
        threading.Thread(target=speak, args=(texts, jobs), daemon=True).start()
    while (job := jobs.get()) is not None:
        op = job.get("op")
        if op == "cue":
            at = job.get("at")
            fresh = not isinstance(at, float | int) or time.monotonic() - at <= STALE_S
            if fresh and not playback.failed:
                fallback = job.get("fallback")
                playback.play_file(Path(job["path"]), Path(fallback) if fallback else None)
            replies.send(ack=job.get("seq"))
        elif op == "clip" and isinstance(job.get("clip"), Clip):
            playback.play(job["clip"], "voice")
        elif op == "stop":
            playback.stop_all()
        elif op == "say" and texts is not None:
            texts.put(("say", str(job.get("text", ""))))
        elif op == "prepare" and texts is not None:
            for text in job.get("texts", []):
                texts.put(("prepare", str(text)))
    playback.close()


def main() -> None:
    """Run the worker (see the module docstring); never returns."""
    die_with_parent(int(sys.argv[1]))
    replies = Replies()
    backend_path = os.environ.get(BACKEND_ENV) or None

    def load() -> PlayBackend:
        return load_backend(backend_path)

    def tell(text: str, off: bool) -> None:
        replies.send(notice=text, off=off)

    playback = Playback(tell, load)
    jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
    threading.Thread(target=read_commands, args=(jobs,), daemon=True).start()
    if playback.probe():
        replies.send(ready=True)
    serve(playback, jobs, replies)
    os._exit(0)  # no interpreter shutdown while the audio library's threads may still run


if __name__ == "__main__":
    main()
