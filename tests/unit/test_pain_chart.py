"""The pain chart draws lines only through answers given one session after another."""

from __future__ import annotations

from player.tui.widgets.pain_chart import answered_runs


def test_a_session_without_an_answer_breaks_the_line() -> None:
    assert answered_runs([2, 2, None, 2]) == [[(1, 2), (2, 2)], [(4, 2)]]


def test_answers_in_a_row_make_one_line_and_gaps_at_the_ends_make_none() -> None:
    assert answered_runs([None, 3, 6, 1, None]) == [[(2, 3), (3, 6), (4, 1)]]
    assert answered_runs([None, None]) == []
    assert answered_runs([]) == []


def test_lone_answers_stay_apart() -> None:
    assert answered_runs([4, None, 5, None, 0]) == [[(1, 4)], [(3, 5)], [(5, 0)]]
