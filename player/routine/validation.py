"""Validating a routine file's text: safe YAML, the pydantic models, and the sound and picture
files it names. Imported only when a routine is not in the compiled-form cache."""

from __future__ import annotations

import io
import struct
import wave
from pathlib import Path

from pydantic import ValidationError

from player.files import NotAFile, read_regular
from player.routine.errors import dotted, format_validation_error, shown_problems
from player.routine.files import RoutineError, resolve_inside
from player.routine.models import Routine, SoundOverrides
from player.routine.pictures import picture_opens, picture_problem
from player.routine.shape import LINES_KEPT
from player.routine.yamlpos import Positions, YamlProblem, parse, whole_numbers
from player.safetext import shown, shown_deep
from player.words import shell_word

MAX_SOUND_BYTES = 2 * 1024 * 1024
MAX_SOUND_SECONDS = 10.0


SOUND_RATES = (8000, 192000)
"""Sample rates a cue may have, in Hz: from telephone sound to studio sound."""


def _check_sound(path: Path) -> str | None:
    """Why a cue's WAV file cannot be used, or None if it can: a regular file of at most 2 MB
    whose header is PCM, mono or stereo, at a real sample rate, and whose sound lasts at most
    10 s and is all there."""
    try:
        data = read_regular(path, MAX_SOUND_BYTES)
    except NotAFile as exc:
        if exc.found:
            return "the sound path is not a file"
        return "sound file is too large (the limit is 2 MB)"
    except FileNotFoundError:
        return "no such sound file"
    except PermissionError:
        return "cannot read the sound file (permission denied)"
    except OSError as exc:
        return f"cannot read the sound file ({exc.strerror or exc})"
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
            width, channels = wav.getsampwidth(), wav.getnchannels()
            if width not in (1, 2, 3, 4) or channels not in (1, 2):
                return "the sound must be mono or stereo PCM"
            if not SOUND_RATES[0] <= rate <= SOUND_RATES[1]:
                return f"the sound's sample rate is {rate} Hz (8000 to 192000 Hz work)"
            if frames / rate > MAX_SOUND_SECONDS:
                return f"sound is too long ({frames / rate:.1f} s; the limit is 10 s)"
            if len(wav.readframes(frames)) < frames * width * channels:
                return "the sound file is cut short (its header promises more sound)"
    except (wave.Error, EOFError, struct.error) as exc:
        return f"not a readable WAV file ({exc})"
    return None


NAME_NOT_SHOWN = (
    "a file name with a tab, a line break or another control character cannot be shown as it "
    "is; rename the file"
)
"""Why a sound or picture name holding what a terminal acts on is refused: the text a routine
holds is made safe to show (`shown`), which would change the name, so it would be checked under
one name and played under another."""


def _name_problem(where: str, name: str) -> str | None:
    """The line refusing a file name `shown` would change (a tab, an escape, a bidi override),
    or None for a name that is played as it is checked."""
    return None if shown(name) == name else f"{where}: {NAME_NOT_SHOWN} (found '{name}')"


def _check_sounds(routine: Routine, positions: Positions, display: str, base: Path) -> list[str]:
    problems = []
    places: list[tuple[tuple[str | int, ...], SoundOverrides | None]]
    places = [(("sound",), routine.sound)]
    for i, exercise in enumerate(routine.exercises):
        places.append((("exercises", i, "sound"), exercise.sound))
    for prefix, mapping in places:
        for cue, rel in (mapping or {}).items():
            line, col = positions.nearest((*prefix, cue)) or (1, 1)
            where = f"{display}:{line}:{col}: {dotted((*prefix, cue))}"
            refused = _name_problem(where, rel)
            if refused:
                problems.append(refused)
                continue
            try:
                why = _check_sound(resolve_inside(base, rel, where))
            except RoutineError as exc:
                problems += exc.lines
                continue
            if why:
                problems.append(f"{where}: {why} (found '{rel}')")
    return problems


def _check_images(
    routine: Routine, positions: Positions, display: str, base: Path, open_pictures: bool
) -> list[str]:
    problems = []
    for i, exercise in enumerate(routine.exercises):
        if exercise.image is None:
            continue
        path = ("exercises", i, "image")
        line, col = positions.nearest(path) or (1, 1)
        where = f"{display}:{line}:{col}: {dotted(path)}"
        refused = _name_problem(where, exercise.image)
        if refused:
            problems.append(refused)
            continue
        try:
            picture = resolve_inside(base, exercise.image, where)
        except RoutineError as exc:
            problems += exc.lines
            continue
        why = picture_problem(picture)
        if why is None and open_pictures:
            why = picture_opens(picture)
        if why:
            problems.append(f"{where}: {why} (found '{exercise.image}')")
    return problems


def validate_text(
    text: str, display: str, base_dir: Path, *, open_pictures: bool = False
) -> Routine:
    """Validate routine text.

    Args:
        text: the YAML document.
        display: how to name the file in messages.
        base_dir: the folder that sound and picture paths are relative to.
        open_pictures: decode every picture with the image library (`hep validate`); by
            default only their size and first bytes are checked, which costs no start-up.

    Returns:
        The routine.

    Raises:
        RoutineError: anything wrong with it, one line per problem.
    """
    try:
        data, positions = parse(text)
    except YamlProblem as exc:
        raise RoutineError([exc.in_file(display)]) from None
    if data is None:
        raise RoutineError(
            [f"{display}: the file is empty (a routine needs name, description and exercises)"]
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value {data!r}"[:60]
        raise RoutineError(
            [
                f"{display}:1:1: expected a mapping with name, description and exercises "
                f"(found {kind})"
            ]
        )
    if "phases" in data and "exercises" not in data:
        line, column = positions.keys.get(("phases",), (1, 1))
        raise RoutineError(
            [
                f"{display}:{line}:{column}: this is a program (it has phases), not a routine: "
                f"follow it with hep program start {shell_word(display)}"
            ]
        )
    try:
        # Strict: a value of the wrong YAML type is refused, as editors refuse it by the schema
        # (`stop_at: "6"`, `auto_advance: 1`); a whole float is the integer JSON Schema sees.
        routine = Routine.model_validate(whole_numbers(data), strict=True)
    except ValidationError as exc:
        raise RoutineError(format_validation_error(exc, positions, display, Routine)) from None
    problems = _check_sounds(routine, positions, display, base_dir)
    problems += _check_images(routine, positions, display, base_dir, open_pictures)
    if problems:
        raise RoutineError(problems)
    # Escape sequences in the file never reach a terminal, and a name stays one line.
    shown = shown_deep(routine, kept_in=LINES_KEPT)
    problems = shown_problems(shown, routine, positions, display)
    if problems:
        raise RoutineError(problems)
    return shown
