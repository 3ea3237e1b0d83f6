"""The journal store: one SQLite file (WAL) of sessions and the events the conductor sends."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from player import locations
from player.journal import figures
from player.journal.records import Event, format_utc, json_cell, parse_utc, utc_now
from player.journal.store import errors, privacy, recovery, writer
from player.journal.store.errors import JournalError
from player.journal.store.parts import SchemaPart, declared
from player.journal.store.rows import EVENT_KINDS, row_problem
from player.journal.store.schema import (
    SCHEMA_VERSION,
    migrate_all,
    part_version,
    schema_version,
)
from player.safetext import shown
from player.session.kept import SessionEnd, SessionStart
from player.session.outcomes import OUTCOMES, RUNNING, Outcome
from player.session.safety import screen_stop

INTERRUPTED_REASON = "The player stopped without closing the session."
DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another writer before calling the journal busy."""


def _abandoned(conn: sqlite3.Connection) -> list[int]:
    """The ids of the running sessions whose writing process is gone."""
    rows = conn.execute(
        "SELECT id, writer_pid, writer_host, writer_token FROM sessions WHERE outcome = ?",
        (RUNNING,),
    ).fetchall()
    return [row[0] for row in rows if writer.is_gone(row[1], row[2], row[3])]


def _check_parts(
    conn: sqlite3.Connection, path: Path, parts: Sequence[SchemaPart], *, exact: bool = False
) -> None:
    """Refuse a file whose parts of the schema this hep cannot use: one from a newer hep, one
    whose version row is not a version, or (`exact`, for reading only) one behind this hep."""
    for part in parts:
        try:
            version = part_version(conn, part)
        except ValueError as exc:
            raise errors.damaged(path, str(exc)) from None
        if version > part.version:
            raise errors.newer_part(path, part.tables_word, version, part.version)
        if exact and version < part.version:
            raise errors.not_writable(path, "an older journal must be brought up to date first")


def _writes_on_opening(
    conn: sqlite3.Connection, path: Path, parts: Sequence[SchemaPart], version: int
) -> bool:
    """Whether opening the journal writes into it: a migration due, a recovery file to merge,
    or a session whose writer is gone to close (so the review, which skips the check for
    damage, still has it before any of these)."""
    if version < SCHEMA_VERSION or recovery.waiting(path):
        return True
    try:
        if any(part_version(conn, part) < part.version for part in parts):
            return True
    except ValueError:
        return True
    return bool(_abandoned(conn))


JSON_COLUMNS = frozenset({"plan", "data"})
"""Columns that hold JSON: their strings are made safe once decoded (`records.json_cell`)."""
LINES_KEPT_IN = frozenset({"source"})
"""The one text column whose line breaks are kept: a program's file as it was started. Every
other text (a routine's name, its path, a reason) is shown as one line."""


def journal_text(data: bytes) -> str:
    """A text cell as hep reads it: UTF-8, a bad byte shown as U+FFFD rather than an error."""
    return data.decode("utf-8", "replace")


def safe_row(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> sqlite3.Row:
    """A row with its text made safe to show (any program can write the file, or a restored
    backup), JSON columns aside, and one line each but for `LINES_KEPT_IN`: `sqlite3.Row`,
    indexable by column name."""
    if any(isinstance(v, str) for v in values):
        names = [column[0] for column in cursor.description]
        values = tuple(
            shown(v, lines=name in LINES_KEPT_IN)
            if isinstance(v, str) and name not in JSON_COLUMNS
            else v
            for name, v in zip(names, values, strict=True)
        )
    return sqlite3.Row(cursor, values)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Journal:
    """An open journal file. Safe to share between threads; every write is committed at once."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        timeout: float,
        parts: tuple[SchemaPart, ...] = (),
    ) -> None:
        """Wrap an open, migrated connection; use `Journal.open` instead."""
        self._conn = conn
        self._lock = threading.Lock()
        self._writer = writer.current()
        self.path = path
        """The journal file."""
        self.timeout = timeout
        """Seconds to wait for a lock before raising `JournalError`."""
        self.parts = parts
        """The parts of the schema it keeps besides its own tables (`parts.declare`)."""
        self.notices: list[str] = []
        """One-line notices from opening it: files made private, or that could not be."""
        self.skipped: dict[tuple[str, Any], str] = {}
        """Rows the review left out because they cannot be read: (table, id) to `what: why`."""

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        check: bool = True,
        parts: Sequence[SchemaPart] | None = None,
    ) -> Journal:
        """Open (creating or migrating) the journal and close sessions whose writer is gone.

        Args:
            path: The journal file; `locations.journal_path()` when None. Its folder is created
                0700 and the file 0600; existing ones open to others are tightened (see
                `notices`).
            timeout: Seconds to wait while another process holds the write lock.
            check: Run SQLite's `quick_check` over the file (60-85 ms for 5,000 sessions)
                before anything is written into it, so a damaged journal is found and left as
                it is, whether or not it was closed cleanly (damage from a disk or another
                program leaves no trace of its own). The review commands turn the check off;
                it still runs when opening writes (a migration, a recovery file to merge, a
                session left running).
            parts: The parts of the schema it keeps besides its own tables, each made or
                migrated when it is behind; None: those declared (`parts.declare`).

        Returns:
            The open journal.

        Raises:
            JournalError: The journal is locked, read-only, damaged or from a newer hep.
        """
        path = Path(path) if path is not None else locations.journal_path()
        kept = declared() if parts is None else tuple(parts)
        conn: sqlite3.Connection | None = None
        try:
            existed = path.exists()
            notices = privacy.secure_journal(path)
            if existed and errors.is_read_only_mount(path.parent):
                raise errors.read_only_mount(path)
            if existed and not errors.can_write_file(path):
                # SQLite would open it read-only and fail only at the first write.
                raise errors.not_writable(path, "read-only")
            conn = sqlite3.connect(
                str(path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = safe_row
            conn.text_factory = journal_text
            version = schema_version(conn)  # reads the header: "not a database" shows here
            if version > SCHEMA_VERSION:
                raise errors.newer(path, version, SCHEMA_VERSION)
            if version > 0 and (check or _writes_on_opening(conn, path, kept, version)):
                result = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if result != ["ok"]:
                    raise errors.damaged(path, "; ".join(result[:3]))
            _check_parts(conn, path, kept)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise errors.not_writable(path, f"cannot switch to WAL mode (got {mode})")
            # FULL: each committed event is synced to the WAL file, surviving power loss too.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if migrate_all(conn, kept):
                # A new or migrated schema goes into the file at once, leaving the log empty.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            journal = cls(conn, path, timeout, kept)
            # Sessions kept in recovery files go in before their writers are judged gone.
            journal.notices = notices + recovery.merge_all(conn, path)
            recovery.clear_rooms(path)
            journal.close_abandoned()
            return journal
        except (sqlite3.Error, OSError, JournalError) as exc:
            if conn is not None:
                conn.close()
            raise errors.translate(path, exc, timeout) from exc

    @classmethod
    def open_read_only(
        cls,
        path: Path | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        parts: Sequence[SchemaPart] | None = None,
    ) -> Journal:
        """Open the journal only to read it, writing nothing (not even SQLite's side files when
        the folder cannot take them): for the review when the journal cannot be written (a
        full disk, a read-only mount, a file that is not the user's to write).

        Args:
            path: The journal file; `locations.journal_path()` when None.
            timeout: Seconds to wait while another process holds a lock.
            parts: The parts of the schema it keeps, each of which must be at this hep's
                version too; None: those declared (`parts.declare`).

        Returns:
            The journal, for queries only.

        Raises:
            JournalError: It cannot be read, is damaged, or is from a newer (or older) hep.
        """
        path = Path(path) if path is not None else locations.journal_path()
        kept = declared() if parts is None else tuple(parts)
        conn: sqlite3.Connection | None = None
        try:
            privacy.check_own_files(path)
            for options in ("mode=ro", "mode=ro&immutable=1"):
                try:
                    conn = sqlite3.connect(
                        f"{path.resolve().as_uri()}?{options}",
                        uri=True,
                        timeout=timeout,
                        isolation_level=None,
                        check_same_thread=False,
                    )
                    conn.row_factory = safe_row
                    conn.text_factory = journal_text
                    version = schema_version(conn)
                    break
                except sqlite3.OperationalError:
                    if conn is not None:
                        conn.close()
                        conn = None
                    if options.endswith("immutable=1"):
                        raise
            assert conn is not None
            if version != SCHEMA_VERSION:
                raise (
                    errors.newer(path, version, SCHEMA_VERSION)
                    if version > SCHEMA_VERSION
                    else (
                        errors.not_writable(
                            path, "an older journal must be brought up to date first"
                        )
                    )
                )
            _check_parts(conn, path, kept, exact=True)
            return cls(conn, path, timeout, kept)
        except (sqlite3.Error, OSError, JournalError) as exc:
            if conn is not None:
                conn.close()
            raise errors.translate(path, exc, timeout) from exc

    @classmethod
    def as_it_lies(cls, path: Path) -> Journal:
        """Read the file as it lies on disk, taking no lock and leaving no side file (SQLite's
        `immutable`): only for a file no program has open (its write-ahead log not there), and
        only trusted by a caller that sees it unchanged afterwards (`record.facts.keep_facts`).

        Args:
            path: The journal file.

        Returns:
            The journal, for queries only.

        Raises:
            sqlite3.Error: It cannot be read as a database.
        """
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = safe_row
        conn.text_factory = journal_text
        return cls(conn, path, DEFAULT_TIMEOUT, declared())

    @classmethod
    def settled_copy(cls, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> Journal:
        """Read the journal into memory as its next opening will leave it, for a question that
        cannot wait for it (another program holds it): the sessions waiting in recovery files
        merged and those left running by a gone process closed (`close_unfinished`: a yes at
        the red-flag questions is that stop). The file and its recovery files are untouched.

        Args:
            path: The journal file; `locations.journal_path()` when None.
            timeout: Seconds to wait while another process holds a lock.

        Returns:
            The copy, for queries only.

        Raises:
            JournalError: It cannot be read (see `open_read_only`).
        """
        source = cls.open_read_only(path, timeout=timeout)
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            with source.connection() as conn:
                conn.backup(copy)
            copy.row_factory = safe_row
            copy.text_factory = journal_text
            recovery.merge_copies(copy, source.path)
            for session_id in _abandoned(copy):
                close_unfinished(copy, session_id)
        except (sqlite3.Error, OSError) as exc:
            copy.close()
            raise errors.translate(source.path, exc, timeout) from exc
        finally:
            source.close()
        return cls(copy, source.path, timeout, source.parts)

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and turn SQLite and OS errors into `JournalError`."""
        with self._lock:
            try:
                yield self._conn
            except (sqlite3.Error, OSError) as exc:
                if self._conn.in_transaction:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise errors.translate(self.path, exc, self.timeout) from exc

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Lend the connection, under the journal's lock, for maintenance (delete, backup).

        Yields:
            The connection, in autocommit mode; SQLite and OS errors become `JournalError`.
        """
        with self._guard() as conn:
            yield conn

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query for the review modules.

        Args:
            sql: One SELECT statement.
            params: Its parameters.

        Returns:
            All rows (`sqlite3.Row`, indexable by column name).

        Raises:
            JournalError: SQLite failed (damaged file, busy beyond the timeout).
        """
        with self._guard() as conn:
            return conn.execute(sql, params).fetchall()

    def start_session(self, start: SessionStart) -> int:
        """Add a running session, written by this process.

        Args:
            start: What the session is started with (its time: now, unless given).

        Returns:
            The new session's id.

        Raises:
            JournalError: The write failed.
        """
        me = self._writer
        with self._guard() as conn:
            cursor = conn.execute(
                """
                INSERT INTO sessions (routine_name, routine_path, routine_hash, preview, speed,
                    planned_seconds, plan, started_at, outcome, writer_pid, writer_host,
                    writer_token)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    start.routine_name,
                    start.routine_path,
                    start.routine_hash,
                    int(bool(start.preview)),
                    float(start.speed),
                    float(start.planned_seconds),
                    _dumps(start.plan),
                    start.started_at or format_utc(utc_now()),
                    RUNNING,
                    me.pid,
                    me.host,
                    me.token,
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def record(
        self,
        session_id: int,
        kind: str,
        clock: float,
        data: dict[str, Any],
        wall: str | None = None,
    ) -> int:
        """Add one event to a session, committed before this returns.

        Args:
            session_id: The session, from `start_session`.
            kind: One of `EVENT_KINDS`.
            clock: The session's clock when it happened (`Event.clock`: active seconds).
            data: The event's payload; stored as JSON.
            wall: When it happened, as `format_utc` writes it (default: now).

        Returns:
            The event's id.

        Raises:
            ValueError: `kind` is not a known event kind.
            JournalError: The write failed.
        """
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown journal event kind {kind!r}")
        with self._guard() as conn:
            cursor = conn.execute(
                "INSERT INTO events (session_id, kind, wall, clock, data) VALUES (?, ?, ?, ?, ?)",
                (session_id, kind, wall or format_utc(utc_now()), float(clock), _dumps(data)),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def finish(self, session_id: int, end: SessionEnd) -> None:
        """Close a running session with its outcome and pain summary.

        Args:
            session_id: The session, from `start_session`.
            end: How it ended (its time: now, unless given).

        Raises:
            ValueError: Unknown outcome, or no running session with that id.
            JournalError: The write failed.
        """
        if end.outcome not in OUTCOMES:
            raise ValueError(f"unknown session outcome {end.outcome!r}")
        from player.journal.work import tallies  # it reads the journal back: imported here

        with self._guard() as conn:
            conn.execute("BEGIN IMMEDIATE")  # the outcome and its figures are kept together
            cursor = conn.execute(
                """
                UPDATE sessions SET ended_at = ?, outcome = ?, reason = ?, baseline_pain = ?,
                    highest_pain = ?, final_pain = ?,
                    clock_seconds = (SELECT MAX(clock) FROM events WHERE session_id = ?)
                WHERE id = ? AND outcome = ?
                """,
                (
                    end.ended_at or format_utc(utc_now()),
                    end.outcome,
                    end.reason,
                    end.baseline,
                    end.highest,
                    end.final,
                    session_id,
                    session_id,
                    RUNNING,
                ),
            )
            if cursor.rowcount != 1:
                conn.execute("ROLLBACK")
                raise ValueError(f"no running session {session_id} in the journal")
            tallies.store_figures(conn, session_id)
            conn.execute("COMMIT")

    def close_abandoned(self) -> list[int]:
        """Close every running session whose writing process is gone (`close_unfinished`).

        Returns:
            The ids of the sessions closed.

        Raises:
            JournalError: The journal could not be written.
        """
        with self._guard() as conn:
            # Looked for first without the write lock: a command that only reads (the review,
            # a backup) opens beside another program that holds it, as a reader may.
            if not _abandoned(conn):
                return []
            conn.execute("BEGIN IMMEDIATE")
            marked = _abandoned(conn)
            for session_id in marked:
                close_unfinished(conn, session_id)
            conn.execute("COMMIT")
        return marked

    def close(self) -> None:
        """Close the file. Safe to call twice."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        """Use the journal in a `with` block that closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the journal."""
        self.close()


def _readable_events(
    conn: sqlite3.Connection, session_id: int, kinds: tuple[str, ...]
) -> list[Event]:
    """A session's events of `kinds`, in order; a row that does not read as hep writes it (one
    edited by hand) is left out here, and the review names it when it reads the session."""
    marks = ",".join("?" * len(kinds))
    found = conn.execute(
        "SELECT id, kind, wall, clock, data FROM events"
        f" WHERE session_id = ? AND kind IN ({marks}) ORDER BY id",
        (session_id, *kinds),
    )
    return [
        Event(row["id"], row["kind"], parse_utc(row["wall"]), row["clock"], json_cell(row["data"]))
        for row in found
        if row_problem("events", dict(row), SCHEMA_VERSION, partial=True) is None
    ]


def close_unfinished(conn: sqlite3.Connection, session_id: int) -> None:
    """Close a session found running whose writer is gone (killed, the power lost), inside the
    caller's transaction, as leaving it there would have kept it: after a yes at the red-flag
    questions as that red-flag stop (`safety.screen_stop`, the rule the conductor leaves by),
    with the verdict the conductor writes; after a stop verdict (a pain rule, the stop key) as
    the outcome that verdict keeps; after the closing pain answer (the session's end: killed at
    the note question after it) as the outcome that answer keeps; else `interrupted`.

    Its end time is its last event's; its pain summary comes from its check-ins.

    Args:
        conn: The journal's connection, in a write transaction.
        session_id: The running session.
    """
    from player.journal.work import tallies  # it reads the journal back: imported here

    last = conn.execute(
        "SELECT MAX(wall), MAX(clock) FROM events WHERE session_id = ?", (session_id,)
    ).fetchone()
    events = _readable_events(conn, session_id, ("checkin", "verdict", "screen"))
    outcome: Outcome = "interrupted"
    reason: str | None = INTERRUPTED_REASON
    verdict = screen_stop(figures.screen_answers(events))
    kept = figures.stop_outcome(events)
    closed = figures.closing_outcome(events)
    if verdict is not None:
        outcome = "stopped_red_flag"
        found = figures.stop(events)
        if found is None or not found.red_flag:  # killed before the conductor wrote it
            data = verdict.journal_data(outcome)
            at = max(e.wall for e in events)  # the last answer read
            clock = max((e.clock for e in events if e.clock is not None), default=0.0)
            conn.execute(
                "INSERT INTO events (session_id, kind, wall, clock, data)"
                " VALUES (?, 'verdict', ?, ?, ?)",
                (session_id, format_utc(at), clock, _dumps(data)),
            )
            events.append(Event(0, "verdict", at, clock, data))
        reason = figures.ending(outcome, events, None) or reason
    elif kept is not None:  # a stop verdict written, the end not yet
        outcome = kept
        reason = figures.ending(outcome, events, None) or reason
    elif closed is not None:  # the closing answer given, the end not yet written
        outcome = closed
        reason = None  # as the conductor closes it: played through, no reason to give
    pain = figures.pain(events)
    conn.execute(
        """
        UPDATE sessions SET outcome = ?, reason = COALESCE(reason, ?),
            ended_at = COALESCE(?, started_at), clock_seconds = ?,
            baseline_pain = COALESCE(baseline_pain, ?),
            highest_pain = COALESCE(highest_pain, ?), final_pain = COALESCE(final_pain, ?)
        WHERE id = ?
        """,
        (outcome, reason, last[0], last[1], pain.baseline, pain.highest, pain.final, session_id),
    )
    tallies.store_figures(conn, session_id)
