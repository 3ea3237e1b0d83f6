"""The one-line note under a question: a paste keeps every line, as much as the note holds."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class NoteInput(Input):
    """An input for a one-line note that takes a paste as typing would take the same text.

    Textual's own input keeps only the first line of a paste, and refuses the whole of it when
    it is longer than the room left: a note copied from elsewhere lost its other lines, or all
    of itself, without a word. Here the line breaks become spaces (the note is kept on one line,
    see `clean_note`) and a paste longer than the room left is cut there, with the bell, as
    typing the same keys stops at the last one that fits."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # not Textual's own handler as well
        event.stop()
        if not event.text:
            return
        line = " ".join(event.text.splitlines())
        start, end = sorted(self.selection)
        if self.max_length:
            room = self.max_length - (len(self.value) - (end - start))
            if len(line) > room:
                line = line[: max(0, room)]
                self.restricted()
        self.replace(line, start, end)
