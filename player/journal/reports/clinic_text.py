"""The report's words, as blocks (headings, paragraphs, lists, tables, the chart) that the
Markdown and the HTML writers both render, so the two say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from player.journal.reports.clinic import ClinicReport, ExerciseRow, Point, StopRow, mean_text
from player.journal.reports.report import pain_value, preview_words
from player.journal.reports.svg import pain_chart
from player.journal.review.query import local
from player.journal.review.stats import PainMeans, number, outcome_parts
from player.routine.durations import format_duration
from player.session.outcomes import EXERCISE_STATUSES, exercise_word, outcome_word


@dataclass(frozen=True)
class Heading:
    """A heading, level 1-3."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list, one line of plain text an item."""

    items: list[str]


@dataclass(frozen=True)
class Table:
    """A table of plain text cells."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    """Per column: right-aligned numbers."""


@dataclass(frozen=True)
class Chart:
    """The pain chart, one SVG element."""

    svg: str


Block = Heading | Paragraph | Bullets | Table | Chart

TITLE = "Home exercise journal"


def _moment(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M")


def _pain_cells(pain: PainMeans) -> list[str]:
    if not pain.sessions:
        return ["-", "-", "-", "0"]
    return [number(pain.baseline), number(pain.highest), number(pain.final), str(pain.sessions)]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary(report: ClinicReport, overall: PainMeans) -> list[Block]:
    counted = sum(week.done for week in report.weeks)
    planned = f"{report.target} a week"
    if report.program is not None:
        planned = (
            f"as the program {report.program!r} prescribed "
            f"({sum(week.planned for week in report.weeks)} in all)"
        )
    items = [
        f"Sessions: {report.sessions}"
        + (f" ({outcome_parts(report.outcomes)})" if report.sessions else ""),
        f"Sessions that count (completed or stopped, with some exercise done): {counted}; planned "
        f"{planned}, met in {report.weeks_met} of "
        f"{_plural(report.weeks_judged, 'week')}"
        + ("" if report.weeks_judged == len(report.weeks) else " (this week is under way)")
        + ".",
    ]
    if report.routines:
        items.append(
            "Routines: " + ", ".join(f"{name} ({n})" for name, n in report.routines.items())
        )
    if overall.sessions:
        items.append(
            f"Pain (0-10), means over the {_plural(overall.sessions, 'session')} with an answer "
            f"before and at the end: before {number(overall.baseline)}, highest "
            f"{number(overall.highest)}, at the end {number(overall.final)} (change "
            f"{number(overall.change, signed=True)})."
        )
    items.append(
        f"Stops by the pain rules or a red flag: {len(report.stops)}; stops by the user's own "
        f"choice (no rule broken): {len(report.user_stops)}; notes: {len(report.notes)}."
    )
    return [Heading(2, "Summary"), Bullets(items)]


def _planned_words(report: ClinicReport) -> str:
    """What a week's "planned" is: the target, or the program's prescription."""
    if report.program is None:
        return f"Planned: {report.target} sessions a week (the target). "
    return (
        f"Planned: the sessions the program {report.program!r} prescribed that week (its "
        "routines on its days), and done the sessions it counted for them; a week before it "
        f"is planned at {report.target}. "
    )


def _weeks(report: ClinicReport) -> list[Block]:
    rows = [
        [
            week.monday.isoformat(),
            str(week.planned),
            str(week.done),
            "yes" if week.met else ("no" if week.judged else "under way"),
            str(week.stopped),
            str(week.user_stopped),
            str(week.left),
            *_pain_cells(week.pain),
        ]
        for week in report.weeks
    ]
    headers = [
        "week of",
        "planned",
        "done",
        "met",
        "stopped by the rules",
        "stopped by the user",
        "ended early",
        "pain before",
        "highest",
        "at the end",
        "sessions with pain",
    ]
    return [
        Heading(2, "Sessions planned and done, per week"),
        Paragraph(
            _planned_words(report)
            + "Done: completed or stopped, with some exercise done (stopping when the rules say "
            "so, or when the user chooses to, is following the program; a session with every "
            "exercise skipped, or stopped before the first, does not count). Stopped by the "
            "rules: the pain rules or a red flag. Stopped by the user: the user's own choice, "
            "no rule broken. Ended early: quit or interrupted, not counted. Pain: means over "
            "that week's sessions with an answer before and at the end."
        ),
        Table(headers, rows, [False, True, True, False, *([True] * (len(headers) - 4))]),
    ]


def _exercise_cells(row: ExerciseRow) -> list[str]:
    counts = [str(row.statuses.get(status, 0)) for status in EXERCISE_STATUSES]
    rose = f"{row.rose} of {row.compared}" if row.compared else "-"
    return [
        row.exercise,
        str(row.sessions),
        *counts,
        mean_text(row.before),
        mean_text(row.after),
        str(len(row.before)),
        rose,
    ]


def _exercises(report: ClinicReport) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Exercises"),
        Paragraph(
            "Pain before an exercise is the last answer before it began; pain after it is its "
            "own last check-in; both are means over the sessions that have the two. Pain rose "
            "on it: sessions in which one of its check-ins was higher than the answer before."
        ),
    ]
    headers = [
        "exercise",
        "sessions",
        *(exercise_word(s) for s in EXERCISE_STATUSES),
        "pain before",
        "pain after",
        "sessions with both",
        "pain rose on it",
    ]
    numeric = [False, *([True] * (len(headers) - 1))]
    for routine in report.routines:
        rows = [_exercise_cells(r) for r in report.exercises if r.routine == routine]
        blocks += [Heading(3, routine), Table(headers, rows, numeric)]
    return blocks


def _played(routine: str, preview_speed: float | None) -> str:
    """A routine's name, marked when the session was a preview: `Core (preview at 10x speed)`."""
    return routine if preview_speed is None else f"{routine} ({preview_words(preview_speed)})"


def _stop_items(rows: list[StopRow]) -> list[str]:
    return [
        f"{_moment(s.started_at)}, {_played(s.routine, s.preview_speed)}: {s.sentence}"
        for s in rows
    ]


def _stops(report: ClinicReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Stops")]
    if report.stops:
        blocks.append(Bullets(_stop_items(report.stops)))
    else:
        blocks.append(Paragraph("No session was stopped by the pain rules or a red flag."))
    if report.user_stops:
        blocks += [
            Heading(3, "Stopped by the user's own choice (no rule broken)"),
            Bullets(_stop_items(report.user_stops)),
        ]
    if report.left:
        blocks += [
            Heading(3, "Ended early without a stop (not counted)"),
            Bullets(_stop_items(report.left)),
        ]
    return blocks


def _notes(report: ClinicReport) -> list[Block]:
    if not report.notes:
        return [Heading(2, "Notes"), Paragraph("No notes in this period.")]
    items = [
        f"{_moment(n.wall)}, {_played(n.routine, n.preview_speed)}, {n.place}: “{n.text}”"
        for n in report.notes
    ]
    return [Heading(2, "Notes"), Bullets(items)]


CHART_SESSIONS = 120
"""The chart and its table show at most this many of the period's latest sessions (the whole
period's numbers are in the tables above; `--since` narrows the period)."""


def _chart(report: ClinicReport) -> list[Block]:
    if not report.points:
        return []
    points = report.points[-CHART_SESSIONS:]
    title = "Pain per session, 0-10"
    if len(points) < len(report.points):
        title += f": the latest {len(points)} of {len(report.points)} sessions"
    rows = [
        [
            _moment(p.started_at),
            p.routine,
            outcome_word(p.outcome)
            + (f" ({preview_words(p.preview_speed)})" if p.preview_speed is not None else ""),
            format_duration(p.active_seconds),
            _done_text(p),
            pain_value(p.pain.baseline),
            pain_value(p.pain.highest),
            pain_value(p.pain.final),
        ]
        for p in points
    ]
    headers = [
        "date",
        "routine",
        "outcome",
        "active time",
        "exercises done",
        "before",
        "highest",
        "at the end",
    ]
    return [
        Heading(2, "Pain per session"),
        Paragraph(
            "Active time: exercise time (work, relaxes, rests), with pauses and the time spent "
            "answering check-ins left out. A preview's times are session time."
        ),
        Chart(pain_chart(points, title)),
        Table(headers, rows, [False, False, False, True, True, True, True, True]),
    ]


def _done_text(point: Point) -> str:
    """`2 of 3`: the exercises done whole, of the plan's."""
    if point.exercises_planned is None or point.exercises_done is None:
        return "-"
    return f"{point.exercises_done} of {point.exercises_planned}"


def period_words(first: date, last: date) -> str:
    """The report's period: `2026-11-02 to 2026-12-07`; from a day still to come (`--since`
    tomorrow, which matches no session, as the list and stats say), only its start.

    Args:
        first: The period's first local date.
        last: Its last (today, or the report's day).

    Returns:
        The words.
    """
    if first > last:
        return f"from {first.isoformat()}, a day still to come"
    return f"{first.isoformat()} to {last.isoformat()}"


def blocks(report: ClinicReport, overall: PainMeans) -> list[Block]:
    """The whole report, in order.

    Args:
        report: The gathered report.
        overall: The pain means over the whole period.

    Returns:
        The blocks to write.
    """
    previews = "previews included" if report.previews_included else "previews left out"
    head: list[Block] = [
        Heading(1, TITLE),
        Paragraph(
            f"Period: {period_words(report.first, report.last)} (local dates; "
            f"{previews}). Made by hep {report.version}, which guides a home exercise program "
            "and does not diagnose."
        ),
    ]
    if not report.sessions:
        return [*head, Paragraph("No sessions in this period.")]
    return [
        *head,
        *_summary(report, overall),
        *_weeks(report),
        *_exercises(report),
        *_stops(report),
        *_notes(report),
        *_chart(report),
    ]
