"""The routine format: durations, timing kinds, built-in routines, schema, timeline."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from player.locations import builtin_routines_dir
from player.routine.discovery import discover, resolve_routine
from player.routine.durations import parse_duration
from player.routine.loader import RoutineError, load_routine
from player.routine.models import Routine, json_schema
from player.routine.timeline import timeline

BUILTINS = sorted(builtin_routines_dir().glob("*.yaml"))


@pytest.mark.parametrize(
    ("given", "seconds"),
    [
        (45, 45.0),
        (2.5, 2.5),
        ("45s", 45.0),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("90", 90.0),
        ("1h", 3600.0),
        ("1h2m3s", 3723.0),
        (" 10 s ", 10.0),
        ("1.5m", 90.0),
        ("60 seconds", 60.0),
        ("2 min", 120.0),
        ("1 minute 30 seconds", 90.0),
        ("1 hour", 3600.0),
        ("90 secs", 90.0),
        ("2 MIN", 120.0),
    ],
)
def test_durations(given: object, seconds: float) -> None:
    assert parse_duration(given) == seconds


@pytest.mark.parametrize(
    "given", ["", "m", "1x", "s30", True, None, [1], "1m30", "-5s", "5 mins 3", "1 sekunde"]
)
def test_bad_durations(given: object) -> None:
    with pytest.raises(ValueError, match="like 45s"):
        parse_duration(given)


def test_builtin_routines_exist_and_validate() -> None:
    names = {p.stem for p in BUILTINS}
    assert {"foam-roller", "core-stabilization", "relaxation"} <= names
    for path in BUILTINS:
        routine = load_routine(path).routine
        minutes = routine.planned_seconds() / 60
        assert 10 <= minutes <= 25, (path.name, minutes)
        assert path.read_text().startswith("# yaml-language-server: $schema=routine.schema.json")


def test_core_stabilization_dosing_follows_content() -> None:
    routine = resolve_routine("core-stabilization").routine
    by_name = {e.name: e for e in routine.exercises}
    for big_three in ("McGill curl-up", "Side bridge", "Bird dog"):
        assert by_name[big_three].rep_counts == [5, 3, 1]
        assert by_name[big_three].hold == 8
    assert {"Pelvic tilt", "Dead bug", "Glute bridge"} <= set(by_name)
    assert routine.safety.stop_at == 6 and routine.safety.max_rise == 2


def test_foam_roller_never_rolls_the_lower_back() -> None:
    routine = resolve_routine("foam-roller").routine
    assert not any("lower back" in e.name.lower() for e in routine.exercises)
    sided = [e for e in routine.exercises if e.sides]
    assert all(e.sides == ["left", "right"] for e in sided) and len(sided) >= 4
    assert all(30 <= (e.duration or 0) <= 120 for e in routine.exercises)


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads((builtin_routines_dir() / "routine.schema.json").read_text())
    assert committed == json_schema()


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_schema_accepts_builtin_routines(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text()), json_schema())


@pytest.mark.parametrize(
    "data",
    [
        {"name": "r", "description": "d", "exercises": [{"name": "a", "durration": 3}]},
        {"name": "r", "description": "d", "exercises": [{"name": "a", "duration": -3}]},
        {"name": "r", "description": "d", "exercises": [{"name": "a", "duration": "soon"}]},
        {"name": "r", "description": "d", "exercises": []},
        {"name": "r", "exercises": [{"name": "a", "duration": 3}]},
        {
            "name": "r",
            "description": "d",
            "safety": {"stop_at": 11},
            "exercises": [{"name": "a", "duration": 3}],
        },
        {"name": "r", "description": "d", "exercises": [{"name": "a", "reps": [0]}]},
        ["a", "list"],
    ],
)
def test_schema_rejects_what_it_can_express(data: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_every_field_is_documented() -> None:
    schema = json_schema()
    for name, model in schema["$defs"].items():
        for field, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    for field, spec in schema["properties"].items():
        assert spec.get("description"), f"Routine.{field} has no description"


def test_reps_forms() -> None:
    routine = Routine.model_validate(
        {
            "name": "r",
            "description": "d",
            "exercises": [
                {"name": "pyramid", "reps": [5, 3, 1], "hold": 8},
                {"name": "same", "reps": 6, "sets": 3, "tempo": "2s"},
                {"name": "mine", "reps": 8},
            ],
        }
    )
    pyramid, same, mine = routine.exercises
    assert (pyramid.set_count, pyramid.rep_counts) == (3, [5, 3, 1])
    assert (same.set_count, same.rep_counts, same.tempo) == (3, [6, 6, 6], 2.0)
    assert mine.self_paced and not pyramid.self_paced


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_timeline_ends_at_planned_total(path: Path) -> None:
    routine = load_routine(path).routine
    rows = timeline(routine)
    assert rows[-1].start + rows[-1].seconds == pytest.approx(routine.planned_seconds())
    assert all(b.start >= a.start for a, b in zip(rows, rows[1:], strict=False))


def test_breathing_duration_rounds_to_whole_breaths() -> None:
    routine = Routine.model_validate(
        {
            "name": "r",
            "description": "d",
            "exercises": [{"name": "b", "breathing": {"inhale": 4, "exhale": 6, "duration": "2m"}}],
        }
    )
    assert routine.exercises[0].breathing is not None
    assert routine.exercises[0].breathing.cycle_count == 12


def test_user_routines_are_discovered_and_broken_ones_listed(isolated_data_dir: Path) -> None:
    folder = isolated_data_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "name: Mine\ndescription: d\nexercises:\n  - {name: a, duration: 30}\n"
    )
    (folder / "broken.yaml").write_text("name: Broken\n")
    entries = {e.name: e for e in discover()}
    assert entries["mine"].loaded is not None and not entries["mine"].builtin
    assert entries["broken"].error is not None and entries["broken"].loaded is None
    assert "missing required key 'description'" in str(entries["broken"].error)
    assert resolve_routine("mine").routine.name == "Mine"


def test_hidden_files_are_not_routines(isolated_data_dir: Path) -> None:
    # A name starting with a dot is read as a path, so `.draft` could never be played by the
    # name hep list gave it; and macOS leaves `._mine.yaml` beside files copied to some disks.
    folder = isolated_data_dir / "routines"
    folder.mkdir(parents=True)
    text = "name: Mine\ndescription: d\nexercises:\n  - {name: a, duration: 30}\n"
    (folder / "mine.yaml").write_text(text)
    (folder / ".draft.yaml").write_text(text)
    (folder / "._mine.yaml").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    mine = [e.name for e in discover() if not e.builtin]
    assert mine == ["mine"]
    assert all(e.error is None for e in discover())


def test_unknown_routine_name_lists_the_known_ones() -> None:
    with pytest.raises(RoutineError, match=r"no routine called 'nope' \(known: .*relaxation"):
        resolve_routine("nope")
