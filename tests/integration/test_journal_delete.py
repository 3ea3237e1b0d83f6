"""`hep journal delete`: by id or by date, for real (no text left in the files), after asking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from player import locations
from player.cli import cli
from player.cli import journal as journal_cli
from player.journal import Journal
from player.journal.store import maintenance
from player.session.kept import SessionEnd, SessionStart

NOT_ASKED = "hep: no terminal to ask on: add --yes to go ahead (nothing deleted)\n"


def _run(*args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["journal", *args], input=given)


def _session(journal: Journal, note: str, started: str | None = None, finish: bool = True) -> int:
    """A session with a note and a check-in; `started` back-dates it (UTC, as stored)."""
    session = journal.start_session(
        SessionStart(
            routine_name="Core",
            routine_path="/r/core.yaml",
            routine_hash="ab" * 32,
            preview=False,
            speed=1.0,
            planned_seconds=600.0,
            plan=[],
        ),
    )
    journal.record(session, "checkin", 1.0, {"pain": 2, "flags": [], "when": "baseline"})
    journal.record(session, "note", 2.0, {"text": note})
    if finish:
        journal.finish(
            session, SessionEnd(outcome="completed", reason=None, baseline=2, highest=2, final=1)
        )
    if started is not None:
        with journal.connection() as conn:  # the store has no API to back-date a session
            conn.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (started, session))
    return session


def _notes() -> list[str]:
    conn = sqlite3.connect(locations.journal_path())
    try:
        rows = conn.execute("SELECT data FROM events WHERE kind = 'note' ORDER BY id")
        return [row[0] for row in rows]
    finally:
        conn.close()


def _raw(path: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


@pytest.fixture
def three() -> list[int]:
    """Three sessions, each with its own note; the oldest from January 2024."""
    with Journal.open() as journal:
        return [
            _session(journal, "zebra-note-old about my bladder", "2024-01-05T07:00:00.000Z"),
            _session(journal, "giraffe-note-mid", "2024-02-10T07:00:00.000Z"),
            _session(journal, "okapi-note-new"),
        ]


def test_deleting_by_id_leaves_no_trace_of_the_note_in_the_files(three: list[int]) -> None:
    path = locations.journal_path()
    # Another program (a review window, say) keeps the journal open, so the -wal file stays.
    with Journal.open(path) as other:
        before = _raw(path)
        assert b"zebra-note-old" in before and b"okapi-note-new" in before
        result = _run("delete", str(three[0]), str(three[2]), "--yes")
        assert result.exit_code == 0, result.output
        assert path.with_name("journal.sqlite3-wal").exists()
        after = _raw(path)
        assert other.query("SELECT id FROM sessions")[0][0] == three[1]
    assert result.stdout.splitlines()[-1] == "Deleted 2 sessions (4 events)."
    assert result.stderr == ""
    for gone in (b"zebra-note-old", b"about my bladder", b"okapi-note-new"):
        assert gone not in after, gone
    assert b"giraffe-note-mid" in after
    assert _notes() == ['{"text":"giraffe-note-mid"}']
    assert b"zebra-note-old" not in _raw(path)


def test_the_list_is_shown_before_deleting(three: list[int]) -> None:
    result = _run("delete", str(three[1]), "--yes")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["id", "date"]
    assert lines[1].split()[0] == str(three[1]) and "2024-02-10" in lines[1]
    assert lines[2] == "Deleted 1 session (2 events)."


def test_deleting_before_a_date_keeps_that_day_and_later(three: list[int]) -> None:
    result = _run("delete", "--before", "2024-02-10", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Deleted 1 session (2 events)."
    assert _notes() == ['{"text":"giraffe-note-mid"}', '{"text":"okapi-note-new"}']
    assert b"zebra-note-old" not in _raw(locations.journal_path())


def test_nothing_before_the_date_is_said_plainly(three: list[int]) -> None:
    result = _run("delete", "--before", "2023-06-01", "--yes")
    assert (result.exit_code, result.stdout) == (
        0,
        "No sessions started before 2023-06-01: nothing to delete.\n",
    )
    assert len(_notes()) == 3


def test_an_unknown_id_deletes_nothing(three: list[int]) -> None:
    result = _run("delete", str(three[0]), "98", "99", "--yes")
    assert result.exit_code == 2
    assert result.stderr == (
        f"hep: {locations.journal_path()}: no sessions 98, 99 in the journal "
        "(`hep journal` lists them): nothing deleted\n"
    )
    assert len(_notes()) == 3


def test_a_session_being_played_is_never_deleted(three: list[int]) -> None:
    journal = Journal.open()  # this process is its writer, and alive
    playing = _session(journal, "still-going", finish=False)
    try:
        for args in ([str(three[0]), str(playing)], ["--before", "2099-01-01"]):
            result = _run("delete", *args, "--yes")
            assert result.exit_code == 2
            assert result.stderr == (
                f"hep: {locations.journal_path()}: session {playing} is being played right now;"
                " let it finish, then try again: nothing deleted\n"
            )
        assert len(_notes()) == 4
    finally:
        journal.close()


def test_without_a_terminal_it_asks_for_yes(three: list[int]) -> None:
    result = _run("delete", str(three[0]))
    assert (result.exit_code, result.stderr) == (2, NOT_ASKED)
    assert len(_notes()) == 3


@pytest.mark.parametrize(("answer", "status", "left"), [("n\n", 1, 3), ("y\n", 0, 2)])
def test_at_a_terminal_it_asks_first(
    three: list[int], monkeypatch: pytest.MonkeyPatch, answer: str, status: int, left: int
) -> None:
    monkeypatch.setattr(journal_cli, "_can_ask", lambda: True)
    result = _run("delete", str(three[0]), given=answer)
    assert result.exit_code == status
    assert "Delete 1 session and everything recorded in it, for good? [y/N]" in result.stderr
    assert ("Nothing deleted." in result.stderr) == (status == 1)
    assert len(_notes()) == left


@pytest.mark.parametrize(
    ("answer", "status", "left"),
    [
        ("\uff59\nY\n", 0, 2),  # a full-width y is refused and asked again; Y is yes
        ("yes!\nN\n", 1, 3),
        ("\n", 1, 3),  # Enter is no
        ("maybe", 1, 3),  # refused, then the end of input is no
    ],
)
def test_the_question_is_read_by_the_one_yes_no_reader(
    three: list[int], monkeypatch: pytest.MonkeyPatch, answer: str, status: int, left: int
) -> None:
    monkeypatch.setattr(journal_cli, "_can_ask", lambda: True)
    result = _run("delete", str(three[0]), given=answer)
    assert result.exit_code == status and len(_notes()) == left
    wrong = [a for a in answer.splitlines() if a.strip().lower() not in ("", "y", "n")]
    assert result.stderr.count("Please answer y or n") == len(wrong)
    for typed in wrong:
        assert (
            f"Please answer y or n: expected y, yes, n or no (found {typed!r}).\n" in result.stderr
        )
    assert "Aborted" not in result.stderr and "Error: invalid input" not in result.stderr
    assert ("Nothing deleted." in result.stderr) == (status == 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "say which sessions: hep journal delete ID [ID...], or --before DATE (not both)"),
        (["1", "--before", "7d"], "say which sessions"),
        (["one"], "bad session id 'one': give the numbers `hep journal` lists"),
        (["--before", "soon"], "--before: bad date 'soon': give YYYY-MM-DD"),
    ],
)
def test_bad_requests_are_one_line(three: list[int], args: list[str], message: str) -> None:
    result = _run("delete", *args, "--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"hep: {message}") and result.stderr.count("\n") == 1
    assert len(_notes()) == 3


def test_copies_kept_by_earlier_restores_are_named(three: list[int]) -> None:
    kept = locations.journal_path().with_name("journal.sqlite3.before-restore-20240301-080000")
    kept.write_bytes(b"")
    result = _run("delete", str(three[0]), "--yes")
    assert result.exit_code == 0
    assert result.stderr == f"hep: 1 journal kept by earlier restores may still hold them: {kept}\n"


def test_a_reader_holding_the_log_is_waited_for_then_named(three: list[int]) -> None:
    path = locations.journal_path()
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM events").fetchone()  # holds its snapshot of the log
    try:
        with Journal.open(path, timeout=0.2) as journal:
            deleted = maintenance.delete_sessions(journal, [three[0]])
            assert journal.query("SELECT COUNT(*) FROM sessions")[0][0] == 2
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert (deleted.sessions, deleted.events, deleted.wal_cleared) == ([three[0]], 2, False)
    assert not path.with_name("journal.sqlite3-wal").exists()  # the last one out emptied it
    assert b"zebra-note-old" not in _raw(path)
