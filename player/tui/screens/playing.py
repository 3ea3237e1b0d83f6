"""The playing screen: the step, a big countdown, cues, progress and what comes next.

It shows the conductor's state and passes keys on; every timing, cue, journal and stop decision
is the conductor's. The session's questions (red flags, pain) are asked by `SessionFlow`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.scalar import Unit
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from player.controls import CONTROLS, control, footer_label, key_label, waiting_hint
from player.session.first import Prompt
from player.tui.screens.flow import SessionFlow
from player.tui.widgets.bars import BreathBar, LabelledBar, breath_fill
from player.tui.widgets.step_text import (
    clock_text,
    countdown_seconds,
    kind_text,
    where_text,
)

if TYPE_CHECKING:
    from player.conductor.core import Conductor
    from player.session.plan import Step
    from player.session.ports import ConductorView, Notice

W = TypeVar("W", bound=Widget)
TICK_SECONDS = 1.0
"""The longest the screen waits before asking the conductor for news; it wakes sooner, just
after the shown second changes or when the conductor has a cue due. Widgets redraw only when
their text changes."""
BREATH_FRAME_SECONDS = 0.5
"""While breathing in or out, the bar moves every half second, in step with the clock: one
frame of its own between two of the clock's. A 4 s breath fills it in 8 even steps, calm
enough to breathe along with, at half the CPU of 4 frames a second."""
FLASH_SECONDS = 1.0
"""How long the on-screen cue marker stays when sound is off or missing."""
SMALL = (70, 22)
"""Below this width or height the big digits give way to one line of text."""
BUILD_AFTER_SECONDS = 0.05
"""The playing screen is built this long after the first question is drawn: the question comes
first (it covers the screen), and the terminal gets it before the main thread is busy again."""
CUE_KINDS = frozenset({"cue", "count", "rep", "rep_phase", "step", "exercise_done"})
"""Notices that come with a cue sound, flashed on screen when it cannot be heard."""


APP_ACTIONS = {"quit": "app.request_quit", "help": "app.help"}
"""Commands the app runs as its own Textual actions (they work on every screen); the rest are
this screen's actions of the same name."""
PAUSED_FOR_DIALOG = "The session is paused while this is open; it goes on when you close it."
STAYS_PAUSED = "The session is paused; {key} goes on once this is closed."


class PlayingScreen(Screen[None]):
    """One session in progress."""

    BINDINGS = [
        Binding(
            ",".join(c.keys),
            APP_ACTIONS.get(c.command, c.command),
            c.label,
            key_display=footer_label(c.keys[0]),
        )
        for c in CONTROLS
    ]

    @dataclass
    class Notified(Message):
        """The conductor said something (after a key, an answer or a tick)."""

        notices: list[Notice]

    def __init__(
        self,
        conductor: Conductor | None,
        clock: Callable[[], float],
        *,
        make: Callable[[], Conductor] | None = None,
        ahead: Prompt | None = None,
        closed: Callable[[], None] | None = None,
    ) -> None:
        """Prepare the screen.

        Args:
            conductor: The session; None when it is built after its first question is up
                (`make` and `ahead`).
            clock: Monotonic seconds.
            make: Builds the session (None: `conductor` is given).
            ahead: The session's first question, asked before it is built (the conductor,
                once built, asks the same: `player.session.first`).
            closed: What closing it does when it is the app's first screen (there is none
                under it to go back to); None: it is dismissed.
        """
        super().__init__()
        if conductor is None and (make is None or ahead is None):
            raise ValueError("a session, or how to build it and its first question")
        self._conductor = conductor
        self._make = make
        self._ahead = ahead
        self._when_closed = closed
        self.clock = clock
        self.flow = SessionFlow(self)
        self._shown: dict[str, object] = {}
        self._widgets: dict[str, Widget] = {}
        self._view: tuple[float, ConductorView] | None = None
        """The view drawn last, and the clock reading it was drawn for."""
        self._flash_until = 0.0
        self._timer: Timer | None = None
        self._building = False
        """The build is under way or due (`_build_after`)."""
        self._built = False
        """Its widgets are being mounted, or are."""
        self._ready = False
        """The screen is built: its widgets can be drawn."""

    def compose(self) -> ComposeResult:
        """The header; the rest of the screen is built once the first question is on show
        (`_build`)."""
        yield Static(id="play-header")

    @property
    def conductor(self) -> Conductor:
        """The session; built (and started) here when first asked for, if its first question
        was put up before it (the build comes just after that question is drawn: `_build`)."""
        if self._conductor is None:
            self._open_session()
        assert self._conductor is not None
        return self._conductor

    @property
    def built(self) -> Conductor | None:
        """The session, or None while its first question is up before it is built."""
        return self._conductor

    def on_mount(self) -> None:
        """Start the session and ask the conductor for news a few times a second; or, when
        the first question comes before the session, ask it (the session is built once it is
        drawn)."""
        self._ticking = True
        self._size_class()
        if self._conductor is None:
            assert self._ahead is not None
            self.flow.ask_ahead(self._ahead)
            self._build_after(self.flow.dialog)
            return
        self._started()
        self.deliver(self.conductor.start(self.now()))

    def _started(self) -> None:
        self.query_one("#play-header", Static).update(Text(self._header()))
        self._schedule()

    def _open_session(self) -> None:
        """Build the session and start it: it asks the question already on screen."""
        assert self._make is not None
        c = self._conductor = self._make()
        notices = c.start(self.now())
        self.flow.asked_ahead(c.prompt)
        self._started()
        self.deliver(notices)

    def _build_after(self, dialog: ModalScreen[Any] | None) -> None:
        """Build the screen once `dialog` (the session's first question) has been drawn and
        sent to the terminal, or now when nothing is asked."""
        if self._building:
            return
        self._building = True
        if dialog is None:
            self._build()
        else:
            dialog.call_after_refresh(self.set_timer, BUILD_AFTER_SECONDS, self._build)

    def _build(self) -> None:
        """Mount the step panel, the notices, the progress bars and the keys; draw once they
        are in place."""
        if self._built:
            return
        self._built = True
        _ = self.conductor  # the session, built now if its first question came first
        self.mount_all(self._body())
        self.call_after_refresh(self._draw_built)

    def _draw_built(self) -> None:
        if not self.is_attached or self not in self.app.screen_stack:
            return  # closed before its body was in place (left at once): it is being taken down
        self._ready = True
        self.refresh_bindings()  # the keys: the footer lists them once told they are ready
        self.show()
        self._show_notices()  # any that came before the build (a journal problem, say)

    def _body(self) -> list[Widget]:
        """The step panel, the notices, the progress bars and the keys."""
        from textual.widgets import Digits, Footer

        panel = Vertical(
            Static(id="exercise-name"),
            Static(id="step-kind"),
            Static(id="where"),
            Digits("0:00", id="clock"),
            Static(id="clock-text"),
            Static(id="pause-note"),
            Static(id="hint"),
            Static(id="marker"),
            Static(id="breath-label"),
            BreathBar(id="breath"),
            Static(id="cue-lines"),
            Static(id="next"),
            Static(id="notices"),
            id="play-body",
        )
        bars = Vertical(
            LabelledBar(id="exercise-bar"), LabelledBar(id="session-bar"), id="progress"
        )
        return [panel, bars, Footer(compact=True)]

    def on_screen_resume(self) -> None:
        """Back on top (a dialog closed): build the screen if the first question was answered
        before it was, and ask what the conductor waits to ask, if anything."""
        dialog = self.flow.dialog
        asking = dialog is not None and dialog in self.app.screen_stack
        if self._building and not self._built and not asking:  # answered already
            self._build()
        self.flow.follow()

    def on_resize(self, event: events.Resize) -> None:
        """Switch to plain text digits in a small terminal."""
        self._size_class()

    def _size_class(self) -> None:
        width, height = self.app.size
        small = width < SMALL[0] or height < SMALL[1]
        if small != self.has_class("-small"):
            self.set_class(small, "-small")
            for shown in ("#clock", "#clock-text"):  # the clock now on show is drawn afresh
                self._shown.pop(shown, None)
            if self.is_mounted:
                self.show()

    # --- talking to the conductor -------------------------------------------------------

    def now(self) -> float:
        """The clock's current reading."""
        return self.clock()

    def tick(self) -> None:
        """Bring the session up to now and redraw what changed."""
        notices = self.conductor.tick(self.now())
        if notices:
            self.post_message(self.Notified(notices))
        self.show()

    def run(self, action: Callable[[float], list[Notice]]) -> None:
        """Call a conductor control with now, pass its notices on, and redraw."""
        self.deliver(action(self.now()))

    def deliver(self, notices: list[Notice]) -> None:
        """Pass the conductor's notices on (even none: a prompt may be waiting) and redraw."""
        self.post_message(self.Notified(notices))
        self.show()

    def close(self) -> None:
        """The session is over and its end shown: dismissed, or, as the app's first screen,
        handed to what closes it."""
        if self._when_closed is not None:
            self._when_closed()
        else:
            self.dismiss(None)

    def stop_ticking(self) -> None:
        """The session is over: no more ticks."""
        self._ticking = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self) -> None:
        """Wake at the next moment the shown second can change (at most `TICK_SECONDS` later)."""
        if not self._ticking:
            return
        self._timer = self.set_timer(self._next_change(), self._timed_tick)

    def _timed_tick(self) -> None:
        self.tick()
        self._schedule()

    def _next_change(self) -> float:
        """Seconds until something on screen can change: the shown second, a rep phase,
        or the next cell of the breathing bar."""
        now = self.now()
        drawn = self._view
        # The view just drawn (a tick draws, then schedules the next), or a fresh one.
        drawn_at, view = drawn if drawn is not None else (now, self.conductor.view(now))
        s = view.session
        speed = max(1.0, self.conductor.speed)
        if s.step is None or s.paused:
            return TICK_SECONDS
        shown = s.step_remaining if s.step_remaining is not None else s.step_elapsed
        to_next = shown - math.floor(shown) if s.step_remaining is not None else 1 - shown % 1
        wait = min(TICK_SECONDS, to_next + 0.01)
        due = self.conductor.next_due(drawn_at)
        if due is not None:  # a cue between two shown seconds (e.g. halfway at 22.5 s)
            wait = min(wait, due * speed + 0.002)
        b = s.step.breathing
        if b is not None and s.rep_phase_remaining is not None:
            wait = min(wait, s.rep_phase_remaining + 0.01)
            if s.rep_phase in ("inhale", "exhale"):
                # The bar moves between the clock's seconds too, on the same beat.
                between = shown % BREATH_FRAME_SECONDS
                if between < 0.02:
                    between += BREATH_FRAME_SECONDS
                wait = min(wait, between + 0.01)
        return max(0.02 / speed, wait / speed - (now - drawn_at))

    def on_playing_screen_notified(self, message: Notified) -> None:
        """Ask what the conductor asks; flash cues that cannot be heard; show problems."""
        self.flow.follow()
        self._build_after(self.flow.dialog)
        for notice in message.notices:
            if notice.kind in CUE_KINDS and not self.audible:
                self.flash(notice.text)
            if notice.kind == "problem":
                self._add_notice(notice.text)
            if notice.kind == "note" and self.conductor.stage == "running":
                self._add_notice(notice.text)

    @property
    def audible(self) -> bool:
        """True when cues can be heard now."""
        return self.conductor.audible

    def flash(self, text: str) -> None:
        """Show a cue marker on screen for a moment."""
        self._set("#marker", Text(f" >> {text} << ", style="bold reverse"))
        self._flash_until = self.now() + FLASH_SECONDS
        self.set_timer(FLASH_SECONDS, self._clear_flash)

    def _clear_flash(self) -> None:
        if self.now() >= self._flash_until - 0.05:
            self._set("#marker", Text(""))

    def _add_notice(self, text: str) -> None:
        lines = self._shown.get("notices-list")
        shown = list(lines) if isinstance(lines, tuple) else []
        if text not in shown:
            shown.append(text)
        self._shown["notices-list"] = tuple(shown)
        self._show_notices()

    def _show_notices(self) -> None:
        """The last two notices."""
        lines = self._shown.get("notices-list")
        shown = lines if isinstance(lines, tuple) else ()
        self._set("#notices", Text("\n".join(shown[-2:])))

    # --- drawing ------------------------------------------------------------------------

    def _set(self, selector: str, value: Text) -> None:
        """Update a Static only when its text changed (no redraw otherwise); one whose size
        does not follow its text is repainted alone, without laying the screen out again."""
        if not self._ready:
            return  # drawn once the screen is built
        key = value.plain + "|" + str(value.style)
        if self._shown.get(selector) == key:
            return
        self._shown[selector] = key
        widget = self._widget(selector, Static)
        widget.update(value, layout=not _fixed_size(widget))

    def _widget(self, selector: str, kind: type[W]) -> W:
        """The widget for `selector`, looked up once (the screen's widgets stay for its life)."""
        widget = self._widgets.get(selector)
        if not isinstance(widget, kind):
            widget = self._widgets[selector] = self.query_one(selector, kind)
        return widget

    def show(self) -> None:
        """Draw the conductor's view; only widgets whose text changed are touched."""
        if not self._ready:
            return
        now = self.now()
        view = self.conductor.view(now)
        self._view = (now, view)
        s = view.session
        step = s.step
        if step is None:
            self._set("#exercise-name", Text(self.conductor.routine.name))
            words = "Before you start" if view.stage in ("ready", "screen", "baseline") else ""
            self._set("#step-kind", Text(words))
            self._set("#hint", Text(""))
            return
        between = step.kind == "between" and s.next_step is not None
        name = s.next_step.exercise if between and s.next_step else step.exercise
        self._set("#exercise-name", Text(name))
        self._set("#step-kind", Text(kind_text(s)))
        self._set("#where", Text(where_text(s)))
        clock = clock_text(countdown_seconds(s))
        if self.has_class("-small"):  # only the clock on show is kept up to date
            self._set("#clock-text", Text(clock, style="bold"))
        elif self._shown.get("#clock") != clock:
            from textual.widgets import Digits

            self._shown["#clock"] = clock
            self._widget("#clock", Digits).update(clock)
        go_on = key_label(control("pause").keys[0])
        paused = f"PAUSED - {go_on} to go on" if s.paused else ""
        self._set("#pause-note", Text(paused))
        self._widget("#pause-note", Static).set_class(s.paused, "-shown")
        waiting = step.kind in ("self_paced", "wait")
        hint = waiting_hint("done" if step.kind == "self_paced" else "continue", "app")
        self._set("#hint", Text(hint if waiting else "", style="bold"))
        self._show_breath(view)
        self._set("#cue-lines", Text("\n".join(s.cue_lines)))
        nxt = s.next_step.describe() if s.next_step else "Then: the end of the session"
        self._set("#next", Text(f"Next: {nxt}" if s.next_step else nxt, style="dim"))
        self._widget("#exercise-bar", LabelledBar).state = self._first_bar(step, s.step_elapsed)
        gone = min(float(int(s.elapsed)), s.planned)
        self._widget("#session-bar", LabelledBar).state = (
            "Session",
            gone / s.planned if s.planned else 1.0,
            f"{clock_text(s.planned - gone)} left",
        )
        self._set("#play-header", Text(self._header()))

    def _header(self) -> str:
        """The routine's name, marked when the session is a preview or its cues are muted."""
        from player.journal.reports.report import preview_words

        header = f"hep - {self.conductor.routine.name}"
        if self.conductor.speed != 1:
            header += f"   [{preview_words(self.conductor.speed)}]"
        if self.conductor.muted:
            header += "   [muted]"
        return header

    def _first_bar(self, step: Step, step_elapsed: float) -> tuple[str, float, str]:
        """The first bar: the exercise under way, or in the rest between two exercises the
        rest itself (the exercise before it is over, the next one not begun)."""
        if step.kind == "between":
            into = min(float(int(step_elapsed)), step.planned)
            fraction = into / step.planned if step.planned else 1.0
            return "Rest", fraction, f"{clock_text(max(0.0, step.planned - into))} left"
        before, total = self.conductor.engine.exercise_span(step)
        into = before + min(int(step_elapsed), step.planned)
        ex_left = clock_text(max(0.0, total - into))
        return "Exercise", into / total if total else 1.0, f"{ex_left} left"

    def _show_breath(self, view: ConductorView) -> None:
        s = view.session
        step = s.step
        bar = self._widget("#breath", BreathBar)
        if step is None or step.breathing is None or s.rep_phase is None:
            bar.display = False
            self._set("#breath-label", Text(""))
            return
        b = step.breathing
        length = dict(b.rep_phases).get(s.rep_phase, 0.0)
        left = s.rep_phase_remaining or 0.0
        fill = breath_fill(s.rep_phase, length - left, length)
        width = max(1, bar.size.width)
        bar.display = True
        bar.fill = round(fill * width) / width
        self._set("#breath-label", Text(f"{kind_text(s).lower()}  {clock_text(left)}"))

    # --- keys ---------------------------------------------------------------------------

    def action_pause(self) -> None:
        """Pause or resume."""
        self.run(self.conductor.toggle_pause)

    def action_skip(self) -> None:
        """Skip the step."""
        self.run(self.conductor.skip)

    def action_back(self) -> None:
        """Back to the previous step."""
        self.run(self.conductor.back)

    def action_done(self) -> None:
        """A self-paced set is done, or go on to the next exercise."""
        self.run(self.conductor.done)

    def action_skip_exercise(self) -> None:
        """Skip the rest of the exercise."""
        self.run(self.conductor.skip_exercise)

    def action_instructions(self) -> None:
        """Show the exercise's instructions, picture and link, the session paused meanwhile."""
        from player.tui.dialogs.instructions import InstructionsDialog  # when asked

        index = self.conductor.exercise_shown(self.now())
        if index is None:
            return
        exercise = self.conductor.routine.exercises[index]
        loaded = self.conductor.loaded
        picture = loaded.image_path(index) if loaded is not None else None

        def dialog(note: str | None) -> InstructionsDialog:
            return InstructionsDialog(
                exercise.name,
                exercise.instructions,
                picture=picture,
                link=exercise.link,
                note=note,
            )

        self.cover(dialog)

    def cover(
        self,
        make: Callable[[str | None], ModalScreen[Any]],
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Open a dialog over the session with its clock paused; closing it resumes the clock,
        unless the session was paused before (it then stays paused).

        Args:
            make: Builds the dialog from a note that says what happens to the clock (None when
                no session is running).
            then: Called with the dialog's answer, before the clock runs again.
        """
        c = self.conductor
        view = c.view(self.now()).session
        running = c.stage == "running" and view.step is not None
        held = running and not view.paused
        note = None
        if held:
            self.run(c.pause)
            note = PAUSED_FOR_DIALOG
        elif running:
            note = STAYS_PAUSED.format(key=key_label(control("pause").keys[0]))

        def closed(answer: Any) -> None:
            if then is not None:
                then(answer)
            if held and c.stage == "running":
                self.run(c.resume)

        self.app.push_screen(make(note), closed)

    def action_mute(self) -> None:
        """Silence the cues, or bring them back."""
        self.conductor.set_muted(not self.conductor.muted)
        self.notify("Cues muted." if self.conductor.muted else "Cues on.", timeout=2)
        self.show()

    def action_stop_for_pain(self) -> None:
        """Stop now for pain; the conductor then asks the pain score."""
        self.run(self.conductor.stop)


def _fixed_size(widget: Widget) -> bool:
    """True when the widget's size does not follow its content: its height is set in cells and
    its width is not `auto`, so new content needs a repaint but no new layout."""
    width, height = widget.styles.width, widget.styles.height
    return height is not None and height.unit == Unit.CELLS and (width is None or not width.is_auto)
