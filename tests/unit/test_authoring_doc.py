"""docs/authoring.md documents every key of the routine format."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from player.routine.models import Breathing, Cue, Defaults, Exercise, Routine, Safety

DOC = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text()


@pytest.mark.parametrize("model", [Routine, Exercise, Breathing, Cue, Defaults, Safety])
def test_every_key_is_in_the_guide(model: type[BaseModel]) -> None:
    missing = [name for name in model.model_fields if f"`{name}`" not in DOC]
    assert missing == []


def test_guide_example_validates(tmp_path: Path) -> None:
    from player.routine.loader import load_routine

    example = DOC.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example)
    assert len(load_routine(path).routine.exercises) == 4
