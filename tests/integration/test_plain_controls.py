"""The plain player's controls and prescriptions: counted reps, mute, skip exercise, help, hints,
relaxes, pictures and links, all from typed lines."""

from __future__ import annotations

from pathlib import Path

from player.controls import CONTROLS
from player.routine.loader import load_routine
from tests.doubles import RecordingSoundPlayer
from tests.integration.test_plain import play_loaded
from tests.pictures import PNG

ROUTINE = """\
name: Plain controls
description: Counted, held and self-paced reps.
defaults: {get_ready: 2s, rest: 2s, rest_between_exercises: 2s, checkin: none}
safety: {screen: never}
exercises:
  - name: Dead bug
    instructions: Lower one arm and the opposite leg.
    reps: 3
    tempo: 2s
    image: dead-bug.png
    link: https://example.org/dead-bug
  - name: Curl-up
    reps: 2
    hold: 4s
    sides: [left, right]
    alternate_sides: rep
  - name: Cat-camel
    reps: 5
"""


def play(tmp_path: Path, lines: list[str]) -> tuple[int, str, RecordingSoundPlayer]:
    (tmp_path / "dead-bug.png").write_bytes(PNG)
    path = tmp_path / "controls.yaml"
    path.write_text(ROUTINE)
    return play_loaded(load_routine(path), lines)


def test_tempo_reps_are_counted_in_lines_and_aloud(tmp_path: Path) -> None:
    status, text, sound = play(tmp_path, ["1", "", "1"])
    assert status == 0, text
    lines = text.splitlines()
    counted = [line for line in lines if line.startswith("Rep ")]
    assert counted[:3] == ["Rep 1 of 3", "Rep 2 of 3", "Rep 3 of 3"]
    said = [text for kind, text, _ in sound.calls if kind == "say"]
    assert ["1", "2", "3"] == [s for s in said if s.isdigit()][:3]


def test_held_reps_alternate_sides_with_a_relax_between(tmp_path: Path) -> None:
    _, text, sound = play(tmp_path, ["1", "", "1"])
    holds = [line for line in text.splitlines() if line.startswith("Curl-up, ")]
    assert [h.split(",")[1].strip() for h in holds] == ["left", "right", "left", "right"]
    assert text.count("Relax 3s") == 3
    assert sound.cue_names.count("relax") == 3


def test_self_paced_set_says_to_type_done(tmp_path: Path) -> None:
    _, text, _ = play(tmp_path, ["1", "", "1"])
    assert "Type done (or press Enter) when the set is done." in text


def test_mute_and_unmute(tmp_path: Path) -> None:
    status, text, sound = play(tmp_path, ["1", "m", "", "1"])
    assert status == 0
    assert "Cues muted." in text and sound.muted
    _, text, sound = play(tmp_path, ["1", "m", "m", "", "1"])
    assert text.index("Cues muted.") < text.index("Cues on.") and not sound.muted


def test_e_skips_the_rest_of_the_exercise(tmp_path: Path) -> None:
    status, text, _ = play(tmp_path, ["1", "e", "", "1"])
    assert status == 0
    assert "Dead bug: skipped." in text
    assert "Rep 1 of 3" not in text


def test_help_lists_every_control(tmp_path: Path) -> None:
    _, text, _ = play(tmp_path, ["1", "help", "", "1"])
    line = next(line for line in text.splitlines() if line.startswith("Commands:"))
    for c in CONTROLS:
        assert f" {c.words[0]}: {c.what}" in line or f" {c.words[0]} (or just Enter): " in line
    assert " n:" not in line and " y:" not in line


def test_instructions_print_the_picture_and_link(tmp_path: Path) -> None:
    _, text, _ = play(tmp_path, ["1", "i", "", "1"])
    assert "Lower one arm and the opposite leg." in text
    assert f"Picture: {(tmp_path / 'dead-bug.png').resolve()}" in text
    assert "Link: https://example.org/dead-bug" in text


def test_done_typed_ahead_waits_for_its_set(tmp_path: Path) -> None:
    status, text, _ = play(tmp_path, ["1", "done", "1"])
    assert status == 0, text
    assert "Commands:" not in text
    lines = text.splitlines()
    assert lines.index("> done") > lines.index("Cat-camel: 5 reps at your own pace")


def test_a_note_left_in_the_input_after_the_end_is_not_dropped_without_a_word(
    tmp_path: Path,
) -> None:
    status, text, _ = play(
        tmp_path, ["2", "done", "done", "done", "2", "2", "note knee fine after all"]
    )
    assert status == 0, text[-2000:]
    assert "Not kept (the session was over): knee fine after all" in text
