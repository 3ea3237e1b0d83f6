"""A routine at another dose: sets and reps changed for a program's phase, the file untouched."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

from player.routine import cache, compiled
from player.routine.compiled import compiled_routine, file_data, routine_data
from player.routine.loader import LoadedRoutine
from player.routine.shape import MAX_REPS, MAX_SETS

if TYPE_CHECKING:
    from player.program.models import Dose
    from player.routine.models import Exercise, Routine


class DoseError(ValueError):
    """A dose that would make the routine invalid (such as a session over the 4-hour limit)."""


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def scaled(count: int, scale: float, add: int) -> int:
    """One rep count at another dose: scaled (rounded half up), then `add` more; at least 1.

    Args:
        count: The routine's count.
        scale: The factor (`reps_scale`).
        add: Reps to add afterwards (`reps`, may be negative).

    Returns:
        The new count, from 1 to the routine format's maximum.
    """
    return _clamp(math.floor(count * scale + 0.5) + add, 1, MAX_REPS)


def _exercise(exercise: Exercise, dose: Dose) -> dict[str, Any]:
    from player.routine.models import Exercise

    data = file_data(exercise, compiled.Exercise)
    if exercise.breathing is not None:
        return data  # a breathing pattern has no sets or reps to change
    sets = _clamp(exercise.set_count + dose.sets, 1, MAX_SETS)
    counts = exercise.rep_counts
    if counts is None:
        if sets != exercise.set_count:
            data["sets"] = sets
    else:
        counts = counts[:sets] + [counts[-1]] * (sets - len(counts))
        counts = [scaled(n, dose.reps_scale, dose.reps) for n in counts]
        if isinstance(exercise.reps, int) and len(set(counts)) == 1:
            data["reps"], data["sets"] = counts[0], sets
        else:
            data["reps"] = counts
            data.pop("sets", None)
    work = Exercise.model_validate(data | {"cues": []}).work_seconds_per_set()
    if work is not None:
        # A cue timed past the end of the shorter work would no longer fit: it is left out.
        fits = [c for c in data.get("cues", []) if c.get("at") is None or c["at"] < min(work)]
        data["cues"] = fits
    return data


def apply_dose(routine: Routine, dose: Dose) -> Routine:
    """The routine with its sets and reps changed; breathing exercises stay as they are.

    Sets change by `dose.sets` (never below one); a list of rep counts such as [5, 3, 1] loses
    its last counts or repeats its last one. Each rep count is multiplied by `reps_scale`
    (rounded half up) and then `reps` is added, never below one rep.

    Args:
        routine: The routine as its file has it.
        dose: The change.

    Returns:
        A new, validated routine (the same one when the dose changes nothing), in the form
        the routine was given in (the model, or the compiled form). A routine in compiled form
        at a dose it had before comes from the cache (`cache.variant`), without pydantic.

    Raises:
        DoseError: The changed routine is not valid (too long, too many sets).
    """
    if dose.is_plain:
        return routine
    change = f"dose {dose.model_dump_json()}"
    kept = isinstance(routine, compiled.Routine)  # from the cache: its dose is kept there too
    if kept:
        known = cache.variant(cast(compiled.Routine, routine), change)
        if known is not None:
            return cast("Routine", known)
    from pydantic import ValidationError

    from player.routine.models import Routine as Model  # validated once for each dose

    data = file_data(routine)
    data["exercises"] = [_exercise(exercise, dose) for exercise in routine.exercises]
    try:
        changed = Model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = str((first.get("ctx") or {}).get("error", first["msg"]))
        raise DoseError(message) from None
    if not kept:
        return changed
    # A routine from the compiled-form cache stays in that form.
    result = compiled_routine(routine_data(changed))
    cache.keep_variant(cast(compiled.Routine, routine), change, result)
    return cast("Routine", result)


def dosed(loaded: LoadedRoutine, dose: Dose | None) -> LoadedRoutine:
    """A loaded routine at a program's dose (its file, name and hash unchanged).

    Args:
        loaded: The routine as loaded.
        dose: The change, or None for none.

    Returns:
        The routine to play.

    Raises:
        DoseError: The changed routine is not valid.
    """
    if dose is None or dose.is_plain:
        return loaded
    return loaded._replace(routine=apply_dose(loaded.routine, dose))
