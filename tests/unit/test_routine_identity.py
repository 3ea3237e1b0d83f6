"""A routine in the journal's review is its file, by the name it is played by (`hep play
tiny`, `--routine tiny`): a routine whose title was changed keeps its history, and two files
with one title stay two routines, in `hep journal stats` and in the report alike."""

from __future__ import annotations

from datetime import timedelta

from player import localday
from player.journal.records import SessionDetail
from player.journal.reports import clinic
from player.journal.review.query import list_sessions, load_details
from player.journal.review.stats import compute, stats_lines
from player.journal.store.store import Journal
from player.session.kept import SessionEnd
from tests.journal_sample import start_session


def _played(journal: Journal, title: str, path: str | None) -> int:
    """A completed session of the routine `title` played from `path`."""
    session = start_session(journal, routine_name=title, routine_path=path)
    journal.record(session, "checkin", 1.0, {"pain": 2, "flags": [], "when": "baseline"})
    journal.record(session, "checkin", 9.0, {"pain": 3, "flags": [], "when": "final"})
    journal.finish(session, SessionEnd("completed", None, 2, 3, 3))
    return session


def _renamed_and_copied(journal: Journal) -> None:
    """`tiny.yaml` played as "Tiny", then (from another folder, and as a path relative to
    where hep ran) after its title was changed to "Tiny v2"; a copy `tiny-copy.yaml` that
    kept the title "Tiny v2"; and a routine read from no file."""
    _played(journal, "Tiny", "/home/me/routines/tiny.yaml")
    _played(journal, "Tiny", "tiny.yaml")
    _played(journal, "Tiny v2", "/home/me/routines/tiny.yaml")
    _played(journal, "Tiny v2", "/home/me/tiny-copy.yaml")
    _played(journal, "Loose", None)


def test_stats_group_sessions_by_the_routine_s_file_not_its_title(journal: Journal) -> None:
    _renamed_and_copied(journal)
    stats = compute(journal)
    assert [(r.routine, r.sessions) for r in stats.by_routine] == [
        ("Tiny v2 (tiny.yaml)", 3),
        ("Loose", 1),
        ("Tiny v2 (tiny-copy.yaml)", 1),
    ]
    assert [(r.file, r.titles) for r in stats.by_routine] == [
        ("tiny.yaml", ["Tiny v2", "Tiny"]),
        (None, ["Loose"]),
        ("tiny-copy.yaml", ["Tiny v2"]),
    ]
    lines = stats_lines(stats)
    assert any(line.startswith("  Tiny v2 (tiny.yaml)") and "3 sessions" in line for line in lines)
    assert "    earlier titled: Tiny" in lines


def _report(journal: Journal) -> clinic.ClinicReport:
    sessions = list_sessions(journal, newest_first=False)
    details: list[SessionDetail] = load_details(journal, sessions)
    return clinic.build(details, today=localday.today() + timedelta(days=1))


def test_the_report_groups_routines_as_the_stats_do(journal: Journal) -> None:
    _renamed_and_copied(journal)
    report = _report(journal)
    stats = compute(journal)
    assert report.routines == {r.routine: r.sessions for r in stats.by_routine}
    rows = {(row.routine, row.exercise): row.sessions for row in report.exercises}
    assert rows[("Tiny v2 (tiny.yaml)", "Calves")] == 3
    assert rows[("Tiny v2 (tiny-copy.yaml)", "Calves")] == 1


def test_a_title_shared_by_no_other_routine_is_shown_alone(journal: Journal) -> None:
    _played(journal, "Tiny", "/r/tiny.yaml")
    _played(journal, "Bridge work", "/r/bridges.yml")
    assert [r.routine for r in compute(journal).by_routine] == ["Bridge work", "Tiny"]
    assert set(_report(journal).routines) == {"Bridge work", "Tiny"}
