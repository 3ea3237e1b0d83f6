"""Recovery files: a session the journal could not take in time, kept beside it as JSON lines
(0600, written whole or not at all) and merged into the journal at its next opening."""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from player.files import NotAFile, read_regular
from player.journal.records import event_data_now, parse_utc
from player.journal.store import writer
from player.journal.store.rows import EVENT_KINDS
from player.journal.store.sidefiles import (
    RECOVERY_INFIX,
    RECOVERY_SUFFIX,
    recovery_glob,
    recovery_name,
)
from player.safetext import spelled_out
from player.session.kept import SessionEnd, SessionStart
from player.session.outcomes import OUTCOMES, RUNNING

_LEFT_HERE: set[Path] = set()
"""Recovery files this process wrote and then stopped writing (its record closed): merged as
a gone process's are, so the session it kept counts before this process ends."""


def left(path: Path) -> None:
    """Say that this process will not write the recovery file `path` again (its record is
    closed): the next journal opened here merges it."""
    _LEFT_HERE.add(path.absolute())


def taken_up(path: Path) -> None:
    """Say that this process writes the recovery file `path` (a record opened again)."""
    _LEFT_HERE.discard(path.absolute())


FORMAT = "hep-recovery"
VERSION = 2
"""The first line of every recovery file: `{"format": FORMAT, "version": VERSION, ...}`.
Version 1 (before the journal's schema version 6) named an event's clock `elapsed`, and a
verdict said `action`: both are still read."""
READ_VERSIONS = (1, VERSION)
SUFFIX = RECOVERY_SUFFIX
ASIDE = ".refused"
"""Added to the name of a recovery file that cannot be read, so it is kept but never merged."""
LIMIT = 32 * 1024 * 1024
"""The largest recovery file read, in bytes (a long session is well under 1 MB)."""


class RecoveryError(ValueError):
    """A recovery file that cannot be read: `line` is 1-based (0: the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        """Keep where and what."""
        super().__init__(message)
        self.line = line


@dataclass
class Kept:
    """One session waiting for the journal: its start, events and (once known) its end."""

    start: SessionStart
    events: list[tuple[str, float, dict[str, Any], str]] = field(default_factory=list)
    """(kind, clock, data, wall) in the order recorded."""
    end: SessionEnd | None = None
    session_id: int | None = None
    """The session's id when its start is already in the journal (its events are replaced)."""


def path_for(journal: Path, pid: int | None = None) -> Path:
    """The recovery file of process `pid` (default: this one) beside `journal`."""
    return journal.with_name(recovery_name(journal, pid or os.getpid()))


ROOM = 256 * 1024
"""Bytes kept free beside the journal while a session is recorded, given back to write its
recovery file when the disk fills: two whole copies of a long session's file (67 KB for
core-stabilization whole, 288 events), the one being replaced and the new one."""
ROOM_SUFFIX = ".room"


def room_for(journal: Path, pid: int | None = None) -> Path:
    """The file that keeps room for the recovery file of process `pid` (default: this one)."""
    return journal.with_name(recovery_name(journal, pid or os.getpid(), ROOM_SUFFIX))


def keep_room(path: Path) -> bool:
    """Keep `ROOM` bytes of the disk for a recovery file: a 0600 file of that size, taken
    from the disk now (never following a link). Never raises.

    Args:
        path: The room's file (`room_for`).

    Returns:
        True when the room is kept (it was already, or is now); False when the disk has no
        room to keep, or the folder cannot be written.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return True
    except OSError:
        return False
    try:
        try:
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(fd, 0, ROOM)
            else:  # written out, so the blocks are the file's
                os.write(fd, b"\0" * ROOM)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        release_room(path)
        return False
    return True


def release_room(path: Path) -> int:
    """Give the room kept at `path` back to the disk.

    Returns:
        The bytes it held (0 when there was none).
    """
    try:
        size = os.lstat(path).st_size
        os.unlink(path)
    except OSError:
        return 0
    return size


def clear_rooms(journal: Path) -> None:
    """Give back the room kept by players that have ended without doing so (killed)."""
    for path in journal.parent.glob(recovery_glob(journal, ROOM_SUFFIX)):
        pid = path.name.removeprefix(f"{journal.name}{RECOVERY_INFIX}").removesuffix(ROOM_SUFFIX)
        if pid.isascii() and pid.isdigit() and int(pid) != os.getpid():
            if writer.is_gone(int(pid), None, None):
                release_room(path)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode(kept: list[Kept]) -> bytes:
    """The recovery file's bytes for `kept` sessions of this process."""
    me = writer.current()
    lines = [
        _dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "pid": me.pid,
                "host": me.host,
                "token": me.token,
            }
        )
    ]
    for one in kept:
        lines.append(_dumps({"op": "start", "session": one.session_id, **asdict(one.start)}))
        for kind, clock, data, wall in one.events:
            lines.append(
                _dumps({"op": "event", "kind": kind, "clock": clock, "data": data, "wall": wall})
            )
        if one.end is not None:
            lines.append(_dumps({"op": "end", **asdict(one.end)}))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(path: Path, kept: list[Kept]) -> None:
    """Replace `path` with `kept`, atomically: a new 0600 file beside it (never following a
    link), synced, then renamed over it. No sessions: the file is removed.

    Raises:
        OSError: It could not be written (the old file, if any, is unchanged).
    """
    if not kept:
        remove(path)
        return
    data = encode(kept)
    tmp = path.with_name(f".{path.name}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    fd = os.open(tmp, flags | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        # A full disk: no hidden part-written file is left beside the journal for good.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove(path: Path) -> None:
    """Remove a recovery file if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _need(
    obj: dict[str, Any], key: str, kinds: tuple[type, ...], line: int, *, null: bool = False
) -> Any:
    value = obj.get(key)
    if value is None and null:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise RecoveryError(line, f"{key!r} is not a {kinds[0].__name__}")
    if not isinstance(value, kinds):
        raise RecoveryError(line, f"{key!r} is missing or not a {kinds[0].__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RecoveryError(line, f"{key!r} is not a finite number")
    if float in kinds and isinstance(value, int) and not _fits_float(value):
        raise RecoveryError(line, f"{key!r} is not a finite number")  # float() would overflow
    return value


def _fits_float(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _time(obj: dict[str, Any], key: str, line: int, *, null: bool = False) -> str | None:
    value = _need(obj, key, (str,), line, null=null)
    if value is not None:
        try:
            parse_utc(value)
        except (ValueError, TypeError):
            raise RecoveryError(line, f"{key!r} is not a time") from None
    return value


def _pain(obj: dict[str, Any], key: str, line: int) -> int | None:
    value = _need(obj, key, (int,), line, null=True)
    if value is not None and not 0 <= value <= 10:
        raise RecoveryError(line, f"{key!r} is not a pain from 0 to 10")
    return value


def decode(data: bytes) -> tuple[dict[str, Any], list[Kept]]:
    """Read and check a recovery file, line by line.

    Returns:
        Its header (pid, host, token) and its sessions.

    Raises:
        RecoveryError: The first line that is not what hep writes.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecoveryError(text_line(data, exc.start), "is not UTF-8 text") from None
    kept: list[Kept] = []
    header: dict[str, Any] | None = None
    clock_key = "clock"
    for number, raw in enumerate(text.splitlines(), 1):
        try:
            obj = json.loads(raw, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise RecoveryError(number, "is not a JSON object") from None
        if not isinstance(obj, dict):
            raise RecoveryError(number, "is not a JSON object")
        if header is None:
            if obj.get("format") != FORMAT or obj.get("version") not in READ_VERSIONS:
                raise RecoveryError(number, f"is not a version {VERSION} hep recovery file")
            _need(obj, "pid", (int,), number)
            header = obj
            clock_key = "elapsed" if obj["version"] == 1 else "clock"
            continue
        op = obj.get("op")
        if op == "start":
            plan = obj.get("plan")
            if not isinstance(plan, list) or not all(isinstance(p, dict) for p in plan):
                raise RecoveryError(number, "'plan' is not a list of objects")
            start = SessionStart(
                routine_name=_need(obj, "routine_name", (str,), number),
                routine_path=_need(obj, "routine_path", (str,), number, null=True),
                routine_hash=_need(obj, "routine_hash", (str,), number),
                preview=_need(obj, "preview", (bool,), number),
                speed=float(_need(obj, "speed", (int, float), number)),
                planned_seconds=float(_need(obj, "planned_seconds", (int, float), number)),
                plan=plan,
                started_at=_time(obj, "started_at", number),
            )
            kept.append(Kept(start, session_id=_need(obj, "session", (int,), number, null=True)))
        elif op == "event" and kept and kept[-1].end is None:
            kind = _need(obj, "kind", (str,), number)
            if kind not in EVENT_KINDS:
                raise RecoveryError(number, f"{kind!r} is not an event kind")
            data_ = obj.get("data")
            if not isinstance(data_, dict):
                raise RecoveryError(number, "'data' is not an object")
            clock = float(_need(obj, clock_key, (int, float), number))
            wall = _time(obj, "wall", number)
            assert wall is not None
            kept[-1].events.append((kind, clock, event_data_now(kind, data_), wall))
        elif op == "end" and kept and kept[-1].end is None:
            outcome = _need(obj, "outcome", (str,), number)
            if outcome not in OUTCOMES or outcome == RUNNING:
                raise RecoveryError(number, f"{outcome!r} is not an outcome")
            kept[-1].end = SessionEnd(
                outcome=outcome,
                reason=_need(obj, "reason", (str,), number, null=True),
                baseline=_pain(obj, "baseline", number),
                highest=_pain(obj, "highest", number),
                final=_pain(obj, "final", number),
                ended_at=_time(obj, "ended_at", number, null=True),
            )
        else:
            raise RecoveryError(number, "is not a start, event or end in its place")
    if header is None:
        raise RecoveryError(0, "is empty")
    return header, kept


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def text_line(data: bytes, offset: int) -> int:
    """The 1-based line of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def _merge_one(conn: sqlite3.Connection, one: Kept, by: tuple[Any, ...]) -> int:
    """Write one kept session into the journal (inside the caller's transaction). One with no
    end stays running, written `by` its (ended) process, for `close_abandoned` to close."""
    s, end = one.start, one.end
    ended = end.ended_at if end is not None else None
    outcome = end.outcome if end is not None else RUNNING
    reason = end.reason if end is not None else None
    clock = max((e[1] for e in one.events), default=None)
    values = (
        s.routine_name, s.routine_path, s.routine_hash, int(s.preview), s.speed,
        s.planned_seconds, _dumps(s.plan), s.started_at, ended, outcome,
        reason, end.baseline if end else None, end.highest if end else None,
        end.final if end else None, clock, *by,
    )  # fmt: skip
    found = None
    if one.session_id is not None:
        found = conn.execute(
            "SELECT id FROM sessions WHERE id = ? AND started_at = ? AND routine_hash = ?",
            (one.session_id, s.started_at, s.routine_hash),
        ).fetchone()
    if found is not None:
        session_id = int(found[0])
        conn.execute("DELETE FROM events WHERE session_id = ?", (session_id,))
        conn.execute(
            """
            UPDATE sessions SET routine_name = ?, routine_path = ?, routine_hash = ?, preview = ?,
                speed = ?, planned_seconds = ?, plan = ?, started_at = ?, ended_at = ?,
                outcome = ?, reason = ?, baseline_pain = ?, highest_pain = ?, final_pain = ?,
                clock_seconds = ?, writer_pid = ?, writer_host = ?, writer_token = ?
            WHERE id = ?
            """,
            (*values, session_id),
        )
    else:
        cursor = conn.execute(
            """
            INSERT INTO sessions (routine_name, routine_path, routine_hash, preview, speed,
                planned_seconds, plan, started_at, ended_at, outcome, reason, baseline_pain,
                highest_pain, final_pain, clock_seconds, writer_pid, writer_host,
                writer_token)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            values,
        )
        assert cursor.lastrowid is not None
        session_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO events (session_id, kind, wall, clock, data) VALUES (?, ?, ?, ?, ?)",
        [(session_id, kind, wall, clock_, _dumps(data)) for kind, clock_, data, wall in one.events],
    )
    if end is not None:
        from player.journal.work import tallies  # it reads the journal back: imported here

        tallies.store_figures(conn, session_id)
    return session_id


def _left_by(header: dict[str, Any], path: Path) -> tuple[Any, ...] | None:
    """The writer (pid, host, token) of the recovery file `path` when it will not write the
    file again (its process is gone, or is this one and closed its record); None while it
    still may."""
    host = header.get("host") if isinstance(header.get("host"), str) else None
    token = header.get("token") if isinstance(header.get("token"), str) else None
    mine = header["pid"] == os.getpid() and path.absolute() in _LEFT_HERE
    if not mine and not writer.is_gone(header["pid"], host, token):
        return None
    return header["pid"], host, token


def _merge_file(
    conn: sqlite3.Connection, path: Path, lines: list[str]
) -> tuple[list[int], Path] | None:
    """Merge one recovery file inside the caller's transaction and move it out of the way.

    Returns:
        The sessions' ids and where the file now is; None when there is nothing to commit
        (gone, still its writer's, or refused: then it is kept aside and a line added).
    """
    try:
        data = read_regular(path, LIMIT, follow=False)
        header, kept = decode(data)
    except FileNotFoundError:
        return None
    except (NotAFile, RecoveryError, OSError) as exc:
        where = f"{path}:{exc.line}" if isinstance(exc, RecoveryError) and exc.line else str(path)
        aside = path.with_name(path.name + ASIDE)
        try:
            os.replace(path, aside)
            kept_as = f"kept aside as {aside.name}"
        except OSError:
            kept_as = "left where it is"
        lines.append(
            spelled_out(f"{where}: recovery file refused ({exc}); {kept_as}, the journal unchanged")
        )
        return None
    by = _left_by(header, path)
    if by is None:
        return None  # still waiting in that process, which writes it itself
    ids = [_merge_one(conn, one, by) for one in kept]
    claimed = path.with_name(path.name + ".merged")
    os.replace(path, claimed)
    return ids, claimed


def waiting(journal: Path) -> list[Path]:
    """The recovery files beside `journal`, in order (each waits to be merged, or its process
    to end).

    Args:
        journal: The journal file.

    Returns:
        Their paths.
    """
    return sorted(journal.parent.glob(recovery_glob(journal)))


def merge_all(conn: sqlite3.Connection, journal: Path) -> list[str]:
    """Merge every recovery file beside `journal` whose process has ended, then remove it; a
    file that cannot be read is renamed aside (`ASIDE`) and named.

    Args:
        conn: The journal's open connection, in autocommit mode.
        journal: The journal file.

    Returns:
        One line per file merged or refused.
    """
    lines: list[str] = []
    for path in waiting(journal):
        # Read under the write lock: another hep merging the same file has either not begun,
        # or finished and taken the file away.
        conn.execute("BEGIN IMMEDIATE")
        try:
            merged = _merge_file(conn, path, lines)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if merged is None:
            conn.execute("ROLLBACK")
            continue
        ids, claimed = merged
        try:
            conn.execute("COMMIT")
        except BaseException:
            os.replace(claimed, path)
            raise
        remove(claimed)
        if len(ids) == 1:
            what = (
                f"a session the journal could not take at the time is now in it (session {ids[0]})"
            )
        else:
            names = ", ".join(str(i) for i in ids)
            what = f"{len(ids)} sessions the journal could not take at the time are now in it"
            what += f" ({names})"
        lines.append(f"{what}; its recovery file {path.name} is removed")
    return lines


def merge_copies(conn: sqlite3.Connection, journal: Path) -> None:
    """Merge into `conn`, a copy of the journal, every recovery file beside `journal` that
    `merge_all` would merge, leaving the files where they are (the journal merges them when it
    can be written); a file that cannot be read is left out.

    Args:
        conn: A copy of the journal, in autocommit mode.
        journal: The journal file.
    """
    for path in waiting(journal):
        try:
            header, kept = decode(read_regular(path, LIMIT, follow=False))
        except (NotAFile, RecoveryError, OSError):
            continue
        by = _left_by(header, path)
        if by is not None:
            for one in kept:
                _merge_one(conn, one, by)
