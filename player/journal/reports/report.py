"""Text for people: the session list, one line each, and a session shown exercise by exercise."""

from __future__ import annotations

from datetime import datetime

from player.journal import figures
from player.journal.records import Event, SessionDetail, SessionSummary
from player.journal.review.query import local
from player.journal.work.exercises import ExerciseResult, exercise_results
from player.routine.durations import format_duration
from player.session.outcomes import outcome_word
from player.session.questions import FLAG_WORDS, RED_FLAG_QUESTIONS, URGENCY_WORDS, WHEN_WORDS
from player.textcells import fit_pad

EMPTY_JOURNAL = "The journal is empty: sessions you play with hep show up here."
"""What the journal list and stats say, in the CLI and on the journal screen, before any session."""
NO_MATCH = "No sessions match."
"""What the journal list says when sessions exist but none pass its filters."""
ACTIVE_WORDS = "active time"
"""What active time (exercise time: paused time and answering time left out) is called wherever
it is shown."""
ANSWER_WORDS = "answering"
"""What the time spent answering check-ins during the session is called wherever it is shown."""
WALL_WORDS = "start to end"
"""What wall time (pauses and questions included) is called wherever it is shown beside active
time."""


def preview_words(speed: float) -> str:
    """How a preview is marked wherever its session is shown: `preview at 10x speed`."""
    return f"preview at {speed:g}x speed"


def pain_triple(start: int | None, highest: int | None, end: int | None) -> str:
    """Pain before / highest / at the end, `-` for a missing value."""
    return "/".join("-" if value is None else str(value) for value in (start, highest, end))


def pain_value(value: int | None) -> str:
    """One pain answer as shown: `3/10`, or `-` when there is none."""
    return "-" if value is None else f"{value}/10"


def when(moment: datetime) -> str:
    """A moment in local time, as `Tue 2024-05-07 07:30`."""
    return local(moment).strftime("%a %Y-%m-%d %H:%M")


def span_text(start: datetime, end: datetime | None) -> str:
    """A session from its start to its end, the right way round on any day: `Mon 2026-12-07
    17:42 to 17:43`; an end on another day names it (`Sun 2026-12-13 23:59 to Mon 2026-12-14
    00:00`), an end after the clocks changed names each time's zone (`Sun 2026-10-25 02:59
    CEST to 02:00 CET`, not a session that ended before it began), and an end the system's
    clock, set back during the session, put before the start says so.

    Args:
        start: When it started.
        end: When it ended (None: still running).

    Returns:
        The words.
    """
    if end is None:
        return f"{when(start)} to still running"
    first, last = local(start), local(end)
    if end < start:
        back = when(end) if first.date() != last.date() else last.strftime("%H:%M")
        return f"{when(start)} to {back} (the clock was set back)"
    if first.utcoffset() != last.utcoffset():
        head, tail = f"{when(start)} {first.tzname()}", f"{last.strftime('%H:%M')} {last.tzname()}"
        if first.date() != last.date():
            tail = f"{when(end)} {last.tzname()}"
        return f"{head} to {tail}"
    return (
        f"{when(start)} to {when(end) if first.date() != last.date() else last.strftime('%H:%M')}"
    )


def clip(text: str, width: int) -> str:
    """Text on one line, cut to `width` terminal cells with an ellipsis and padded to them."""
    return fit_pad(text, width)


LIST_HEADER = (
    f"{'id':>5}  {'date (local)':<20}  {'routine':<24}  {'active':>7}  {'outcome':<17}  pain"
)


def list_line(session: SessionSummary) -> str:
    """One session as one line of `hep journal`."""
    outcome = outcome_word(session.outcome)
    line = (
        f"{session.id:>5}  {when(session.started_at):<20}  {clip(session.routine_name, 24)}"
        f"  {format_duration(session.active_seconds):>7}  {outcome:<17}"
        f"  {pain_triple(session.baseline, session.highest, session.final)}"
    )
    if session.preview:
        line += f"  {preview_words(session.speed)}"
    return line


def flag_words(flags: object) -> str:
    """Flags as words (`sharp pain, pain spreading down the leg`); empty for none."""
    if not isinstance(flags, list):
        return ""
    words = {str(flag): text for flag, text in FLAG_WORDS.items()}
    return ", ".join(words.get(str(flag), str(flag)) for flag in flags)


def checkin_text(event: Event) -> str:
    """A check-in as `after the set (set 1, left): 3/10, sharp pain`."""
    data = event.data
    moment = str(data.get("when"))
    where = [
        f"set {data['set']}" if moment in ("after_set", "stop") and data.get("set") else "",
        data.get("side") if moment != "after_exercise" else "",
    ]
    spot = ", ".join(str(part) for part in where if part)
    text = WHEN_WORDS.get(moment, "check-in") + (f" ({spot})" if spot else "")
    pain = data.get("pain")
    text += f": {pain}/10" if isinstance(pain, int) else ": -"
    flags = flag_words(data.get("flags"))
    return text + (f", {flags}" if flags else "")


def planned_text(result: ExerciseResult) -> str:
    """An exercise's plan in a few words: `2m, 3 sets, reps 5/3/1, left/right`."""
    parts = [format_duration(result.planned_seconds)] if result.planned_seconds is not None else []
    if result.planned_sets > 1:
        parts.append(f"{result.planned_sets} sets")
    if result.reps:
        parts.append("reps " + "/".join(str(rep) for rep in result.reps))
    if result.sides:
        parts.append("/".join(result.sides))
    return ", ".join(parts) or "-"


def done_text(result: ExerciseResult) -> str:
    """What became of an exercise: `partly done: 2 of 3 sets, 9 of 18 reps` (and skips)."""
    text = result.words()
    if result.skips and result.status != "skipped":
        text += f" ({result.skips} step{'s' if result.skips != 1 else ''} skipped)"
    return text


def time_facts(summary: SessionSummary) -> list[tuple[str, str]]:
    """A session's times as labelled values, the same in every face: active time against
    planned, the answering time, and start to end. A preview's times are session time, so its
    start to end (real time, shorter than the session it played) is not given; the preview is
    named instead.

    Args:
        summary: The session.

    Returns:
        (label, value) pairs, labels in lower case.
    """
    facts = [
        (
            ACTIVE_WORDS,
            f"{format_duration(summary.active_seconds)}"
            f" (planned {format_duration(summary.planned_seconds)})",
        ),
        (ANSWER_WORDS, format_duration(summary.answer_seconds or 0.0)),
    ]
    if summary.preview:
        facts.append(("preview", f"at {summary.speed:g}x speed: times are session time"))
    else:
        facts.append((WALL_WORDS, format_duration(summary.wall_seconds)))
    return facts


def times_text(summary: SessionSummary) -> str:
    """The times on one line: `active time 12m05s (planned 14m33s); answering 37s; start to end
    13m40s` (see `time_facts`)."""
    return "; ".join(f"{label} {value}" for label, value in time_facts(summary))


def show_lines(detail: SessionDetail) -> list[str]:
    """A session exercise by exercise, planned against done, with every check-in and note.

    Args:
        detail: The session with plan and events.

    Returns:
        The lines to print.
    """
    s = detail.summary
    pain = figures.pain(detail.events)
    lines = [
        f"Session {s.id}: {s.routine_name}, {outcome_word(s.outcome)}"
        + (f" ({preview_words(s.speed)})" if s.preview else ""),
        f"  {span_text(s.started_at, s.ended_at)}; {times_text(s)}",
        f"  routine file: {s.routine_path or '-'} (content {s.routine_hash[:12]})",
        f"  pain before {pain_value(pain.baseline)}, highest {pain_value(pain.highest)},"
        f" at the end {pain_value(pain.final)}",
    ]
    ending = figures.ending(s.outcome, detail.events, s.reason)
    if ending:
        lines.append(f"  {ending}")
    results, loose = exercise_results(detail.plan, detail.events, ended=s.ended_at is not None)
    lines += ["", f"  {'#':>2}  {'exercise':<24}  {'planned':<30}  done"]
    for event in loose:
        if event.data.get("when") == "baseline":
            lines.append(f"        {checkin_text(event)}")
    for result in results:
        lines.append(
            f"  {result.index + 1:>2}  {clip(result.exercise, 24)}"
            f"  {clip(planned_text(result), 30)}  {done_text(result)}"
        )
        lines += [f"        {checkin_text(event)}" for event in result.checkins]
    lines += [f"        {checkin_text(e)}" for e in loose if e.data.get("when") != "baseline"]
    notes = figures.notes(detail.events)
    if notes:
        lines += ["", "  Notes"]
        lines += [f"  {local(n.wall).strftime('%H:%M')}  {n.place}: {n.text}" for n in notes]
    # Each answer is kept as it is given, each `screen` event with the answers so far: the
    # last one holds them all.
    screens = [e for e in detail.events if e.kind == "screen"][-1:]
    pauses = sum(1 for e in detail.events if e.kind == "pause")
    if screens or pauses:
        lines.append("")
    lines += [f"  red-flag questions: {screen_text(e)}" for e in screens]
    if pauses:
        lines.append(f"  paused {pauses} time{'s' if pauses != 1 else ''}")
    return lines


def screen_text(event: Event) -> str:
    """The red-flag answers in words, each yes with how soon it needs care: `all no`, `yes to
    new bladder or bowel trouble (emergency care now)`; an unfinished screen says how far it
    went (`no so far, 3 of 7 answered`)."""
    answers = event.data.get("answers")
    answers = answers if isinstance(answers, dict) else {}
    questions = {q.id: q for q in RED_FLAG_QUESTIONS}
    yes = []
    for key, value in answers.items():
        question = questions.get(str(key))
        if value and question is None:
            yes.append(str(key))
        elif value and question is not None:
            yes.append(f"{question.short} ({URGENCY_WORDS[question.urgency]})")
    answered = sum(1 for q in RED_FLAG_QUESTIONS if q.id in answers)
    if answered < len(RED_FLAG_QUESTIONS):
        said = ("yes to " + "; ".join(yes)) if yes else "no so far"
        return f"{said}, {answered} of {len(RED_FLAG_QUESTIONS)} answered"
    return ("yes to " + "; ".join(yes)) if yes else "all no"
