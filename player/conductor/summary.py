"""The end of a session as both faces show it: the journal's figures over this session's events.

The figures come from the session's record kept in memory, so the summary holds even when the
journal could not be written. The app shows them as a screen of labelled facts, the plain player
as a few lines; both read one `Summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from player.journal import figures
from player.journal.records import SessionDetail
from player.journal.reports.report import pain_value, preview_words, time_facts
from player.journal.work.exercises import ExerciseResult, tally
from player.session.outcomes import Outcome, outcome_word


@dataclass(frozen=True)
class Summary:
    """What a session came to, for the face that shows its end."""

    routine: str
    """The routine's name."""
    outcome: Outcome | None
    """How the session ended (None while it still runs)."""
    stepped: bool
    """Whether any step started (a session stopped at its first question has no figures)."""
    ending: str | None
    """How it ended, as a sentence (`Stopped at 7/10 during Bird dog...`); None if completed."""
    times: tuple[tuple[str, str], ...]
    """Active time against planned, answering time, and start to end (or, for a preview, that
    its times are session time), labelled (`report.time_facts`)."""
    preview: str | None
    """`preview at 10x speed` for a preview, None otherwise."""
    pain: figures.Pain
    """Pain before, highest and at the end."""
    results: tuple[ExerciseResult, ...]
    """What became of each exercise of the plan."""
    notes: tuple[figures.Note, ...]
    """The notes written during the session."""
    closing: str | None
    """The closing words after a completed session, None otherwise."""

    @property
    def outcome_words(self) -> str:
        """The outcome as the journal words it (`completed`, `stopped for pain`...)."""
        return outcome_word(self.outcome)

    @property
    def tally(self) -> str:
        """How the exercises went: `5 of 7 exercises done, 1 partly done, 1 not reached`."""
        return tally(self.results)

    @property
    def heading(self) -> str:
        """The routine's name and the tally (and the preview's mark)."""
        mark = f" ({self.preview})" if self.preview else ""
        return f"{self.routine}: {self.tally}{mark}"

    def facts(self) -> list[tuple[str, str]]:
        """The labelled facts: outcome, how it ended, times, pain before, highest, at the end."""
        facts = [("Outcome", self.outcome_words.capitalize())]
        if self.ending:
            facts.append(("How it ended", self.ending))
        facts += [
            *((label.capitalize(), value) for label, value in self.times),
            ("Pain before", pain_value(self.pain.baseline)),
            ("Highest", pain_value(self.pain.highest)),
            ("At the end", pain_value(self.pain.final)),
        ]
        return facts

    def rows(self) -> list[tuple[str, str]]:
        """Each exercise and what became of it, in words."""
        return [(result.exercise, result.words()) for result in self.results]

    def note_lines(self) -> list[str]:
        """Each note, after where in the session it was written."""
        return [f"{note.place}: {note.text}" for note in self.notes]

    def lines(self) -> list[str]:
        """The same facts as sentences, for a face that prints lines."""
        lines = [f"Summary: {self.tally}."]
        if self.ending:
            lines.append(f"How it ended: {self.ending}")
        times = "; ".join(f"{label} {value}" for label, value in self.times)
        lines += [
            f"{times[:1].upper()}{times[1:]}.",
            f"Pain {pain_value(self.pain.baseline)} before,"
            f" {pain_value(self.pain.highest)} highest, {pain_value(self.pain.final)} at the end.",
        ]
        return lines


def summarize(
    routine: str,
    outcome: Outcome | None,
    record: SessionDetail,
    results: Sequence[ExerciseResult],
    closing: str | None,
) -> Summary:
    """The summary of a session from its record.

    Args:
        routine: The routine's name.
        outcome: How the session ended.
        record: The session as recorded (in memory).
        results: What became of each exercise.
        closing: The closing words after a completed session, if any.

    Returns:
        The summary.
    """
    s = record.summary
    return Summary(
        routine=routine,
        outcome=outcome,
        stepped=any(e.kind == "step_started" for e in record.events),
        ending=figures.ending(s.outcome, record.events, s.reason),
        times=tuple(time_facts(s)),
        preview=preview_words(s.speed) if s.preview else None,
        pain=figures.pain(record.events),
        results=tuple(results),
        notes=tuple(figures.notes(record.events)),
        closing=closing,
    )
