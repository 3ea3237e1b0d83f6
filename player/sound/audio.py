"""The real player: cues go to a sound worker process (player.sound.worker) over a pipe.

A cue call only queues a job. One thread ("hep-sound") owns the worker: it starts it (so the
kernel's parent-death signal, tied to the spawning thread, fires only when hep ends), writes
commands to its stdin without ever blocking, and reads its answers. A native crash, hang or
deadlock in the audio library or an ALSA plugin only ends the worker: the first time, hep starts
a new one; the second time it says so in one notice and faces show cues on screen.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import player
from player.platforms import set_nonblocking
from player.sound.cues import CUE_NAMES, check_cue_name, cue_path
from player.sound.notices import CRASHED, HUNG, INTERNAL
from player.sound.voice import find_espeak, missing_notice

START_TIMEOUT_S = 5.0
"""How long a new worker may take to start and open the device before it counts as hung."""
ACK_TIMEOUT_S = 1.5
"""How long a cue may wait for the worker's answer before the worker counts as hung."""
RESTARTS = 1
"""How many times a session starts a new worker after one crashed or hung."""


@dataclass
class _Worker:
    """One running worker process and what it has not answered yet."""

    proc: subprocess.Popen[bytes]
    started: float
    ready: bool = False
    pending: dict[int, float] = field(default_factory=dict)
    """Sequence number -> when the cue was sent (reset when the worker becomes ready)."""

    def deadline(self) -> float:
        """When the worker counts as hung if nothing changes."""
        if not self.ready:
            return self.started + START_TIMEOUT_S
        if self.pending:
            return min(self.pending.values()) + ACK_TIMEOUT_S
        return float("inf")


@dataclass(frozen=True)
class _Line:
    """An answer read from a worker (None: its stdout ended)."""

    worker: _Worker
    message: dict[str, Any] | None


_START = "start"
_STOP = "stop"
_Job = dict[str, Any] | _Line | str | None


def worker_command(voice: bool) -> list[str]:
    """The command line that starts a worker for this process.

    Args:
        voice: Whether the worker speaks `say` phrases.

    Returns:
        `python -P -m player.sound.worker PID [--voice]` with this process's interpreter.
    """
    command = [sys.executable, "-P", "-m", "player.sound.worker", str(os.getpid())]
    return [*command, "--voice"] if voice else command


def _worker_env() -> dict[str, str]:
    """This environment, with the folder holding this `player` package first on the path, so
    the worker runs the same code (`-P` keeps the current folder off it)."""
    env = dict(os.environ)
    root = str(Path(player.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def exit_reason(status: int) -> str:
    """How a worker ended, in a few words.

    Args:
        status: `Popen.returncode` (negative: killed by that signal).

    Returns:
        e.g. "SIGSEGV" or "exit status 1".
    """
    if status < 0:
        try:
            return signal.Signals(-status).name
        except ValueError:
            return f"signal {-status}"
    return f"exit status {status}"


class AudioSoundPlayer:
    """Plays cues through a sound worker process without ever blocking the caller.

    Attributes:
        notice: The latest one-line reason sound is degraded, or None.
        muted: True while cues are silenced.
    """

    def __init__(
        self,
        *,
        voice: bool = False,
        muted: bool = False,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        """Start the sound thread; it starts the worker at once unless muted.

        Args:
            voice: Speak `say` phrases through espeak-ng (in the worker).
            muted: Start muted (`--mute`): no worker, no device until `set_muted(False)`.
            on_notice: Called once per new notice, from the sound thread: a Textual face should
                hop to its own thread with `App.call_from_thread`.
        """
        self.notice: str | None = None
        self.muted = muted
        self._on_notice = on_notice
        self._failed = False
        self._closed = False
        self._told: set[str] = set()
        self._notice_lock = threading.Lock()
        self._builtin = {name: cue_path(name) for name in CUE_NAMES}
        self._voice = voice and find_espeak() is not None
        if voice and not self._voice:
            self._tell(missing_notice())
        self._command = worker_command(self._voice)
        self._prepared: list[str] = []
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._worker: _Worker | None = None
        self._restarts = RESTARTS
        self._seq = 0
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hep-sound", daemon=True)
        self._thread.start()
        if not muted:
            self._jobs.put(_START)

    @property
    def available(self) -> bool:
        """False once cues cannot be heard (no simpleaudio, no device, the worker gave out)."""
        return not self._failed

    @property
    def voice_on(self) -> bool:
        """True when `say` will speak (voice asked for and espeak-ng found)."""
        return self._voice

    def cue(self, name: str, override: Path | None = None) -> None:
        """Queue a cue for the worker and return (see SoundPlayer.cue)."""
        check_cue_name(name)
        if self.muted or self._failed or self._closed:
            return
        builtin = self._builtin[name]
        path, fallback = (builtin, None) if override is None else (override, builtin)
        self._jobs.put(
            {
                "op": "cue",
                "path": str(path),
                "fallback": None if fallback is None else str(fallback),
                "at": time.monotonic(),
            }
        )

    def say(self, text: str) -> None:
        """Have the worker speak a phrase when voice is on (see SoundPlayer.say)."""
        if self._voice and not (self.muted or self._failed or self._closed):
            self._jobs.put({"op": "say", "text": text})

    def prepare(self, texts: Iterable[str]) -> None:
        """Have every worker render these phrases ahead of time (see SoundPlayer.prepare)."""
        if self._voice and not self._closed:
            self._jobs.put({"op": "prepare", "texts": list(texts)})

    def set_muted(self, muted: bool) -> None:
        """Silence (stopping what plays) or unsilence cues (see SoundPlayer.set_muted)."""
        self.muted = muted
        if not self._closed:
            self._jobs.put(_STOP if muted else _START)

    def wait_started(self, timeout: float) -> bool:
        """Wait until the worker has opened the device (or sound has failed); for measurements.

        Args:
            timeout: Seconds to wait at most.

        Returns:
            True when the worker is ready to play.
        """
        return self._started.wait(timeout) and not self._failed

    def close(self) -> None:
        """Stop playing and end the worker and the sound thread (waits at most a few seconds)."""
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        self._thread.join(timeout=3.0)

    # --- the sound thread ---

    def _run(self) -> None:
        """Own the worker: start it, feed it, read it, watch it, and end it at close."""
        try:
            while (job := self._next_job()) is not None:
                self._handle(job)
        except Exception as error:  # sound must never take the session down
            self._give_up(INTERNAL.format(reason=f"{type(error).__name__}: {error}"))
        finally:
            self._end_worker(kill=False)

    def _next_job(self) -> _Job:
        """The next job, or a check of the worker when its answer is overdue."""
        worker = self._worker
        deadline = worker.deadline() if worker is not None else float("inf")
        if deadline == float("inf"):
            return self._jobs.get()
        try:
            return self._jobs.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return ""

    def _handle(self, job: _Job) -> None:
        """Act on one job."""
        if isinstance(job, _Line):
            if job.worker is self._worker:
                self._answer(job.worker, job.message)
        elif isinstance(job, dict):
            if job["op"] == "prepare":  # every new worker gets them all when it starts
                self._prepared.extend(job["texts"])
                if self._worker is not None:
                    self._send(job)
            elif not self.muted and not self._failed:
                self._send(job)
        elif job == _START:
            if not self.muted and not self._failed:
                self._ensure_worker()
        elif job == _STOP:
            if self._worker is not None:
                self._send({"op": "stop"})
        worker = self._worker
        if worker is not None and time.monotonic() >= worker.deadline():
            self._lost(worker, hung=True)

    def _answer(self, worker: _Worker, message: dict[str, Any] | None) -> None:
        """Take in one answer from the current worker."""
        if message is None:
            self._lost(worker, hung=False)
        elif "ack" in message:
            worker.pending.pop(message["ack"], None)
        elif message.get("ready"):
            worker.ready = True
            now = time.monotonic()
            worker.pending = dict.fromkeys(worker.pending, now)
            self._started.set()
        elif "notice" in message:
            self._tell(str(message["notice"]))
            if message.get("off"):
                self._give_up(None)

    def _send(self, message: dict[str, Any]) -> None:
        """Write one command to the worker (starting one if needed); never blocks."""
        worker = self._ensure_worker()
        if worker is None or worker.proc.stdin is None:
            return
        if message.get("op") == "cue":
            self._seq += 1
            message = {**message, "seq": self._seq}
            worker.pending[self._seq] = time.monotonic()
        data = (json.dumps(message) + "\n").encode("utf-8")
        try:
            written = os.write(worker.proc.stdin.fileno(), data)
        except BrokenPipeError:
            return  # it died: its stdout ends too, and that is handled there
        except BlockingIOError:
            written = 0
        if written < len(data):  # the pipe is full: the worker has stopped reading
            self._lost(worker, hung=True)

    def _ensure_worker(self) -> _Worker | None:
        """The running worker, started now if there is none."""
        if self._worker is None and not self._failed and not self._closed:
            try:
                proc = subprocess.Popen(
                    self._command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=_worker_env(),
                    start_new_session=True,  # the terminal's Ctrl+C and hang-up go to hep
                )
            except OSError as error:
                self._give_up(INTERNAL.format(reason=error))
                return None
            assert proc.stdin is not None
            set_nonblocking(proc.stdin.fileno())
            worker = self._worker = _Worker(proc, time.monotonic())
            threading.Thread(
                target=self._read, args=(worker,), name="hep-sound-reader", daemon=True
            ).start()
            if self._prepared:
                self._send({"op": "prepare", "texts": self._prepared})
        return self._worker

    def _read(self, worker: _Worker) -> None:
        """A reader thread: pass each answer of one worker to the sound thread."""
        stream = worker.proc.stdout
        try:
            if stream is not None:
                with stream:
                    for line in stream:
                        try:
                            message = json.loads(line)
                        except ValueError:
                            continue
                        if isinstance(message, dict):
                            self._jobs.put(_Line(worker, message))
        except (OSError, ValueError):
            pass
        finally:
            self._jobs.put(_Line(worker, None))

    def _lost(self, worker: _Worker, *, hung: bool) -> None:
        """The worker crashed or hung: start another once, then give up with a notice."""
        status = self._end_worker(kill=True)
        if self._restarts > 0:
            self._restarts -= 1
            if not self.muted:
                self._ensure_worker()
            return
        reason = exit_reason(status) if status is not None and not hung else None
        self._give_up(HUNG if reason is None else CRASHED.format(reason=reason))

    def _end_worker(self, *, kill: bool) -> int | None:
        """End the current worker (end of input, or SIGKILL) and reap it; its exit status."""
        worker, self._worker = self._worker, None
        if worker is None:
            return None
        proc = worker.proc
        if proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
        if kill and proc.poll() is None:
            proc.kill()
        try:
            status = proc.wait(timeout=0.5)  # at the end of its input it stops at once
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
        return status

    def _give_up(self, message: str | None) -> None:
        """Go silent for good (faces show cues on screen) and say why, once."""
        self._failed = True
        self._started.set()
        self._end_worker(kill=False)
        if message is not None:
            self._tell(message)

    def _tell(self, message: str) -> None:
        """Set `notice` and call `on_notice`, once per distinct message."""
        with self._notice_lock:
            if message in self._told:
                return
            self._told.add(message)
            self.notice = message
        if self._on_notice is not None:
            try:
                self._on_notice(message)
            except Exception:  # a face's callback must not stop the sound
                pass
