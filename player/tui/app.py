"""The Textual player: wiring only. `make_app` builds it for the CLI and the tests alike."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from player.conductor.dependencies import Dependencies
from player.controls import help_rows
from player.platforms import hangup_signal, interrupt_reasons
from player.routine.discovery import RoutineEntry, discover
from player.routine.loader import LoadedRoutine
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.screens.flow import last_session_line
from player.tui.screens.playing import PlayingScreen
from player.tui.signals import SignalWatch

if TYPE_CHECKING:
    from player.conductor.core import Conductor
    from player.journal.record.facts import DayFacts
    from player.program.playing import PickerView
    from player.tui.dialogs.morning import MorningAnswer
    from player.tui.screens.picker import PickerScreen

Clock = Callable[[], float]
MorningHandler = Callable[[int | None, str | None], list[str]]
"""Keeps a morning check (pain None: skipped) and returns what the program decided."""
KEY_ORDER_SECONDS = 2.0
"""The longest a key waits for the one typed before it to be taken (`_next_key`)."""
KEY_HOLD_SECONDS = 5.0
"""The longest keys typed at start-up are held for the first question."""
NOTES_AFTER_SECONDS = 0.1
"""The program's notes come this long after the app starts, once its first question is up."""
EXIT_GRACE_SECONDS = 3.0
"""After a signal, how long Textual may take to restore the terminal before hep exits anyway."""
SIGNAL_LIMIT_SECONDS = 10.0
"""The longest hep takes to end after a signal, whatever the journal or the terminal do."""
KEYS_BEFORE_A_SIGNAL_SECONDS = 1.0
"""The longest a signal waits for the keys typed before it to be taken (`_signalled`)."""


class AppDependencies(NamedTuple):
    """Everything the app depends on: what each session depends on, and the app's own."""

    session: Dependencies
    """Each session's sound, journal recorder, daily-screen check, earlier sessions, wall."""
    speed: float = 1.0
    """Session seconds per real second."""
    clock: Clock = time.monotonic
    """Monotonic seconds (tests pass a fake)."""
    program: PickerView | None = None
    """The program's day for the picker (due routines first), or None."""
    on_morning: MorningHandler | None = None
    """Where the morning check's answer goes, when the program asks it."""
    advice: tuple[str, ...] = ()
    """Lines added to every stop message (the program's `on_stop`)."""
    on_hangup: Callable[[], object] | None = None
    """Called when the terminal is gone (SIGHUP), once the session is kept whole and before
    hep exits at once: the program counts the sessions played."""
    notes: tuple[str, ...] = ()
    """What the program said before the app took the terminal (its dose for the session),
    shown again in the app."""
    opening: Callable[[], Dependencies] | None = None
    """Opens what the first session depends on, after its first question is on screen (the
    day's facts known without the journal: `player.tui.run`); None: `session` is open already."""
    ahead: DayFacts | None = None
    """With `opening`: what the first session's first question is decided from."""


class HepApp(App[int]):
    """hep's full-screen player: the picker, then one session."""

    CSS_PATH = "player.tcss"
    TITLE = "hep"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+c,ctrl+q", "request_quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def __init__(
        self,
        routine: LoadedRoutine | None,
        deps: AppDependencies,
        entries: Callable[[], list[RoutineEntry]] = discover,
    ) -> None:
        """Prepare the app (see `make_app`)."""
        super().__init__()
        self.routine = routine
        self.deps = deps
        self.entries = entries
        self.conductor: Conductor | None = None
        self.handle_signals = False
        """End the session cleanly on SIGTERM and SIGHUP (set by `run_app`, not in tests)."""
        self.signals = SignalWatch(self._signalled, EXIT_GRACE_SECONDS)
        """Python's handlers for SIGINT, SIGTERM and SIGHUP (taken when `handle_signals`)."""
        self._keys: deque[events.Key | events.Paste] = deque()
        """Keys typed while the one before them was still on its way (see `_next_key`)."""
        self._in_flight: events.Key | events.Paste | None = None
        self._in_flight_since = 0.0
        self._released: events.Key | events.Paste | None = None
        self._in_flight_to: DOMNode | None = None
        self._turns = 0
        self._watching = False
        self._signal_waits: int | None = None
        """A signal waiting for the keys typed before it (`_signalled`)."""
        self._signal_status: int | None = None
        """The exit status of the signal that ended the app, once one has (`_end_for`)."""
        self.parting: tuple[str, ...] = ()
        """Lines to print once the terminal is the shell's again: a stop's words that a
        signal left no time to show (after a yes at the safety questions, its urgent advice)."""
        self._early_keys: list[events.Key | events.Paste] | None = []
        """Keys (and pastes) typed before the first screen that takes them is up (the first
        question, or the picker); handed to it once it is, in order, so a quick answer is never
        lost."""

    async def on_event(self, event: events.Event) -> None:
        """Hold keys typed before the first screen that takes them is up; then hand on each
        key only once the one before it has been taken (`_next_key`)."""
        if isinstance(event, (events.Key, events.Paste)):
            if not event.is_forwarded:
                held = self._early_keys
                if held is not None:
                    held.append(event)
                    return
                note_coming = self._note_coming()
                if event is not self._released and (
                    self._in_flight is not None
                    or self._keys
                    or self._released is not None
                    or note_coming
                ):
                    # After the keys before it, the one handed on and still on its way too: a
                    # burst's next key, already queued, would overtake it (`1` `0` read as 1).
                    # A check-in whose note is not in place yet holds them too: a Tab typed at
                    # once, then the note, would find no note to go to.
                    if note_coming and self._in_flight is None and not self._keys:
                        self._in_flight_since = time.monotonic()  # the wait counts from here
                    self._keys.append(event)
                    self._watch_keys()
                    return
                self._released = None
                self._in_flight = event
                self._in_flight_since = time.monotonic()
                self._in_flight_to = self.focused or (self.screen if self.screen_stack else None)
                self._turns = 0
                await super().on_event(event)
                if not event.is_forwarded:  # taken here (a binding of the app's own)
                    self._key_taken(event)
                return
            await super().on_event(event)  # back from the screen: the bindings it leads to
            if event is self._in_flight:  # what they posted (a note's Enter) is taken first
                self._watch_keys()
            return
        await super().on_event(event)

    @property
    def keys_waiting(self) -> bool:
        """Whether keys typed are still being handed on, one after the other (`_next_key`)."""
        return bool(self._keys) or self._in_flight is not None or self._released is not None

    def _keys_untaken(self) -> bool:
        """Whether keys typed are still to be taken: waiting their turn, handed on, or on
        their way to the widget they went to (`keys_waiting` also counts the last key until its
        way is looked at again)."""
        flying = self._in_flight
        return (
            bool(self._keys)
            or self._released is not None
            or (flying is not None and not self._taken(flying))
        )

    def _key_taken(self, event: events.Key | events.Paste) -> None:
        if event is self._in_flight:
            self._in_flight = None
            self._next_key()

    def _watch_keys(self) -> None:
        """Look again, at the next turn of the event loop, whether the key in flight has been
        taken (after a while, every few milliseconds)."""
        if not self._watching:
            self._watching = True
            self._turns += 1
            if self._turns < 20:
                self.call_next(self._check_keys)
            else:
                self.set_timer(0.005, self._check_keys)

    def _taken(self, key: events.Key | events.Paste) -> bool:
        """Whether the key in flight has been taken: out of every queue between the widget it
        went to and its screen, with what its handling posted there (a note's Enter posts the
        note's submission), or gone with a question that closed."""
        if time.monotonic() - self._in_flight_since > KEY_ORDER_SECONDS:
            return True
        node = self._in_flight_to
        while node is not None:
            if not node._message_queue.empty():  # noqa: SLF001 - no public "nothing waiting"
                return False
            if isinstance(node, Screen):
                break
            node = node.parent
        return True

    def _check_keys(self) -> None:
        self._watching = False
        if not self.screen_stack:  # the app is ending: nothing takes keys any more
            self._keys.clear()
            self._in_flight = self._released = None
            return
        flying = self._in_flight
        if flying is not None and self._taken(flying):
            self._in_flight = None
        if self._in_flight is None:
            self._next_key()
        if self._keys or self._in_flight is not None or self._released is not None:
            self._watch_keys()

    def _next_key(self) -> None:
        """Hand on the next key waiting, in the order typed.

        Textual hands a key to the focused widget's own queue and goes on to the next key at
        once, and takes the app's own keys (Ctrl+C, `?`) before those: keys typed in one burst
        (a paste, a slow link) all reached the question that was up when they came, those for
        the next question were lost, and Ctrl+C or `?` overtook the answers typed before them
        (a yes went to the wrong safety question). Now each key goes on once the one before it
        has been taken, or after `KEY_ORDER_SECONDS`. A key typed by hand finds none waiting.
        """
        if self._keys and self._in_flight is None and self._released is None:
            if (
                not self._ready_for_keys()
                and time.monotonic() - self._in_flight_since < KEY_ORDER_SECONDS
            ):
                self._watch_keys()  # the next question is being put up
                return
            self._released = self._keys.popleft()
            self.post_message(self._released)

    def _note_coming(self) -> bool:
        """Whether a check-in is on screen with its note's field not in place yet."""
        stack = self.screen_stack
        return bool(stack) and isinstance(stack[-1], CheckinDialog) and not stack[-1].note_ready

    def _ready_for_keys(self) -> bool:
        """Whether what is on screen takes keys: mounted and focused (a check-in with its
        note's field in place), and not the playing screen while a question of the session is
        being put up over it."""
        screen = self.screen
        if not screen.is_mounted or (screen.focused is None and screen.focus_chain):
            return False
        if self._note_coming():
            return False
        c = self.conductor
        return not (c is not None and c.prompt is not None and isinstance(screen, PlayingScreen))

    def _hand_over_keys(self) -> None:
        """Once a question or the picker is on screen, pass on the keys held till then, in
        order; until then look again shortly (and after `KEY_HOLD_SECONDS` give them to
        whatever is on screen)."""
        held = self._early_keys
        if held is None or not self.screen_stack:  # none held, or the app is ending
            return
        screen = self.screen
        ready = isinstance(screen, ModalScreen) or (
            len(self.screen_stack) > 1 and not isinstance(screen, PlayingScreen)
        )
        if not ready and time.monotonic() - self._started < KEY_HOLD_SECONDS:
            self.set_timer(0.02, self._hand_over_keys)
            return
        self._early_keys = None
        gc.enable()  # start-up is over (`run_app` and `hep play` keep the collector paused)
        for key in held:
            if isinstance(key, events.Paste):
                self.post_message(events.Paste(key.text))
            elif key.key == "ctrl+j":  # Enter, turned into a newline before the terminal went raw
                self.post_message(events.Key("enter", "\r"))
            else:
                self.post_message(events.Key(key.key, key.character))

    def _signalled(self, signum: int) -> None:
        """A signal ended the session: keep it in the journal as interrupted, then leave.

        The conductor's close writes the session whole before it returns. On SIGHUP the
        terminal is gone: there is nothing to restore or draw, and Textual's shutdown can block
        writing to the dead terminal, so hep closes the journal (cleanly, so the next start
        need not check it) and exits at once. Otherwise the app closes normally, with a
        watchdog in case shutdown hangs.
        """
        self.signals.heard()
        if self._signal_waits is not None:  # an earlier one waits for the keys typed before it
            if signum == hangup_signal():
                self._signal_waits = signum  # the terminal is gone: end as a hang-up ends
            return
        status = 128 + signum
        # However the journal and the terminal answer from here, hep ends: the journal finds a
        # session cut short at its next opening.
        limit = threading.Timer(SIGNAL_LIMIT_SECONDS, os._exit, (status,))
        limit.daemon = True
        limit.start()
        if self._keys_untaken():
            # Keys typed before the signal are answers given (a "no" then a "yes" in one burst,
            # the terminal closed a moment later, while the session was still being built
            # behind its first question): each is taken, in order, before the session ends.
            self._signal_waits = signum
            self._end_after_keys(time.monotonic() + KEYS_BEFORE_A_SIGNAL_SECONDS)
            return
        self._end_for(signum)

    def _end_after_keys(self, until: float) -> None:
        """End for the signal waiting once the keys typed before it are taken (or at `until`).

        It looks again through the event loop itself, as the signal came: a signal is handled
        outside the app's own context, where a Textual timer cannot be set (it failed, and hep
        sat until the signal limit ended it, keeping nothing)."""
        if self._keys_untaken() and time.monotonic() < until:
            asyncio.get_running_loop().call_later(0.005, self._end_after_keys, until)
            return
        signum, self._signal_waits = self._signal_waits, None
        assert signum is not None
        self._end_for(signum)

    def _end_for(self, signum: int) -> None:
        """Keep the session as interrupted by `signum` (a note typed, kept with it) and end."""
        status = 128 + signum
        c = self.conductor
        typed = self._typed_notes()
        playing = self._playing()
        if c is None and typed and playing is not None:
            c = playing.conductor  # its first question came first: built now, to keep the note
        if c is not None and c.stage != "done":
            for note in typed:  # kept with the session, never dropped unsaid
                c.add_note(self.deps.clock(), note)
            notices = c.interrupt(self.deps.clock(), interrupt_reasons()[signum])
            self.parting = next((n.lines for n in notices if n.kind == "stop"), ())
        if signum == hangup_signal():
            recorder = self.deps.session.recorder
            if recorder is not None and recorder.flush(EXIT_GRACE_SECONDS):
                recorder.close()
            if self.deps.on_hangup is not None:
                with suppress(Exception):  # nothing to tell: the terminal is gone
                    self.deps.on_hangup()
            os._exit(status)
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (status,))
        watchdog.daemon = True
        watchdog.start()
        self._signal_status = status
        self.exit(status)

    def on_mount(self) -> None:
        """Play the routine given, or open the picker."""
        self._started = time.monotonic()
        self.call_later(self._hand_over_keys)  # it looks again until the first question is up
        if self.handle_signals:
            self.signals.take()
        if self.deps.notes:  # after the first question is drawn, as the playing screen is
            self.set_timer(NOTES_AFTER_SECONDS, self._show_notes)
        if self.routine is not None:
            return  # its playing screen is the app's first (`get_default_screen`)
        from player.tui.screens.picker import PickerScreen

        view = self.deps.program
        entries = view.entries if view is not None else self.entries()
        self.push_screen(PickerScreen(entries, view.notes if view is not None else None))
        if view is not None and view.morning_due and self.deps.on_morning is not None:
            from player.tui.dialogs.morning import MorningDialog

            dialog = MorningDialog(ask_stiffness=view.ask_stiffness)
            self.push_screen(dialog, self._morning_answered)
        self._tell_journal_notices()

    def _show_notes(self) -> None:
        for line in self.deps.notes:
            self.notify(line, title="Program", timeout=20, markup=False)

    @work(thread=True, exit_on_error=False)
    def _tell_journal_notices(self) -> None:
        """Show what opening the journal made private, once it is open (on its own thread)."""
        recorder = self.deps.session.recorder
        if recorder is None or not recorder.flush(EXIT_GRACE_SECONDS):
            return
        for line in recorder.take_notices():
            self.call_from_thread(
                self.notify, line, title="hep", severity="warning", timeout=15, markup=False
            )

    def _morning_answered(self, answer: MorningAnswer | None) -> None:
        """Keep the morning check (Escape: skipped) and show what the program decided."""
        assert self.deps.on_morning is not None
        pain, stiffness = answer if answer is not None else (None, None)
        for line in self.deps.on_morning(pain, stiffness):
            self.notify(line, title="Program", timeout=20, markup=False)
        self._mark_again()  # the answer may end a hold: the doses change

    def _mark_again(self) -> None:
        """Have the picker mark its routines again from the program (see `_program_again`)."""
        from player.tui.screens.picker import PickerScreen

        view = self.deps.program
        picker = next((s for s in self.screen_stack if isinstance(s, PickerScreen)), None)
        if picker is not None and view is not None and view.again is not None:
            self._program_again(picker, view.again)

    def get_default_screen(self) -> Screen[Any]:
        """When hep was opened on one routine, its playing screen: the app's first screen, with
        none under it (Textual's own first screen would be drawn for nothing)."""
        if self.routine is None:
            return super().get_default_screen()
        return self._playing_screen(self.routine, closed=self._session_closed)

    def play(self, routine: LoadedRoutine) -> None:
        """Start a session of `routine` (chosen in the picker) on the playing screen."""
        self.push_screen(self._playing_screen(routine), self._session_closed)

    def _playing_screen(
        self, routine: LoadedRoutine, closed: Callable[[], None] | None = None
    ) -> PlayingScreen:
        """The playing screen for a session of `routine`; when what it depends on is not open
        yet, its first question comes first and the session is built once it is drawn."""
        deps = self.deps
        if deps.opening is not None and deps.ahead is not None:
            from player.session.first import first_question

            facts = deps.ahead
            ahead = first_question(routine.routine, facts.today, facts.screened, deps.speed)
            make = partial(self._session, routine)
            return PlayingScreen(None, deps.clock, make=make, ahead=ahead, closed=closed)
        return PlayingScreen(self._session(routine), deps.clock, closed=closed)

    def _session(self, routine: LoadedRoutine) -> Conductor:
        """Build a session of `routine` (opening what it depends on, the first time, when that
        waited for its first question to be drawn)."""
        from player.conductor.core import Conductor

        deps = self.deps
        if deps.opening is not None:
            facts = deps.ahead
            session = deps.opening()
            if facts is not None:  # the facts the first question was decided from
                from player.session.first import asks_first

                # After "Start anyway?" the red-flag questions are decided when it is answered,
                # as ever by the journal (it may be another day by then); otherwise now.
                confirm = asks_first(facts.today, deps.speed)
                screened = session.screened_today if confirm else facts.screened
                session = session._replace(today=facts.today, screened_today=screened)
            self.deps = deps = deps._replace(session=session, opening=None, ahead=None)
        self.conductor = Conductor(routine, deps.session, speed=deps.speed, advice=deps.advice)
        return self.conductor

    def _session_closed(self, _: None = None) -> None:
        """The summary was closed: back to the picker, or out when hep was opened on one
        routine."""
        if self.routine is not None:
            if self._signal_status is not None:  # ended by a signal: its status, said already
                return
            self.exit(self.conductor.exit_status if self.conductor else 0)
            return
        from player.tui.screens.picker import PickerScreen

        if self.conductor is not None and isinstance(self.screen, PickerScreen):
            self.screen.show_last(last_session_line(self.conductor))
            self._mark_again()

    @work(thread=True, exit_on_error=False, group="program")
    def _program_again(self, picker: PickerScreen, again: Callable[[], PickerView | None]) -> None:
        """Mark the picker's routines again, read on a thread: after a session the program
        counted (a routine done today is no longer "due today") or a morning answer (which may
        end a hold)."""
        view = again()
        if view is not None:
            self.call_from_thread(picker.show_program, view.entries, view.notes)

    def on_picker_screen_chosen(self, event: PickerScreen.Chosen) -> None:
        """Play the routine chosen in the picker (the picker stays beneath, for after)."""
        self.play(event.loaded)

    def on_picker_screen_journal_requested(self) -> None:
        """Open the journal from the picker."""
        from player.tui.screens.journal import JournalScreen

        if self.deps.session.recorder is not None:  # the last session, written whole
            self.deps.session.recorder.flush(EXIT_GRACE_SECONDS)
        self.push_screen(JournalScreen())

    def _playing(self) -> PlayingScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, PlayingScreen)), None)

    def _typed_notes(self) -> list[str]:
        """Notes typed in an open check-in and not sent (yet)."""
        typed = (s.typed_note() for s in self.screen_stack if isinstance(s, CheckinDialog))
        return [note for note in typed if note]

    def action_help(self) -> None:
        """Show the keys (the session paused meanwhile)."""
        from player.tui.dialogs.help import HelpDialog  # after the first frame, when asked

        if isinstance(self.screen, HelpDialog):
            return
        own: tuple[tuple[str, str], ...] | None = getattr(self.screen, "HELP_ROWS", None)
        if own is not None:  # a screen after the session (stopped, summary): its own keys
            self.push_screen(HelpDialog(rows=list(own)))
            return
        playing = self._playing()
        if playing is None:
            from player.tui.screens.picker import PickerScreen

            picker = isinstance(self.screen, PickerScreen)
            self.push_screen(HelpDialog(rows=help_rows("picker") if picker else None))
        else:
            playing.cover(HelpDialog)

    def action_request_quit(self) -> None:
        """Quit after asking, when a session is under way; the session is kept as quit (from
        its first answer on)."""
        from player.tui.dialogs.confirm_quit import ConfirmQuitDialog  # when asked

        playing = self._playing()
        # A session whose first question came before it is built now: it asks as any other.
        c = playing.conductor if playing is not None else self.conductor
        if c is None or c.stage == "done" or playing is None:
            self.exit(c.exit_status if c else 0)
            return
        if any(isinstance(screen, ConfirmQuitDialog) for screen in self.screen_stack):
            return  # asked already (its keys may be on show over it)

        def answered(yes: bool | None) -> None:
            if yes and c.stage != "done":
                for note in self._typed_notes():  # kept with the quit, never dropped unsaid
                    playing.run(partial(c.add_note, text=note))
                playing.run(c.quit)

        kept, also = c.kept_if_left(), c.left_words()
        playing.cover(lambda note: ConfirmQuitDialog(kept=kept, note=note, also=also), answered)


def make_app(
    routine: LoadedRoutine | None = None,
    deps: Dependencies | None = None,
    *,
    speed: float = 1.0,
    clock: Clock = time.monotonic,
    entries: Callable[[], list[RoutineEntry]] = discover,
    program: PickerView | None = None,
    on_morning: MorningHandler | None = None,
    advice: tuple[str, ...] = (),
    on_hangup: Callable[[], object] | None = None,
    notes: tuple[str, ...] = (),
    opening: Callable[[], Dependencies] | None = None,
    ahead: DayFacts | None = None,
) -> HepApp:
    """Build the app: the one factory for the CLI and the tests.

    Args:
        routine: Play this at once; None opens the picker.
        deps: What each session depends on: sound, journal recorder, daily-screen check,
            today's earlier sessions, wall clock (None: silence, nothing kept).
        speed: Play this many times faster (previews).
        clock: Monotonic seconds; tests pass a fake clock.
        entries: Where the picker's routines come from.
        program: The program's day: the picker shows its due routines first (instead of
            `entries`), and the morning check comes first when due.
        on_morning: Keeps the morning check's answer and returns the program's decisions.
        advice: Lines added to every stop message (the program's `on_stop`).
        on_hangup: Called when the terminal is gone, before hep exits (`AppDependencies`).
        notes: What the program said before the app, shown again in it.
        opening: Opens what the first session depends on once its first question is drawn
            (instead of `deps`; see `AppDependencies.opening`).
        ahead: With `opening`: the day's facts the first question is decided from.

    Returns:
        The app, not yet running.
    """
    session = deps if deps is not None else Dependencies()
    app_deps = AppDependencies(
        session, speed, clock, program, on_morning, advice, on_hangup, tuple(notes), opening, ahead
    )
    return HepApp(routine, app_deps, entries)
