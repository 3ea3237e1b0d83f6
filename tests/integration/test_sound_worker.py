"""The sound worker as a real child process, on a stand-in audio library that can crash or hang.

hep's player must never wait on it: a crash or hang costs one restart, then one notice, and
the worker never outlives the player or the process that made it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from player.sound.audio import ACK_TIMEOUT_S, AudioSoundPlayer
from player.sound.clips import read_clip
from player.sound.cues import cue_path
from player.sound.notices import HUNG
from player.sound.voice import find_espeak

pytestmark = pytest.mark.slow
STAND_IN = Path(__file__).resolve().parents[1] / "stand_in_audio.py"


def children(pid: int) -> set[int]:
    """The live child processes of `pid` (from /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return {p for p in found if alive(p)}


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class Log:
    """The stand-in's log: one `(worker pid, bytes)` line per cue it was handed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lines(self) -> list[tuple[int, int]]:
        if not self.path.exists():
            return []
        return [
            (int(a), int(b)) for a, b in (x.split() for x in self.path.read_text().split("\n") if x)
        ]


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Log]]:
    """Select the stand-in audio library for workers started in this test, with a fault."""

    def use(fault: str = "") -> Log:
        log = tmp_path / "plays.log"
        monkeypatch.setenv("HEP_SOUND_BACKEND", str(STAND_IN))
        monkeypatch.setenv("HEP_TEST_SOUND_LOG", str(log))
        monkeypatch.setenv("HEP_TEST_SOUND_FAULT", fault)
        return Log(log)

    yield use


def length(name: str) -> int:
    return len(read_clip(cue_path(name)).pcm)


def play(player: AudioSoundPlayer, names: list[str], gap: float = 0.02) -> None:
    for name in names:
        player.cue(name)
        time.sleep(gap)


def started(
    stand_in: Callable[[str], Log], fault: str = ""
) -> tuple[Log, AudioSoundPlayer, list[str]]:
    """A player whose worker runs the stand-in with `fault` and has opened its device."""
    log = stand_in(fault)
    notices: list[str] = []
    player = AudioSoundPlayer(on_notice=notices.append)
    assert player.wait_started(10)
    return log, player, notices


def test_cues_reach_the_worker_in_order_and_it_ends_with_the_player(
    stand_in: Callable[[str], Log],
) -> None:
    log, player, notices = started(stand_in)
    names = ["get_ready", "go", "count", "halfway", "rest", "session_done"]
    play(player, names)
    wait_for(lambda: len(log.lines()) == len(names))
    workers = children(os.getpid())
    assert len(workers) == 1
    player.close()
    assert [size for _, size in log.lines()] == [length(n) for n in names]
    assert {pid for pid, _ in log.lines()} == workers
    assert not any(alive(pid) for pid in workers)
    assert notices == [] and player.available


def test_a_muted_player_starts_no_worker_until_unmuted(stand_in: Callable[[str], Log]) -> None:
    log = stand_in("")
    player = AudioSoundPlayer(muted=True)
    player.cue("go")
    time.sleep(0.2)
    assert children(os.getpid()) == set()
    player.set_muted(False)
    assert player.wait_started(10)
    player.cue("count")
    wait_for(lambda: len(log.lines()) == 1)
    player.close()
    assert [size for _, size in log.lines()] == [length("count")]


@pytest.mark.parametrize(("fault", "signame"), [("segv:1", "SIGSEGV"), ("abort:5", "SIGABRT")])
def test_a_crashing_audio_library_costs_one_restart_then_one_notice(
    stand_in: Callable[[str], Log], fault: str, signame: str
) -> None:
    log, player, notices = started(stand_in, fault)
    for _ in range(14):
        player.cue("count")
        time.sleep(0.1)  # a restarted worker is ready well within this
    wait_for(lambda: not player.available)
    player.close()
    assert notices == [f"hep: the sound player crashed ({signame}); cues show on screen"]
    assert len(notices[0]) <= 100
    at = int(fault.split(":")[1])
    per_worker: dict[int, int] = {}
    for pid, _ in log.lines():
        per_worker[pid] = per_worker.get(pid, 0) + 1
    assert list(per_worker.values()) == ([at - 1, at - 1] if at > 1 else [])
    assert children(os.getpid()) == set()


@pytest.mark.serial
def test_a_hanging_audio_library_is_given_up_on_without_the_caller_waiting(
    stand_in: Callable[[str], Log],
) -> None:
    log, player, notices = started(stand_in, "hang:2")
    calls: list[float] = []
    deadline = time.monotonic() + 4 * ACK_TIMEOUT_S + 10
    while player.available and time.monotonic() < deadline:
        began = time.monotonic()
        player.cue("count")
        calls.append(time.monotonic() - began)
        time.sleep(0.05)
    player.close()
    assert notices == [HUNG]
    assert len({pid for pid, _ in log.lines()}) == 2  # the first worker and its one restart
    assert len(log.lines()) == 2
    # The caller never waited on the worker, which never returns from its second cue.
    assert max(calls) < ACK_TIMEOUT_S
    assert children(os.getpid()) == set()


def test_a_worker_killed_mid_session_is_replaced_once_then_given_up(
    stand_in: Callable[[str], Log],
) -> None:
    log, player, notices = started(stand_in)
    play(player, ["go"])
    wait_for(lambda: len(log.lines()) == 1)
    (first,) = children(os.getpid())
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: children(os.getpid()) - {first})
    (second,) = children(os.getpid())
    play(player, ["count"], gap=0.3)  # sent while the new worker starts: queued, then played
    wait_for(lambda: len(log.lines()) == 2)
    assert player.available and notices == []
    os.kill(second, signal.SIGKILL)
    wait_for(lambda: not player.available)
    player.cue("count")
    player.close()
    assert notices == ["hep: the sound player crashed (SIGKILL); cues show on screen"]
    assert [pid for pid, _ in log.lines()] == [first, second]


PARENT = """
import sys, time
from player.sound.audio import AudioSoundPlayer
player = AudioSoundPlayer()
player.wait_started(10)
print(player._worker.proc.pid, flush=True)
player.cue("session_done")
time.sleep(60)
"""


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_the_worker_never_outlives_the_process_that_made_it(
    stand_in: Callable[[str], Log], signum: int
) -> None:
    stand_in("")
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=as_a_shell_starts_it,
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert alive(worker)
    parent.send_signal(signum)
    try:
        parent.wait(timeout=10)
    except subprocess.TimeoutExpired:
        state = signal_state(parent.pid)
        parent.kill()
        raise AssertionError(f"hep lived on after signal {signum}: {state}") from None
    wait_for(lambda: not alive(worker), timeout=5)


def as_a_shell_starts_it() -> None:
    """Give the child the signal handling a shell gives a program it starts (every signal at
    its default, none blocked), whatever the test process it is started from has set."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def signal_state(pid: int) -> str:
    """The process's state and signal masks, as /proc shows them."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "gone"
    keep = ("State", "SigBlk", "SigIgn", "SigCgt", "SigPnd", "ShdPnd", "Threads")
    return ", ".join(line for line in status.splitlines() if line.startswith(keep))


@pytest.mark.skipif(find_espeak() is None, reason="espeak-ng not installed")
def test_voice_is_rendered_and_played_by_the_worker(stand_in: Callable[[str], Log]) -> None:
    log = stand_in("")
    player = AudioSoundPlayer(voice=True)
    assert player.voice_on and player.wait_started(10)
    player.prepare(["switch sides"])
    player.say("switch sides")
    wait_for(lambda: len(log.lines()) == 1)
    player.close()
    assert log.lines()[0][1] > 22050  # over half a second of 16-bit speech at 22050 Hz
