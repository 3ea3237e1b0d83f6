"""docs/clinical-basis.md is the product's one place for sources, and it matches the defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from player.routine.models import Defaults, Safety
from player.session.safety import RED_FLAG_QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "clinical-basis.md").read_text(encoding="utf-8")
PRODUCT = [ROOT / "README.md", *(ROOT / name for name in ("player", "routines", "docs"))]
TEXT = {".py", ".md", ".yaml", ".yml", ".json", ".tcss", ".txt"}


def _product_files() -> list[Path]:
    files: list[Path] = []
    for place in [*PRODUCT, ROOT / "benchmarks"]:
        if place.is_file():
            files.append(place)
        else:
            files += sorted(p for p in place.rglob("*") if p.suffix in TEXT and p.is_file())
    return files


def test_nothing_users_get_cites_a_folder_they_do_not_get() -> None:
    cited = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _product_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "shared/" in line
    ]
    assert cited == []


@pytest.mark.parametrize(
    "name",
    [
        "README.md",
        "docs/authoring.md",
        "player/session/safety.py",
        "routines/foam-roller.yaml",
        "routines/core-stabilization.yaml",
        "routines/relaxation.yaml",
        "routines/routine.schema.json",
    ],
)
def test_every_place_that_cites_sources_points_to_the_clinical_basis(name: str) -> None:
    assert "clinical-basis.md" in (ROOT / name).read_text(encoding="utf-8")


def test_the_defaults_it_explains_are_the_defaults_hep_has() -> None:
    safety, defaults = Safety(), Defaults()
    assert f"`safety.stop_at`, default {safety.stop_at}" in DOC
    assert f"`safety.max_rise`, default {safety.max_rise}" in DOC
    assert f"{defaults.rest:g} s rest between sets (`defaults.rest`)" in DOC
    assert f"{defaults.get_ready:g} s to get" in DOC
    assert f"`safety.screen: {safety.screen}`" in DOC
    for flag in safety.stop_on:
        assert f"`{flag}`" in DOC


def test_it_lists_each_red_flag_question() -> None:
    table = DOC.split("## Red flags", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 == len(RED_FLAG_QUESTIONS)  # less the header row
    emergency = [row for row in rows if row.endswith("| emergency care now |")]
    assert len(emergency) == sum(q.urgency == "emergency" for q in RED_FLAG_QUESTIONS)


def test_its_contents_links_reach_its_headings() -> None:
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line[3:].lower()).replace(" ", "-")
        for line in DOC.splitlines()
        if line.startswith("## ")
    }
    links = re.findall(r"\]\(#([^)]+)\)", DOC)
    assert links and set(links) <= headings
