"""One word per idea (docs/glossary.md): a retired name does not come back as a type, a field
or a journal column in player/. Names only: English prose in docstrings and messages is free."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import player
from player.journal.store.rows import columns
from player.journal.store.schema import SCHEMA_VERSION
from player.program.schema import CURRENT

ROOT = Path(player.__file__).parent
GLOSSARY = ROOT.parent / "docs" / "glossary.md"

TYPES = {
    "Phase": {"player/program/models.py"},  # a program's phase; the conductor's is a Stage
    "Stage": {"player/session/ports.py"},
    "Action": {"player/program/decide.py"},  # a decision's; a control's is a Command
    "Command": {"player/controls.py"},
    "Session": set(),  # the app's dependencies are AppDependencies
}
"""A type name and the only modules that may define it."""

FIELDS = {
    "phase": ("player/program/",),
    "action": ("player/program/", "player/controls.py:PickerKey"),  # Textual's own word there
    "elapsed": ("player/session/", "player/journal/work/exercises.py:_Run"),
    "phase_remaining": (),
    "elapsed_seconds": (),
}
"""A field or attribute name and where it may be one (a module or folder, or `module:Class`)."""

RETIRED_COLUMNS = {"elapsed", "elapsed_seconds"}
"""Journal columns renamed in schema version 6 (now `clock` and `clock_seconds`)."""


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT.parent).as_posix()
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


MODULES = dict(_modules())


def _type_names(tree: ast.Module) -> Iterator[str]:
    """Classes, and module-level names bound to a value (aliases such as `X = Literal[...]`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield node.name
    for node in tree.body:
        if isinstance(node, ast.Assign):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id
        elif type(node).__name__ == "TypeAlias":  # `type X = ...` (Python 3.12 on)
            yield node.name.id  # type: ignore[attr-defined]


def _fields(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(class, name) for each field a class declares and each `self.name = ...` it sets."""
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for node in cls.body:
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                yield cls.name, node.target.id
        for node in ast.walk(cls):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for t in targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name):
                    if t.value.id == "self":
                        yield cls.name, t.attr


def _allowed(module: str, cls: str, places: tuple[str, ...]) -> bool:
    for place in places:
        where, _, owner = place.partition(":")
        if module.startswith(where) and (not owner or owner == cls):
            return True
    return False


@pytest.mark.parametrize("name", sorted(TYPES))
def test_each_type_name_is_defined_only_where_its_idea_lives(name: str) -> None:
    found = {module for module, tree in MODULES.items() if name in set(_type_names(tree))}
    assert found <= TYPES[name], f"{name} defined in {sorted(found - TYPES[name])}"


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_each_field_name_is_used_only_for_its_idea(name: str) -> None:
    wrong = [
        f"{module}:{cls}.{field}"
        for module, tree in MODULES.items()
        for cls, field in _fields(tree)
        if field == name and not _allowed(module, cls, FIELDS[name])
    ]
    assert not wrong, f"{name!r} means something else here (docs/glossary.md): {wrong}"


def test_the_session_clock_is_never_passed_as_elapsed() -> None:
    """The journal and the conductor take the session's clock: no parameter there is named
    `elapsed` (that word is for time gone by within a step, an exercise or the plan)."""
    wrong = [
        f"{module}:{node.name}"
        for module, tree in MODULES.items()
        if module.startswith(("player/journal/", "player/conductor/"))
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and "elapsed" in {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
    ]
    assert not wrong


def test_a_sessions_pain_is_baseline_highest_final() -> None:
    """Wherever a session's pain is kept beside its highest, the other two are `baseline` and
    `final`, as the check-ins and the journal name them (never `before` and `end`)."""
    triples = {
        f"{module}:{cls}": names
        for module, tree in MODULES.items()
        for cls in {c for c, _ in _fields(tree)}
        if "highest" in (names := {f for c, f in _fields(tree) if c == cls})
    }
    assert "player/journal/figures.py:Pain" in triples
    wrong = [where for where, names in triples.items() if names & {"before", "end"}]
    assert not wrong


def test_utc_now_is_defined_once() -> None:
    found = [
        module
        for module, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "utc_now"
    ]
    assert found == ["player/journal/records.py"]


def test_the_journal_columns_use_todays_words() -> None:
    tables = columns(SCHEMA_VERSION, CURRENT)  # the program's tables too
    names = {name for table in tables.values() for name, _kind, _required in table}
    assert not names & RETIRED_COLUMNS
    assert "clock" in {name for name, _, _ in tables["events"]}
    assert "clock_seconds" in {name for name, _, _ in tables["sessions"]}
    assert "program_decisions" in tables


def test_the_glossary_names_every_guarded_word() -> None:
    text = GLOSSARY.read_text(encoding="utf-8")
    for word in ("phase", "rep phase", "stage", "verdict", "action", "command", "clock"):
        assert f"| **{word}** |" in text, word
    for name in (*TYPES, *FIELDS):
        if name not in ("Session", "phase_remaining", "elapsed_seconds"):
            assert name in text, name


def test_the_guard_sees_the_names_it_allows() -> None:
    """The walk finds the names where they belong, so a pass is not an empty search."""
    assert ("Standing", "phase") in set(_fields(MODULES["player/program/standing.py"]))
    assert ("Decision", "action") in set(_fields(MODULES["player/program/decide.py"]))
    assert ("Conductor", "stage") in set(_fields(MODULES["player/conductor/core.py"]))
    assert "Phase" in set(_type_names(MODULES["player/program/models.py"]))
    assert "Stage" in set(_type_names(MODULES["player/session/ports.py"]))
