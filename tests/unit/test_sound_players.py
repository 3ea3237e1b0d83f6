"""The sound players' behaviour: recording, bell, mute, and the audio player on a fake backend."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from player.sound import (
    CUE_NAMES,
    AudioSoundPlayer,
    BellSoundPlayer,
    RecordingSoundPlayer,
    SoundPlayer,
    make_sound_player,
    read_clip,
)
from player.sound.cues import cue_path
from player.sound.voice import MISSING_NOTICE, Voice, clip_from_wav_bytes, find_espeak


class FakePlay:
    """A fake simpleaudio PlayObject."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def is_playing(self) -> bool:
        return not self.stopped

    def wait_done(self) -> None:
        self.stopped = True


class FakeBackend:
    """Records play_buffer calls; can fail with a simpleaudio-style message."""

    def __init__(self, fail_after: int | None = None, code: int = -2) -> None:
        self.plays: list[FakePlay] = []
        self.formats: list[tuple[int, int, int]] = []
        self.fail_after = fail_after
        self.code = code
        self.calls = 0
        self.changed = threading.Event()

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> FakePlay:
        self.calls += 1
        self.changed.set()
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError(
                f"Error opening PCM device. -- CODE: {self.code} -- MSG: No such device"
            )
        play = FakePlay(bytes(audio_data))
        self.plays.append(play)
        self.formats.append((num_channels, bytes_per_sample, sample_rate))
        return play


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def builtin_pcm(name: str) -> bytes:
    return read_clip(cue_path(name)).pcm


def audible(backend: FakeBackend) -> list[bytes]:
    """What was played, without the start-up probe (silence)."""
    return [play.pcm for play in backend.plays if any(play.pcm)]


def test_recording_player_records_in_order_and_follows_the_protocol(tmp_path: Path) -> None:
    player: SoundPlayer = RecordingSoundPlayer()
    override = tmp_path / "bong.wav"
    player.cue("get_ready")
    player.say("Cat-cow")
    player.cue("go", override)
    player.set_muted(True)
    player.cue("count")
    assert isinstance(player, RecordingSoundPlayer)
    assert player.calls == [
        ("cue", "get_ready", None),
        ("say", "Cat-cow", None),
        ("cue", "go", override),
        ("cue", "count", None),
    ]
    assert player.cue_names == ["get_ready", "go", "count"]
    assert player.muted and player.available and player.notice is None


def test_recording_player_rejects_unknown_cues_and_reports_what_it_was_given() -> None:
    player = RecordingSoundPlayer(available=False, notice="hep: no sound")
    with pytest.raises(ValueError):
        player.cue("gong")
    player.prepare(["rest", "switch sides"])
    player.close()
    assert (player.available, player.notice, player.prepared, player.closed) == (
        False,
        "hep: no sound",
        ["rest", "switch sides"],
        True,
    )


def test_bell_mode_rings_for_every_cue_unless_muted() -> None:
    rings: list[int] = []
    player = make_sound_player("bell", bell=lambda: rings.append(1), voice=True)
    assert isinstance(player, BellSoundPlayer)
    for name in CUE_NAMES:
        player.cue(name)
    player.say("rest")
    assert len(rings) == len(CUE_NAMES)
    player.set_muted(True)
    player.cue("go")
    assert len(rings) == len(CUE_NAMES)
    player.set_muted(False)
    player.cue("go")
    assert len(rings) == len(CUE_NAMES) + 1
    assert player.available and player.notice is None
    player.close()


def test_bell_mode_without_a_face_bell_writes_bel_to_stdout() -> None:
    code = (
        "from player.sound import make_sound_player\n"
        "p = make_sound_player('bell'); p.cue('go'); p.cue('count'); p.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert done.stdout == b"\a\a"
    assert done.stderr == b""


def test_audio_player_plays_cues_in_order_with_the_builtin_pcm() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend)
    for name in ("get_ready", "go", "count", "session_done"):
        player.cue(name)
    wait_for(lambda: len(audible(backend)) == 4)
    player.close()
    assert audible(backend) == [
        builtin_pcm(n) for n in ("get_ready", "go", "count", "session_done")
    ]
    assert set(backend.formats) == {(1, 2, 44100)}
    assert player.available and player.notice is None


def test_audio_player_probes_the_device_with_silence_at_start() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend)
    wait_for(lambda: backend.calls == 1)
    player.close()
    assert len(backend.plays) == 1
    assert not any(backend.plays[0].pcm)
    assert 0 < len(backend.plays[0].pcm) <= 44100 * 2 // 100


def test_a_new_cue_cuts_the_one_still_playing() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend)
    player.cue("session_done")
    player.cue("go")
    wait_for(lambda: len(audible(backend)) == 2)
    player.close()
    first, second = (p for p in backend.plays if any(p.pcm))
    assert first.stopped
    assert second.pcm == builtin_pcm("go")


def test_cue_call_returns_in_well_under_a_millisecond() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend)
    wait_for(lambda: backend.calls == 1)
    started = time.perf_counter()
    for _ in range(100):
        player.cue("count")
    per_call = (time.perf_counter() - started) / 100
    player.close()
    assert per_call < 0.0005


def test_override_plays_instead_and_a_broken_one_falls_back_with_one_notice(
    tmp_path: Path,
) -> None:
    good = tmp_path / "bong.wav"
    with wave.open(str(good), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x01\x00\x02\x00" * 100)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not a wav")
    notices: list[str] = []
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend, on_notice=notices.append)
    player.cue("go", good)
    player.cue("rest", broken)
    player.cue("rest", broken)
    wait_for(lambda: len(audible(backend)) == 3)
    player.close()
    assert audible(backend) == [b"\x01\x00\x02\x00" * 100, builtin_pcm("rest"), builtin_pcm("rest")]
    assert backend.formats[1] == (2, 2, 22050)
    assert len(notices) == 1
    assert notices[0].startswith(f"hep: cannot play {broken} (")
    assert player.available


def test_no_device_goes_silent_with_one_notice() -> None:
    notices: list[str] = []
    backend = FakeBackend(fail_after=0)
    player = AudioSoundPlayer(backend=backend, on_notice=notices.append)
    wait_for(lambda: not player.available)
    for name in CUE_NAMES:
        player.cue(name)
    player.close()
    assert backend.calls == 1
    assert notices == ["hep: no sound device (ALSA: No such device); cues show on screen"]
    assert player.notice == notices[0]
    assert "\n" not in notices[0]


def test_device_failing_mid_session_says_so_once() -> None:
    notices: list[str] = []
    backend = FakeBackend(fail_after=2)  # the probe and one cue work
    player = AudioSoundPlayer(backend=backend, on_notice=notices.append)
    player.cue("go")
    player.cue("count")
    wait_for(lambda: not player.available)
    player.cue("count")
    player.close()
    assert backend.calls == 3
    assert len(notices) == 1
    assert notices[0].startswith("hep: the sound device stopped (ALSA: No such device)")


def test_busy_device_stops_the_playing_clip_and_retries() -> None:
    class BusyOnce(FakeBackend):
        def play_buffer(
            self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
        ) -> FakePlay:
            if self.calls == 2 and any(not p.stopped for p in self.plays):
                self.calls += 1
                raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device busy")
            return super().play_buffer(audio_data, num_channels, bytes_per_sample, sample_rate)

    backend = BusyOnce()
    player = AudioSoundPlayer(backend=backend, voice=False)
    player.cue("rest")
    wait_for(lambda: len(audible(backend)) == 1)
    player._playing["voice"] = FakePlay(b"\x01")  # speech still playing: the device is busy
    player.cue("go")
    wait_for(lambda: len(audible(backend)) == 2)
    player.close()
    assert player.available and player.notice is None
    assert audible(backend)[-1] == builtin_pcm("go")


def test_mute_mode_touches_no_device_until_unmuted() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend, muted=True)
    player.cue("go")
    time.sleep(0.05)
    assert backend.calls == 0
    player.set_muted(False)
    player.cue("go")
    wait_for(lambda: backend.calls == 1)
    player.set_muted(True)
    wait_for(lambda: backend.plays[-1].stopped)
    player.cue("count")
    time.sleep(0.05)
    player.close()
    assert [p.pcm for p in backend.plays] == [builtin_pcm("go")]


def test_make_sound_player_modes() -> None:
    mute = make_sound_player("mute")
    audio = make_sound_player("audio")
    try:
        assert isinstance(mute, AudioSoundPlayer) and mute.muted
        assert isinstance(audio, AudioSoundPlayer) and not audio.muted
    finally:
        mute.close()
        audio.close()


def test_voice_without_espeak_says_how_to_get_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    notices: list[str] = []
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend, voice=True, on_notice=notices.append)
    player.say("rest")
    player.cue("rest")
    wait_for(lambda: len(audible(backend)) == 1)
    player.close()
    assert notices == [MISSING_NOTICE]
    assert "apt-get install espeak-ng" in MISSING_NOTICE
    assert not player.voice_on and player.available


def test_say_is_a_no_op_without_voice() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend)
    player.say("rest")
    player.prepare(["rest"])
    player.cue("rest")
    wait_for(lambda: len(audible(backend)) == 1)
    time.sleep(0.05)
    player.close()
    assert audible(backend) == [builtin_pcm("rest")]


needs_espeak = pytest.mark.skipif(find_espeak() is None, reason="espeak-ng not installed")


@needs_espeak
def test_voice_renders_once_per_phrase_and_plays_through_the_same_path() -> None:
    backend = FakeBackend()
    player = AudioSoundPlayer(backend=backend, voice=True)
    assert player.voice_on and player.notice is None
    player.prepare(["switch sides"])
    player.say("switch  sides")
    wait_for(lambda: len(audible(backend)) == 1)
    player.say("switch sides")
    wait_for(lambda: len(audible(backend)) == 2)
    player.close()
    first, second = audible(backend)
    assert first == second
    assert len(first) > 22050  # over half a second of 16-bit speech at 22050 Hz
    assert backend.formats[-1][0] == 1


@needs_espeak
def test_voice_reads_text_from_stdin_so_dashes_are_not_options() -> None:
    program = find_espeak()
    assert program is not None
    clip = Voice(program).render("--help")
    assert clip is not None and clip.seconds > 0.2


def test_clip_from_wav_bytes_rejects_garbage() -> None:
    assert clip_from_wav_bytes(b"RIFF1234WAVEnope") is None
    assert clip_from_wav_bytes(b"") is None


def test_sound_package_imports_neither_textual_nor_simpleaudio_up_front() -> None:
    code = (
        "import sys, player.sound\n"
        "print(sorted(m for m in ('textual', 'simpleaudio', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
