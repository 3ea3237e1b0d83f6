"""Sessions waiting for a journal that cannot take them yet (busy, or its disk full): kept in
memory and in a recovery file beside the journal, written in order as soon as it can, and said
at once in one line. Room for that file is kept while a session is recorded, so a disk that
fills still has room for it."""

from __future__ import annotations

import errno
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from player import locations
from player.journal.record.recorder import SessionRecorder
from player.journal.store import recovery
from player.journal.store.errors import JournalError, is_disk_full, is_full, is_locked

RETRY_SECONDS = 0.5
"""How often a waiting record tries the journal again."""
BUSY_SECONDS = 0.5
"""How long one write waits for another program's lock before the record waits in memory."""

Op = tuple[Any, ...]
"""("start", SessionStart) | ("event", kind, clock, data, wall) | ("end", SessionEnd)."""


def waiting_line(exc: JournalError | None, kept: Path | None, room: bool = False) -> str:
    """The one line said when the record starts waiting.

    Args:
        exc: Why the journal refused the write (None: it could not be opened in time).
        kept: The recovery file that holds the session, if it could be written.
        room: True when it was written in the room kept for it (the disk is full).
    """
    where = f" and in {kept}" if kept is not None else ""
    if exc is not None and is_disk_full(exc):
        where += ", in room kept for it," if kept is not None and room else ""
        return (
            f"{exc.message.split(';')[0]}; this session is kept in memory{where} and will be "
            "written into the journal once there is room again: free some space"
        )
    why = "is busy (locked by another program)" if exc is None or is_locked(exc) else "failed"
    return (
        f"the journal {why}; this session is kept in memory{where} and will be written into "
        "the journal as soon as it can"
    )


CAUGHT_UP = "the journal has caught up: this session is written into it"


class Backlog:
    """The writer thread's queue of journal writes that have not succeeded yet.

    Only the writer thread calls `add`, `drain` and `closing`; `take_notices` may be called
    from any thread.
    """

    def __init__(self, recorder: SessionRecorder, path: Path | None) -> None:
        """Write through `recorder`'s journal (opened by it), kept beside `path`."""
        self._recorder = recorder
        self._journal_path = Path(path) if path is not None else locations.journal_path()
        self.file = recovery.path_for(self._journal_path)
        """This process's recovery file (there only while a session waits)."""
        self.room = recovery.room_for(self._journal_path)
        """The room kept for the recovery file while a session is recorded."""
        self._room_kept = False
        self._room_used = False
        """True once the room was given back to write the recovery file on a full disk."""
        self.full = False
        """True while the record waits for room on the journal's disk."""
        recovery.taken_up(self.file)
        self._pending: deque[Op] = deque()
        self._kept: list[recovery.Kept] = []
        """Every session not yet whole in the journal, as the recovery file holds them."""
        self._spilled = False
        self.stopped = False
        """True once the journal refused a write for good (read-only, damaged, full)."""
        self.waiting = False
        """True while the journal refuses writes and the record waits."""
        self._next_try = 0.0
        self.problem: str | None = None
        """A problem that no waiting cures (a write the journal refuses as wrong)."""
        self.lost = False
        """True when a session could be kept neither in the journal nor in the recovery file."""
        self._notices: list[str] = []
        self._lock = threading.Lock()

    def take_notices(self) -> list[str]:
        """The lines not returned before."""
        with self._lock:
            fresh, self._notices = self._notices, []
        return fresh

    def _say(self, line: str) -> None:
        with self._lock:
            self._notices.append(line)

    def add(self, op: Op) -> None:
        """Queue one write and try the journal (at once, or at the next retry while waiting)."""
        if op[0] == "start":
            if not self._room_kept:
                self._room_kept = recovery.keep_room(self.room)
            self._kept.append(recovery.Kept(op[1]))
        elif self._kept:
            one = self._kept[-1]
            if op[0] == "event":
                one.events.append(op[1:])
            else:
                one.end = op[1]
        self._pending.append(op)
        if self.stopped:
            self._spill()
        elif self.waiting:
            self._spill()
            if self.due():
                self.drain()
        else:
            self.drain()

    @property
    def caught_up(self) -> bool:
        """True when every write given so far is in the journal."""
        return not self._pending and not self.stopped

    def due(self) -> bool:
        """Whether a waiting record should try the journal again now."""
        return time.monotonic() >= self._next_try

    def drain(self) -> None:
        """Write what waits, in order, until done or the journal refuses."""
        if self.stopped:
            return
        if self.full and is_full(self._journal_path.parent, 2 * recovery.ROOM):
            return  # no room yet: a try would only take what is left from the recovery file
        while self._pending:
            if not self._recorder.open():
                self._refused(self._recorder.open_error)
                return
            journal = self._recorder.journal
            assert journal is not None
            op = self._pending[0]
            one = self._kept[0] if self._kept else None
            try:
                if op[0] == "start":
                    assert one is not None
                    one.session_id = journal.start_session(op[1])
                elif one is None or one.session_id is None:
                    pass  # its start was refused as wrong: nothing to add it to
                elif op[0] == "event":
                    journal.record(one.session_id, *op[1:])
                else:
                    journal.finish(one.session_id, op[1])
            except JournalError as exc:
                self._refused(exc)
                return
            except Exception as exc:  # a write refused as wrong: dropped, said once
                if self.problem is None:
                    self.problem = f"the journal refused part of this session: {exc}"
            self._pending.popleft()
            if op[0] == "end" and self._kept:
                self._kept.pop(0)
        if self.waiting:
            self.waiting = self.full = False
            recovery.remove(self.file)
            if not self._room_kept:  # kept again, for the disk filling once more
                self._room_kept = recovery.keep_room(self.room)
            self._spilled = False
            self._say(CAUGHT_UP)

    def _refused(self, exc: JournalError | None) -> None:
        """The journal refused a write: wait while it is locked or its disk is full; otherwise
        stop trying, say so as before, and keep the session in the recovery file if it can be
        written."""
        if exc is not None and is_disk_full(exc):
            self.full = True
        if exc is None or is_locked(exc) or self.full:
            self._wait(exc)
            return
        self.stopped = True
        self.problem = " ".join(f"the journal stopped recording this session: {exc}".split())
        self._spill()

    def _wait(self, exc: JournalError | None) -> None:
        self._next_try = time.monotonic() + RETRY_SECONDS
        if self.waiting:
            return
        self.waiting = True
        kept = self._spill()
        self._say(waiting_line(exc, self.file if kept else None, self._room_used))

    def _spill(self) -> bool:
        """Write the recovery file again with everything waiting; False when it cannot be. On
        a full disk the room kept for it is given back first."""
        try:
            self._write()
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT) or not self._room_kept:
                self._spilled = False
                return False
            self._room_kept = False
            self._room_used = recovery.release_room(self.room) > 0
            try:
                self._write()
            except OSError:
                self._spilled = False
                return False
        except ValueError:
            self._spilled = False
            return False
        self._spilled = True
        return True

    def _write(self) -> None:
        recovery.write(self.file, self._kept)

    def closing(self) -> None:
        """At the end: the room kept for the recovery file is given back; whatever still waits
        stays in the recovery file (said on stderr), or, when it cannot be written, is lost
        (`lost`)."""
        try:
            if self._pending:
                self._keep_the_rest()
        finally:
            if self._room_kept:
                recovery.release_room(self.room)
                self._room_kept = False

    def _keep_the_rest(self) -> None:
        if self.full:
            why = "the disk is still full"
        elif self.waiting:
            why = "the journal is still busy"
        else:
            why = "the journal could not take it"
        if self._spill():
            recovery.left(self.file)
            line = (
                f"hep: {why}; this session is kept in {self.file} and will be written into the "
                "journal the next time hep opens it"
            )
        else:
            self.lost = True
            line = f"hep: {why}, and no recovery file could be written beside it: this session "
            line += "is not kept"
        try:
            print(line, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
