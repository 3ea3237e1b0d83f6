"""docs/authoring.md documents every key of the routine format."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from player.routine.models import Breathing, Cue, Defaults, Exercise, Routine, Safety
from tests.pictures import PNG

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


def test_every_routine_in_the_guide_loads_and_its_pictures_open(tmp_path: Path) -> None:
    import re

    from player.routine.loader import load_routine

    blocks = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    routines = [b for b in blocks if b.startswith("name:") and "\nexercises:" in b]
    assert len(routines) >= 2  # the complete example and the therapist's sheet
    for number, text in enumerate(routines):
        folder = tmp_path / str(number)
        for image in re.findall(r"image: (\S+)", text):
            (folder / image).parent.mkdir(parents=True, exist_ok=True)
            (folder / image).write_bytes(PNG)
        folder.mkdir(exist_ok=True)
        path = folder / "routine.yaml"
        path.write_text(text)
        loaded = load_routine(path, open_pictures=True)
        assert loaded.routine.exercises


def test_the_sheet_example_uses_every_prescription_form() -> None:
    sheet = DOC.split("## From your therapist's sheet to YAML", 1)[1].split("## Every key", 1)[0]
    for form in ("rest_between_reps", "alternate_sides: set", "alternate_sides: rep", "rate: 6"):
        assert form in sheet
    for form in ('ratio: "2:3"', "image:", "link:", "sets: 2", "duration: 30s"):
        assert form in sheet
