"""The day's facts, kept beside the journal: what the next session's first question needs.

When hep closes the journal it has written, it notes what today's sessions say before the next
one starts (a stop today and its care, today's earlier answers, whether the red-flag questions
were answered) and whether a program is followed, with the journal file's identity, size and
time as they were once closed. The next `hep play` reads that note instead of opening the
journal, so its first question is on screen before the journal, the session and the playing
screen are loaded (the journal is still opened, and checked for damage, right after).

The note is trusted only while it cannot be out of date: the journal file is as it was when
the note was written (the same file, size, modification and change times to the nanosecond),
with no write-ahead log beside it (no other program has it open, none was killed writing it) and
no recovery file waiting; the note is from this hep, in the same time zone, and not from later
than now (a clock set back), and it is hep's own: a link, another account's file or one open to
others is not read. Any doubt, and `hep play` opens the journal and asks it, as it always did. A
day later than the note's, with the journal untouched since and nothing in it from that day (a
clock set back before the note was kept can leave some), has no session yet: nothing to say.

Reading it imports nothing of the journal's store, nor SQLite.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from player import __version__, localday
from player.files import read_private, read_regular, write_private
from player.journal.store.sidefiles import made_from, recovery_glob
from player.safetext import shown
from player.session.first import NOTHING, Today

if TYPE_CHECKING:
    from player.journal.store.store import Journal

FACTS_VERSION = 1
"""The note's own version: a note of another shape is not read."""
FACTS_LIMIT = 64 * 1024
"""The longest note read (one is a few hundred bytes)."""
ZONE_FILE_LIMIT = 1024 * 1024
"""The longest system zone file read for its digest (one is a few kilobytes)."""
LATEST = (
    "SELECT MAX(t) FROM (SELECT MAX(wall) AS t FROM events WHERE kind = 'screen'"
    " UNION ALL SELECT MAX(started_at) FROM sessions UNION ALL SELECT MAX(ended_at) FROM sessions)"
)
"""The latest wall time of what the facts are read from (the sessions' ends, the red-flag
answers; by index but the ends, one row a session): a day after the note's is empty only if
it is before that day began (a clock set back before the note was kept can put it after)."""
WAL_SUFFIX = "-wal"
"""SQLite's write-ahead log beside the journal: there while any program has it open."""


class DayFacts(NamedTuple):
    """What today's journal says before a session starts, known without opening it."""

    today: Today
    """Today's earlier sessions: their answers, and a stop that asks first."""
    screened: bool
    """Whether the red-flag questions were answered today."""


def facts_file(journal: Path) -> Path:
    """The note beside `journal`."""
    return journal.with_name(f"{journal.name}.today.json")


def _identity(journal: Path) -> list[int] | None:
    """The journal file's device, inode, size, modification time and change time (ns); None
    when it is not a regular file. The change time is the one no program can set back: a file
    written over in place and given its old modification time again (`touch -r`) differs by
    it. A link is not followed (the journal never is one: `Journal.open` refuses it)."""
    st = os.lstat(journal)
    if not stat.S_ISREG(st.st_mode):
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _zone_name() -> str:
    """The time zone's name, as the note keeps it: a zone with no name is told by its kind and
    `TZ`, or (no `TZ`) by a digest of the system's zone file, a copy that is replaced when the
    system's zone is changed."""
    tz = localday.zone()
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    named = os.environ.get("TZ")
    if named is None:
        try:
            named = hashlib.sha256(read_regular(localday.LOCALTIME, ZONE_FILE_LIMIT)).hexdigest()
        except OSError:
            named = ""
    return f"{type(tz).__name__}:{named}"


def _unchanged(journal: Path, kept: object) -> bool:
    """Whether `journal` is as the note says it was closed, with nothing written beside it."""
    if _identity(journal) != kept or _log_beside(journal):
        return False
    return not any(journal.parent.glob(recovery_glob(journal)))


def _text(value: object) -> str | None:
    """A text the note keeps, as hep wrote it (from the journal): one with what a terminal acts
    on, or an empty one, was not written by hep, and the note is not trusted."""
    if value is None:
        return None
    if not isinstance(value, str) or not value or shown(value) != value:
        raise ValueError("not text hep writes")
    return value


def _instant(value: object) -> TypeGuard[float]:
    """Whether `value` is a time as the note keeps it (seconds, a finite number)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_facts(journal: Path) -> DayFacts | None:
    """The day's facts from the note beside `journal`, when it can be trusted (see above) and
    no program is followed (the program reads its dose from the journal).

    Args:
        journal: The journal file.

    Returns:
        The facts for today; None when the journal must be asked (no note, a note that is
        damaged, from another hep or zone, or out of date; a program followed).
    """
    try:
        if _none_yet(journal):
            return DayFacts(NOTHING, False)
        # Only hep's own: a note another account could have written is never read.
        note = json.loads(read_private(facts_file(journal), FACTS_LIMIT))
        if not isinstance(note, dict) or note.get("facts") != FACTS_VERSION:
            return None
        if note.get("hep") != __version__ or note.get("zone") != _zone_name():
            return None
        if note.get("program") is not False:
            return None
        if not _unchanged(journal, note.get("journal")):
            return None
        written, kept_day = note.get("written"), note.get("day")
        if not _instant(written) or not isinstance(kept_day, str):
            return None
        now = localday.now()
        if now.timestamp() < written:  # the clock was set back since: the note may be ahead
            return None
        day, today = date.fromisoformat(kept_day), localday.today(now)
        if today < day:
            return None
        if today > day:  # nothing written since the note's day: no session today yet,
            latest = note.get("latest")  # unless a clock set back had that day end after it
            if latest is not None and (
                not _instant(latest) or latest >= localday.midnight(today).timestamp()
            ):
                return None
            return DayFacts(NOTHING, False)
        said = note.get("today")
        screened = note.get("screened")
        if not isinstance(said, dict) or not isinstance(screened, bool):
            return None
        kept = Today(_text(said.get("line")), _text(said.get("stop")), _text(said.get("care")))
        return DayFacts(kept, screened)
    except (OSError, ValueError, TypeError, RecursionError):
        return None


def facts_now(journal: Journal, followed: Callable[[Journal], bool]) -> dict[str, Any] | None:
    """The note's facts, read from the journal (`keep_facts` reads them from the closed file).

    Args:
        journal: The open journal.
        followed: Whether a program is followed, read through the journal.

    Returns:
        The facts, as the note keeps them; None while a session is still open in it (its
        next opening closes it: the facts would change then).
    """
    from player.journal.record.screening import screened_today
    from player.journal.record.today import earlier_today
    from player.journal.records import parse_utc
    from player.session.outcomes import RUNNING

    if journal.query("SELECT 1 FROM sessions WHERE outcome = ? LIMIT 1", (RUNNING,)):
        return None
    kept = journal.query(LATEST)[0][0]

    now = localday.now()
    today = earlier_today(journal, now=now)
    return {
        "facts": FACTS_VERSION,
        "hep": __version__,
        "zone": _zone_name(),
        "day": localday.today(now).isoformat(),
        "written": now.timestamp(),
        "today": {"line": today.line, "stop": today.stop, "care": today.care},
        "screened": screened_today(journal, now=now),
        "program": followed(journal),
        "latest": parse_utc(kept).timestamp() if kept is not None else None,
    }


def keep_facts(journal: Path, followed: Callable[[Journal], bool] | None) -> None:
    """Keep the note beside `journal`, once hep has closed it: the facts are read from the
    file itself, as it lies on disk, between two looks at its identity, so the note says what
    that very file says (another program writing meanwhile, or still holding it open with its
    write-ahead log, leaves no note). Written whole or not at all, 0600. Never raises: the note
    is only ever a shortcut, and any doubt removes it.

    Args:
        journal: The journal file, closed by this hep.
        followed: Whether a program is followed, read through the journal; None: no note (what
            this hep wrote is not all in the journal: a session kept elsewhere, or waiting).
    """
    from player.journal.store.store import Journal

    note = facts_file(journal)
    try:
        identity = _identity(journal) if followed is not None else None
        facts = None
        if followed is not None and identity is not None and not _log_beside(journal):
            with Journal.as_it_lies(journal) as lying:
                facts = facts_now(lying, followed)
        if facts is None or _identity(journal) != identity or _log_beside(journal):
            note.unlink(missing_ok=True)
            return
        write_private(note, json.dumps({**facts, "journal": identity}, ensure_ascii=False).encode())
    except Exception:  # the note is only a shortcut: without it the journal is asked
        with suppress(OSError):
            note.unlink(missing_ok=True)


def _none_yet(journal: Path) -> bool:
    """Whether there is no journal yet (the very first start, or one moved aside), nor anything
    one is made from when it is opened: SQLite's log or rollback journal beside it, a session
    waiting in a recovery file. Then nothing happened today and no program is followed (the
    program is kept in the journal). Not allowed to look is not "none" (an `OSError`)."""
    try:
        os.lstat(journal)
    except FileNotFoundError:
        pass
    else:
        return False  # a file, a link, a folder: for the journal to say
    try:
        with os.scandir(journal.parent) as entries:
            names = [entry.name for entry in entries]
    except FileNotFoundError:  # no data folder yet either
        return True
    return not any(name.startswith(made_from(journal)) for name in names)


def _log_beside(journal: Path) -> bool:
    """Whether SQLite's write-ahead log is beside `journal` (a program has it open, or one
    was killed writing it)."""
    return os.path.lexists(f"{journal}{WAL_SUFFIX}")
