"""The pain chart as one inline SVG: before, highest and at the end per session, stops marked.

Plain SVG 1.1 with its own styles: no script, no font or image from elsewhere, readable in
black and white (each line has its own dash pattern and marker).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from player.journal.reports.clinic import Point
from player.journal.review.query import local
from player.session.outcomes import STOPPED, STOPS, USER_STOP
from player.words import plural

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 34, 40
SERIES: tuple[tuple[str, str, str, str], ...] = (
    ("before", "#1f5fa8", "6 4", "circle"),
    ("highest", "#b3261e", "", "square"),
    ("at the end", "#2e7d32", "2 3", "diamond"),
)
"""Each line: its label, colour, dash pattern and marker."""


STOP_COLOURS = {False: "#b3261e", True: "#5f5f5f"}
"""A stop's colour: by the pain rules or a red flag (red), by the user's choice (grey)."""


def _stop_mark(x: float, y: float, own: bool, legend: bool = False) -> str:
    """A triangle pointing down at `y`: filled for a stop by the rules, hollow for the user's."""
    tip = f"{x - 5:.1f},{y - 9} {x + 5:.1f},{y - 9} {x:.1f},{y}"
    kind = "" if legend else f' class="{"own-stop" if own else "stop"}"'
    colour = STOP_COLOURS[own]
    if own:
        return f'<polygon{kind} points="{tip}" fill="#ffffff" stroke="{colour}"/>'
    return f'<polygon{kind} points="{tip}" fill="{colour}"/>'


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _segments(values: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Runs of points with a value (a missing answer breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in values:
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _ticks(count: int, most: int = 8) -> list[int]:
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def axis_labels(moments: Sequence[datetime], most: int = 8) -> tuple[list[tuple[int, str]], str]:
    """The date axis: which sessions get a label and what it says, and the span in words.

    The labels follow the span, so that they read right whatever it is: the time of day for
    one day's sessions (`07:30`), the day and month within a year (`6 Dec`), the month and year
    beyond (`Dec 2026`); a label that would repeat the one before it is left out.

    Args:
        moments: When each session started, oldest first.
        most: The most labels to give.

    Returns:
        (index, label) pairs, and the span (`Sun 2026-12-06`, `2025-01-03 to 2026-12-06`).
    """
    if not moments:
        return [], ""
    days = [local(m) for m in moments]
    first, last = days[0].date(), days[-1].date()
    if first == last:
        fmt, span = "%H:%M", days[0].strftime("%a %Y-%m-%d")
    else:
        fmt = "{day} %b" if (last - first).days < 365 else "%b %Y"
        span = f"{first.isoformat()} to {last.isoformat()}"
    labels: list[tuple[int, str]] = []
    for i in _ticks(len(days), most):
        label = days[i].strftime(fmt.replace("{day}", str(days[i].day)))
        if not labels or labels[-1][1] != label:
            labels.append((i, label))
    return labels, span


def pain_chart(points: Sequence[Point], title: str = "Pain per session, 0-10") -> str:
    """Draw the chart.

    Args:
        points: The sessions, oldest first.
        title: The chart's title (also its accessible name).

    Returns:
        One `<svg>` element, on lines without blank ones (so Markdown keeps it whole).
    """
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(i: int) -> float:
        return LEFT + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1))

    def y_of(pain: float) -> float:
        return TOP + plot_h * (1 - pain / 10)

    stops = sum(1 for p in points if p.outcome in STOPPED)
    own = sum(1 for p in points if p.outcome == USER_STOP)
    labels, span = axis_labels([p.started_at for p in points])
    if span:
        title = f"{title} ({span})"
    desc = (
        f"{plural(len(points), 'session')}; {stops} stopped by the pain rules or a red flag; {own} "
        "stopped by the user's own choice."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="sans-serif" font-size="11">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for pain in range(0, 11, 2):
        y = y_of(pain)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
        )
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{pain}</text>')
    for i, label in labels:
        out.append(
            f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{label}</text>"
        )
    for i, point in enumerate(points):
        if point.outcome in STOPS:
            x = x_of(i)
            colour = STOP_COLOURS[point.outcome == USER_STOP]
            out.append(
                f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" '
                f'stroke="{colour}" stroke-width="1" stroke-dasharray="1 3"/>'
            )
            out.append(_stop_mark(x, TOP - 1, point.outcome == USER_STOP))
    values = {
        "before": [p.pain.baseline for p in points],
        "highest": [p.pain.highest for p in points],
        "at the end": [p.pain.final for p in points],
    }
    for label, colour, dash, shape in SERIES:
        pairs = [(x_of(i), v) for i, v in enumerate(values[label])]
        for run in _segments([(x, None if v is None else y_of(v)) for x, v in pairs]):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>'
            )
            out += [_marker(shape, x, y, colour) for x, y in run]
    legend_x = LEFT
    for label, colour, dash, shape in SERIES:
        y = HEIGHT - 10
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{legend_x}" y1="{y - 4}" x2="{legend_x + 24}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dashes}/>'
        )
        out.append(_marker(shape, legend_x + 12, y - 4, colour))
        out.append(f'<text x="{legend_x + 30}" y="{y}">{escape(label)}</text>')
        legend_x += 120
    y = HEIGHT - 10
    for own, words in ((False, "stopped by the rules"), (True, "stopped by the user")):
        out.append(_stop_mark(legend_x + 5, y, own, legend=True))
        out.append(f'<text x="{legend_x + 16}" y="{y}" fill="{STOP_COLOURS[own]}">{words}</text>')
        legend_x += 150
    out.append("</svg>")
    return "\n".join(out)
