"""Reading the journal back: session summaries, one session's events, dates in local time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from player import localday
from player.answers import AnswerError, quoted, read_date
from player.journal import figures
from player.journal.records import (
    SUMMARY_COLUMNS,
    Event,
    SessionDetail,
    SessionSummary,
    format_utc,
    json_cell,
    parse_utc,
)
from player.journal.store import rows
from player.journal.store.schema import SCHEMA_VERSION
from player.journal.store.store import Journal
from player.session.outcomes import RUNNING


def local(moment: datetime) -> datetime:
    """The same moment in the user's time zone (with the offset it had at that moment)."""
    return localday.at(moment)


_RELATIVE = re.compile(r"([0-9]{1,5})([dw])")


def parse_since(text: str, today: date | None = None) -> datetime:
    """Read a `--since` value: a local date `YYYY-MM-DD`, or `Nd` / `Nw` days or weeks back.

    Args:
        text: What the user typed.
        today: The local date to count back from (today when None).

    Returns:
        The start of that local day, as an aware datetime.

    Raises:
        ValueError: The text is neither form; the message says what is expected.
    """
    text = text.strip()
    match = _RELATIVE.fullmatch(text)
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        day = (today or localday.today()) - timedelta(days=days)
    else:
        try:
            day = read_date(text)
        except AnswerError:
            raise ValueError(
                f"bad date {quoted(text)}: give YYYY-MM-DD, "
                "or a number of days or weeks back (7d, 4w)"
            ) from None
    return localday.midnight(day)


def file_stem(path: object) -> str:
    """The name a routine file is played by, in any case: `si-joint` for `.../si-joint.yaml`,
    `si-joint.yml` or `si-joint` (what `hep play NAME` and `--routine NAME` take).

    Args:
        path: The file as the journal keeps it, or as the user typed it.

    Returns:
        Its name without the folder or a `.yaml` / `.yml` ending, case-folded.
    """
    name = str(path or "").rsplit("/", 1)[-1].casefold()
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def routine_matches(routine: str, title: object, path: object) -> bool:
    """Whether `--routine` names a session's routine: its title, or the file it was played
    from by name (`si-joint` or `si-joint.yaml` for `.../si-joint.yaml`), in any case
    (`str.casefold`: `étirements` finds `Étirements`, as SQLite's ASCII-only NOCASE did not).

    Args:
        routine: What the user typed.
        title: The session's `routine_name`, as the journal holds it.
        path: The session's `routine_path` (None when not known).

    Returns:
        True when it is that routine's.
    """
    text = routine.strip()
    if str(title).casefold() == text.casefold():
        return True
    return bool(path) and file_stem(path) == file_stem(text)


def routine_key(title: object, path: object) -> str:
    """Which routine a session is of, in the review (stats, the report, the chart): its file,
    by the name it is played by (`file_stem`), so a routine whose title was changed keeps its
    history and two files with one title stay apart; a session read from no file, by its
    title.

    Args:
        title: The session's `routine_name`.
        path: The session's `routine_path` (None when not known).

    Returns:
        The key, the same for every session of that routine.
    """
    return f"file:{file_stem(path)}" if path else f"title:{str(title).casefold()}"


@dataclass(frozen=True)
class RoutineName:
    """How the review names one routine (`routine_key`)."""

    label: str
    """Its newest session's title, with that session's file name when another routine's
    newest title is the same (`Tiny (tiny-copy.yaml)`)."""
    file: str | None
    """The file its newest session was played from, by name (None: no file)."""
    titles: list[str]
    """Every title its sessions had, the newest first."""


def routine_names(sessions: Iterable[SessionSummary]) -> dict[str, RoutineName]:
    """Name each routine among `sessions`, by `routine_key`.

    Args:
        sessions: Any sessions.

    Returns:
        Each routine's key mapped to its name.
    """
    newest: dict[str, SessionSummary] = {}
    titles: dict[str, list[str]] = {}
    for session in sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True):
        key = routine_key(session.routine_name, session.routine_path)
        newest.setdefault(key, session)
        seen = titles.setdefault(key, [])
        if session.routine_name not in seen:
            seen.append(session.routine_name)
    shown = Counter(s.routine_name.casefold() for s in newest.values())
    names = {}
    for key, session in newest.items():
        path = session.routine_path
        file = str(path).rsplit("/", 1)[-1] if path else None
        label = session.routine_name
        if file is not None and shown[label.casefold()] > 1:
            label = f"{label} ({file})"
        names[key] = RoutineName(label, file, titles[key])
    return names


def where_clause(since: datetime | None, include_previews: bool) -> tuple[str, list[Any]]:
    """The SQL `WHERE` part (maybe empty) and its parameters for the review filters but the
    routine (`routine_matches`, in Python: SQL folds the case of A-Z only)."""
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("started_at >= ?")
        params.append(format_utc(since))
    if not include_previews:
        clauses.append("preview = 0")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params


def list_sessions(
    journal: Journal,
    *,
    routine: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    include_previews: bool = True,
    newest_first: bool = True,
) -> list[SessionSummary]:
    """Sessions matching the filters.

    Args:
        journal: The open journal.
        routine: Only this routine: its title or its file's name, any case.
        since: Only sessions started at or after this moment.
        limit: At most this many (None: all).
        include_previews: Include sessions played at another speed.
        newest_first: Order by start time, newest first (else oldest first).

    Returns:
        The summaries.
    """
    where, params = where_clause(since, include_previews)
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT {SUMMARY_COLUMNS} FROM sessions{where} ORDER BY started_at {order}, id {order}"
    if limit is not None and routine is None:
        sql += " LIMIT ?"
        params.append(limit)
    found = journal.query(sql, params)
    if routine is not None:
        found = [r for r in found if routine_matches(routine, r["routine_name"], r["routine_path"])]
        found = found[:limit]
    summaries = [SessionSummary.from_row(r) for r in found if readable(journal, "sessions", r)]
    running = [s for s in summaries if s.outcome == RUNNING]
    if not running:
        return summaries
    so_far = {
        d.summary.id: so_far_kept(d.summary, d.events)
        for d in load_details(journal, running, kinds=("checkin", "verdict"), plans=False)
    }
    return [so_far.get(s.id, s) for s in summaries]


def so_far_kept(summary: SessionSummary, events: Sequence[Event]) -> SessionSummary:
    """A session as every view shows it: an ended one as the journal closed it; one still being
    played (in another terminal) with its pain so far from its check-ins (`figures.pain`), as
    the journal keeps the pain figures only when a session ends.

    Args:
        summary: The session as stored.
        events: Its events in order (its check-ins and verdicts at least).

    Returns:
        The summary, with the pain so far when it is running.
    """
    if summary.outcome != RUNNING:
        return summary
    pain = figures.pain(events)
    return replace(summary, baseline=pain.baseline, highest=pain.highest, final=pain.final)


def count_sessions(journal: Journal) -> int:
    """How many sessions the journal holds, previews included."""
    return int(journal.query("SELECT COUNT(*) FROM sessions")[0][0])


def readable(journal: Journal, table: str, row: Any) -> bool:
    """Whether a row read for the review can be used; one that cannot is noted in
    `journal.skipped` (the command names it in one line) and left out.

    Args:
        journal: The open journal.
        table: The row's table.
        row: The row (`sqlite3.Row` or a mapping), with the columns the query chose.

    Returns:
        True when every column it holds is as hep writes it.
    """
    values = dict(row)
    problem = rows.row_problem(table, values, SCHEMA_VERSION, partial=True)
    if problem is None:
        return True
    key = (table, values.get("id"))
    journal.skipped.setdefault(key, f"{rows.row_name(table, values)}: {problem}")
    return False


def _event(row: Any) -> Event:
    return Event(
        row["id"], row["kind"], parse_utc(row["wall"]), row["clock"], json_cell(row["data"])
    )


def get_session(journal: Journal, session_id: int) -> SessionDetail | None:
    """One session with its plan and events, or None if there is no such session."""
    found = journal.query(
        f"SELECT {SUMMARY_COLUMNS}, plan FROM sessions WHERE id = ?", (session_id,)
    )
    if not found or not readable(journal, "sessions", found[0]):
        return None
    events = journal.query(
        "SELECT id, session_id, kind, wall, clock, data FROM events WHERE session_id = ?"
        " ORDER BY id",
        (session_id,),
    )
    kept = [_event(e) for e in events if readable(journal, "events", e)]
    summary = so_far_kept(SessionSummary.from_row(found[0]), kept)
    return SessionDetail(summary, json_cell(found[0]["plan"]), kept)


def load_details(
    journal: Journal,
    sessions: list[SessionSummary],
    *,
    kinds: Collection[str] | None = None,
    plans: bool = True,
) -> list[SessionDetail]:
    """Plans and events for many sessions (for exports), in the order given.

    Args:
        journal: The open journal.
        sessions: The sessions to read.
        kinds: Read only the events of these kinds (None: every event).
        plans: Read the sessions' plans (False: each detail's plan is empty).

    Returns:
        One detail per session, its events in order.
    """
    if not sessions:
        return []
    ids = [s.id for s in sessions]
    found: dict[int, list[dict[str, Any]]] = {}
    events: dict[int, list[Event]] = {i: [] for i in ids}
    only = sorted(kinds) if kinds is not None else []
    of_kinds = f" AND kind IN ({','.join('?' * len(only))})" if kinds is not None else ""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        if plans:
            for row in journal.query(f"SELECT id, plan FROM sessions WHERE id IN ({marks})", chunk):
                if readable(journal, "sessions", row):
                    found[row["id"]] = json_cell(row["plan"])
        for row in journal.query(
            "SELECT session_id, id, kind, wall, clock, data FROM events"
            f" WHERE session_id IN ({marks}){of_kinds} ORDER BY session_id, id",
            [*chunk, *only],
        ):
            if readable(journal, "events", row):
                events[row["session_id"]].append(_event(row))
    return [SessionDetail(s, found.get(s.id, []), events[s.id]) for s in sessions]
