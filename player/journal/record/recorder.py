"""The conductor's side of the journal: records a session, never stopping it for a problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.journal.store.errors import JournalError
from player.journal.store.store import DEFAULT_TIMEOUT, Journal
from player.session.kept import SessionEnd, SessionStart

ProblemHandler = Callable[[str], None]


class SessionRecorder:
    """Write one session at a time to the journal without ever raising.

    The first problem (a journal that cannot be opened or written) is kept in `problem` as one
    line for the face to show, and passed to `on_problem`; from then on the recorder writes
    nothing more, and the session goes on unrecorded. The next `Journal.open` closes such a
    half-written session (`store.close_unfinished`: interrupted, or a red-flag stop after a yes).
    """

    def __init__(
        self,
        journal: Journal | None = None,
        *,
        path: Path | None = None,
        on_problem: ProblemHandler | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Wrap an open journal, or open one lazily at `start`.

        Args:
            journal: An open journal to write to (not closed by `close`), or None to open
                `path` (default location when None) at `start`.
            path: The journal file to open when `journal` is None.
            on_problem: Called once with the one-line notice at the first problem.
            timeout: Seconds a journal it opens waits for another program's lock.
        """
        self._journal = journal
        self._owns_journal = journal is None
        self._path = path
        self._timeout = timeout
        self.on_problem = on_problem
        self.problem: str | None = None
        """One line describing the first problem, or None while all is well."""
        self.session_id: int | None = None
        """The session being written, once `start` succeeded."""
        self._told: set[str] = set()
        self.open_error: JournalError | None = None
        """Why `open` last failed."""

    @property
    def journal(self) -> Journal | None:
        """The open journal, or None until it is open (or after a problem opening it)."""
        return self._journal

    def open(self) -> bool:
        """Open the journal now if it is not open yet (`start` otherwise does). A journal that
        cannot be opened is not reported here: `start` tries again and reports it once.

        Returns:
            True when the journal is open.
        """
        if self._journal is None and self.problem is None:
            try:
                self._journal = Journal.open(self._path, timeout=self._timeout)
            except JournalError as exc:
                self.open_error = exc
                return False
        return self._journal is not None

    def take_notices(self) -> list[str]:
        """The journal's notices from opening it (files made private), each returned once.

        Returns:
            The lines not returned before; none until the journal is open.
        """
        if self._journal is None:
            return []
        fresh = [line for line in self._journal.notices if line not in self._told]
        self._told.update(fresh)
        return fresh

    @property
    def ok(self) -> bool:
        """True while no problem has happened."""
        return self.problem is None

    def _fail(self, exc: BaseException) -> None:
        if self.problem is not None:
            return
        if isinstance(exc, JournalError):
            text = str(exc)
        else:
            text = f"{type(exc).__name__}: {exc}"
        self.problem = " ".join(f"the journal stopped recording this session: {text}".split())
        if self.on_problem is not None:
            try:
                self.on_problem(self.problem)
            except Exception:  # a face's handler must not stop the session
                pass

    def start(self, start: SessionStart) -> int | None:
        """Open the journal if needed and start a session (see `Journal.start_session`).

        Returns:
            The session id, or None after a problem.
        """
        if self.problem is not None:
            return None
        try:
            if self._journal is None:
                self._journal = Journal.open(self._path, timeout=self._timeout)
            self.session_id = self._journal.start_session(start)
        except Exception as exc:  # never stop a session for the journal
            self._fail(exc)
            return None
        return self.session_id

    def record(
        self, kind: str, clock: float, data: dict[str, Any], wall: str | None = None
    ) -> int | None:
        """Record one event of the current session (see `Journal.record`).

        Returns:
            The event id, or None when nothing was written.
        """
        if self.problem is not None or self._journal is None or self.session_id is None:
            return None
        try:
            return self._journal.record(self.session_id, kind, clock, data, wall)
        except Exception as exc:
            self._fail(exc)
            return None

    def finish(self, end: SessionEnd) -> bool:
        """Close the current session (see `Journal.finish`).

        Returns:
            True when the outcome was written.
        """
        if self.problem is not None or self._journal is None or self.session_id is None:
            return False
        try:
            self._journal.finish(self.session_id, end)
        except Exception as exc:
            self._fail(exc)
            return False
        return True

    def flush(self, timeout: float | None = None) -> bool:
        """Nothing waits to be written: each call above writes before it returns.

        Returns:
            True.
        """
        return True

    def close(self) -> None:
        """Close the journal if this recorder opened it. Never raises."""
        if self._journal is not None and self._owns_journal:
            try:
                self._journal.close()
            except Exception:
                pass
            self._journal = None
