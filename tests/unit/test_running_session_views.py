"""A session still being played (in another terminal) reads the same in every view: the list,
`show`, `show --json`, the exports and the app's journal screen give the pain it has so far."""

from __future__ import annotations

from pathlib import Path

from player.journal.records import SessionSummary
from player.journal.reports.export import session_json
from player.journal.reports.report import list_line, show_lines
from player.journal.review.query import get_session, list_sessions, load_details
from player.journal.store.store import Journal
from player.session.outcomes import RUNNING
from tests.journal_sample import start_session


def _pain(summary: SessionSummary) -> tuple[int | None, int | None, int | None]:
    return summary.baseline, summary.highest, summary.final


def test_a_running_sessions_pain_so_far_is_the_same_in_the_list_show_and_json(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        session = start_session(journal)
        journal.record(session, "checkin", 0.0, {"pain": 3, "flags": [], "when": "baseline"})
        journal.record(session, "checkin", 9.0, {"pain": 5, "flags": [], "when": "after_set"})
        journal.record(session, "checkin", 15.0, {"pain": 4, "flags": [], "when": "after_set"})
        listed = list_sessions(journal)
        detail = get_session(journal, session)
        exported = load_details(journal, listed)
    assert detail is not None
    assert [s.outcome for s in listed] == [RUNNING]
    assert _pain(listed[0]) == _pain(detail.summary) == (3, 5, None)
    assert list_line(listed[0]).endswith("3/5/-")
    assert "pain before 3/10, highest 5/10, at the end -" in show_lines(detail)[3]
    as_json = session_json(detail)["pain"]
    assert (
        as_json
        == session_json(exported[0])["pain"]
        == {
            "baseline": 3,
            "highest": 5,
            "final": None,
        }
    )
