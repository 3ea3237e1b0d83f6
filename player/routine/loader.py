"""Reading routine files: size and encoding checks, safe YAML, validation, sound-file checks."""

from __future__ import annotations

import hashlib
import os
import wave
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from player.routine.errors import dotted, format_validation_error
from player.routine.models import Routine, SoundOverrides
from player.routine.pictures import picture_opens, picture_problem
from player.routine.yamlpos import Positions, YamlProblem, parse
from player.safetext import shown_deep, spelled_out

MAX_FILE_BYTES = 1024 * 1024
MAX_SOUND_BYTES = 2 * 1024 * 1024
MAX_SOUND_SECONDS = 10.0


class RoutineError(Exception):
    """A routine that cannot be used; each line is `path:line:col: what is wrong`."""

    def __init__(self, lines: list[str], *, in_file: bool = True):
        """Build the error.

        Args:
            lines: One line per problem.
            in_file: True when each line names the file first (`path:line:col: ...`); False
                for a problem with no file to name (no routine by that name).
        """
        lines = [spelled_out(line) for line in lines]
        super().__init__("\n".join(lines))
        self.lines = lines
        self.in_file = in_file


@dataclass(frozen=True)
class LoadedRoutine:
    """A validated routine and where it came from."""

    routine: Routine
    path: Path | None
    display: str
    source_hash: str
    builtin: bool
    base_dir: Path

    @property
    def stem(self) -> str:
        """The name used to pick it on the command line (file name without `.yaml`)."""
        return self.path.stem if self.path else self.display

    def sound_override(self, cue: str, exercise_index: int | None = None) -> Path | None:
        """The routine's own WAV for a cue (the exercise's first, then the routine's), if any.

        The path is resolved and held inside the routine's folder again, as when it was loaded.
        """
        sources = []
        if exercise_index is not None:
            sources.append(self.routine.exercises[exercise_index].sound)
        sources.append(self.routine.sound)
        for mapping in sources:
            if mapping and cue in mapping:
                try:
                    return resolve_inside(self.base_dir, mapping[cue], mapping[cue])
                except RoutineError:
                    return None  # changed on disk since it was checked: the built-in cue plays
        return None

    def image_path(self, exercise_index: int) -> Path | None:
        """The exercise's picture, resolved inside the routine's folder, or None."""
        image = self.routine.exercises[exercise_index].image
        if image is None:
            return None
        try:
            return resolve_inside(self.base_dir, image, image)
        except RoutineError:
            return None


def read_file(path: Path, display: str, kind: str = "routine") -> str:
    """Read a routine (or program) file as text: at most 1 MB of UTF-8.

    Args:
        path: The file.
        display: How to name it in messages.
        kind: What the file should be, for messages (`routine`, `program`).

    Returns:
        The text.

    Raises:
        RoutineError: The file cannot be read, is too large, or is not UTF-8.
    """
    try:
        if path.is_dir():
            raise RoutineError([f"{display}: is a folder, not a {kind} file"])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RoutineError(
                [f"{display}: the file is too large ({size / 1048576:.1f} MB; the limit is 1 MB)"]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RoutineError([f"{display}: no such file"]) from None
    except PermissionError:
        raise RoutineError([f"{display}: cannot read the file (permission denied)"]) from None
    except OSError as exc:
        raise RoutineError([f"{display}: cannot read the file ({exc.strerror or exc})"]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RoutineError(
            [
                f"{display}:{line}:{column}: the file is not UTF-8 text "
                f"(found byte 0x{raw[exc.start]:02x}); save it as UTF-8"
            ]
        ) from None


def resolve_inside(base_dir: Path, relative: str, where: str, owner: str = "routine") -> Path:
    """Resolve a file a routine (or program) names, which must lie inside its folder.

    Sounds, and any other file a routine names, are relative to the routine file's folder and
    may not lead out of it, by `..` or by a symbolic link: a shared routine can then only
    make hep open files that came with it. Symbolic links are followed first, then the real
    path is checked.

    Args:
        base_dir: The routine file's folder.
        relative: The path as written in the routine.
        where: The start of the error line, such as `back.yaml:12:9: exercises[2].sound.go`.
        owner: Whose folder it is, for messages (`routine`, `program`).

    Returns:
        The real path of the file (which may not exist).

    Raises:
        RoutineError: An absolute path, or one that leads outside the folder.
    """
    found = f"(found '{relative}')"
    if Path(relative).is_absolute() or Path(relative).drive:
        raise RoutineError(
            [f"{where}: must be a path relative to the {owner}'s folder, not absolute {found}"]
        )
    try:
        base = base_dir.resolve()
        target = (base / relative).resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise RoutineError([f"{where}: the path cannot be followed ({exc}) {found}"]) from None
    if not target.is_relative_to(base):
        plain = Path(os.path.normpath(base / relative))
        how = "links to" if plain.is_relative_to(base) else "leads to"
        raise RoutineError(
            [
                f"{where}: {how} {target}, outside the {owner}'s folder {base}; "
                f"keep the files a {owner} uses in its folder {found}"
            ]
        )
    return target


def _check_sound(path: Path) -> str | None:
    """Why a cue's WAV file cannot be used, or None if it can."""
    try:
        if not path.is_file():
            return "no such sound file" if not path.exists() else "the sound path is not a file"
        size = path.stat().st_size
        if size > MAX_SOUND_BYTES:
            return f"sound file is too large ({size / 1048576:.1f} MB; the limit is 2 MB)"
        with wave.open(str(path), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
            if wav.getsampwidth() not in (1, 2, 3, 4) or wav.getnchannels() not in (1, 2):
                return "the sound must be mono or stereo PCM"
            if rate <= 0 or frames / rate > MAX_SOUND_SECONDS:
                return f"sound is too long ({frames / max(rate, 1):.1f} s; the limit is 10 s)"
    except PermissionError:
        return "cannot read the sound file (permission denied)"
    except (wave.Error, EOFError, OSError) as exc:
        return f"not a readable WAV file ({exc})"
    return None


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
    try:
        routine = Routine.model_validate(data)
    except ValidationError as exc:
        raise RoutineError(format_validation_error(exc, positions, display, Routine)) from None
    problems = _check_sounds(routine, positions, display, base_dir)
    problems += _check_images(routine, positions, display, base_dir, open_pictures)
    if problems:
        raise RoutineError(problems)
    return shown_deep(routine, lines=True)  # escape sequences in the file never reach a terminal


def load_routine(
    path: Path | str, *, builtin: bool = False, open_pictures: bool = False
) -> LoadedRoutine:
    """Load and validate a routine file.

    Args:
        path: the file, as the user gave it (kept as given for messages).
        builtin: whether it is one of hep's own routines.
        open_pictures: decode every picture too (see `validate_text`).

    Returns:
        The loaded routine.

    Raises:
        RoutineError: the file cannot be used; every line says where and why.
    """
    display = str(path)
    file = Path(path).expanduser()
    text = read_file(file, display)
    routine = validate_text(text, display, file.parent, open_pictures=open_pictures)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedRoutine(routine, file, display, digest, builtin, file.parent)
