"""The worker's device side (Playback) on a fake simpleaudio: order, probe, cuts, failures."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from player.sound.clips import Clip, read_clip
from player.sound.cues import cue_path
from player.sound.playback import PROBE, Playback, load_backend


class FakePlay:
    """A fake simpleaudio PlayObject."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

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

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> FakePlay:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError(
                f"Error opening PCM device. -- CODE: {self.code} -- MSG: No such device"
            )
        play = FakePlay(bytes(audio_data))
        self.plays.append(play)
        self.formats.append((num_channels, bytes_per_sample, sample_rate))
        return play


def builtin_pcm(name: str) -> bytes:
    return read_clip(cue_path(name)).pcm


def audible(backend: FakeBackend) -> list[bytes]:
    """What was played, without the start-up probe (silence)."""
    return [play.pcm for play in backend.plays if any(play.pcm)]


def make(backend: FakeBackend) -> tuple[Playback, list[tuple[str, bool]]]:
    notices: list[tuple[str, bool]] = []
    return Playback(lambda text, off: notices.append((text, off)), lambda: backend), notices


def test_files_play_in_order_with_the_builtin_pcm() -> None:
    backend = FakeBackend()
    playback, notices = make(backend)
    names = ("get_ready", "go", "count", "session_done")
    for name in names:
        playback.play_file(cue_path(name))
    assert audible(backend) == [builtin_pcm(n) for n in names]
    assert set(backend.formats) == {(1, 2, 44100)}
    assert notices == [] and not playback.failed


def test_the_probe_is_a_few_milliseconds_of_silence() -> None:
    backend = FakeBackend()
    playback, _ = make(backend)
    assert playback.probe()
    assert [p.pcm for p in backend.plays] == [PROBE.pcm]
    assert backend.plays[0].stopped  # played to the end before the probe returned
    assert not any(PROBE.pcm) and 0 < len(PROBE.pcm) <= 44100 * 2 // 100


def test_a_new_cue_cuts_the_one_still_playing_but_not_speech() -> None:
    backend = FakeBackend()
    playback, _ = make(backend)
    playback.play(Clip(b"\x01\x00", 1, 2, 22050), "voice")
    playback.play_file(cue_path("session_done"))
    playback.play_file(cue_path("go"))
    speech, first, second = backend.plays
    assert first.stopped and not second.stopped and not speech.stopped
    playback.stop_all()
    assert speech.stopped and second.stopped


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
    backend = FakeBackend()
    playback, notices = make(backend)
    playback.play_file(good, cue_path("go"))
    playback.play_file(broken, cue_path("rest"))
    playback.play_file(broken, cue_path("rest"))
    assert audible(backend) == [b"\x01\x00\x02\x00" * 100, builtin_pcm("rest"), builtin_pcm("rest")]
    assert backend.formats[0] == (2, 2, 22050)
    assert len(notices) == 1
    assert notices[0][0].startswith(f"hep: cannot play {broken} (") and not notices[0][1]
    assert not playback.failed


def test_no_device_goes_silent_with_one_notice() -> None:
    backend = FakeBackend(fail_after=0)
    playback, notices = make(backend)
    assert not playback.probe()
    playback.play_file(cue_path("go"))
    assert backend.calls == 1
    assert notices == [("hep: no sound device (ALSA: No such device); cues show on screen", True)]


def test_device_failing_mid_session_says_so_once() -> None:
    backend = FakeBackend(fail_after=2)  # the probe and one cue work
    playback, notices = make(backend)
    playback.probe()
    for name in ("go", "count", "count"):
        playback.play_file(cue_path(name))
    assert backend.calls == 3
    assert len(notices) == 1 and notices[0][1]
    assert notices[0][0].startswith("hep: the sound device stopped (ALSA: No such device)")


def test_busy_device_stops_the_playing_clip_and_retries() -> None:
    class BusyOnce(FakeBackend):
        def play_buffer(
            self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
        ) -> FakePlay:
            if self.calls == 1 and any(not p.stopped for p in self.plays):
                self.calls += 1
                raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device busy")
            return super().play_buffer(audio_data, num_channels, bytes_per_sample, sample_rate)

    backend = BusyOnce()
    playback, notices = make(backend)
    playback.play(Clip(b"\x01\x00", 1, 2, 22050), "voice")  # speech holds the device
    playback.play_file(cue_path("go"))
    assert notices == [] and not playback.failed
    assert backend.plays[0].stopped
    assert audible(backend)[-1] == builtin_pcm("go")


def test_missing_simpleaudio_is_one_notice() -> None:
    def missing() -> FakeBackend:
        raise ImportError("No module named 'simpleaudio'")

    notices: list[tuple[str, bool]] = []
    playback = Playback(lambda text, off: notices.append((text, off)), missing)
    assert not playback.probe()
    playback.play_file(cue_path("go"))
    assert notices == [
        (
            "hep: no sound: simpleaudio is missing (No module named 'simpleaudio'); "
            "cues show on screen",
            True,
        )
    ]


def test_a_stand_in_backend_loads_from_a_file_and_a_bad_path_is_an_import_error(
    tmp_path: Path,
) -> None:
    stand_in = tmp_path / "fake_audio.py"
    stand_in.write_text("def play_buffer(*args):\n    return args\n")
    module = load_backend(str(stand_in))
    assert module.play_buffer(b"x", 1, 2, 3) == (b"x", 1, 2, 3)  # type: ignore[comparison-overlap]
    with pytest.raises(ImportError):
        load_backend(str(tmp_path / "missing.py"))
