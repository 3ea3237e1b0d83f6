"""Files a routine names stay in its folder: no absolute paths, no `..` or links leading out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.locations import builtin_routines_dir, sounds_dir
from player.routine.discovery import resolve_routine
from player.routine.loader import RoutineError, load_routine, resolve_inside

HEAD = "name: R\ndescription: d\nexercises:\n  - name: a\n    duration: 30\n"
WAV = sounds_dir() / "go.wav"


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """`shared/routine/` (where the routine goes, with a sound) beside `shared/private/`."""
    folder = tmp_path / "shared" / "routine"
    (folder / "sounds").mkdir(parents=True)
    shutil.copy(WAV, folder / "sounds" / "bell.wav")
    (tmp_path / "shared" / "private").mkdir()
    shutil.copy(WAV, tmp_path / "shared" / "private" / "secret.wav")
    return folder


def _routine(folder: Path, sound: str) -> Path:
    path = folder / "r.yaml"
    path.write_text(HEAD + f"    sound:\n      go: {sound}\n", encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert len(caught.value.lines) == 1
    return caught.value.lines[0]


def test_a_path_with_dots_leading_out_is_refused(layout: Path) -> None:
    path = _routine(layout, "../private/secret.wav")
    outside = layout.parent.resolve() / "private" / "secret.wav"
    assert _error(path) == (
        f"{path}:7:11: exercises[0].sound.go: leads to {outside}, outside the routine's folder "
        f"{layout.resolve()}; keep the files a routine uses in its folder "
        "(found '../private/secret.wav')"
    )


def test_an_absolute_path_is_refused_even_inside_the_folder(layout: Path) -> None:
    inside = layout.resolve() / "sounds" / "bell.wav"
    path = _routine(layout, str(inside))
    assert _error(path) == (
        f"{path}:7:11: exercises[0].sound.go: must be a path relative to the routine's folder, "
        f"not absolute (found '{inside}')"
    )


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symlink_out_of_the_folder_is_refused(layout: Path, link: str) -> None:
    private = layout.parent / "private"
    if link == "file":
        (layout / "sounds" / "bell.wav").unlink()
        (layout / "sounds" / "bell.wav").symlink_to(private / "secret.wav")
        written, target = "sounds/bell.wav", private.resolve() / "secret.wav"
    else:
        (layout / "more").symlink_to(private, target_is_directory=True)
        written, target = "more/secret.wav", private.resolve() / "secret.wav"
    path = _routine(layout, written)
    assert _error(path) == (
        f"{path}:7:11: exercises[0].sound.go: links to {target}, outside the routine's folder "
        f"{layout.resolve()}; keep the files a routine uses in its folder (found '{written}')"
    )


@pytest.mark.parametrize("written", ["sounds/bell.wav", "sounds/../sounds/bell.wav", "in/bell.wav"])
def test_paths_that_stay_inside_load_and_are_played(layout: Path, written: str) -> None:
    (layout / "in").symlink_to(layout / "sounds", target_is_directory=True)  # a link inside
    loaded = load_routine(_routine(layout, written))
    assert loaded.sound_override("go", 0) == (layout / "sounds" / "bell.wav").resolve()


def test_a_file_changed_into_a_link_out_after_loading_is_not_played(layout: Path) -> None:
    loaded = load_routine(_routine(layout, "sounds/bell.wav"))
    (layout / "sounds" / "bell.wav").unlink()
    (layout / "sounds" / "bell.wav").symlink_to(layout.parent / "private" / "secret.wav")
    assert loaded.sound_override("go", 0) is None  # the built-in cue plays instead


def test_resolve_inside_is_the_one_check_other_files_can_use(tmp_path: Path) -> None:
    assert (
        resolve_inside(tmp_path, "a/b.png", "r.yaml:3:5: image") == tmp_path.resolve() / "a/b.png"
    )
    with pytest.raises(RoutineError) as caught:
        resolve_inside(tmp_path, "../b.png", "r.yaml:3:5: image")
    assert caught.value.lines[0].startswith("r.yaml:3:5: image: leads to ")


@pytest.mark.parametrize("command", ["validate", "play"])
def test_validate_and_play_refuse_with_the_line_and_status_2(layout: Path, command: str) -> None:
    path = _routine(layout, "../private/secret.wav")
    args = [command, str(path)] + (["--plain"] if command == "play" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"{path}:7:11: exercises[0].sound.go: leads")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", sorted(builtin_routines_dir().glob("*.yaml")), ids=str)
def test_every_builtin_routine_is_held_to_the_same_rule(path: Path) -> None:
    """Built-ins load through the same checks, by name as `hep play` finds them."""
    loaded = resolve_routine(path.stem)
    assert loaded.builtin and loaded.path == path
    for index, exercise in enumerate(loaded.routine.exercises):
        for cue in {**(loaded.routine.sound or {}), **(exercise.sound or {})}:
            found = loaded.sound_override(cue, index)
            assert found is not None and found.is_relative_to(path.parent.resolve())
