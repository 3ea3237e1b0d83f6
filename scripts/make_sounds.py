"""Synthesise hep's built-in cue sounds into sounds/*.wav (stdlib only; re-run to change them).

Every cue is a few soft sine partials under a smooth envelope: a short raised-cosine attack (so
nothing clicks), an exponential or raised-cosine decay, and a raised-cosine fade to exact zero at
the end. All files share one format: 44100 Hz, mono, 16-bit PCM, peak at -7 dBFS.

Usage: python scripts/make_sounds.py [OUTPUT_DIR]   (default: sounds/ next to this script)
"""

from __future__ import annotations

import array
import math
import sys
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
PEAK_DBFS = -7.0
FADE_OUT_S = 0.012

# A4 = 440 Hz, equal temperament.
C5, D5, E5, G5, A5, C6 = 523.25, 587.33, 659.26, 783.99, 880.0, 1046.5
G4, A4, E4, C4 = 392.0, 440.0, 329.63, 261.63


@dataclass(frozen=True)
class Note:
    """One struck note inside a cue.

    Attributes:
        start: When it starts, in seconds from the cue's start.
        freq: Fundamental frequency in Hz (the start frequency when `glide_to` is set).
        length: How long it sounds, in seconds.
        gain: Relative loudness before the whole cue is normalised.
        decay: Exponential decay time constant in seconds; 0 means a flat, swelling tone.
        attack: Raised-cosine attack time in seconds.
        glide_to: End frequency for a smooth pitch glide (breathing cues), or None.
        bright: Weight of the 2nd and 3rd partials (0 = pure sine; bells use more).
    """

    start: float
    freq: float
    length: float
    gain: float = 1.0
    decay: float = 0.25
    attack: float = 0.004
    glide_to: float | None = None
    bright: float = 0.25


def _render_note(note: Note, out: list[float]) -> None:
    """Add one note into `out` (float samples at RATE)."""
    first = int(round(note.start * RATE))
    count = int(round(note.length * RATE))
    attack_n = max(1, int(note.attack * RATE))
    release_n = max(1, int(min(FADE_OUT_S * 2, note.length / 4) * RATE))
    phase = 0.0
    partials = ((1.0, 1.0), (2.0, 0.5 * note.bright), (3.0, 0.25 * note.bright))
    for i in range(count):
        t = i / RATE
        if note.glide_to is None:
            freq = note.freq
        else:  # a smooth (raised-cosine) glide between the two frequencies
            shape = 0.5 - 0.5 * math.cos(math.pi * i / count)
            freq = note.freq + (note.glide_to - note.freq) * shape
        phase += 2.0 * math.pi * freq / RATE
        if i < attack_n:
            env = 0.5 - 0.5 * math.cos(math.pi * i / attack_n)
        else:
            env = 1.0
        if note.decay > 0:
            env *= math.exp(-(t - note.attack) / note.decay) if i >= attack_n else 1.0
        if i >= count - release_n:
            env *= 0.5 - 0.5 * math.cos(math.pi * (count - i) / release_n)
        value = sum(weight * math.sin(k * phase) for k, weight in partials)
        index = first + i
        if index < len(out):
            out[index] += note.gain * env * value


def render(notes: Sequence[Note], length: float) -> array.array[int]:
    """Mix notes into a cue of `length` seconds, normalised to PEAK_DBFS, as 16-bit samples.

    Args:
        notes: The notes to mix.
        length: Total length in seconds; the last FADE_OUT_S seconds fade to exact zero.

    Returns:
        The signed 16-bit samples.
    """
    total = int(round(length * RATE))
    mix = [0.0] * total
    for note in notes:
        _render_note(note, mix)
    fade_n = int(FADE_OUT_S * RATE)
    for i in range(fade_n):
        mix[total - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / fade_n)
    peak = max(abs(x) for x in mix) or 1.0
    scale = 32767 * 10 ** (PEAK_DBFS / 20) / peak
    return array.array("h", (int(round(x * scale)) for x in mix))


def _chime(freqs: Sequence[float], step: float, decay: float, tail: float) -> list[Note]:
    """Notes struck one after another, each ringing until the cue ends."""
    end = step * (len(freqs) - 1) + tail
    return [
        Note(start=i * step, freq=f, length=end - i * step, decay=decay, bright=0.35)
        for i, f in enumerate(freqs)
    ]


def _breath(start_hz: float, end_hz: float, length: float) -> list[Note]:
    """A soft swell that glides in pitch, for the breathing phases."""
    return [
        Note(0.0, start_hz, length, decay=0.0, attack=length * 0.35, glide_to=end_hz, bright=0.1)
    ]


# Each cue: (notes, total length in seconds). Shapes are chosen so no two cues share both a pitch
# contour and a rhythm: one tick, rising, falling, flat, two-note and three/four-note patterns.
CUES: dict[str, Callable[[], tuple[list[Note], float]]] = {
    # "Get ready": two gentle rising notes, a little lower than "go".
    "get_ready": lambda: (_chime([E5, A5], 0.16, 0.22, 0.5), 0.66),
    # "Go": one bright bell at A5+E6, loud from the first millisecond (2 ms attack).
    "go": lambda: (
        [
            Note(0.0, A5, 0.7, decay=0.22, attack=0.002, bright=0.6),
            Note(0.0, A5 * 1.5, 0.7, gain=0.35, decay=0.15, attack=0.002, bright=0.2),
        ],
        0.7,
    ),
    # "Count": a short soft woodblock-like tick.
    "count": lambda: ([Note(0.0, 1318.5, 0.09, decay=0.025, attack=0.001, bright=0.15)], 0.09),
    # "Halfway": two identical mid notes.
    "halfway": lambda: (_chime([D5, D5], 0.22, 0.12, 0.4), 0.62),
    # "Switch side": a low-high-low "turn around" figure.
    "switch_side": lambda: (_chime([C5, G5, C5], 0.16, 0.1, 0.45), 0.77),
    # "Rest": a slow falling fourth, soft attack, long tail.
    "rest": lambda: (
        [
            Note(0.0, G4 * 2, 1.0, decay=0.45, attack=0.03, bright=0.1),
            Note(0.25, D5, 0.75, decay=0.45, attack=0.03, bright=0.1),
        ],
        1.0,
    ),
    # "Next rep": a quick high blip pair, well under 0.3 s.
    "next_rep": lambda: (
        [
            Note(0.0, 987.77, 0.09, decay=0.03, attack=0.002),
            Note(0.08, 1174.66, 0.1, decay=0.03, attack=0.002),
        ],
        0.18,
    ),
    # "Relax" (between held reps): a soft high sigh, A5 falling to F5, quieter in shape than
    # "rest" and half as long, so it says "let go" without sounding like the end of a set.
    "relax": lambda: (
        [
            Note(0.0, A5, 0.55, decay=0.18, attack=0.02, bright=0.05),
            Note(0.14, 698.46, 0.41, decay=0.2, attack=0.02, bright=0.05),
        ],
        0.55,
    ),
    # Breathing: rising swell (inhale), flat swell (hold), falling swell (exhale).
    "inhale": lambda: (_breath(C4, G4, 0.9), 0.9),
    "hold": lambda: ([Note(0.0, A4, 0.6, decay=0.0, attack=0.15, bright=0.1)], 0.6),
    "exhale": lambda: (_breath(G4, C4, 0.9), 0.9),
    # "Exercise done": a rising major triad.
    "exercise_done": lambda: (_chime([C5, E5, G5], 0.12, 0.3, 0.8), 1.04),
    # "Session done": a full rising arpeggio with a long ring.
    "session_done": lambda: (_chime([C5, E5, G5, C6], 0.15, 0.4, 1.0), 1.45),
    # "Stopped": two low falling notes.
    "stopped": lambda: (_chime([E4, C4], 0.2, 0.2, 0.5), 0.7),
}


def write_wav(path: Path, samples: array.array[int]) -> None:
    """Write mono 16-bit little-endian samples as a WAV file.

    Args:
        path: Where to write.
        samples: Signed 16-bit samples at RATE.
    """
    data = samples if sys.byteorder == "little" else _swapped(samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def _swapped(samples: array.array[int]) -> array.array[int]:
    """A byte-swapped copy (for big-endian machines)."""
    copy = array.array("h", samples)
    copy.byteswap()
    return copy


def main(argv: Sequence[str]) -> int:
    """Render every cue into the output folder.

    Args:
        argv: Command-line arguments after the program name: an optional output folder.

    Returns:
        The exit status.
    """
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in CUES.items():
        notes, length = make()
        path = out_dir / f"{name}.wav"
        write_wav(path, render(notes, length))
        print(f"{path} ({length:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
