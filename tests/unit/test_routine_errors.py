"""Every bad routine file gives one line `path:line:col: what is wrong`, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine.loader import RoutineError, load_routine

HEAD = "name: R\ndescription: d\nexercises:\n"

# (file text, expected "line:col" or None for no position, a fragment of the message)
CASES: dict[str, tuple[str, str | None, str]] = {
    "unknown_key": (HEAD + "  - name: a\n    durration: 30\n", "5:5", "did you mean 'duration'"),
    "unknown_top_key": ("name: R\ndescriptoin: d\nexercises: []\n", "2:1", "'description'"),
    "duplicate_key": (
        HEAD + "  - name: a\n    duration: 30\n    duration: 40\n",
        "6:5",
        "duplicate key 'duration' (first at line 5)",
    ),
    "wrong_type": (
        HEAD + "  - name: a\n    duration: 30\n    sets: lots\n",
        "6:11",
        "expected a whole number (found 'lots')",
    ),
    "negative_duration": (HEAD + "  - name: a\n    duration: -5\n", "5:15", "more than 0"),
    "zero_duration": (HEAD + "  - name: a\n    duration: 0s\n", "5:15", "more than 0"),
    "bad_duration_text": (HEAD + "  - name: a\n    duration: soon\n", "5:15", "like 45s"),
    "hold_and_tempo": (
        HEAD + "  - name: a\n    reps: 5\n    hold: 8\n    tempo: 2\n",
        "4:5",
        "both hold and tempo",
    ),
    "two_timings": (
        HEAD + "  - name: a\n    reps: 5\n    duration: 30\n",
        "4:5",
        "exactly one of duration, reps or breathing (found duration and reps)",
    ),
    "no_timing": (HEAD + "  - name: a\n", "4:5", "(found none of them)"),
    "reps_sets_disagree": (
        HEAD + "  - name: a\n    reps: [5, 3, 1]\n    sets: 2\n",
        "4:5",
        "reps list has 3 counts but sets is 2",
    ),
    "hold_without_reps": (
        HEAD + "  - name: a\n    duration: 30\n    hold: 5\n",
        "4:5",
        "'hold' goes with reps",
    ),
    "too_many_exercises": (
        HEAD + "  - {name: a, duration: 1}\n" * 501,
        "4:3",
        "too many items (at most 500)",
    ),
    "duration_over_two_hours": (HEAD + "  - name: a\n    duration: 3h\n", "5:15", "2 hours"),
    "routine_over_four_hours": (HEAD + "  - {name: a, duration: 2h}\n" * 3, "1:1", "4 hours"),
    "alias_bomb": (
        "a: &a [1,1,1,1,1,1,1,1,1,1]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
            for i in range(6)
        ),
        None,
        "more than 100,000 values",
    ),
    "recursive_alias": ("a: &x [1, *x]\n", "1:4", "contains itself"),
    "deep_nesting": ("a: " + "[" * 3000 + "]" * 3000 + "\n", "1:44", "nested more than 40"),
    "empty": ("", None, "the file is empty"),
    "only_comments": ("# nothing here\n", None, "the file is empty"),
    "top_level_list": ("- a\n- b\n", "1:1", "(found a list)"),
    "top_level_scalar": ("just words\n", "1:1", "(found a single value"),
    "null_key": ("name: R\ndescription: d\n~: x\nexercises: []\n", "3:1", "unknown key 'null'"),
    "python_tag": ("name: !!python/object/apply:os.system ['true']\n", "1:7", "unsupported tag"),
    "cue_past_end": (
        HEAD + "  - name: a\n    duration: 30\n    cues: [{text: hi, at: 40}]\n",
        "4:5",
        "past the end",
    ),
    "bad_yaml": (HEAD + "  - name: a\n    duration: [30\n", "5:15", "'[' here is not closed"),
    "two_documents": ("name: a\n---\nname: b\n", "2:1", "single document"),
    "bad_checkin": (
        HEAD + "  - name: a\n    duration: 30\n    checkin: sometimes\n",
        "6:14",
        "expected one of 'after_exercise'",
    ),
    "stop_at_range": (
        "name: R\ndescription: d\nsafety: {stop_at: 12}\nexercises:\n  - {name: a, duration: 30}\n",
        "3:19",
        "at most 10 (found 12)",
    ),
    "missing_name": (
        "description: d\nexercises:\n  - {name: a, duration: 30}\n",
        "1:1",
        "missing required key 'name'",
    ),
    "missing_sound": (
        HEAD + "  - name: a\n    duration: 30\n    sound: {go: nope.wav}\n",
        "6:17",
        "no such sound file (found 'nope.wav')",
    ),
    "lone_surrogate": ('name: "a\\ud800"\n', "1:7", "lone surrogate"),
    "long_unreadable_value": ("name: !!int " + "9" * 5000 + "x\n", "1:7", "unreadable value"),
    "nested_past_recursion": (
        HEAD + "  - name: a\n    duration: 1s\n    cues: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "6:49",
        "nested more than 40 levels deep",
    ),
    "mapping_nested_past_recursion": (
        HEAD + "  - name: a\n    duration: 1s\n    cues: " + "{a: " * 50_000 + "}" * 50_000 + "\n",
        "6:163",
        "nested more than 40 levels deep",
    ),
    "escape_past_unicode": (
        'name: R\ndescription: "ok \\U99999999"\n',
        "2:18",
        "an escape sequence names a character that does not exist",
    ),
    "control_character_after_old_mac_line_ends": (
        "name: R\rdescription: a\x07b\r",
        "2:15",
        "unprintable character",
    ),
    "control_character_after_a_wide_character": ("name: \U0001f9d8\x07\n", "1:8", "unprintable"),
    "key_of_a_megabyte": (
        "name: R\ndescription: d\n? " + "k" * 900_000 + "\n: 1\nexercises: []\n",
        "3:3",
        "a key of 900,000 characters",
    ),
    "name_of_escapes_only": (
        'name: "\\e[2J"\ndescription: d\nexercises:\n  - name: a\n    duration: 1s\n',
        "1:7",
        "name: must not be empty",
    ),
    "sides_equal_once_shown": (
        HEAD + '  - name: a\n    duration: 1s\n    sides: ["\\e[1mleft", "left\\a"]\n',
        "6:12",
        "side labels must differ",
    ),
    "octal_of_6000_digits": (
        "name: R\ndescription: d\nsafety: {stop_at: 0o" + "7" * 6000 + "}\nexercises: []\n",
        "3:19",
        "safety.stop_at: must be at most 10 (found a whole number of 5,419 digits)",
    ),
    "hex_of_5000_digits": (
        HEAD + "  - name: a\n    reps: 0x" + "f" * 5000 + "\n",
        "5:11",
        "(found a whole number of 6,021 digits)",
    ),
    "hex_duration_of_5000_digits": (
        HEAD + "  - name: a\n    duration: 0x" + "f" * 5000 + "\n",
        "5:15",
        "(found a whole number of 6,021 digits)",
    ),
    "hex_key_of_5000_digits": (
        "name: R\ndescription: d\n? 0x" + "f" * 5000 + "\n: 1\nexercises: []\n",
        "3:3",
        "a key of 5,002 characters",
    ),
    "control_character": ("name: a\x07b\n", "1:8", "unprintable character"),
}


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_positioned_line(case: str, tmp_path: Path) -> None:
    text, where, fragment = CASES[case]
    given = _write(tmp_path, case, text)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    lines = caught.value.lines
    joined = "\n".join(lines)
    assert fragment in joined
    for line in lines:
        assert "\n" not in line and "Traceback" not in line and len(line) < 400
        assert line.startswith(given + ":")
    if where is not None:
        assert any(line.startswith(f"{given}:{where}: ") for line in lines), joined
    else:
        assert lines[0].startswith(f"{given}: ") or lines[0].split(":")[1].isdigit()


def test_not_utf8_names_the_byte_and_place(tmp_path: Path) -> None:
    given = _write(tmp_path, "latin1", b"name: caf\xe9\n")
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert caught.value.lines == [
        f"{given}:1:10: the file is not UTF-8 text (found byte 0xe9); save it as UTF-8"
    ]


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"name: R\rdescription: caf\xe9\r", "2:17"),  # line ends of an old Mac
        (b"name: R\r\ndescription: caf\xe9\r\n", "2:17"),
        ("name: R\ndescription: \u00e9t\u00e9 ".encode() + b"caf\xe9\n", "2:21"),  # characters
    ],
)
def test_a_byte_that_is_not_utf8_is_placed_as_an_editor_counts(
    tmp_path: Path, raw: bytes, where: str
) -> None:
    given = _write(tmp_path, "latin1", raw)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert caught.value.lines == [
        f"{given}:{where}: the file is not UTF-8 text (found byte 0xe9); save it as UTF-8"
    ]


def test_file_over_one_megabyte(tmp_path: Path) -> None:
    given = _write(tmp_path, "big", "# " + "x" * (1024 * 1024) + "\n")
    with pytest.raises(RoutineError, match=r"too large \(1,048,579 bytes; the limit is 1 MB\)"):
        load_routine(given)


def test_directory_and_missing_path_keep_the_path_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # and back after the test: the next test in this process
    (tmp_path / "folder").mkdir()
    with pytest.raises(RoutineError) as caught:
        load_routine("folder")
    assert caught.value.lines == ["folder: is a folder, not a routine file"]
    with pytest.raises(RoutineError) as caught:
        load_routine("./nope/r.yaml")
    assert caught.value.lines == ["./nope/r.yaml: no such file"]


def test_bad_sound_files(tmp_path: Path) -> None:
    (tmp_path / "text.wav").write_text("not audio")
    import wave

    with wave.open(str(tmp_path / "long.wav"), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 8000 * 11)
    text = HEAD + "  - name: a\n    duration: 30\n    sound: {go: text.wav, rest: long.wav}\n"
    given = _write(tmp_path, "sounds", text)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    joined = "\n".join(caught.value.lines)
    assert "exercises[0].sound.go: not a readable WAV file" in joined
    assert "exercises[0].sound.rest: sound is too long (11.0 s; the limit is 10 s)" in joined


def test_several_problems_are_all_reported_in_file_order(tmp_path: Path) -> None:
    text = HEAD + "  - name: a\n    duration: -1\n  - name: b\n    reps: 0\n"
    given = _write(tmp_path, "many", text)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert [line.split(":")[1] for line in caught.value.lines] == ["5", "7"]


@pytest.mark.parametrize(
    ("key", "value", "found"),
    [
        ("description", "~", "expected text (found nothing)"),
        ("sets", "true", "expected a whole number (found true)"),
        ("sets", "false", "expected a whole number (found false)"),
        ("sets", "{a: 1}", "expected a whole number (found a mapping)"),
        ("sets", "[1]", "expected a whole number (found a list)"),
        ("sets", "2.5", "expected a whole number (found 2.5)"),
        # At most 40 characters of what was found: 38 letters quoted are 40, 39 are cut.
        ("sets", "x" * 38, f"expected a whole number (found '{'x' * 38}')"),
        ("sets", "x" * 39, f"expected a whole number (found '{'x' * 36}...)"),
        ("sets", "1" * 45, f"must be at most 20 (found {'1' * 37}...)"),
    ],
)
def test_what_was_found_is_said_as_a_person_reads_it(
    key: str, value: str, found: str, tmp_path: Path
) -> None:
    if key == "sets":
        text = HEAD + f"  - name: a\n    duration: 30\n    sets: {value}\n"
    else:
        text = f"name: R\n{key}: {value}\nexercises:\n  - {{name: a, duration: 30}}\n"
    given = _write(tmp_path, "found", text)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert [line.split(": ", 2)[-1] for line in caught.value.lines] == [found]


def test_a_program_given_as_a_routine_is_named_as_one(tmp_path: Path) -> None:
    # `hep play back.yaml` with a program: one line that says what the file is and what plays
    # it, not "missing required key 'exercises'" and "unknown key 'phases'".
    text = (
        "name: P\ndescription: d\nphases:\n  - name: One\n    weeks: 1\n    description: d\n"
        "    routines:\n      - {routine: relaxation, every: day}\n"
    )
    given = _write(tmp_path, "back", text)
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert caught.value.lines == [
        f"{given}:3:1: this is a program (it has phases), not a routine: follow it with "
        f"hep program start {given}"
    ]


@pytest.mark.parametrize(
    ("extra", "found"),
    [(100, "1,048,676 bytes"), (400_000, "1.4 MB")],
)
def test_a_file_just_over_the_limit_says_by_how_much(
    tmp_path: Path, extra: int, found: str
) -> None:
    # "1.0 MB; the limit is 1 MB" reads as a file at the limit, not over it.
    given = _write(tmp_path, "big", HEAD.encode() + b"#" * (1024 * 1024 + extra - len(HEAD)))
    with pytest.raises(RoutineError) as caught:
        load_routine(given)
    assert caught.value.lines == [f"{given}: the file is too large ({found}; the limit is 1 MB)"]
