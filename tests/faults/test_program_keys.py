"""Odd values in a program's rule keys: each refused with `file:line:col` (exit 2 from the CLI),
never honoured as something else (a `true` taken as 1 week, a `0` taken as false)."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.program.loader import ProgramError, program_from_text

TEMPLATE = """\
name: Two short phases
description: For tests.
{extra}
phases:
  - name: First
    weeks: {weeks}
    routines:
      - {{routine: relaxation, every: day}}
    advance_when: {{sessions: 4, max_pain: 3, good_mornings: 2}}
  - name: Second
    weeks: 1
    routines:
      - {{routine: relaxation, every: day}}
"""

WRONG_TYPES = [
    ("evidence: {days: true}", 1, "p.yaml:3:18: evidence.days"),
    ("evidence: {break_days: false}", 1, "p.yaml:3:24: evidence.break_days"),
    ("evidence: {sessions: true}", 1, "p.yaml:3:22: evidence.sessions"),
    ("morning: {stiffness_worse: 1}", 1, "p.yaml:3:28: morning.stiffness_worse"),
    ("morning: {ask_stiffness: 0}", 1, "p.yaml:3:26: morning.ask_stiffness"),
    ("morning: {worse_by: true}", 1, "p.yaml:3:21: morning.worse_by"),
    ("lighter: {sets: true}", 1, "p.yaml:3:17: lighter.sets"),
    ("", "true", "p.yaml:6:12: phases[0].weeks"),
]


@pytest.mark.parametrize(("extra", "weeks", "where"), WRONG_TYPES)
def test_a_value_of_the_wrong_type_is_refused_where_it_stands(
    extra: str, weeks: object, where: str
) -> None:
    text = TEMPLATE.format(extra=extra, weeks=weeks)
    with pytest.raises(ProgramError) as raised:
        program_from_text(text, "p.yaml", Path("p.yaml"), check_routines=False)
    assert str(raised.value).startswith(where), str(raised.value)


def test_whole_numbers_written_as_decimals_and_the_right_types_still_load() -> None:
    extra = "evidence: {days: 7.0, break_days: 4}\nmorning: {stiffness_worse: false}\n"
    extra += "lighter: {reps_scale: 1}"
    loaded = program_from_text(
        TEMPLATE.format(extra=extra, weeks=1), "p.yaml", Path("p.yaml"), check_routines=False
    )
    assert loaded.program.evidence.days == 7
    assert loaded.program.lighter.reps_scale == 1.0
    assert loaded.program.morning.stiffness_worse is False
