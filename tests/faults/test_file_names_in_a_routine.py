"""A picture or sound file named in a routine is found when played exactly when `hep validate`
finds it: a name with a character a terminal acts on (a tab, a line break, an escape, a bidi
override) is refused at validation, one line, exit 2; any other name plays as validated."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from player.routine.files import RoutineError
from player.routine.loader import load_routine
from tests.faults.conftest import HEP, REPO, hep_env

PICTURE = REPO / "docs" / "images" / "report-example.png"
SOUND = sorted((REPO / "sounds").glob("*.wav"))[0]


def _routine(folder: Path, image: str | None = None, sound: str | None = None) -> Path:
    """A routine naming `image` and `sound` (written with YAML's own escapes, `\\t`)."""
    lines = [
        "name: Names",
        "description: d",
        "safety: {screen: never}",
        "defaults: {get_ready: 0s, checkin: none}",
    ]
    if sound is not None:
        lines.append(f"sound: {{go: {json.dumps(sound)}}}")
    lines += ["exercises:", "  - name: Bird dog", "    duration: 3s"]
    if image is not None:
        lines.append(f"    image: {json.dumps(image)}")
    path = folder / "names.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CONTROLS = ["\t", "\x1b", "\x7f", "\x85", "\u202e", "\u2028", "\r"]
"""Characters a terminal acts on, each of which `shown` drops or turns into a space."""


@pytest.mark.parametrize("char", CONTROLS)
def test_a_picture_named_with_a_control_character_is_refused(tmp_path: Path, char: str) -> None:
    name = f"bird{char}dog.png"
    shutil.copy(PICTURE, tmp_path / name)  # the file is there: only its name is wrong
    with pytest.raises(RoutineError) as refused:
        load_routine(_routine(tmp_path, image=name))
    (line,) = refused.value.lines
    assert line.startswith("names.yaml:8:12: exercises[0].image: ") or line.startswith(
        f"{tmp_path / 'names.yaml'}:8:12: exercises[0].image: "
    ), line
    assert "rename the file" in line and line.isprintable(), line


@pytest.mark.parametrize("char", CONTROLS)
def test_a_sound_named_with_a_control_character_is_refused(tmp_path: Path, char: str) -> None:
    name = f"go{char}now.wav"
    shutil.copy(SOUND, tmp_path / name)
    with pytest.raises(RoutineError) as refused:
        load_routine(_routine(tmp_path, sound=name))
    (line,) = refused.value.lines
    assert ":5:" in line and "sound.go: " in line and "rename the file" in line, line


def test_hep_validate_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    shutil.copy(PICTURE, tmp_path / "bird\tdog.png")
    _routine(tmp_path, image="bird\tdog.png")
    done = subprocess.run(
        [*HEP, "validate", "names.yaml"],
        env=hep_env(tmp_path / "data"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "names.yaml:8:12: exercises[0].image: a file name with a tab, a line break or another "
        "control character cannot be shown as it is; rename the file (found 'bird\\tdog.png')"
    ]


@pytest.mark.parametrize(
    "name", ["bird dog.png", " bird.png", "bird .png", "vogel-hund é.png", "bird\u200bdog.png"]
)
def test_a_picture_with_any_other_name_is_found_when_played(tmp_path: Path, name: str) -> None:
    shutil.copy(PICTURE, tmp_path / name)
    loaded = load_routine(_routine(tmp_path, image=name))
    picture = loaded.image_path(0)
    assert picture is not None and picture.name == name and picture.is_file()


def test_a_sound_with_any_other_name_is_found_when_played(tmp_path: Path) -> None:
    shutil.copy(SOUND, tmp_path / "go now é.wav")
    loaded = load_routine(_routine(tmp_path, sound="go now é.wav"))
    found = loaded.sound_override("go")
    assert found is not None and found.name == "go now é.wav" and found.is_file()


@pytest.mark.parametrize("name", ["go.wav ", " go.wav"])
def test_a_sound_name_with_spaces_around_is_read_without_them_at_validation_too(
    tmp_path: Path, name: str
) -> None:
    shutil.copy(SOUND, tmp_path / name)
    with pytest.raises(RoutineError) as refused:
        load_routine(_routine(tmp_path, sound=name))
    assert "no such sound file (found 'go.wav')" in refused.value.lines[0]
    shutil.copy(SOUND, tmp_path / "go.wav")
    found = load_routine(_routine(tmp_path, sound=name)).sound_override("go")
    assert found is not None and found.name == "go.wav", "played as validated"


def test_a_picture_name_ending_in_a_space_is_refused_as_no_picture(tmp_path: Path) -> None:
    shutil.copy(PICTURE, tmp_path / "bird.png ")
    with pytest.raises(RoutineError) as refused:
        load_routine(_routine(tmp_path, image="bird.png "))
    (line,) = refused.value.lines
    assert "must be a PNG or JPEG file" in line and "(found 'bird.png ')" in line, line
