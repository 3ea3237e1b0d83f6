"""The routine picker: built-in and user routines, with details; a broken one shows its error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from player.controls import PICKER_KEYS
from player.routine.discovery import RoutineEntry
from player.routine.durations import format_duration
from player.routine.loader import LoadedRoutine
from player.safetext import shown, spelled_out
from player.words import plural


def _label(entry: RoutineEntry, note: str | None = None) -> Text:
    if entry.loaded is None:
        # the file's name, as `hep list` shows it: nothing in it acts on the terminal
        return Text.assemble((shown(entry.name), "bold"), "\n  ", ("broken file", "reverse"))
    r = entry.loaded.routine
    where = "built-in" if entry.builtin else "yours"
    exercises = plural(len(r.exercises), "exercise")
    info = f"\n  {exercises}, {format_duration(r.planned_seconds())}, {where}"
    label = Text.assemble((r.name, "bold"), (info, "dim"))
    if note:
        label.append(f"\n  {note}", style="bold" if note.startswith("due") else "dim")
    return label


def describe_entry(entry: RoutineEntry) -> Text:
    """The detail pane text for an entry: description and dosing, or the loading error.

    Args:
        entry: A discovered routine.

    Returns:
        Literal text (nothing in a routine file is read as markup).
    """
    if entry.loaded is None:
        lines = entry.error.lines if entry.error else ["could not be loaded"]
        text = Text(f"{spelled_out(str(entry.path))}\n\n", style="bold")  # as its lines say it
        text.append("This routine file cannot be played:\n", style="bold")
        text.append("\n".join(lines))
        text.append("\n\nFix the file and open hep again (`hep validate` checks it).", style="dim")
        return text
    r = entry.loaded.routine
    text = Text(r.name + "\n", style="bold")
    text.append(r.description.strip() + "\n\n")
    text.append(
        f"{plural(len(r.exercises), 'exercise')}, about {format_duration(r.planned_seconds())}"
    )
    if r.equipment:
        text.append("\nYou need: " + ", ".join(r.equipment))
    if r.author:
        text.append("\nBy: " + r.author, style="dim")
    text.append("\n\n")
    for i, ex in enumerate(r.exercises, 1):
        text.append(f"{i:2}. {ex.name}\n")
    return text


class PickerScreen(Screen[None]):
    """Choose a routine; Enter plays it, `j` opens the journal (later)."""

    CSS_PATH = "picker.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding(",".join(k.keys), k.action, k.label, priority=k.action == "play")
        for k in PICKER_KEYS
        if k.action
    ]

    @dataclass
    class Chosen(Message):
        """A routine was chosen to play."""

        loaded: LoadedRoutine

    @dataclass
    class JournalRequested(Message):
        """The user asked for the journal."""

    def __init__(
        self, entries: list[RoutineEntry], notes: Mapping[Path, str] | None = None
    ) -> None:
        """Prepare the picker.

        Args:
            entries: What `discover()` found, broken files included.
            notes: A line to add under a routine, by its file (`due today`, when last played).
        """
        super().__init__()
        self.entries = entries
        self.notes = dict(notes or {})

    def compose(self) -> ComposeResult:
        """The list on the left, details on the right."""
        yield Static(Text("hep - choose a routine", style="bold"), id="picker-title")
        with Horizontal(id="picker-body"):
            options = [
                Option(_label(e, self.notes.get(e.path)), id=str(i))
                for i, e in enumerate(self.entries)
            ]
            yield OptionList(*options, id="routines")
            with VerticalScroll(id="routine-detail-scroll"):
                yield Static(id="routine-detail")
        yield Static(id="picker-last")
        note = "hep guides a program your therapist gave you; it does not diagnose."
        yield Static(Text(note, style="dim"), id="picker-note")
        yield Footer()

    def on_mount(self) -> None:
        """Highlight the first routine."""
        routines = self.query_one("#routines", OptionList)
        if self.entries:
            routines.highlighted = 0
        else:
            self.query_one("#routine-detail", Static).update(Text("No routines found."))
        routines.focus()

    @property
    def current(self) -> RoutineEntry | None:
        """The highlighted entry."""
        index = self.query_one("#routines", OptionList).highlighted
        return None if index is None else self.entries[index]

    @on(OptionList.OptionHighlighted, "#routines")
    def _highlighted(self) -> None:
        entry = self.current
        if entry is not None:
            self.query_one("#routine-detail", Static).update(describe_entry(entry))

    @on(OptionList.OptionSelected, "#routines")
    def _selected(self) -> None:
        self.action_play()

    def action_play(self) -> None:
        """Play the highlighted routine (a broken one says why it cannot)."""
        entry = self.current
        if entry is None:
            return
        if entry.loaded is None:
            self.notify("This routine file has errors; see the details.", severity="warning")
            return
        self.post_message(self.Chosen(entry.loaded))

    def show_program(self, entries: list[RoutineEntry], notes: Mapping[Path, str]) -> None:
        """Show the routines again as the program now marks them (after a session it
        counted), the same routine still highlighted.

        Args:
            entries: The routines, those due today first.
            notes: A line to add under a routine, by its file.
        """
        current = self.current
        self.entries = entries
        self.notes = dict(notes)
        routines = self.query_one("#routines", OptionList)
        routines.clear_options()
        routines.add_options(
            [Option(_label(e, self.notes.get(e.path)), id=str(i)) for i, e in enumerate(entries)]
        )
        paths = [e.path for e in entries]
        if entries:
            at = paths.index(current.path) if current is not None and current.path in paths else 0
            routines.highlighted = at

    def show_last(self, line: str) -> None:
        """Show a line on the session just ended (back from a session).

        Args:
            line: E.g. `Last session: Core, quit (1 of 3 exercises done); kept in the journal.`
        """
        last = self.query_one("#picker-last", Static)
        last.update(Text(line, style="bold"))
        last.display = True

    def action_journal(self) -> None:
        """Ask the app for the journal screen."""
        self.post_message(self.JournalRequested())
