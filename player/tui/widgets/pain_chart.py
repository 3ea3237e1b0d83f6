"""A chart of pain over time for one routine: before, highest and at the end, per session."""

from __future__ import annotations

from dataclasses import dataclass

from textual_plotext import PlotextPlot

from player.journal.records import SessionSummary
from player.journal.review.query import local

CHART_SESSIONS = 60
"""At most this many of the routine's latest sessions are drawn (about one a column pair)."""


@dataclass(frozen=True)
class PainSeries:
    """One line of the chart: a pain value per session (None where it was not asked)."""

    label: str
    values: list[int | None]
    color: str


def pain_series(sessions: list[SessionSummary]) -> list[PainSeries]:
    """The three lines of the chart for sessions given oldest first.

    Args:
        sessions: One routine's sessions, oldest first.

    Returns:
        Before (baseline), highest and at the end, in that order.
    """
    return [
        PainSeries("before", [s.baseline for s in sessions], "blue"),
        PainSeries("highest", [s.highest for s in sessions], "red"),
        PainSeries("at the end", [s.final for s in sessions], "green"),
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
        for line in self.series:
            label: str | None = line.label
            for run in answered_runs(line.values):
                xs, ys = [float(x) for x, _ in run], [float(y) for _, y in run]
                if len(run) == 1:  # a lone answer: a dot, joined to nothing
                    plt.scatter(xs, ys, label=label, color=line.color, marker="braille")
                else:
                    plt.plot(xs, ys, label=label, color=line.color, marker="braille")
                label = None  # one entry in the legend per line
        ticks = _tick_positions(len(self.sessions))
        labels = [local(self.sessions[i - 1].started_at).strftime("%m-%d") for i in ticks]
        plt.xticks([float(tick) for tick in ticks], labels)
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


def _tick_positions(count: int, most: int = 8) -> list[int]:
    """Up to `most` evenly spread positions 1..count, always the first and the last."""
    if count <= most:
        return list(range(1, count + 1))
    step = (count - 1) / (most - 1)
    return sorted({round(1 + i * step) for i in range(most)})
