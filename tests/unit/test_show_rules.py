"""`hep show` is the therapist's check: the stop rules in words, where pain is asked, timed cues
and the total."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from player.cli import cli
from player.routine.loader import load_routine
from player.routine.models import Safety
from player.session.plan import build_plan
from player.session.scale import stop_rules_text

SHEET = """\
name: Sheet
description: A therapist's sheet.
safety: {stop_at: 5, max_rise: 3, stop_on: [sharp], screen: always}
exercises:
  - name: Bird dog
    reps: 3
    hold: 8s
    checkin: after_set
    cues: [{text: Keep breathing, at: 4s}, Hips level]
  - name: Stretch
    duration: 30s
    checkin: none
"""


def test_the_default_stop_rules_in_words() -> None:
    assert stop_rules_text(Safety()) == (
        "Stops at 6/10 or more; at a rise of 2 or more above the pain before the session; "
        "on sharp pain, pain spreading down the leg, or new numbness or tingling."
    )
    assert stop_rules_text(Safety(max_rise=None, stop_on=[])) == "Stops at 6/10 or more."


def test_show_prints_the_stop_rules_where_pain_is_asked_and_timed_cues(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)], terminal_width=400)
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "Stops at 5/10 or more; at a rise of 3 or more above the pain before the session; "
        "on sharp pain. Red-flag questions: before every session."
    ) in out
    assert "Pain is asked: before the first exercise; Bird dog: after each set; at the end." in out
    assert 'Timed cues: Bird dog: "Keep breathing" at 4s into each set.' in out
    assert "Total: " in out


def test_show_says_a_timed_cue_comes_on_each_side(tmp_path: Path) -> None:
    # The players show it into each side's work (rep by rep too, when the sides alternate).
    path = tmp_path / "sides.yaml"
    path.write_text(
        "name: S\ndescription: d\nexercises:\n"
        "  - {name: Bird dog, reps: 3, hold: 4, sides: [a, b], alternate_sides: rep,"
        " cues: [{text: Halfway, at: 5s}]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["show", str(path)], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert 'Timed cues: Bird dog: "Halfway" at 5s into each set on each side.' in result.output
    plan = build_plan(load_routine(path).routine)
    shown_on = [s.side for s in plan.steps for m in s.marks if m.line == "Halfway"]
    assert shown_on == ["a", "b"]


def test_show_says_the_session_waits_before_each_exercise(tmp_path: Path) -> None:
    # auto_advance: false waits for Enter before each exercise in both players; the total,
    # which leaves those waits out, says so.
    path = tmp_path / "wait.yaml"
    path.write_text(
        "name: W\ndescription: d\ndefaults: {auto_advance: false}\nexercises:\n"
        "  - {name: Prone lying, duration: 60}\n  - {name: Press-up, reps: 3, tempo: 2}\n"
        "  - {name: Extension, reps: 3, tempo: 2, right_after: true}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["show", str(path)], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert (
        "Waits for you (Enter, or done) before each exercise that does not follow right after; "
        "the waits are not in the total."
    ) in result.output
    waits = [s.exercise for s in build_plan(load_routine(path).routine).steps if s.kind == "wait"]
    assert waits == ["Prone lying", "Press-up"]
