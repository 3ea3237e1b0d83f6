"""Text for people: the session list, one line each, and a session shown exercise by exercise."""

from __future__ import annotations

from datetime import datetime

from player.journal.detail import ExerciseResult, exercise_results
from player.journal.query import Event, SessionDetail, SessionSummary, local
from player.routine.durations import format_duration
from player.session.outcomes import outcome_word

EMPTY_JOURNAL = "The journal is empty: sessions you play with hep show up here."
"""What the journal list and stats say, in the CLI and on the journal screen, before any session."""
NO_MATCH = "No sessions match."
"""What the journal list says when sessions exist but none pass its filters."""


def pain_triple(start: int | None, highest: int | None, end: int | None) -> str:
    """Pain before / highest / at the end, `-` for a missing value."""
    return "/".join("-" if value is None else str(value) for value in (start, highest, end))


def when(moment: datetime) -> str:
    """A moment in local time, as `Tue 2024-05-07 07:30`."""
    return local(moment).strftime("%a %Y-%m-%d %H:%M")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


LIST_HEADER = (
    f"{'id':>5}  {'date (local)':<20}  {'routine':<24}  {'time':>7}  {'outcome':<17}  pain"
)


def list_line(session: SessionSummary) -> str:
    """One session as one line of `hep journal`."""
    outcome = outcome_word(session.outcome)
    line = (
        f"{session.id:>5}  {when(session.started_at):<20}  {_clip(session.routine_name, 24):<24}"
        f"  {format_duration(session.duration_seconds):>7}  {outcome:<17}"
        f"  {pain_triple(session.baseline, session.highest, session.final)}"
    )
    if session.preview:
        line += f"  preview x{session.speed:g}"
    return line


def checkin_text(event: Event) -> str:
    """A check-in as `after_set (set 1, left): pain 3, flags sharp`."""
    data = event.data
    where = [f"set {data['set']}" if data.get("set") is not None else "", data.get("side") or ""]
    place = ", ".join(part for part in where if part)
    text = str(data.get("when", "check-in")) + (f" ({place})" if place else "")
    text += f": pain {data.get('pain', '-')}"
    flags = data.get("flags") or []
    if flags:
        text += ", flags " + ", ".join(str(flag) for flag in flags)
    return text


def _planned(result: ExerciseResult) -> str:
    parts = [format_duration(result.planned_seconds)] if result.planned_seconds is not None else []
    if result.planned_sets:
        parts.append(f"{result.planned_sets} set{'s' if result.planned_sets != 1 else ''}")
    if result.reps:
        parts.append("reps " + "/".join(str(rep) for rep in result.reps))
    if result.sides:
        parts.append("/".join(result.sides))
    return ", ".join(parts) or "-"


def _done(result: ExerciseResult) -> str:
    parts: list[str] = [result.status]
    if result.done_seconds is not None:
        parts.append(format_duration(result.done_seconds))
    if result.sets_done:
        parts.append(f"{len(result.sets_done)} set{'s' if len(result.sets_done) != 1 else ''}")
    if result.sides_done:
        parts.append("/".join(result.sides_done))
    if result.skips and result.status != "skipped":
        parts.append(f"{result.skips} skip{'s' if result.skips != 1 else ''}")
    return ", ".join(parts)


def show_lines(detail: SessionDetail) -> list[str]:
    """A session exercise by exercise, planned against done, with every check-in.

    Args:
        detail: The session with plan and events.

    Returns:
        The lines to print.
    """
    s = detail.summary
    end = local(s.ended_at).strftime("%H:%M") if s.ended_at else "still running"
    lines = [
        f"Session {s.id}: {s.routine_name}, {outcome_word(s.outcome)}"
        + (f" (preview x{s.speed:g})" if s.preview else ""),
        f"  {when(s.started_at)} to {end}, {format_duration(s.duration_seconds)}"
        f" (planned {format_duration(s.planned_seconds)})",
        f"  routine file: {s.routine_path or '-'} (content {s.routine_hash[:12]})",
        f"  pain before {_p(s.baseline)}, highest {_p(s.highest)}, at the end {_p(s.final)}",
    ]
    if s.reason:
        lines.append(f"  reason: {s.reason}")
    results, loose = exercise_results(detail)
    lines.append("")
    lines.append(f"  {'#':>2}  {'exercise':<24}  {'planned':<30}  done")
    for result in results:
        lines.append(
            f"  {result.index + 1:>2}  {_clip(result.exercise, 24):<24}"
            f"  {_clip(_planned(result), 30):<30}  {_done(result)}"
        )
        for event in result.checkins:
            lines.append(f"        check-in {checkin_text(event)}")
    other = [e for e in detail.events if e.kind in ("verdict", "note", "screen")] + loose
    if other:
        lines.append("")
    for event in sorted(other, key=lambda e: e.id):
        lines.append(f"  {local(event.wall).strftime('%H:%M:%S')}  {_event_text(event)}")
    pauses = sum(1 for e in detail.events if e.kind == "pause")
    if pauses:
        lines.append(f"  paused {pauses} time{'s' if pauses != 1 else ''}")
    return lines


def _p(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def _event_text(event: Event) -> str:
    data = event.data
    if event.kind == "checkin":
        return "check-in " + checkin_text(event)
    if event.kind == "verdict":
        rule = f" ({data['rule']})" if data.get("rule") else ""
        return f"verdict: {data.get('action', '?')}{rule}: {data.get('reason', '')}"
    if event.kind == "note":
        return f"note: {data.get('text', '')}"
    answers = data.get("answers") or {}
    yes = [str(key) for key, value in answers.items() if value]
    return "red-flag questions: " + (("yes to " + ", ".join(yes)) if yes else "all no")
