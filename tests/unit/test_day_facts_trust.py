"""The note of the day's facts is trusted only when hep wrote it and the journal is the very
file it was written for: a journal written over in place and given its old times back, a note
another account could have written (a link, another owner, open to others), and values hep
never writes all send the start to the journal."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from player.files import NotAFile, read_private
from player.journal.record.facts import facts_file, read_facts
from tests.unit.test_day_facts import asked, finish, pain, screen_no, session


def _stopped(tmp_path: Path) -> Path:
    journal = tmp_path / "journal.sqlite3"
    session(journal, screen_no, pain(8))  # stopped today: the note says "start anyway?"
    assert read_facts(journal) is not None
    return journal


def test_a_journal_written_over_in_place_with_its_old_times_is_not_trusted(
    tmp_path: Path,
) -> None:
    """Another journal copied over this one (same file, same size) and `touch -r` to its old
    modification time: only the change time tells, and the note must not be read."""
    journal = _stopped(tmp_path)
    other = tmp_path / "other" / "journal.sqlite3"
    session(other, screen_no, pain(2), finish)  # no stop in this one
    before = journal.stat()
    content = other.read_bytes()
    content = content[: before.st_size].ljust(before.st_size, b"\0")
    with journal.open("r+b") as file:  # in place: the same inode
        file.write(content)
    os.utime(journal, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = journal.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert read_facts(journal) is None


def _linked(note: Path) -> None:
    kept = note.with_name("kept.json")
    os.replace(note, kept)
    note.symlink_to(kept)


def _open_to_others(note: Path) -> None:
    os.chmod(note, 0o666)


def _readable_by_the_group(note: Path) -> None:
    os.chmod(note, 0o640)


def _another_accounts(note: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("only root can give a file to another account")
    os.chown(note, 4242, 4242)


@pytest.mark.parametrize(
    "change",
    [_linked, _open_to_others, _readable_by_the_group, _another_accounts],
    ids=["a-link", "open-to-others", "group-readable", "another-account"],
)
def test_a_note_someone_else_could_have_written_is_not_read(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    """Its facts are right for the journal (the identity matches), but a note another account
    could have put there could say "screened today" and skip the red-flag questions."""
    journal = _stopped(tmp_path)
    change(facts_file(journal))
    assert read_facts(journal) is None


@pytest.mark.parametrize(
    "edit",
    [
        lambda note: {**note, "written": True},
        lambda note: {**note, "written": float("nan")},
        lambda note: {**note, "written": float("-inf")},
        lambda note: {**note, "today": {**note["today"], "stop": ""}},
        lambda note: {**note, "today": {**note["today"], "stop": "\x1b[0m"}},
        lambda note: {**note, "today": {**note["today"], "line": "Earlier\x1b]0;x\x07 today"}},
        lambda note: {**note, "today": {**note["today"], "stop": "stopped\u202e at 8/10"}},
    ],
    ids=[
        "written-bool",
        "written-nan",
        "written-minus-infinity",
        "stop-empty",
        "stop-all-escape",
        "line-with-escape",
        "stop-with-bidi",
    ],
)
def test_values_hep_never_writes_are_not_trusted(
    tmp_path: Path, edit: Callable[[dict], dict]
) -> None:
    """An empty stop (or one that is nothing but escapes) would have read as "no stop today"
    and skipped "Start anyway?"."""
    journal = _stopped(tmp_path)
    note = facts_file(journal)
    note.write_text(json.dumps(edit(json.loads(note.read_text()))))
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert read_facts(journal) is None


def test_the_note_as_hep_wrote_it_is_what_the_journal_says(tmp_path: Path) -> None:
    journal = _stopped(tmp_path)
    assert read_facts(journal) == asked(journal)


def test_read_private_refuses_what_another_account_could_have_written(tmp_path: Path) -> None:
    file = tmp_path / "mine.json"
    file.write_bytes(b"{}")
    os.chmod(file, 0o600)
    assert read_private(file, 10) == b"{}"
    os.chmod(file, 0o604)
    with pytest.raises(NotAFile):
        read_private(file, 10)
    os.chmod(file, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to(file)
    with pytest.raises(NotAFile):
        read_private(link, 10)
    with pytest.raises(NotAFile):
        read_private(file, 1)


def test_a_journal_that_is_a_link_is_not_trusted(tmp_path: Path) -> None:
    """Another data folder whose journal is a link to this one, with this one's note beside it:
    the identity is the linked file's, but the journal there is refused when opened (and its
    write-ahead log would not be beside the link)."""
    journal = _stopped(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = elsewhere / journal.name
    linked.symlink_to(journal)
    facts_file(linked).write_bytes(facts_file(journal).read_bytes())
    os.chmod(facts_file(linked), 0o600)
    assert read_facts(linked) is None


def test_the_system_zone_changed_by_a_copy_of_its_file_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No `TZ`, and `/etc/localtime` a copy of a zone's file (no name to read from a link):
    the zone changed from Los Angeles to Tokyo since the note was kept. The note's "today" and
    its times were Los Angeles's: the journal is asked."""
    import zoneinfo

    from player import localday

    def system_zone(name: str) -> None:
        source = next(
            Path(root) / name for root in zoneinfo.TZPATH if (Path(root) / name).is_file()
        )
        localtime = tmp_path / "localtime"
        localtime.unlink(missing_ok=True)
        shutil.copyfile(source, localtime)
        monkeypatch.setattr(localday, "LOCALTIME", str(localtime))

    monkeypatch.delenv("TZ", raising=False)
    system_zone("America/Los_Angeles")
    journal = _stopped(tmp_path)
    assert read_facts(journal) is not None
    system_zone("Asia/Tokyo")
    assert read_facts(journal) is None


def test_the_note_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    """A umask that takes the owner's write bit away (0277) left a note 0400, not the 0600 the
    journal's files get."""
    before = os.umask(0o277)
    try:
        journal = _stopped(tmp_path)
    finally:
        os.umask(before)
    assert stat.S_IMODE(facts_file(journal).stat().st_mode) == 0o600


def test_a_clock_set_back_past_midnight_before_closing_does_not_hide_todays_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session stopped at 00:20; the clock is then set back (a fast clock put right) to 23:50
    of the day before, and hep closes the journal: the note is of that day. At 00:30, the
    journal untouched since, the note's day is over, but the stop at 00:20 is today's: the
    journal says "start anyway?", and the note must not say there was nothing today."""
    from datetime import UTC, datetime

    from player import localday
    from player.conductor.core import Conductor
    from player.conductor.dependencies import Dependencies
    from player.journal.record.background import BackgroundRecorder
    from player.program.followed import followed_in
    from player.session.safety import CheckinAnswer
    from tests.unit.test_day_facts import ROUTINE

    stopped_at = datetime(2026, 3, 10, 0, 20, tzinfo=UTC)
    journal = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TZ", "UTC")
    recorder = BackgroundRecorder(journal)
    recorder.keep_facts(followed_in)
    with localday.fixed_clock(stopped_at):
        c = Conductor(
            ROUTINE,
            Dependencies(recorder=recorder, wall=lambda: stopped_at),
        )
        c.start(0.0)
        for _ in range(7):
            c.answer_yes_no(0.0, False)
        c.answer_pain(0.0, CheckinAnswer(9))
        assert c.stage == "done"
    with localday.fixed_clock(datetime(2026, 3, 9, 23, 50, tzinfo=UTC)):
        recorder.close()  # the clock set back meanwhile
    with localday.fixed_clock(datetime(2026, 3, 10, 0, 30, tzinfo=UTC)):
        truth = asked(journal)
        assert truth.today.stop is not None
        kept = read_facts(journal)
        assert kept is None or kept == truth, kept
