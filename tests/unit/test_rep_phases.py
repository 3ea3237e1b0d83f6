"""A counted rep in timed phases ("2 s open, 2 s close"): loaded, planned, played and shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player.routine.compiled import compiled_routine, routine_data
from player.routine.loader import RoutineError, load_routine
from player.routine.models import Routine
from player.routine.timeline import timeline
from player.session.engine import Engine
from player.session.plan import build_plan


def routine(**exercise: object) -> Routine:
    return Routine.model_validate(
        {
            "name": "Hands",
            "description": "Hand pumps.",
            "defaults": {"get_ready": 0},
            "safety": {"screen": "never"},
            "exercises": [{"name": "Hand pumps", "reps": 3, **exercise}],
        }
    )


PHASES = {"open": "2s", "close": "2s"}


def test_each_rep_lasts_its_phases_added_up() -> None:
    r = routine(rep_phases=PHASES)
    assert r.planned_seconds() == 12 == build_plan(r).planned
    assert [row.what for row in timeline(r)] == ["3 reps, 2s open + 2s close"]
    plain = compiled_routine(json.loads(json.dumps(routine_data(r))))
    assert plain.planned_seconds() == 12
    assert plain.exercises[0].rep_phases == {"open": 2.0, "close": 2.0}


def test_each_phase_is_called_out_as_it_starts() -> None:
    step = next(s for s in build_plan(routine(rep_phases=PHASES)).steps if s.kind == "tempo")
    lines = [(m.offset, m.line) for m in step.marks if m.line is not None]
    assert lines == [
        (0, "open"),
        (2, "close"),
        (4, "open"),
        (6, "close"),
        (8, "open"),
        (10, "close"),
    ]
    assert step.describe() == "Hand pumps: 3 reps, 2s open + 2s close"


@pytest.mark.parametrize(
    ("into", "phase", "left", "rep"),
    [
        (0.5, "open", 1.5, 1),
        (2.5, "close", 1.5, 1),
        (4.25, "open", 1.75, 2),
        (11.0, "close", 1.0, 3),
    ],
)
def test_the_view_names_the_phase_under_way(into: float, phase: str, left: float, rep: int) -> None:
    engine = Engine(build_plan(routine(rep_phases=PHASES)))
    engine.start(0.0)
    view = engine.view(into)
    assert (view.rep_phase, view.rep) == (phase, rep)
    assert view.rep_phase_remaining == pytest.approx(left)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"hold": "5s"}, "has both rep_phases and hold"),
        ({"tempo": "4s"}, "has both rep_phases and tempo"),
    ],
)
def test_phases_time_the_rep_alone(extra: dict[str, str], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        routine(rep_phases=PHASES, **extra)


def test_phases_need_reps_and_two_to_four_of_them(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    head = "name: R\ndescription: x\nexercises:\n  - name: A\n"
    path.write_text(head + "    duration: 10s\n    rep_phases: {open: 2s, close: 2s}\n")
    with pytest.raises(RoutineError, match="'rep_phases' goes with reps"):
        load_routine(path)
    path.write_text(head + "    reps: 5\n    rep_phases: {open: 2s}\n")
    with pytest.raises(RoutineError, match="rep_phases"):
        load_routine(path)
