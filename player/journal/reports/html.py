"""The report for the clinic as one printable HTML page: no script, nothing fetched elsewhere."""

from __future__ import annotations

from html import escape

from player.journal.reports.clinic_text import (
    TITLE,
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    Table,
)

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: sans-serif; font-size: 10.5pt; color: #111; max-width: 60em;
  margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
h3 { font-size: 11pt; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0 1em; width: 100%; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; }
tr, li, svg { page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
h1, h2, h3, p, li, td.long, th.long { overflow-wrap: anywhere; word-break: break-word; }
""".strip()
"""The page's style, for screen and print alike. A word too long for its line (a pasted address,
a long name) breaks where the line ends instead of running past the page. In a table only a
cell holding such a word may break anywhere: `anywhere` lets its column narrow below the word,
and a date or a count elsewhere keeps its shape. (`word-break: break-word` is the same for
browsers that lack `overflow-wrap: anywhere`.)"""

LONG_WORD = 20
"""A cell with a word longer than this may break it anywhere: longer than any date, number or
word the report writes itself, so only text from the journal (a name, a pasted note) does."""


def _cell(tag: str, value: str, numeric: bool) -> str:
    classes = ["n"] if numeric else []
    if any(len(word) > LONG_WORD for word in value.split()):
        classes.append("long")
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{attribute}>{escape(value)}</{tag}>"


def _cells(tag: str, values: list[str], numeric: list[bool]) -> str:
    return "".join(_cell(tag, v, n) for v, n in zip(values, numeric, strict=True))


def render(blocks: list[Block]) -> str:
    """Write the blocks as one HTML page.

    Args:
        blocks: The report's blocks.

    Returns:
        An HTML5 document; every text from the journal is escaped.
    """
    body: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                body.append(f"<h{level}>{escape(text)}</h{level}>")
            case Paragraph(text=text):
                body.append(f"<p>{escape(text)}</p>")
            case Bullets(items=items):
                body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            case Table(headers=headers, rows=rows, numeric=numeric):
                head = "<tr>" + _cells("th", headers, numeric) + "</tr>"
                lines = "".join("<tr>" + _cells("td", r, numeric) + "</tr>" for r in rows)
                body.append(f"<table><thead>{head}</thead><tbody>{lines}</tbody></table>")
            case Chart(svg=svg):
                body.append(f'<figure class="chart">{svg}</figure>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(TITLE)}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
