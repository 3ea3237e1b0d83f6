"""The built-in cue WAV files: one format, sane lengths and levels, no clicks, all distinct."""

from __future__ import annotations

import array
import itertools
import math
import sys
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from player.cues import CUE_NAMES
from player.locations import sounds_dir
from player.sound.clips import read_clip
from player.sound.cues import cue_path

REPO = Path(__file__).resolve().parents[2]
WINDOW_S = 0.03
SHORT_CUES = ("count", "next_rep")
INSTANT_CUES = ("go", "count")


@dataclass(frozen=True)
class Sound:
    """One decoded cue file and its format."""

    params: tuple[int, int, int, str]
    samples: array.array[int]

    @property
    def rate(self) -> int:
        return self.params[2]

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


@cache
def load(name: str) -> Sound:
    with wave.open(str(cue_path(name)), "rb") as source:
        params = (
            source.getnchannels(),
            source.getsampwidth(),
            source.getframerate(),
            source.getcomptype(),
        )
        samples = array.array("h")
        samples.frombytes(source.readframes(source.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return Sound(params, samples)


def dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1e-9) / 32768)


@cache
def contour(name: str) -> tuple[tuple[float, float], ...]:
    """(RMS as a fraction of full scale, zero-crossing pitch in Hz) per 30 ms over 1.5 s."""
    sound = load(name)
    size = int(WINDOW_S * sound.rate)
    out = []
    for start in range(0, int(1.5 * sound.rate), size):
        window = sound.samples[start : start + size]
        if len(window) < size:
            out.append((0.0, 0.0))
            continue
        rms = math.sqrt(sum(x * x for x in window) / size) / 32768
        crossings = sum(1 for a, b in itertools.pairwise(window) if (a < 0) != (b < 0))
        out.append((rms, crossings / 2 / WINDOW_S))
    return tuple(out)


def contour_distance(first: str, second: str) -> float:
    """How different two cues sound: loudness-envelope gap plus pitch gap (octaves) per window."""
    total = 0.0
    pairs = list(zip(contour(first), contour(second), strict=True))
    for (rms_a, hz_a), (rms_b, hz_b) in pairs:
        total += 10 * abs(rms_a - rms_b)
        if rms_a > 0.01 and rms_b > 0.01:
            total += abs(math.log2(hz_a / hz_b))
        elif (rms_a > 0.01) != (rms_b > 0.01):
            total += 1.0
    return total / len(pairs)


def test_every_cue_has_its_file_and_nothing_else_is_there() -> None:
    files = {path.stem for path in sounds_dir().glob("*.wav")}
    assert files == set(CUE_NAMES)
    assert len(CUE_NAMES) == 14
    assert all(cue_path(name).parent == sounds_dir() for name in CUE_NAMES)


def test_unknown_cue_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown sound cue 'gong'"):
        cue_path("gong")


def test_all_files_share_one_format() -> None:
    formats = {load(name).params for name in CUE_NAMES}
    assert formats == {(1, 2, 44100, "NONE")}


@pytest.mark.parametrize("name", CUE_NAMES)
def test_length_is_short(name: str) -> None:
    seconds = load(name).seconds
    limit = 0.3 if name in SHORT_CUES else 1.5
    assert 0.05 <= seconds <= limit


@pytest.mark.parametrize("name", CUE_NAMES)
def test_level_is_well_under_clipping_and_not_silent(name: str) -> None:
    samples = load(name).samples
    peak = max(abs(x) for x in samples)
    assert dbfs(peak) < -6.0
    assert dbfs(peak) > -12.0
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    assert dbfs(rms) > -40.0


@pytest.mark.parametrize("name", CUE_NAMES)
def test_starts_and_ends_at_zero_without_clicks(name: str) -> None:
    samples = load(name).samples
    assert abs(samples[0]) < 200
    assert samples[-1] == 0
    # No jump between neighbouring samples bigger than a 3 kHz sine at full cue level makes.
    largest_step = max(abs(b - a) for a, b in itertools.pairwise(samples))
    assert largest_step < 2 * math.pi * 3000 / 44100 * 32768 * 10 ** (-6 / 20)


@pytest.mark.parametrize("name", INSTANT_CUES)
def test_instant_cues_sound_within_two_milliseconds(name: str) -> None:
    sound = load(name)
    first_loud = next(i for i, x in enumerate(sound.samples) if dbfs(abs(x)) > -30.0)
    assert first_loud / sound.rate < 0.002


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(CUE_NAMES, 2)))
def test_each_pair_of_cues_sounds_different(first: str, second: str) -> None:
    assert contour_distance(first, second) > 0.1


def test_contour_distance_of_a_cue_with_itself_is_zero() -> None:
    assert contour_distance("go", "go") == 0.0


def test_read_clip_decodes_a_builtin_cue() -> None:
    clip = read_clip(cue_path("go"))
    assert (clip.channels, clip.sample_width, clip.rate) == (1, 2, 44100)
    assert clip.pcm == load("go").samples.tobytes() or sys.byteorder != "little"
    assert clip.seconds == pytest.approx(load("go").seconds)


def test_read_clip_turns_32_bit_and_many_channels_into_what_simpleaudio_plays(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wide.wav"
    frames = array.array("i", [1 << 16, 2 << 16, 3 << 16, -(1 << 16), -(2 << 16), -(3 << 16)])
    with wave.open(str(path), "wb") as out:
        out.setnchannels(3)
        out.setsampwidth(4)
        out.setframerate(8000)
        out.writeframes(frames.tobytes())
    clip = read_clip(path)
    assert (clip.channels, clip.sample_width, clip.rate) == (2, 2, 8000)
    assert list(array.array("h", clip.pcm)) == [1, 2, -1, -2]
