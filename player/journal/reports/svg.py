"""The pain chart as one inline SVG: before, highest and at the end per session, stops marked.

Plain SVG 1.1 with its own styles: no script, no font or image from elsewhere, readable in
black and white (each line has its own dash pattern and marker).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from player.journal.reports.clinic import Point
from player.journal.review.query import local
from player.session.outcomes import STOPPED

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 34, 40
SERIES: tuple[tuple[str, str, str, str], ...] = (
    ("before", "#1f5fa8", "6 4", "circle"),
    ("highest", "#b3261e", "", "square"),
    ("at the end", "#2e7d32", "2 3", "diamond"),
)
"""Each line: its label, colour, dash pattern and marker."""


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
    desc = f"{len(points)} sessions; {stops} stopped by the pain rules or a red flag."
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
    for i in _ticks(len(points)):
        label = local(points[i].started_at).strftime("%m-%d")
        out.append(
            f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{label}</text>"
        )
    for i, point in enumerate(points):
        if point.outcome in STOPPED:
            x = x_of(i)
            out.append(
                f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" '
                'stroke="#b3261e" stroke-width="1" stroke-dasharray="1 3"/>'
            )
            tip = f"{x - 5:.1f},{TOP - 10} {x + 5:.1f},{TOP - 10} {x:.1f},{TOP - 1}"
            out.append(f'<polygon class="stop" points="{tip}" fill="#b3261e"/>')
    values = {
        "before": [p.pain.before for p in points],
        "highest": [p.pain.highest for p in points],
        "at the end": [p.pain.end for p in points],
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
    tip = f"{legend_x:.1f},{y - 9} {legend_x + 10:.1f},{y - 9} {legend_x + 5:.1f},{y}"
    out.append(f'<polygon points="{tip}" fill="#b3261e"/>')
    out.append(
        f'<text x="{legend_x + 16}" y="{y}" fill="#b3261e">a session stopped by the pain '
        "rules or a red flag</text>"
    )
    out.append("</svg>")
    return "\n".join(out)
