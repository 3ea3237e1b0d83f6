"""The report a person hands to their therapist, as Markdown (the blocks of `clinic_text`)."""

from __future__ import annotations

from player.journal.reports.clinic_text import Block, Bullets, Chart, Heading, Paragraph, Table


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell (one line, no pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _line(text: str) -> str:
    """Plain text on one Markdown line: nothing in it starts a list, a heading or HTML, or is
    read as emphasis, code, a link, strikethrough (`~~`) or an entity (`&amp;`)."""
    text = " ".join(text.split())
    for mark in ("\\", "*", "_", "`", "<", ">", "[", "]", "#", "&", "~"):
        text = text.replace(mark, "\\" + mark)
    return text


def render(blocks: list[Block]) -> str:
    """Write the blocks as Markdown.

    Args:
        blocks: The report's blocks.

    Returns:
        Markdown text ending in a newline.
    """
    lines: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                lines += ["#" * level + " " + _line(text), ""]
            case Paragraph(text=text):
                lines += [_line(text), ""]
            case Bullets(items=items):
                lines += [f"- {_line(item)}" for item in items] + [""]
            case Table(headers=headers, rows=rows, numeric=numeric):
                lines.append("| " + " | ".join(cell(h) for h in headers) + " |")
                lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
                lines += ["| " + " | ".join(cell(_line(c)) for c in row) + " |" for row in rows]
                lines.append("")
            case Chart(svg=svg):
                lines += [svg, ""]
    return "\n".join(lines)
