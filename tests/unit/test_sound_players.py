"""The sound players without a device: the recording double, the bell, mute and set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.cues import CUE_NAMES
from player.session.ports import NullSound, SoundPlayer
from player.sound.audio import AudioSoundPlayer
from player.sound.clips import clip_from_wav_bytes
from player.sound.players import BellSoundPlayer, make_sound_player
from player.sound.voice import Voice, find_espeak, missing_notice
from tests.doubles import RecordingSoundPlayer


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


def test_the_silent_player_fits_the_protocol_and_shows_cues_on_screen() -> None:
    silent: SoundPlayer = NullSound()
    silent.cue("go")
    silent.set_muted(True)
    assert (silent.available, silent.muted, silent.notice) == (False, True, None)


def test_make_sound_player_modes_start_no_worker_when_muted() -> None:
    mute = make_sound_player("mute")
    audio = make_sound_player("audio")
    try:
        assert isinstance(mute, AudioSoundPlayer) and mute.muted
        assert isinstance(audio, AudioSoundPlayer) and not audio.muted
        assert audio.wait_started(10) or audio.notice  # a device, or one line saying why not
        assert mute._worker is None
    finally:
        mute.close()
        audio.close()


def test_voice_without_espeak_says_how_to_get_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    notices: list[str] = []
    player = AudioSoundPlayer(voice=True, muted=True, on_notice=notices.append)
    player.say("rest")
    player.close()
    assert notices == [missing_notice()]
    assert "--voice plays tones only" in notices[0]
    assert not player.voice_on and player.available


needs_espeak = pytest.mark.skipif(find_espeak() is None, reason="espeak-ng not installed")


@needs_espeak
def test_voice_reads_text_from_stdin_so_dashes_are_not_options() -> None:
    program = find_espeak()
    assert program is not None
    clip = Voice(program).render("--help")
    assert clip is not None and clip.seconds > 0.2


def test_clip_from_wav_bytes_rejects_garbage() -> None:
    assert clip_from_wav_bytes(b"RIFF1234WAVEnope") is None
    assert clip_from_wav_bytes(b"") is None
