"""Prescriptions written the paper way get a message that shows the routine's own form, at the
right line and column; pictures are checked where they are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine.loader import RoutineError, load_routine
from tests.pictures import PNG

HEAD = "name: R\ndescription: d\nexercises:\n"


def problem(tmp_path: Path, text: str, *, open_pictures: bool = False) -> str:
    path = tmp_path / "back.yaml"
    path.write_text(text)
    with pytest.raises(RoutineError) as caught:
        load_routine(path, open_pictures=open_pictures)
    assert len(caught.value.lines) == 1, caught.value.lines
    line = caught.value.lines[0]
    assert line.startswith(f"{path}:")
    return line[len(f"{path}:") :]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "  - name: Bird dog\n\treps: 5\n",
            "5:1: indent with spaces, not tabs (found a tab at column 1)",
        ),
        (  # a tab that indents nothing is named where it stands
            HEAD + "  - name: Bird dog\n    reps:\t5\n",
            "5:10: use a space, not a tab, after a key's colon (found a tab at column 10)",
        ),
        (  # invisible in most editors
            HEAD + "  - name: Bird dog\t\n    reps: 5\n",
            "4:19: a tab at the end of the line: remove it (found a tab at column 19); YAML "
            "takes spaces only",
        ),
        (
            HEAD + "  -\tname: Bird dog\n    reps: 5\n",
            "4:4: use a space, not a tab, after a list item's '-' (found a tab at column 4)",
        ),
        (
            HEAD + "  - name: Bird dog\n    reps: 5\n   hold: 8s\n",
            "6:4: line 6 is indented differently: 'hold' starts at column 4, but the keys under "
            "'exercises' (like 'reps' on line 5) start at column 5; line it up with 'reps' using "
            "spaces",
        ),
        (
            "name: R\ndescription: d\ndefaults:\n  rest: 5s\n   get_ready: 3s\nexercises: []\n",
            "5:4: line 5 is indented differently: 'get_ready' starts at column 4, but the keys "
            "under 'defaults' (like 'rest' on line 4) start at column 3; line it up with 'rest' "
            "using spaces",
        ),
        (
            HEAD + "  - name: Clamshells\n    reps: 2x15\n",
            "5:11: exercises[0].reps: write sets and reps as two keys: reps: 15 with sets: 2 "
            "(found '2x15')",
        ),
        (
            HEAD + "  - name: Stretch\n    duration: 30s x 3\n",
            "5:15: exercises[0].duration: write the time and the sets as two keys: duration: 30s "
            "with sets: 3 (found '30s x 3')",
        ),
        (  # no hint of zero sets: 0x10s is no sheet's way of writing 10 s
            HEAD + "  - name: Stretch\n    duration: 0x10s\n",
            "5:15: exercises[0].duration: expected seconds as a number, or a string like 45s, "
            "2m or 1m30s (found '0x10s')",
        ),
        (
            HEAD + '  - name: Clamshells\n    reps: "0x15"\n',
            "5:11: exercises[0].reps: expected a number of reps, or a list with one count per "
            "set like [5, 3, 1] (found '0x15')",
        ),
        (
            HEAD + "  - name: Clamshells\n    reps: 15\n    sides: 2\n",
            "6:12: exercises[0].sides: sides takes a label for each side, such as sides: "
            "[left, right] (found 2)",
        ),
        (
            HEAD + "  - name: Breathe\n    breathing: {rate: 40, ratio: 2:3, duration: 5m}\n",
            "5:23: exercises[0].breathing.rate: rate must be from 2 to 30 breaths a minute "
            "(found 40); slow breathing is about 6",
        ),
        (
            HEAD + "  - name: Breathe\n    breathing: {rate: 6}\n    duration: 5m\n",
            "4:5: exercises[0]: a breathing exercise's duration goes under breathing: indent "
            "'duration: 5m' below 'breathing:', beside its rate or phases",
        ),
        (
            HEAD + "  - name: Breathe\n    breathing: {rate: 6, ratio: 2-3, duration: 5m}\n",
            "5:33: exercises[0].breathing.ratio: ratio is breathing in to breathing out as two "
            "numbers, such as \"2:3\" (found '2-3')",
        ),
        (
            HEAD
            + "  - name: Breathe\n    breathing: {rate: 20, hold: 2, hold_after: 1, cycles: 3}\n",
            "5:16: exercises[0].breathing: at 20 breaths a minute a breath lasts 3s: the holds "
            "(3s) leave no time to breathe in and out",
        ),
        (
            HEAD + "  - name: Dead bug\n    reps: 12\n    tempo: 4s\n    rest_between_reps: 2s\n",
            "4:5: exercises[0]: rest_between_reps is a relax between held reps; counted reps flow "
            "one into the next (a longer tempo gives a slower rep) (found 2s)",
        ),
        (
            HEAD
            + "  - name: Plank\n    duration: 30s\n    sides: [l, r]\n    alternate_sides: rep\n",
            "4:5: exercises[0]: alternate_sides: rep alternates reps, and 'Plank' has no reps (it "
            "is timed by duration); use alternate_sides: set to alternate each set",
        ),
        (
            HEAD + "  - name: Bird dog\n    reps: 3\n    alternate_sides: set\n",
            "4:5: exercises[0]: alternate_sides: set needs two or more sides, such as sides: "
            "[left, right] (exercise 'Bird dog' has none)",
        ),
        (
            HEAD + "  - name: Bird dog\n    instructions: Keep: your back flat\n    reps: 3\n",
            "5:5: 'instructions' holds a second ': ' in its value; put the value in quotes, such "
            'as instructions: "..."',
        ),
        (  # the first key of an exercise: not an indentation to line up
            HEAD + "  - name: Bird dog: slow and steady\n    reps: 3\n",
            "4:5: 'name' holds a second ': ' in its value; put the value in quotes, such as "
            'name: "..."',
        ),
        (  # the first line of the file: nothing above it to compare
            "name: Back: week 3\ndescription: d\nexercises:\n  - name: A\n    reps: 3\n",
            "1:1: 'name' holds a second ': ' in its value; put the value in quotes, such as "
            'name: "..."',
        ),
        (  # said where the key is, not on the line after it
            HEAD + "  - name: Bird dog\n    reps = 5\n  - name: Cat\n    reps: 3\n",
            "5:5: 'reps = 5' is not a key and a value: write the key, a colon and a space, then "
            "the value (such as reps: 5)",
        ),
        (
            HEAD + "  - name: Bird dog\n    duration 30s\n",
            "5:5: 'duration 30s' is not a key and a value: write the key, a colon and a space, "
            "then the value (such as duration: 30s)",
        ),
        (
            HEAD + "  - name Bird dog\n    reps: 5\n",
            "4:5: 'name Bird dog' is not a key and a value: write the key, a colon and a space, "
            "then the value (such as name: Bird dog)",
        ),
        (
            HEAD + "  - name: Bird dog\n    reps: 5\n  -name: Cat\n    reps: 3\n",
            "6:3: a list item needs a space after its '-': write - name: ...",
        ),
        (  # said at the bracket, not at the end of the file
            HEAD + "  - name: Bird dog\n    reps: 5\n    sides: [left, right\n",
            "6:12: the list that opens with '[' here is not closed before the end of the file: "
            "separate its items with commas and end it with ']'",
        ),
        (  # a comma after the last item, the list never closed: the parser names only the end
            "name: Bird dog [easy]\ndescription: d\nexercises:\n  - name: A\n    reps: 5\n"
            "    sides: [left, right,\n",
            "6:12: the list that opens with '[' here is not closed before the end of the file: "
            "separate its items with commas and end it with ']'",
        ),
        (
            HEAD + "  - name: Bird dog\n    reps: 5\n    sides: [left, right]]\n",
            "6:25: this ']' closes nothing: remove it, or open what it closes with '['",
        ),
        (  # closed, but a comma is missing: said so, not "not closed"
            HEAD + '  - name: Bird dog\n    reps: 5\n    cues: ["Slow" "Breathe"]\n',
            "6:11: in the list that opens with '[' here, a comma or its closing ']' is missing "
            "before line 6, column 19",
        ),
        (
            HEAD + "  - name: Breathe\n    breathing: {inhale: 4, exhale: 6\n",
            "5:16: the mapping that opens with '{' here is not closed before the end of the file: "
            "separate its items with commas and end it with '}'",
        ),
        (
            HEAD + '  - name: Bird dog\n    duration: "30s\n  - name: Cat\n    reps: 3\n',
            '5:15: the " that opens this value is never closed; end the value with "',
        ),
        (
            HEAD + "  - name: 'Child's pose'\n    duration: 30s\n",
            "4:17: a value in ' quotes ends at the next ', and text follows it here; put a value "
            "holding ' in \" quotes instead",
        ),
        (  # a get-ready of its own would be dropped without a word
            HEAD
            + "  - name: Prone lying\n    duration: 60s\n  - name: Press-up\n    reps: 3\n"
            + "    right_after: true\n    get_ready: 10s\n",
            "6:5: exercises[1]: 'Press-up' has right_after: true, so it starts at once, with no "
            "get-ready; leave get_ready out (found 10s)",
        ),
        (  # a side labelled by a number is a number to YAML
            HEAD + "  - name: Clamshells\n    reps: 15\n    sides: [1, right]\n",
            "6:13: exercises[0].sides[0]: expected text (found the number 1); to use it as "
            'text, put it in quotes: "1"',
        ),
        (  # one line on the colon, not a missing `text` and an unknown key
            HEAD + "  - name: Breathe\n    duration: 1m\n    cues:\n      - Breathe: in slowly\n",
            "7:9: exercises[0].cues[0]: a cue with ': ' in it reads as a key and a value; put the "
            'cue in quotes, such as - "Breathe: in slowly"',
        ),
        (
            HEAD + "  - name: Bird dog\n    reps: 3\n    link: www.example.org\n",
            "6:11: exercises[0].link: expected a web address starting http:// or https://, such "
            "as https://example.org/bird-dog (found 'www.example.org')",
        ),
    ],
)
def test_paper_forms_and_syntax_errors_read_as_advice(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problem(tmp_path, text) == expected


def test_breathing_by_rate_is_the_phases_written_out(tmp_path: Path) -> None:
    (tmp_path / "rate.yaml").write_text(
        HEAD + "  - name: B\n    breathing: {rate: 6, ratio: 2:3, duration: 5m}\n"
    )
    (tmp_path / "phases.yaml").write_text(
        HEAD + "  - name: B\n    breathing: {inhale: 4s, exhale: 6s, duration: 5m}\n"
    )
    from player.session.plan import build_plan

    by_rate = build_plan(load_routine(tmp_path / "rate.yaml").routine)
    by_phases = build_plan(load_routine(tmp_path / "phases.yaml").routine)
    assert [(s.kind, s.planned, [(m.offset, m.cue) for m in s.marks]) for s in by_rate.steps] == [
        (s.kind, s.planned, [(m.offset, m.cue) for m in s.marks]) for s in by_phases.steps
    ]
    assert by_rate.planned == 5 + 300


@pytest.mark.parametrize(
    ("image", "setup", "expected"),
    [
        ("bird.png", None, "no such picture file"),
        ("bird.gif", None, "a picture must be a PNG or JPEG file"),
        ("../bird.png", "outside", "outside the routine's folder"),
        ("bird.png", "big", "the picture is too large (2,097,221 bytes; the limit is 2 MB)"),
        ("bird.png", "text", "the file is not a PNG or JPEG picture"),
    ],
)
def test_pictures_are_checked_when_the_routine_loads(
    tmp_path: Path, image: str, setup: str | None, expected: str
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    if setup == "outside":
        (tmp_path / "bird.png").write_bytes(PNG)
    elif setup == "big":
        (folder / image).write_bytes(PNG + b"\0" * (2 * 1024 * 1024))
    elif setup == "text":
        (folder / image).write_text("not a picture")
    text = HEAD + f"  - name: Bird dog\n    reps: 3\n    image: {image}\n"
    assert expected in problem(folder, text)


def test_validate_opens_the_picture(tmp_path: Path) -> None:
    (tmp_path / "bird.png").write_bytes(PNG[:40])  # a PNG's signature, cut short
    text = HEAD + "  - name: Bird dog\n    reps: 3\n    image: bird.png\n"
    path = tmp_path / "back.yaml"
    path.write_text(text)
    assert load_routine(path).routine.exercises[0].image == "bird.png"  # cheap check passes
    message = problem(tmp_path, text, open_pictures=True)
    assert message.startswith("6:12: exercises[0].image: the picture cannot be read")
