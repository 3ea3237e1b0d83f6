"""hep's own routines ship in compiled form: a file with exactly the bytes of one of them starts
with no validation (no YAML, no pydantic) at its first play, wherever it is; any other byte, or a
damaged table, and the file is validated as ever."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from player.locations import builtin_routines_dir, sounds_dir
from player.routine import shipped as shipped_module
from player.routine.compiled import routine_data
from player.routine.loader import load_compiled, load_routine
from player.routine.ship import shipped_table, table_text
from player.routine.shipped import shipped, shipped_file

BUILTINS = sorted(builtin_routines_dir().glob("*.yaml"))


def test_the_table_is_what_validating_hep_s_routines_gives_now() -> None:
    """A built-in routine (or the compiled form, or a rule of validation) changed without the
    table written again fails here: `python scripts/ship_routines.py` writes it."""
    assert shipped_file().read_text("utf-8") == table_text(shipped_table()), (
        "routines/compiled-routines.json is out of date: run python scripts/ship_routines.py"
    )
    assert len(json.loads(shipped_file().read_text("utf-8"))["routines"]) == len(BUILTINS)


@pytest.mark.parametrize("builtin", BUILTINS, ids=lambda p: p.stem)
def test_a_copy_of_a_built_in_routine_plays_from_the_table_at_its_first_play(
    builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "empty-cache"))
    copy = tmp_path / "mine" / builtin.name
    copy.parent.mkdir()
    shutil.copy(builtin, copy)
    found = load_compiled(copy)
    assert found is not None
    assert not (tmp_path / "empty-cache").exists()  # nothing was validated, nothing kept
    validated = load_routine(copy, open_pictures=True)  # in full, never from the table
    assert routine_data(found.routine) == routine_data(validated.routine)
    assert found.source_hash == validated.source_hash
    assert (found.path, found.base_dir, found.builtin) == (copy, copy.parent, False)


def test_one_byte_changed_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "cache"))
    raw = BUILTINS[0].read_bytes()
    assert shipped(raw) is not None
    changed = raw.replace(b"\n", b"\n\n", 1)
    assert shipped(changed) is None
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(changed)
    assert load_compiled(mine) is None  # the first play validates it


def test_a_changed_routine_with_a_mistake_still_exits_2_before_any_screen(tmp_path: Path) -> None:
    """The table never vouches for bytes it does not hold: a copy with a mistake in it is
    reported as any bad routine is."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(BUILTINS[0].read_bytes().replace(b"\nexercises:", b"\nexercise:", 1))
    done = subprocess.run(
        [sys.executable, "-m", "player", "play", str(bad), "--plain"],
        env={"HEP_DATA_DIR": str(tmp_path / "data"), "HEP_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert str(bad) in done.stderr


def _damaged(text: str) -> str:
    table = json.loads(text)
    for entry in table["routines"].values():
        entry["routine"]["safety"]["stop_at"] = "eleven"
    return json.dumps(table)


def _other_layout(text: str) -> str:
    table = json.loads(text)
    table["layout"] = "Routine:name"
    return json.dumps(table)


def _bad_hash(text: str) -> str:
    table = json.loads(text)
    for entry in table["routines"].values():
        entry["source_hash"] = "abc"
    return json.dumps(table)


@pytest.mark.parametrize(
    "damage",
    [lambda text: text[: len(text) // 2], lambda text: "[]", _damaged, _other_layout, _bad_hash],
    ids=["cut-short", "not-a-table", "a-value-out-of-range", "another-layout", "a-bad-hash"],
)
def test_a_damaged_table_sends_the_routine_to_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    table = tmp_path / "compiled-routines.json"
    table.write_text(damage(shipped_file().read_text("utf-8")))  # type: ignore[operator]
    monkeypatch.setattr(shipped_module, "shipped_file", lambda: table)
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "cache"))
    raw = BUILTINS[0].read_bytes()
    assert shipped(raw) is None
    loaded = load_routine(BUILTINS[0], builtin=True)  # validated: the same routine
    assert loaded.routine.name


def test_no_table_is_no_shortcut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipped_module, "shipped_file", lambda: tmp_path / "none.json")
    assert shipped(BUILTINS[0].read_bytes()) is None


def test_the_first_play_of_a_built_in_routine_needs_no_yaml_or_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys; from player.routine.loader import load_compiled; "
        f"assert load_compiled({str(BUILTINS[0])!r}, builtin=True) is not None; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'pydantic')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"HEP_CACHE_DIR": str(tmp_path / "empty-cache"), "HEP_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "[]"


def test_a_routine_that_names_its_own_files_is_not_shipped(tmp_path: Path) -> None:
    shutil.copy(next(sounds_dir().glob("*.wav")), tmp_path / "bell.wav")
    text = BUILTINS[0].read_text("utf-8")
    named = text.replace("\nexercises:", "\nsound:\n  go: bell.wav\nexercises:", 1)
    (tmp_path / "r.yaml").write_text(named)
    with pytest.raises(ValueError, match="names files of its own"):
        shipped_table(tmp_path)
