"""Leaving the red-flag questions after a yes never drops the yes: the session ends as a red-flag
stop, with its urgent words, and the journal keeps it; leaving after only noes keeps them, as
quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.conductor.core import Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal, SessionRecorder
from player.journal.review.query import list_sessions
from player.routine.models import Routine

ROUTINE = Routine.model_validate(
    {
        "name": "Core",
        "description": "A test routine.",
        "safety": {"screen": "always", "advice": "Call the clinic."},
        "exercises": [{"name": "Bird dog", "duration": 20}],
    }
)


@pytest.mark.parametrize("leave", ["quit", "decline", "interrupt"])
def test_leaving_after_a_yes_is_a_red_flag_stop(tmp_path: Path, leave: str) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)))
        c.start(0.0)
        c.answer_yes_no(1.0, True)  # new numbness around the genitals: an emergency sign
        notices = getattr(c, leave)(2.0)
        said = " ".join(" ".join(n.lines) or n.text for n in notices)
        assert "emergency" in said
        assert "Call the clinic." in said
        assert "nothing is kept" not in said
        assert c.outcome == "stopped_red_flag"
        sessions = list_sessions(journal)
    assert [s.outcome for s in sessions] == ["stopped_red_flag"]


def test_leaving_after_only_noes_keeps_them_as_quit(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        c = Conductor(ROUTINE, Dependencies(recorder=SessionRecorder(journal)))
        c.start(0.0)
        c.answer_yes_no(1.0, False)
        notices = c.quit(2.0)
        assert not any("nothing is kept" in n.text for n in notices)
        assert [s.outcome for s in list_sessions(journal)] == ["quit"]
