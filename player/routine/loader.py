"""Loading a routine file: from the compiled-form cache when it was validated before (or from
the compiled forms shipped with hep, for a file that is one of hep's own routines byte for byte),
else validated in full (`player.routine.validation`, imported only then)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from player.routine import cache
from player.routine.files import (
    RoutineError,
    decode,
    quoted_only_inside,
    read_file,
    read_raw,
    resolve_inside,
)

__all__ = ["LoadedRoutine", "RoutineError", "load_routine", "read_file", "resolve_inside"]
"""`RoutineError`, `read_file` and `resolve_inside` are named here too: the loader's users
(programs read their files by the same rules) import them from it."""

if TYPE_CHECKING:
    from player.routine.models import Routine


class LoadedRoutine(NamedTuple):
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


def _real(file: Path) -> Path | None:
    try:
        return file.resolve()
    except (OSError, RuntimeError):
        return None


def _from_cache(
    file: Path, display: str, raw: bytes, real: Path | None, builtin: bool
) -> LoadedRoutine | None:
    found = cache.cached(real, raw, file.parent) if real is not None else None
    if found is None:
        from player.routine.shipped import shipped

        found = shipped(raw)  # one of hep's own, byte for byte: validated when hep was made
    if found is None:
        return None
    plain, digest = found
    # The plain form has every field and rule of the model the players read.
    return LoadedRoutine(cast("Routine", plain), file, display, digest, builtin, file.parent)


def load_compiled(path: Path | str, *, builtin: bool = False) -> LoadedRoutine | None:
    """The routine from the compiled-form cache, if `load_routine` would take it from there.

    Args:
        path: the file, as the user gave it.
        builtin: whether it is one of hep's own routines.

    Returns:
        The loaded routine; None when it must be validated (played for the first time,
        changed since, or no cache) or cannot be read (`load_routine` then says why).
    """
    file = Path(path).expanduser()
    try:
        raw = read_raw(file, str(path))
    except RoutineError:
        return None
    return _from_cache(file, str(path), raw, _real(file), builtin)


def load_routine(
    path: Path | str, *, builtin: bool = False, open_pictures: bool = False
) -> LoadedRoutine:
    """Load and validate a routine file.

    A routine validated before, whose file (and the sounds and pictures it names) has not
    changed since, comes from the compiled-form cache, and one of hep's own routines (byte for
    byte, wherever the file is) from the compiled forms shipped with hep: no YAML, no pydantic.
    Any other is validated in full, and its compiled form kept for next time.

    Args:
        path: the file, as the user gave it (kept as given for messages).
        builtin: whether it is one of hep's own routines.
        open_pictures: decode every picture too (see `validate_text`); always validates.

    Returns:
        The loaded routine.

    Raises:
        RoutineError: the file cannot be used; every line says where and why.
    """
    display = str(path)
    file = Path(path).expanduser()
    raw = read_raw(file, display)
    base_dir = file.parent
    real = _real(file)
    if not open_pictures:
        found = _from_cache(file, display, raw, real, builtin)
        if found is not None:
            return found
    from player.routine.validation import validate_text

    with quoted_only_inside(file, display):
        text = decode(raw, display)
        routine = validate_text(text, display, base_dir, open_pictures=open_pictures)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if real is not None:
        cache.store(real, raw, base_dir, routine, digest)
    return LoadedRoutine(routine, file, display, digest, builtin, base_dir)
