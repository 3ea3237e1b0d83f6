"""The journal screen: past sessions, newest first, and a chart of pain over time per routine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from player.journal import Journal, JournalError
from player.journal.records import SessionSummary
from player.journal.reports import report
from player.journal.review import query
from player.routine.durations import format_duration
from player.session.outcomes import STOPPED, outcome_word
from player.tui.screens.journal_detail import JournalDetailScreen
from player.tui.widgets.pain_chart import CHART_SESSIONS, PainChart, legend

LIST_LIMIT = 1000
"""The list shows at most this many of the latest sessions (`hep journal --all` lists all)."""

OUTCOME_STYLES: dict[str, str] = {"completed": "green", **dict.fromkeys(STOPPED, "yellow")}
"""How each outcome is coloured in the list; the rest are dim."""


def session_cells(session: SessionSummary) -> tuple[Text, ...]:
    """One session as the list's cells (all literal text: a routine name is never markup).

    Args:
        session: The session.

    Returns:
        Id, local date, routine, active time, outcome, pain before/highest/end, preview mark.
    """
    outcome = outcome_word(session.outcome)
    return (
        Text(str(session.id), justify="right"),
        Text(query.local(session.started_at).strftime("%Y-%m-%d %H:%M")),
        Text(" ".join(session.routine_name.split()), overflow="ellipsis", no_wrap=True),
        Text(format_duration(session.active_seconds), justify="right"),
        Text(outcome, style=OUTCOME_STYLES.get(session.outcome, "dim")),
        Text(report.pain_triple(session.baseline, session.highest, session.final)),
        Text(f"x{session.speed:g}", style="dim") if session.preview else Text(""),
    )


def _routine_key(session: SessionSummary) -> str:
    """The routine a session is of, as the stats and the report tell them apart (its file,
    whatever its title: `query.routine_key`)."""
    return query.routine_key(session.routine_name, session.routine_path)


class JournalScreen(Screen[None]):
    """The session list; Enter opens a session, the chart follows the highlighted routine."""

    CSS_PATH = "journal.tcss"
    """Its styles, loaded when it is first shown (not before the first question)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("question_mark", "app.help", "Keys"),
    ]

    @dataclass
    class Loaded(Message):
        """The journal was read."""

        sessions: list[SessionSummary]
        """The listed sessions, newest first (at most `LIST_LIMIT`)."""
        total: int
        """How many sessions the journal holds, previews included."""
        charted: dict[str, list[SessionSummary]]
        """Per routine (casefolded name), its latest non-preview sessions, oldest first."""

    @dataclass
    class Failed(Message):
        """The journal could not be read."""

        problem: str
        """One line naming the file and what to do."""

    def __init__(self, path: Path | None = None) -> None:
        """Prepare the screen.

        Args:
            path: The journal file; None for the data folder's.
        """
        super().__init__()
        self.path = path
        self.sessions: dict[str, SessionSummary] = {}
        """The listed sessions by row key (the session id as text)."""
        self.charted: dict[str, list[SessionSummary]] = {}
        self.chart_routine: str | None = None
        """The routine the chart shows (casefolded name)."""
        self.problem: str | None = None
        """The journal's one-line error, once reading it failed."""
        self.loaded = False
        """True once the journal was read (or failed to be)."""

    def compose(self) -> ComposeResult:
        """Title, list, a line of notes, the chart and its title."""
        yield Static(Text("hep - journal", style="bold"), id="journal-title")
        yield Static(Text("Reading the journal..."), id="journal-message")
        table: DataTable[Text] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="journal-note")
        yield Static(id="chart-title")
        yield PainChart(id="pain-chart")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the columns and read the journal off the UI thread."""
        table = self.query_one("#sessions", DataTable)
        for label, key, width in (
            ("id", "id", 5),
            ("date (local)", "date", 16),
            ("routine", "routine", 22),
            ("active", "time", 7),
            ("outcome", "outcome", 17),
            ("pain", "pain", 8),
            ("preview", "preview", 7),
        ):
            table.add_column(label, key=key, width=width)
        self._show("loading")
        self._load()

    def _show(self, state: str) -> None:
        """Show the message line alone (`loading`, `empty`, `failed`) or the list and chart."""
        ready = state == "ready"
        self.query_one("#journal-message").display = not ready
        for selector in ("#sessions", "#journal-note", "#chart-title", "#pain-chart"):
            self.query_one(selector).display = ready
        self.set_class(state == "failed", "-failed")

    @work(thread=True, exclusive=True, group="journal-read")
    def _load(self) -> None:
        """Read the list and the chart's sessions (a few tens of ms, plus any lock wait)."""
        try:
            with Journal.open(self.path, check=False) as journal:
                listed = query.list_sessions(journal, limit=LIST_LIMIT)
                total = query.count_sessions(journal) if len(listed) == LIST_LIMIT else len(listed)
                kept = query.list_sessions(journal, include_previews=False)
        except JournalError as exc:
            self.post_message(self.Failed(" ".join(str(exc).split())))
            return
        charted: dict[str, list[SessionSummary]] = {}
        for session in kept:  # newest first
            runs = charted.setdefault(_routine_key(session), [])
            if len(runs) < CHART_SESSIONS:
                runs.append(session)
        for runs in charted.values():
            runs.reverse()
        self.post_message(self.Loaded(listed, total, charted))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.loaded = True
        self.problem = message.problem
        self.query_one("#journal-message", Static).update(
            Text.assemble(("The journal cannot be read: ", "bold"), message.problem)
        )
        self._show("failed")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.loaded = True
        self.charted = message.charted
        if not message.sessions:
            self.query_one("#journal-message", Static).update(Text(report.EMPTY_JOURNAL))
            self._show("empty")
            return
        table = self.query_one("#sessions", DataTable)
        table.clear()
        self.sessions = {}
        for session in message.sessions:
            key = str(session.id)
            self.sessions[key] = session
            table.add_row(*session_cells(session), key=key)
        shown = len(message.sessions)
        count = f"{message.total} session{'s' if message.total != 1 else ''}"
        if shown < message.total:
            count = (
                f"the latest {shown} of {message.total} sessions (`hep journal --all` lists all)"
            )
        note = Text(f"{count}. Enter: a session's details, Escape: back.", style="dim")
        self.query_one("#journal-note", Static).update(note)
        self._show("ready")
        table.move_cursor(row=0)
        table.focus()
        self._chart(message.sessions[0])

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        session = self.sessions.get(str(event.row_key.value))
        if session is not None:
            self._chart(session)

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        session = self.sessions.get(str(event.row_key.value))
        if session is not None:
            self.app.push_screen(JournalDetailScreen(session, self.path))

    def _chart(self, session: SessionSummary) -> None:
        """Chart the pain of the highlighted session's routine."""
        chart = self.query_one("#pain-chart", PainChart)
        runs = self.charted.get(_routine_key(session), [])
        name = " ".join(session.routine_name.split())
        if runs:
            latest = "latest " if len(runs) == CHART_SESSIONS else ""
            plural = "s" if len(runs) != 1 else ""
            title = Text.assemble(
                ("Pain over time: ", "bold"),
                (name, "bold"),
                (f"  {len(runs)} {latest}session{plural}, 0-10; previews left out   ", "dim"),
                legend(),
            )
        else:
            title = Text.assemble(
                "No sessions of ",
                (name, "bold"),
                " at normal speed to chart (previews are left out).",
            )
        key = _routine_key(session)
        if self.chart_routine != key:
            self.chart_routine = key
            chart.show_sessions(runs)
        self.query_one("#chart-title", Static).update(title)

    def action_back(self) -> None:
        """Back to the picker."""
        self.app.pop_screen()
