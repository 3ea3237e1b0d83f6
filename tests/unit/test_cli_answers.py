"""Commands read answers with the one reader of each kind: a digit that is not 0-9 (a superscript
two, an Arabic-Indic three) ends in one line and exit 2, never a traceback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from player.answers import DIGITS_ONLY
from player.cli import cli

PAST = (date.today() - timedelta(days=3)).isoformat()


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["morning", "--pain", "\u00b2"],
            f"hep: --pain: expected a number from 0 to 10 (found '\u00b2'; {DIGITS_ONLY})",
        ),
        (
            ["morning", "--pain", "\u0663"],
            f"hep: --pain: expected a number from 0 to 10 (found '\u0663'; {DIGITS_ONLY})",
        ),
        (["morning", "--pain", "11"], "hep: --pain: must be at most 10 (found 11)"),
        (
            ["morning", "--stiffness", "long"],
            "hep: --stiffness: expected none, under30 or over30 (found 'long')",
        ),
        (
            ["today", "--date", "2026-0\u0663-01"],
            f"hep: --date: expected a date as YYYY-MM-DD (found '2026-0\u0663-01'; {DIGITS_ONLY})",
        ),
        (
            ["today", "--date", "20260301"],
            "hep: --date: expected a date as YYYY-MM-DD (found '20260301')",
        ),
        (["today", "--date", "2026-02-30"], "hep: --date: no such day '2026-02-30'"),
        (
            ["journal", "--limit", "\uff13"],
            f"hep: --limit: expected a whole number (found '\uff13'; {DIGITS_ONLY})",
        ),
        (
            ["journal", "show", "\u0663"],
            "hep: bad session id '\u0663': give the number `hep journal` lists",
        ),
        (
            ["play", "relaxation", "--speed", "\u0663"],
            f"hep: --speed: expected a number from 1 to 60 (found '\u0663'; {DIGITS_ONLY})",
        ),
        (
            ["play", "relaxation", "--speed", "\uff11\uff10"],
            f"hep: --speed: expected a number from 1 to 60 (found '\uff11\uff10'; {DIGITS_ONLY})",
        ),
        (
            ["play", "relaxation", "--speed", "1_0"],
            "hep: --speed: expected a number from 1 to 60 (found '1_0')",
        ),
        (
            ["journal", "show", "9" * 40],
            f"hep: bad session id '{'9' * 40}': give the number `hep journal` lists",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_an_answer_not_in_0_to_9_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    assert run(args) == (2, "", line + "\n")


@pytest.mark.parametrize("answer", ["\u00b2", "\u0663", "\uff17", "1\u00b2", "\u2164"])
def test_the_morning_question_refuses_other_digits(answer: str) -> None:
    # No program is followed: the question is still asked, and the answer read the one way,
    # quoted as typed (a Roman numeral five was quoted lower-cased).
    code, out, err = run(["morning", "--date", PAST], stdin=f"{answer}\n")
    assert (code, err) == (
        2,
        f"hep: morning pain: expected a number from 0 to 10 (found {answer!r}; {DIGITS_ONLY})\n",
    )
    assert "Pain this morning, 0-10?" in out


def test_the_morning_question_reads_pain_and_stiffness_the_one_way() -> None:
    code, out, err = run(["morning", "--date", PAST], stdin="4\nUnder 30 min\n")
    assert (code, err) == (0, "")
    assert f"Noted: morning pain 4/10, stiff under 30 min ({PAST})." in out


@pytest.mark.parametrize("phase", ["\u00b2", "\u0662", "\uff12"])
def test_start_at_a_phase_refuses_other_digits(phase: str) -> None:
    code, out, err = run(["program", "start", "back-to-running", "--phase", phase])
    assert (code, out) == (2, "")
    assert err.startswith(f"hep: --phase: no phase {phase!r} in ") and err.count("\n") == 1
    assert err.endswith(f"; {DIGITS_ONLY})\n")


def test_start_at_a_phase_by_number() -> None:
    code, out, err = run(["program", "start", "back-to-running", "--phase", "2", "--date", PAST])
    assert (code, err) == (0, "")
    assert "at phase" in out
