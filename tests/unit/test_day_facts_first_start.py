"""The very first start, with no journal yet: nothing can have happened today and no program
is followed, so the first question is put up without creating the journal first; anything a
journal could be made from (a write-ahead log, a rollback journal, a session waiting in a
recovery file, a link where the journal would be) sends the start to the journal as before."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from player.journal.record.facts import DayFacts, facts_file, read_facts
from player.journal.record.today import NOTHING
from tests.unit.test_day_facts import asked, pain, screen_no, session

NOTHING_YET = DayFacts(NOTHING, False)


def test_no_journal_yet_has_nothing_today_and_no_red_flag_answers(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    assert read_facts(journal) == NOTHING_YET
    assert not journal.exists()  # reading the facts made nothing
    assert asked(journal) == NOTHING_YET  # what a journal made now says


def test_no_data_folder_yet_is_the_same(tmp_path: Path) -> None:
    journal = tmp_path / "not" / "made" / "journal.sqlite3"
    assert read_facts(journal) == NOTHING_YET
    assert not (tmp_path / "not").exists()


def test_a_note_left_beside_a_journal_taken_away_is_not_read(tmp_path: Path) -> None:
    """The user moved the journal aside (after a stop today): the next journal starts empty,
    and the stop in the old note must not ask "Start anyway?"."""
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(9))
    assert read_facts(journal) != NOTHING_YET
    os.replace(journal, tmp_path / "aside.sqlite3")
    assert facts_file(journal).exists()
    assert read_facts(journal) == NOTHING_YET


def _wal(journal: Path) -> None:
    Path(f"{journal}-wal").write_bytes(b"")


def _rollback(journal: Path) -> None:
    Path(f"{journal}-journal").write_bytes(b"")


def _recovery(journal: Path) -> None:
    (journal.parent / f"{journal.name}.recovery-4242.jsonl").write_text("{}\n")


def _dangling_link(journal: Path) -> None:
    journal.symlink_to(journal.parent / "elsewhere.sqlite3")


def _folder(journal: Path) -> None:
    journal.mkdir()


@pytest.mark.parametrize(
    "leave",
    [_wal, _rollback, _recovery, _dangling_link, _folder],
    ids=["write-ahead-log", "rollback-journal", "recovery-file", "dangling-link", "a-folder"],
)
def test_anything_a_journal_could_be_made_from_is_asked_of_the_journal(
    tmp_path: Path, leave: Callable[[Path], None]
) -> None:
    journal = tmp_path / "journal.sqlite3"
    leave(journal)
    assert read_facts(journal) is None


@pytest.mark.parametrize("call", ["lstat", "scandir"])
def test_a_data_folder_hep_cannot_look_into_is_asked_of_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """Not allowed to look (a folder with no search or read permission for this account, which
    root never meets): unknown is not "no journal"."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, call, refused)
    assert read_facts(tmp_path / "journal.sqlite3") is None
