"""A chart of pain over time for one routine: before, highest and at the end, per session."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual_plotext import PlotextPlot

from player.journal.records import SessionSummary
from player.journal.reports.svg import axis_labels

CHART_SESSIONS = 60
"""At most this many of the routine's latest sessions are drawn (about one a column pair)."""


@dataclass(frozen=True)
class PainSeries:
    """One line of the chart: a pain value per session (None where it was not asked)."""

    label: str
    values: list[int | None]
    color: str


LINES = (("before", "blue"), ("highest", "red"), ("at the end", "green"))
"""The chart's lines, in the order they are drawn: label and colour."""


def legend() -> Text:
    """The chart's legend as a line of text, shown beside the chart's title.

    Drawn inside the plot, a legend sits in its top corner, over the rows where the highest
    pains are drawn; outside it, it hides nothing.
    """
    parts: list[tuple[str, str] | str] = []
    for label, color in LINES:
        parts += [("━━ ", color), label, "  "]
    return Text.assemble(*parts[:-1])


def pain_series(sessions: list[SessionSummary]) -> list[PainSeries]:
    """The three lines of the chart for sessions given oldest first.

    Args:
        sessions: One routine's sessions, oldest first.

    Returns:
        Before (baseline), highest and at the end, in that order.
    """
    values = [
        [s.baseline for s in sessions],
        [s.highest for s in sessions],
        [s.final for s in sessions],
    ]
    return [
        PainSeries(label, line, color) for (label, color), line in zip(LINES, values, strict=True)
    ]


class PainChart(PlotextPlot):
    """Pain 0-10 per session of one routine, oldest on the left; x ticks are local dates."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        """Start with an empty chart."""
        super().__init__(id=id)
        self.sessions: list[SessionSummary] = []
        """The sessions drawn, oldest first."""
        self.series: list[PainSeries] = []
        """The lines drawn."""
        self.span = ""
        """The days the chart spans in words (`Sun 2026-12-06`, `2025-01-03 to 2026-12-06`)."""

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        """Draw these sessions (one routine's, oldest first); the latest `CHART_SESSIONS` only.

        Args:
            sessions: The sessions, oldest first; previews should already be left out.
        """
        self.sessions = sessions[-CHART_SESSIONS:]
        self.series = pain_series(self.sessions)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.ylim(0, 10)
        plt.yticks([0.0, 2.0, 4.0, 6.0, 8.0, 10.0])
        plt.xlabel("session")
        if not self.sessions:
            plt.xticks([])
            self.refresh()
            return
        for line in self.series:  # no legend inside the plot: see `legend`
            for run in answered_runs(line.values):
                xs, ys = [float(x) for x, _ in run], [float(y) for _, y in run]
                if len(run) == 1:  # a lone answer: a dot, joined to nothing
                    plt.scatter(xs, ys, color=line.color, marker="braille")
                else:
                    plt.plot(xs, ys, color=line.color, marker="braille")
        labels, span = axis_labels([s.started_at for s in self.sessions])
        self.span = span
        plt.xlabel(f"session ({span})" if span else "session")
        plt.xticks([float(i + 1) for i, _ in labels], [label for _, label in labels])
        plt.xlim(0.5, len(self.sessions) + 0.5)
        self.refresh()


def answered_runs(values: list[int | None]) -> list[list[tuple[int, int]]]:
    """The stretches of consecutive sessions with an answer, as (position from 1, pain).

    A line is drawn through each stretch only: a session without an answer breaks it, so the
    chart never shows a value between two sessions that nobody gave.
    """
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for position, value in enumerate(values, start=1):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((position, value))
    if current:
        runs.append(current)
    return runs
