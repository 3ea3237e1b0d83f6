"""docs/programs.md states the rule with the table `hep program show` prints: one source."""

from __future__ import annotations

import json
from pathlib import Path

from player.program.models import Program, json_schema
from player.program.report import phase_rows, rule_lines
from player.program.rule import rule_markdown, rule_rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "programs.md"
DEFAULTS = Program.model_validate(
    {
        "name": "Defaults",
        "description": "Every setting at its default.",
        "phases": [
            {"name": "A", "weeks": 1, "routines": [{"routine": "relaxation", "every": "day"}]}
        ],
    }
)


def test_the_docs_hold_the_rule_table_for_the_default_settings() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- rule table:")
    block = text[text.index("\n", start) + 1 : text.index("<!-- end of rule table -->")]
    assert block.strip().splitlines() == rule_markdown(DEFAULTS)


def test_program_show_prints_the_same_rows_with_the_programs_settings() -> None:
    mine = DEFAULTS.model_copy(
        update={
            "hold_lasts": "today",
            "evidence": DEFAULTS.evidence.model_copy(update={"days": 10}),
        }
    )
    lines = "\n".join(rule_lines(mine, 0))
    for what, _ in rule_rows(mine, 0):
        assert f"  {what}" in lines
    assert "the last 10 days before the day" in lines
    assert "sets -1 for that day only" in lines
    assert "the last 10 days" not in "\n".join(rule_markdown(DEFAULTS))


def test_the_committed_program_schema_matches_the_models() -> None:
    committed = DOC.parents[1] / "programs" / "program.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json_schema()


def test_counts_of_one_are_said_in_the_singular() -> None:
    """A program asking for one session, one good morning, a one-day window and a phase of one
    week says so in the singular, in the rule table and under each phase."""
    one = DEFAULTS.model_copy(
        update={
            "evidence": DEFAULTS.evidence.model_copy(update={"days": 1}),
            "phases": [
                DEFAULTS.phases[0].model_copy(
                    update={
                        "advance_when": DEFAULTS.phases[0].advance_when.model_copy(
                            update={"sessions": 1, "good_mornings": 1}
                        )
                    }
                ),
                DEFAULTS.phases[0].model_copy(update={"name": "B", "weeks": 2}),
            ],
        }
    )
    text = "\n".join([*rule_lines(one, 0), *phase_rows(one, 0, lambda entry: str(entry.routine))])
    text = " ".join(text.split())
    for said in ("1 session done", "1 good morning in a row", "the last 1 day,", "(1 week)"):
        assert said in text, said
    assert "the last 1 day before the day" in text and "no moving on for 1 day" in text
    for wrong in ("1 sessions", "1 good mornings", "1 days", "1 weeks"):
        assert wrong not in text, wrong
    assert "(2 weeks)" in text


def test_a_usual_of_one_good_morning_is_said_in_the_singular() -> None:
    one = DEFAULTS.model_copy(
        update={"morning": DEFAULTS.morning.model_copy(update={"usual_of": 1})}
    )
    text = " ".join(" ".join(rule_lines(one, 0)).split())
    assert "the median of your last 1 good morning;" in text
