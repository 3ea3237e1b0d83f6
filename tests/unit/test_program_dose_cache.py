"""A routine at a program's dose, kept in the cache like the routine itself: a later start at
the same dose gets the same routine without pydantic; any change to the routine, the dose or
the entry means validating again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from player.program.dose import DoseError, apply_dose
from player.program.models import Dose
from player.routine import cache, compiled
from player.routine.compiled import routine_data
from player.routine.loader import load_compiled, load_routine

LIGHTER = Dose(sets=-1, reps_scale=0.7)


def _compiled(tmp_path: Path, sets: int = 3, reps: int = 10, hold: str = "3s") -> compiled.Routine:
    """A routine as a later start has it: validated once, then from the cache."""
    path = tmp_path / "r.yaml"
    data = {
        "name": "Bridges",
        "description": "Hip bridges.",
        "exercises": [{"name": "Bridge", "reps": reps, "sets": sets, "hold": hold}],
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    load_routine(path)
    loaded = load_compiled(path)
    assert loaded is not None
    assert isinstance(loaded.routine, compiled.Routine)
    return loaded.routine


def _variants() -> list[Path]:
    folder = cache.variants_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_a_dose_applied_again_comes_from_the_cache_and_is_the_same(tmp_path: Path) -> None:
    routine = _compiled(tmp_path)
    first = apply_dose(routine, LIGHTER)
    assert len(_variants()) == 1
    again = apply_dose(routine, LIGHTER)
    assert isinstance(again, compiled.Routine)
    assert routine_data(again) == routine_data(first)
    bridge = again.exercises[0]
    assert (bridge.set_count, bridge.rep_counts) == (2, [7, 7])


def test_another_dose_or_another_routine_is_validated_again(tmp_path: Path) -> None:
    routine = _compiled(tmp_path)
    apply_dose(routine, LIGHTER)
    heavier = apply_dose(routine, Dose(sets=1))
    assert heavier.exercises[0].set_count == 4
    other = _compiled(tmp_path, reps=12)
    assert apply_dose(other, LIGHTER).exercises[0].rep_counts == [8, 8]
    assert len(_variants()) == 3


def test_a_variant_altered_to_other_valid_numbers_is_ignored(tmp_path: Path) -> None:
    routine = _compiled(tmp_path)
    apply_dose(routine, LIGHTER)
    (entry,) = _variants()
    content = entry.read_bytes()
    assert b'"reps":7' in content
    entry.write_bytes(content.replace(b'"reps":7', b'"reps":60'))
    assert apply_dose(routine, LIGHTER).exercises[0].rep_counts == [7, 7]


@pytest.mark.parametrize("damage", ["altered", "open to others", "truncated"])
def test_an_altered_variant_is_not_used(tmp_path: Path, damage: str) -> None:
    routine = _compiled(tmp_path)
    apply_dose(routine, LIGHTER)
    (entry,) = _variants()
    content = entry.read_bytes()
    if damage == "altered":
        entry.write_bytes(content.replace(b'"sets":2', b'"sets":"2"'))
    elif damage == "open to others":
        entry.chmod(0o666)
    else:
        entry.write_bytes(content[: len(content) // 2])
    assert entry.read_bytes() != content or damage == "open to others"
    again = apply_dose(routine, LIGHTER)
    assert again.exercises[0].set_count == 2


def test_a_dose_that_makes_the_routine_invalid_is_refused_every_time(tmp_path: Path) -> None:
    routine = _compiled(tmp_path, sets=10, reps=100, hold="6s")  # about 2.5 hours
    for _ in range(2):
        with pytest.raises(DoseError, match="4 hours|longer"):
            apply_dose(routine, Dose(reps=100))  # twice as long: over the limit
    assert _variants() == []
