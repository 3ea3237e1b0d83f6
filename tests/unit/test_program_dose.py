"""A program's dose applied to every built-in routine: the changed routine is valid and right."""

from __future__ import annotations

import pytest

from player.program.dose import apply_dose
from player.program.models import Dose
from player.routine.compiled import file_data, routine_data
from player.routine.discovery import discover
from player.routine.models import Routine

BUILTINS = [entry for entry in discover() if entry.builtin]


@pytest.mark.parametrize("entry", BUILTINS, ids=lambda entry: entry.name)
def test_a_builtin_routine_loads_back_from_its_own_dump(entry) -> None:
    assert entry.loaded is not None
    routine = entry.loaded.routine  # validated, or compiled when played before
    back = Routine.model_validate(file_data(routine))
    assert routine_data(back) == routine_data(routine)


@pytest.mark.parametrize("entry", BUILTINS, ids=lambda entry: entry.name)
@pytest.mark.parametrize("dose", [Dose(sets=-1), Dose(sets=1), Dose(reps_scale=0.7)], ids=str)
def test_every_builtin_takes_a_dose(entry, dose: Dose) -> None:
    assert entry.loaded is not None
    routine = entry.loaded.routine
    changed = apply_dose(routine, dose)
    for before, after in zip(routine.exercises, changed.exercises, strict=True):
        if before.breathing is not None:
            assert after == before  # a breathing pattern has no sets or reps
            continue
        assert after.set_count == max(1, before.set_count + dose.sets)
        if before.rep_counts is not None and dose.reps_scale != 1:
            assert after.rep_counts is not None
            for old, new in zip(before.rep_counts, after.rep_counts, strict=False):
                assert new == max(1, int(old * dose.reps_scale + 0.5))


@pytest.mark.parametrize(("first", "then"), [(0.01, 0.001), (1.0, 1e-320), (0.00004, 1.0)])
def test_two_scales_too_small_to_round_still_make_a_dose(first: float, then: float) -> None:
    both = Dose(reps_scale=first).plus(Dose(reps_scale=then))
    assert 0 < both.reps_scale <= 0.001  # every count then scales to one rep, as it would
