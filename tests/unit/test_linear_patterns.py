"""Every pattern run on text from a file reads a megabyte in linear time (and gives its answer).

Each of these once backtracked: the "2x15" hint on a long duration took 76 s for 100 KB, the
ratio pattern minutes on a run of digits, the link pattern minutes on a long host.
"""

from __future__ import annotations

import pytest

from player.routine import fields, yamlhints
from player.routine.durations import parse_duration

MB = 1_000_000


@pytest.mark.timeout(5)
@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1" + " " * MB + "y", None),
        ("1" + "x" * MB, None),
        ("2" + " " * MB + "x 15", "reps: 15 with sets: 2"),
        ("3 x " + "30s" + " " * MB, "duration: 30s with sets: 3"),
    ],
    ids=["spaces", "signs", "spaced-reps", "trailing-spaces"],
)
def test_the_sets_hint_is_linear(text: str, hint: str | None) -> None:
    found = fields._sets_hint(text, "reps" if "15" in text else "duration")
    assert found == hint or (hint is not None and found is not None and hint in found)


@pytest.mark.timeout(5)
@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("1" * MB + "0", False),
        ("0" * MB + ":1", False),
        ("1" + "0" * MB + ":2", True),
        ("1" + " " * MB + ":", False),
    ],
    ids=["digits", "zeros", "long-number", "spaces"],
)
def test_the_ratio_pattern_is_linear(text: str, matches: bool) -> None:
    assert (fields._RATIO.match(text) is not None) == matches


@pytest.mark.timeout(5)
@pytest.mark.parametrize(
    ("text", "matches"),
    [("http://" + "a" * MB + " ", False), ("https://" + "a" * MB + "/x", True)],
    ids=["space-at-end", "long-host"],
)
def test_the_link_pattern_is_linear(text: str, matches: bool) -> None:
    assert (fields._LINK.match(text) is not None) == matches


@pytest.mark.timeout(5)
@pytest.mark.parametrize("line", ["- " * MB, " " * MB + "a", "a" * MB + ":"], ids=str.__len__)
def test_the_yaml_key_hint_is_linear(line: str) -> None:
    assert yamlhints._key([line], 1) is None or len(line) < yamlhints.KEY_LINE_MAX


@pytest.mark.timeout(5)
@pytest.mark.parametrize("text", ["1" + " " * MB + "q", "1 " * (MB // 2), "1s " * (MB // 3)])
def test_the_duration_grammar_is_linear(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.timeout(20)
def test_a_megabyte_duration_in_a_routine_file_is_one_error(tmp_path: object) -> None:
    from pathlib import Path

    from player.routine.loader import RoutineError
    from player.routine.validation import validate_text

    text = (
        "name: Long\ndescription: d\nexercises:\n  - name: E\n"
        f'    duration: "1{" " * (MB - 200)}x"\n'
    )
    with pytest.raises(RoutineError) as raised:
        validate_text(text, "long.yaml", Path("."))
    assert len(raised.value.lines) == 1 and raised.value.lines[0].startswith("long.yaml:5:")
