"""`hep journal show` says a session counted for its program day only when it did count: a
session quit, interrupted, with every exercise skipped or played as a preview was "counted
for" its day while the player said it does not count and `hep today` left the day due."""

from __future__ import annotations

import pytest

from player.journal.store.store import Journal
from player.program.review import session_lines
from tests.program_sim import MONDAY, Sim


def _newest(journal: Journal) -> int:
    return int(journal.query("SELECT MAX(id) FROM sessions")[0][0])


def _link(journal: Journal, session: int) -> str:
    lines = session_lines(journal, session)
    assert lines[0] == ""
    return lines[1]


def test_a_session_that_counted_is_counted_for_its_day(journal: Journal) -> None:
    sim = Sim(journal)
    sim.play(MONDAY, "relaxation")
    assert _link(journal, _newest(journal)) == (
        "  Program 'Low back and SI: steady, then back to running': counted for Mon 2024-06-03"
    )


@pytest.mark.parametrize(
    ("played", "why"),
    [
        ({"outcome": "quit"}, "quit"),
        ({"outcome": "interrupted"}, "interrupted"),
        ({"nothing_done": True}, "nothing done"),
        (
            {"outcome": "stopped_user", "nothing_done": True},
            "stopped: by user, before any exercise work",
        ),
        ({"preview": True}, "preview at 60x speed, which marks the day done"),
        ({"preview": True, "outcome": "quit"}, "quit"),
    ],
)
def test_a_session_that_did_not_count_is_not_said_to_have_counted(
    journal: Journal, played: dict[str, object], why: str
) -> None:
    sim = Sim(journal)
    sim.play(MONDAY, "relaxation", **played)  # type: ignore[arg-type]
    line = _link(journal, _newest(journal))
    assert "counted for" not in line
    assert line.endswith(f": played for Mon 2024-06-03, not counted ({why})"), line
