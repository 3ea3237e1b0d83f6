"""The program's tables, kept by the program: made, migrated and restored as its own part of the
journal file, with the same definitions hep always gave them."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from player.journal import Journal, JournalError
from player.journal.store import backup as backups
from player.journal.store.parts import SchemaPart
from player.journal.store.schema import SCHEMA_VERSION, migrate
from player.program import store
from player.program.schema import PROGRAM
from tests.journal_v5 import (
    PROGRAM_TABLES,
    definitions,
    made_at_v5,
    program_definitions,
    program_rows,
)

JOURNAL_PACKAGE = Path(__file__).parents[2] / "player" / "journal"


def _definitions(path: Path) -> set[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return definitions(conn)
    finally:
        conn.close()


def _one(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _program_version(path: Path) -> object:
    return _one(path, "SELECT version FROM schema_parts WHERE name = 'program'")


def test_a_fresh_journal_has_the_program_tables_as_version_5_made_them(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    found = _definitions(path)
    assert {row for row in found if row[2] in PROGRAM_TABLES} == program_definitions()
    # Besides the program's, the journal's own tables only, and the table of parts' versions.
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    later = {row for row in found if row[2] in PROGRAM.tables and row[2] not in PROGRAM_TABLES}
    assert {row[2] for row in later} == {"program_turns"}, "made by the program's version 2"
    assert {row for row in found if row[2] not in PROGRAM.tables} == definitions(conn)
    assert "schema_parts" in {row[1] for row in found}
    assert _program_version(path) == PROGRAM.version == 2


def test_a_journal_kept_by_the_previous_hep_adopts_its_program_tables(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "journal-v5.sqlite3", path)
    before = _definitions(path)
    assert _one(path, "PRAGMA user_version") == 5
    with Journal.open(path) as journal:
        assert store.active(journal) is None
    assert {row for row in before if row[2] in PROGRAM_TABLES} == program_definitions()
    assert program_definitions() <= _definitions(path)
    assert _program_version(path) == PROGRAM.version


def test_the_journal_alone_makes_none_of_the_program_tables() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    names = {row[0] for row in conn.execute("SELECT tbl_name FROM sqlite_master")}
    assert names == {"sessions", "events", "schema_parts"}
    assert set(PROGRAM.tables) == {*PROGRAM_TABLES, "program_turns"}


def test_no_program_table_is_made_in_the_journal_package() -> None:
    made = re.compile(
        r"CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)[^;\"]*?\b(" + "|".join(PROGRAM_TABLES) + r")\b",
        re.IGNORECASE,
    )
    found = [
        f"{file.relative_to(JOURNAL_PACKAGE)}: {match.group(0)}"
        for file in sorted(JOURNAL_PACKAGE.rglob("*.py"))
        for match in made.finditer(file.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_journal_at_version_5_opens_with_its_program_rows_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    made_at_v5(path)
    before = program_rows(path)
    with Journal.open(path) as journal:
        followed = store.active(journal)
        assert followed is not None and followed.id == 1
        assert followed.loaded.program.name.startswith("Low back and SI")
        # It works unchanged: a new morning goes in beside the old one.
        store.add_morning(journal, followed.started_on, 3, None)
    after = program_rows(path)
    assert after["mornings"][:1] == before["mornings"] and len(after["mornings"]) == 2
    assert {t: r for t, r in after.items() if t != "mornings"} == {
        t: r for t, r in before.items() if t != "mornings"
    }
    assert program_definitions() <= _definitions(path)
    assert _one(path, "PRAGMA user_version") == SCHEMA_VERSION
    assert _program_version(path) == PROGRAM.version


@pytest.mark.parametrize("version", [1, 2])
def test_a_journal_from_before_programs_gets_their_tables(tmp_path: Path, version: int) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    conn.close()
    with Journal.open(path) as journal:
        assert store.active(journal) is None
        assert store.add_morning(journal, date(2026, 11, 2), 1, None) == 1
    found = _definitions(path)
    assert program_definitions() <= found
    assert _program_version(path) == PROGRAM.version


def test_a_journal_opened_without_the_program_gets_its_tables_with_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path, parts=()).close()
    assert not program_definitions() & _definitions(path)
    assert _one(path, "SELECT COUNT(*) FROM schema_parts") == 0
    Journal.open(path).close()
    assert program_definitions() <= _definitions(path)
    assert _program_version(path) == PROGRAM.version


def test_program_tables_from_a_newer_hep_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE schema_parts SET version = 7 WHERE name = 'program'")
    conn.close()
    with pytest.raises(JournalError, match=r"newer hep \(the program's tables at version 7, "):
        Journal.open(path)
    with pytest.raises(JournalError, match="newer hep"):
        Journal.open_read_only(path)


def test_the_review_reads_a_current_journal_read_only_with_its_program(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    made_at_v5(path)
    Journal.open(path).close()
    with Journal.open_read_only(path) as journal:
        followed = store.active(journal)
    assert followed is not None and followed.id == 1


def _restore(journal_path: Path, backup: Path) -> tuple[str, ...]:
    with Journal.open(journal_path) as journal:
        with backups.checked_backup(journal, backup) as copy:
            backups.restore(journal, copy)
        return copy.skipped


def test_an_old_backup_brings_its_program_back(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    made_at_v5(old)
    journal = tmp_path / "journal.sqlite3"
    assert _restore(journal, old) == ()
    assert program_rows(journal) == program_rows(old)
    assert program_definitions() <= _definitions(journal)
    assert _program_version(journal) == PROGRAM.version
    with Journal.open(journal) as opened:
        followed = store.active(opened)
    assert followed is not None and followed.started_on.isoformat() == "2026-11-01"


def test_a_backup_of_a_current_journal_keeps_the_program(tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite3"
    made_at_v5(first)
    with Journal.open(first) as journal:
        copy = backups.backup(journal, tmp_path / "copy.sqlite3")
    other = tmp_path / "other.sqlite3"
    assert _restore(other, copy.path) == ()
    assert program_rows(other) == program_rows(first)
    assert _program_version(other) == PROGRAM.version


def test_an_old_backup_without_a_program_restores_with_empty_program_tables(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    made_at_v5(old, program=False)
    journal = tmp_path / "journal.sqlite3"
    assert _restore(journal, old) == ()
    assert program_rows(journal) == {table: [] for table in PROGRAM_TABLES}
    assert _one(journal, "SELECT COUNT(*) FROM sessions") == 1


def test_a_program_row_that_cannot_be_read_is_left_out_with_what_belongs_to_it(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    made_at_v5(old)
    conn = sqlite3.connect(old)
    with conn:
        conn.execute("UPDATE programs SET started_on = 'soon'")
    conn.close()
    journal = tmp_path / "journal.sqlite3"
    assert _restore(journal, old) == (
        "program 1: started_on is not a date ('soon') (with 3 rows that belong to it)",
    )
    kept = program_rows(journal)
    assert [len(kept[table]) for table in PROGRAM_TABLES] == [0, 1, 0, 0]


# --- the mechanism, with a part of the tests' own ---------------------------------------------

NOTES_V1 = ("CREATE TABLE notes (id INTEGER PRIMARY KEY, session_id INTEGER, text TEXT NOT NULL)",)
NOTES_V2 = (
    "ALTER TABLE notes ADD COLUMN words INTEGER",
    "UPDATE notes SET words = length(text) - length(replace(text, ' ', '')) + 1",
)


def _notes(*migrations: tuple[str, ...]) -> SchemaPart:
    return SchemaPart(
        name="diary",
        migrations=migrations,
        tables=("notes",),
        links={"notes": {"session_id": "sessions"}},
    )


def test_a_part_is_migrated_step_by_step_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path, parts=(_notes(NOTES_V1),)) as journal, journal.connection() as conn:
        conn.execute("INSERT INTO notes (text) VALUES ('three words here')")
    assert _one(path, "SELECT version FROM schema_parts WHERE name = 'diary'") == 1
    Journal.open(path, parts=(_notes(NOTES_V1, NOTES_V2),)).close()
    assert _one(path, "SELECT version FROM schema_parts WHERE name = 'diary'") == 2
    assert _one(path, "SELECT words FROM notes") == 3
    with pytest.raises(
        JournalError, match=r"the diary's tables at version 2, this hep knows up to 1"
    ):
        Journal.open(path, parts=(_notes(NOTES_V1),))


def test_a_failing_part_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path, parts=(_notes(NOTES_V1),)).close()
    broken = _notes(NOTES_V1, ("ALTER TABLE notes ADD COLUMN words INTEGER", "SELECT nothing"))
    with pytest.raises(JournalError):
        Journal.open(path, parts=(broken,))
    assert _one(path, "SELECT version FROM schema_parts WHERE name = 'diary'") == 1
    assert _one(path, "SELECT COUNT(*) FROM pragma_table_info('notes') WHERE name = 'words'") == 0


def test_a_backup_of_an_older_part_is_restored_through_its_migrations(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    with Journal.open(old, parts=(_notes(NOTES_V1),)) as journal, journal.connection() as conn:
        conn.execute("INSERT INTO notes (text) VALUES ('two words'), ('')")
        conn.execute("INSERT INTO notes (text, session_id) VALUES ('lost', 9)")
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path, parts=(_notes(NOTES_V1, NOTES_V2),)) as journal:
        with backups.checked_backup(journal, old) as copy:
            backups.restore(journal, copy)
    assert copy.skipped == ("note 3: session_id names a missing session (9)",)
    assert _one(path, "SELECT group_concat(words) FROM notes") == "2,1"
    assert _one(path, "SELECT version FROM schema_parts WHERE name = 'diary'") == 2
