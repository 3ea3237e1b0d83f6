"""The journal written from a thread of its own, so a face's event loop never waits on the disk."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from player import localday
from player.journal.record.backlog import BUSY_SECONDS, RETRY_SECONDS, Backlog
from player.journal.record.facts import keep_facts
from player.journal.record.recorder import SessionRecorder
from player.journal.record.screening import screened_today
from player.journal.record.today import NOTHING, Today, earlier_today
from player.journal.records import format_utc, utc_now
from player.journal.store.errors import JournalError
from player.journal.store.store import DEFAULT_TIMEOUT, Journal
from player.session.kept import SessionEnd, SessionStart

T = TypeVar("T")
Job = Callable[[], object]

WAIT_SECONDS = DEFAULT_TIMEOUT + 1.0
"""The longest a question to the journal (`screened_today`) waits for the writes queued before
it: as long as a busy journal may keep a write waiting, and a second more."""


class BackgroundRecorder:
    """Records sessions as `SessionRecorder` does, from a writer thread.

    Each call queues its work and returns at once. The thread opens the journal as soon as the
    recorder is made (so its start-up checks run while the face starts), then writes each
    session and event in the order given, one commit per event: a crash loses at most the
    events still queued, a few milliseconds' worth. While the journal cannot take them (locked
    by another program, a full disk) they wait in a `Backlog`, which says so at once, keeps
    them in a recovery file beside the journal too, and tries again. Wall times are taken when
    an event is recorded, not when it is written. `flush` waits until everything queued is written;
    `close` writes everything it can, then closes the journal. Like `SessionRecorder`, it never
    raises.
    """

    def __init__(self, path: Path | None = None) -> None:
        """Start the writer thread and open the journal on it.

        Args:
            path: The journal file (default: the data folder's).
        """
        self._path = path
        self._recorder = SessionRecorder(path=path, timeout=BUSY_SECONDS)
        self._backlog = Backlog(self._recorder, path)
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._closed = False
        self._writes = 0
        """How many writes have been queued (a question read ahead counts none of them)."""
        self._written = 0
        """How many of them are done (written, or waiting in the backlog)."""
        self._written_now = threading.Condition()
        self._ahead: dict[str, tuple[int, date, Future[Any]]] = {}
        """The questions read ahead: name to (writes queued then, the local day, answer)."""
        self.finished = 0
        """How many sessions were closed (`finish`), written or not."""
        self._after_due = False
        """Whether `_kept_whole` is due for the session just finished, once it is written
        (writer thread only)."""
        self._kept_whole: Callable[[Journal], object] | None = None
        """Run on the journal after each session is written whole (see `after_each_session`)."""
        self._followed: Callable[[Journal], bool] | None = None
        """Whether a program is followed, for the day's facts kept at closing (`keep_facts`)."""
        self._thread = threading.Thread(target=self._run, name="hep-journal", daemon=True)
        self._thread.start()
        # A journal that cannot be opened now is tried again at the session's start, which
        # reports the problem once.
        self._put(self._recorder.open)

    def _run(self) -> None:
        while True:
            if self._after_due and self._queue.empty():
                self._after_session()  # once nothing else waits: a flush never waits for it
            try:
                job = self._queue.get(timeout=RETRY_SECONDS if self._backlog.waiting else None)
            except queue.Empty:
                self._drain()
                continue
            if job is None:
                self._after_session()
                break
            try:
                job()
            except Exception:  # the recorder never raises; a job that does must not end the thread
                pass
            if self._backlog.waiting and self._backlog.due():
                self._drain()
        self._drain()
        self._backlog.closing()

    def _drain(self) -> None:
        """Write what waits for the journal; then the work owed after a session that waited
        (see `after_each_session`)."""
        self._backlog.drain()
        self._after_session()

    def _submit(self, question: Callable[[], T]) -> Future[T]:
        """Queue `question` behind everything queued so far; its answer comes in the future."""
        answer: Future[T] = Future()

        def job() -> None:
            self._after_session()  # a question sees what the program counted first
            try:
                answer.set_result(question())
            except Exception as exc:
                answer.set_exception(exc)

        self._queue.put(job)
        return answer

    def _ask(self, name: str, question: Callable[[], T], default: T, timeout: float) -> T:
        """Run `question` on the writer thread after everything queued before it; `default`
        when it does not answer within `timeout` seconds or raises. An answer read ahead under
        `name` stands for it when it still holds (see `read_ahead`)."""
        if self._closed:
            return default
        answer = self._read_ahead(name)
        if answer is None:
            answer = self._submit(question)
        try:
            return cast(T, answer.result(timeout))
        except Exception:
            return default

    def _read_ahead(self, name: str) -> Future[Any] | None:
        """The answer read ahead under `name`, taken once, if nothing has been queued to write
        since it was asked and it is still the same day; else None."""
        entry = self._ahead.pop(name, None)
        if entry is None:
            return None
        writes, day, answer = entry
        if writes != self._writes or day != localday.today():
            return None
        return answer

    def read_ahead(self) -> None:
        """Ask the journal now what the first question needs (`screened_today`,
        `earlier_today`), behind its opening: the thread reads while the face starts, and the
        session's first question finds the answers ready.

        Like every job, the reads come after the opening's check for damage: a journal that
        fails it answers as a journal that cannot be read (the questions are asked). Each
        answer stands for one later question, and only while nothing has been queued to write
        since and the day has not changed; otherwise the journal is asked again.
        """
        if self._closed:
            return
        day = localday.today()
        for name, question in (("screened", self._screened), ("today", self._today)):
            self._ahead[name] = (self._writes, day, self._submit(question))

    @property
    def problem(self) -> str | None:
        """One line describing the first problem, or None while all is well."""
        return self._recorder.problem or self._backlog.problem

    @property
    def lost(self) -> bool:
        """True when a session could be kept neither in the journal nor in a recovery file."""
        return self._backlog.lost

    def take_notices(self) -> list[str]:
        """The journal's notices from opening it (files made private), each returned once.

        Returns:
            The lines not returned before, then what the backlog has to say (the record
            waiting, caught up, kept in a recovery file).
        """
        return self._recorder.take_notices() + self._backlog.take_notices()

    def _screened(self) -> bool:
        journal = self._recorder.journal
        return journal is not None and screened_today(journal)

    def _today(self) -> Today:
        journal = self._recorder.journal
        if journal is not None:
            return earlier_today(journal)
        # Not open (another program holds it): a stop earlier today, even one kept only in a
        # recovery file or left running by a killed player, still asks before starting again.
        try:
            copy = Journal.settled_copy(self._path, timeout=BUSY_SECONDS)
        except JournalError:
            return NOTHING
        try:
            return earlier_today(copy)
        finally:
            copy.close()

    def screened_today(self) -> bool:
        """Whether the red-flag questions were answered today, counting every event queued
        before this call.

        Returns:
            True only when the journal says so; False when it cannot tell in time (asking the
            questions again is the safe side).
        """
        return self._ask("screened", self._screened, False, WAIT_SECONDS)

    def earlier_today(self) -> Today:
        """Today's earlier sessions (for the first questions), counting every event queued
        before this call.

        Returns:
            The context; `NOTHING` when the journal cannot tell in time.
        """
        return self._ask("today", self._today, NOTHING, WAIT_SECONDS)

    def use(self, work: Callable[[Journal], T]) -> T | None:
        """Run `work` on the journal this recorder opened, on its thread, after everything
        queued before it: a caller that would open the journal for itself before the session
        (a program's dose) uses the one already opened and checked for damage meanwhile,
        instead of opening and checking the file a second time on its own thread.

        Args:
            work: Reads (and writes) through the open journal; it must return a value, not
                None.

        Returns:
            What `work` returned; None when the journal is not open here (it could not be
            opened, or the recorder is closed): the caller opens it itself and meets the problem
            in its own words.

        Raises:
            Exception: Whatever `work` raised, as it raised it.
        """
        if self._closed:
            return None

        def run() -> T | None:
            journal = self._recorder.journal
            return None if journal is None else work(journal)

        return self._submit(run).result()

    def later(self, work: Callable[[Journal], object]) -> None:
        """Queue `work` on the journal this recorder opened, after everything queued before it,
        and return without waiting for it: a write that must come before the session's own
        (the program day it is played for) need not hold up the first question. Nothing is
        done when the journal is not open here; a problem in `work` stays its own, as in any
        job (the recorder never raises).

        Args:
            work: Writes through the open journal.
        """

        def run() -> None:
            journal = self._recorder.journal
            if journal is not None:
                work(journal)

        self._put(run)

    def start(self, start: SessionStart) -> None:
        """Queue the start of a session (see `Journal.start_session`), stamped now unless it
        says when it started."""
        stamped = replace(start, started_at=start.started_at or format_utc(utc_now()))

        def begin() -> None:
            self._after_session()  # the last session's work first
            self._backlog.add(("start", stamped))

        self._put(begin)

    def record(self, kind: str, clock: float, data: dict[str, Any]) -> None:
        """Queue one event of the current session (arguments as `Journal.record`)."""
        wall = format_utc(utc_now())
        self._put(lambda: self._backlog.add(("event", kind, clock, data, wall)))

    def finish(self, end: SessionEnd) -> None:
        """Queue the close of the current session (see `Journal.finish`), stamped now."""
        stamped = replace(end, ended_at=format_utc(utc_now()))
        self.finished += 1
        self._put(lambda: self._backlog.add(("end", stamped)))
        if self._kept_whole is not None:
            self._put(self._due)

    def after_each_session(self, work: Callable[[Journal], object]) -> None:
        """Run `work` on the journal, on its thread, as soon as each later session is written
        whole (a program counts the session then: a process killed while its summary is read
        has counted it already). It runs once nothing else waits, so a `flush` after the session
        does not wait for it; the next session's start, any question to the journal and
        `close` run it first.

        `work` is not run for a session still waiting for a busy journal, nor when it cannot be
        opened: the caller does that work itself once the recorder is closed. What `work`
        raises is dropped (the caller's own later run meets it).
        """
        self._kept_whole = work

    def _due(self) -> None:
        self._after_due = True

    def _after_session(self) -> None:
        """Run the work due after a session (writer thread), once, when the session is written
        (still due while it waits for the journal); never raises."""
        if not self._after_due or self._kept_whole is None:
            return
        journal = self._recorder.journal
        if journal is None or not self._backlog.caught_up:
            self._after_due = not self._backlog.stopped  # due again once it is written
            return
        self._after_due = False
        try:
            self._kept_whole(journal)
        except Exception:  # as for any job: the caller's own later run meets it
            pass

    def _put(self, job: Job) -> None:
        """Queue a write (counted, for `flush`)."""
        if self._closed:
            return
        self._writes += 1

        def counted() -> None:
            try:
                job()
            finally:
                with self._written_now:
                    self._written += 1
                    self._written_now.notify_all()

        self._queue.put(counted)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written.

        Args:
            timeout: The longest to wait, in seconds (None: as long as it takes).

        Returns:
            True when it was all written in time.
        """
        if self._closed:
            return not self._thread.is_alive()
        target = self._writes  # not what runs after them (the work after a session)
        with self._written_now:
            return self._written_now.wait_for(lambda: self._written >= target, timeout)

    def keep_facts(self, followed: Callable[[Journal], bool]) -> None:
        """At closing, keep the day's facts beside the journal (`player.journal.record.facts`),
        so the next session's first question needs no journal to be asked.

        Args:
            followed: Whether a program is followed, read through the open journal.
        """
        self._followed = followed

    def close(self) -> None:
        """Write everything queued, stop the thread and close the journal; then keep the
        day's facts beside it (`keep_facts`). Never raises; a close cut short (Ctrl+C while it
        waited) is finished by the next one."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
        self._thread.join()
        journal = self._recorder.journal
        path = journal.path if journal is not None else None
        whole = self._backlog.caught_up and not (self._backlog.lost or self._backlog.waiting)
        self._recorder.close()
        if path is not None and self._followed is not None:
            keep_facts(path, self._followed if whole else None)
