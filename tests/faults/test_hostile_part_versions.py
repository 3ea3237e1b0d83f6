"""A backup's own word on the versions of the program's tables is checked like its rows: a
version hep never wrote, or tables it claims and lacks, refuses the restore and the journal
stays as it was; tables of a part hep does not know stay out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from player.journal import Journal, JournalError
from player.journal.store import backup as backups
from player.program.schema import PROGRAM
from tests.journal_v5 import made_at_v5, program_rows

NOTHING = "nothing was restored"


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A journal holding a session and a program, the one a bad restore must leave alone."""
    path = tmp_path / "journal.sqlite3"
    made_at_v5(path)
    Journal.open(path).close()
    return path


@pytest.fixture
def backup(tmp_path: Path, journal: Path) -> Path:
    """A backup of it, made by hep."""
    with Journal.open(journal) as opened:
        return backups.backup(opened, tmp_path / "backup.sqlite3").path


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _restore(journal: Path, backup: Path) -> backups.Copy:
    with Journal.open(journal) as opened:
        with backups.checked_backup(opened, backup) as copy:
            backups.restore(opened, copy)
        return copy


@pytest.mark.parametrize(
    ("version", "why"),
    [
        ("'one'", "not a hep journal (the program's tables at version 'one')"),
        ("-1", "not a hep journal (the program's tables at version -1)"),
        # hep records a part's version once it has made its tables: a 0 beside the tables
        # would leave their rows out of the restore without a word
        ("0", "not a hep journal (the program's tables at version 0)"),
        ("1.5", "not a hep journal (the program's tables at version 1.5)"),
        (
            str(PROGRAM.version + 1),
            f"written by a newer hep (the program's tables at version {PROGRAM.version + 1}, "
            f"this hep knows up to {PROGRAM.version}); update hep to restore it",
        ),
    ],
)
def test_a_part_version_hep_never_wrote_refuses_the_restore(
    journal: Path, backup: Path, version: str, why: str
) -> None:
    before = program_rows(journal)
    _edit(backup, f"UPDATE schema_parts SET version = {version} WHERE name = 'program'")
    with pytest.raises(JournalError) as caught:
        _restore(journal, backup)
    assert caught.value.message == f"{why}: {NOTHING}"
    assert program_rows(journal) == before


def test_a_part_version_left_empty_refuses_the_restore(journal: Path, backup: Path) -> None:
    before = program_rows(journal)
    _edit(
        backup,
        "DROP TABLE schema_parts",
        "CREATE TABLE schema_parts (name TEXT, version INTEGER)",
        "INSERT INTO schema_parts VALUES ('program', NULL)",
    )
    with pytest.raises(JournalError) as caught:
        _restore(journal, backup)
    assert caught.value.message == (
        f"not a hep journal (the program's tables at version None): {NOTHING}"
    )
    assert program_rows(journal) == before


def test_program_tables_claimed_and_missing_are_not_a_journal(journal: Path, backup: Path) -> None:
    before = program_rows(journal)
    _edit(backup, "DROP TABLE program_decisions")
    with pytest.raises(JournalError) as caught:
        _restore(journal, backup)
    assert caught.value.message == f"not a hep journal (no program_decisions in it): {NOTHING}"
    assert program_rows(journal) == before


def test_a_part_hep_does_not_know_stays_out(journal: Path, backup: Path) -> None:
    _edit(
        backup,
        "CREATE TABLE stash (note TEXT)",
        "INSERT INTO stash VALUES ('kept elsewhere')",
        "INSERT INTO schema_parts (name, version) VALUES ('stash', 1)",
    )
    assert _restore(journal, backup).skipped == ()
    conn = sqlite3.connect(journal)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    parts = conn.execute("SELECT name, version FROM schema_parts").fetchall()
    conn.close()
    assert "stash" not in names
    assert parts == [("program", PROGRAM.version)]
    assert len(program_rows(journal)["program_decisions"]) == 2


def test_a_part_versions_table_that_is_a_view_is_not_a_journal(journal: Path, backup: Path) -> None:
    _edit(
        backup,
        "DROP TABLE schema_parts",
        "CREATE VIEW schema_parts AS SELECT 'program' AS name, 1 AS version",
    )
    with pytest.raises(JournalError) as caught:
        _restore(journal, backup)
    assert caught.value.message == f"not a hep journal (no schema_parts in it): {NOTHING}"
