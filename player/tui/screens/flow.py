"""What the session asks and where it goes: the conductor's prompts as dialogs, its end as screens.

The conductor decides what to ask and when the session ends; this module only picks the dialog
or screen that shows it and hands the answer back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.screen import ModalScreen

from player.session.first import Prompt
from player.session.outcomes import LEFT, STOPS
from player.session.safety import RED_FLAG_QUESTIONS, CheckinAnswer
from player.tui.dialogs.checkin import CheckinDialog


class SessionScreen(Protocol):
    """What the flow needs of the screen that plays the session (the playing screen)."""

    @property
    def app(self) -> App[Any]:
        """The app (it pushes the dialogs and screens)."""
        ...

    @property
    def conductor(self) -> Conductor:
        """The session (built when first asked for, if the first question came before it)."""
        ...

    @property
    def built(self) -> Conductor | None:
        """The session, or None while its first question is up before it is built."""
        ...

    def now(self) -> float:
        """The face's clock."""
        ...

    def run(self, action: Callable[[float], list[Notice]]) -> None:
        """Call a conductor control with now and pass its notices on."""
        ...

    def deliver(self, notices: list[Notice]) -> None:
        """Pass the conductor's notices on."""
        ...

    def stop_ticking(self) -> None:
        """The session is over: no more ticks."""
        ...

    def close(self) -> None:
        """The session is over and its end shown: close the screen."""
        ...


if TYPE_CHECKING:
    from player.conductor.core import Conductor
    from player.session.ports import Notice
    from player.tui.screens.summary import SummaryScreen


def last_session_line(c: Conductor) -> str:
    """The picker's line on the session just ended: its routine, how it ended, what was done.

    Args:
        c: The ended session.

    Returns:
        E.g. `Last session: Core, quit (1 of 3 exercises done); kept in the journal.`
    """
    from player.conductor.core import NOTHING_KEPT

    if not c.log.kept:
        return f"Last session: {c.routine.name}. {NOTHING_KEPT}"
    summary = c.summary()
    ended = summary.outcome_words
    return f"Last session: {c.routine.name}, {ended} ({summary.tally}); kept in the journal."


class SessionFlow:
    """Follows one conductor for the playing screen: asks its prompts, shows its end."""

    def __init__(self, screen: SessionScreen) -> None:
        """Follow the session of `screen`.

        Args:
            screen: The playing screen (it pushes the dialogs; its conductor is the session).
        """
        self.screen = screen
        self.asking: Prompt | None = None
        self.ended = False
        self.dialog: ModalScreen[Any] | None = None
        """The question dialog on screen, if any."""

    @property
    def conductor(self) -> Conductor:
        """The session."""
        return self.screen.conductor

    def ask_ahead(self, prompt: Prompt) -> None:
        """Ask the session's first question before the session is built: the conductor asks
        the same one once it is (`player.session.first`), and the answer goes to it."""
        self.asking = prompt
        self._push(prompt)

    def asked_ahead(self, prompt: Prompt | None) -> None:
        """The session is built and asks `prompt`: when it is not the question asked ahead
        (which cannot happen while both read the same facts), that question is taken down
        unanswered and the session's own is asked."""
        if self.asking is None or prompt == self.asking:
            return
        dialog, self.asking, self.dialog = self.dialog, None, None
        if dialog is not None and self.screen.app.screen is dialog:
            self.screen.app.pop_screen()

    def follow(self) -> None:
        """Ask the pending question, or show the end, if not already doing so."""
        c = self.screen.built
        if self.ended or c is None:  # not built: its first question, asked ahead, is up
            return
        if c.stage == "done":
            # The session ended while a question was open (quit or a signal during a check-in):
            # the question is moot, so close its dialog rather than wait for an answer.
            self.ended = True
            dialog, self.dialog = self.dialog, None
            if dialog is not None and self.screen.app.screen is dialog:
                dialog.dismiss(None)
            self._end()
            return
        if self.asking is not None:
            return
        prompt = c.prompt
        if prompt is None or prompt.kind not in ("confirm", "yes_no", "pain"):
            return
        if self.screen.app.screen is not self.screen:
            # Another dialog is up (quit? the keys): a question pushed over it would take the
            # keys meant for it. It is asked when that dialog closes (the screen resumes).
            return
        self.asking = prompt
        self._push(prompt)

    def _push(self, prompt: Prompt) -> None:
        """Put up the dialog that asks `prompt` (the dialogs a session may never ask are imported
        when first asked)."""
        if prompt.kind == "confirm":
            from player.tui.dialogs.confirm_start import ConfirmStartDialog

            self.dialog = ConfirmStartDialog(prompt.context or "")
            self.screen.app.push_screen(self.dialog, self._confirmed)
        elif prompt.kind == "yes_no":
            from player.tui.dialogs.questions import QuestionsDialog

            start = [q.id for q in RED_FLAG_QUESTIONS].index(prompt.question_id or "")
            questions = [q.text for q in RED_FLAG_QUESTIONS[start:]]
            intro = "Before you start: a few safety questions. Answer y or n."
            self.dialog = QuestionsDialog(
                "Safety questions", intro, questions, on_answer=self._screened_one
            )
            self.screen.app.push_screen(self.dialog, self._screened)
        else:
            self.dialog = self._pain_dialog(prompt)
            self.screen.app.push_screen(self.dialog, self._pained)

    def _pain_dialog(self, prompt: Prompt) -> CheckinDialog:
        c = self.screen.built  # None: the first question, asked before the session is built
        step = c.view(self.screen.now()).session.step if c is not None else None
        titles = {
            "baseline": "Before you start",
            "final": "Session complete",
            "stop": "Stop the session",
        }
        title = titles.get(prompt.when or "", "")
        if not title:
            title = f"Check-in: {step.checkin_place()}" if step else "Check-in"
        previous = []
        if c is not None and c.last_checkin is not None:
            previous.append(f"{c.last_checkin}/10 at the last check-in")
        if c is not None and c.baseline is not None:
            previous.append(f"{c.baseline}/10 before the session")
        earlier = prompt.context or (("Last answer: " + "; ".join(previous)) if previous else None)
        stopping = prompt.when == "stop"
        first = prompt.when == "baseline" and (c is None or c.kept_if_left() is None)
        final = c is not None and c.stage == "final"
        return CheckinDialog(
            title,
            question="How much pain do you feel now? Your answer stops the session."
            if stopping
            else "How much pain do you feel right now?",
            previous=earlier,
            ask_flags=prompt.when != "final",
            cancellable=stopping or final,
            cancel_words="carry on"
            if stopping
            else ("leave, nothing kept" if first else "skip this question"),
            scale=prompt.scale,
            leavable=first,
        )

    def _confirmed(self, yes: bool | None) -> None:
        self.asking = self.dialog = None
        if self.ended:
            return
        self.screen.deliver(self.conductor.answer_confirm(self.screen.now(), bool(yes)))

    def _screened_one(self, yes: bool) -> None:
        """Each safety answer goes to the conductor as it is given, so however the session
        ends meanwhile (Escape, a quit, a signal), a yes is never dropped."""
        if not self.ended:
            self.screen.deliver(self.conductor.answer_yes_no(self.screen.now(), yes))

    def _screened(self, answers: tuple[bool, ...] | None) -> None:
        self.asking = self.dialog = None
        if self.ended:
            return
        if self.conductor.stage == "screen":  # left before the last answer (Escape, q)
            self.screen.deliver(self.conductor.quit(self.screen.now()))  # after a yes: a stop
        else:
            self.screen.deliver([])  # all answered: what comes next is asked

    def _pained(self, answer: CheckinAnswer | None) -> None:
        asked, self.asking, self.dialog = self.asking, None, None
        if self.ended:
            return
        now = self.screen.now()
        if answer is None and self.conductor.stopping:
            self.screen.deliver(self.conductor.cancel_stop(now))
        elif answer is None and asked is not None and asked.when == "baseline":
            self.screen.deliver(self.conductor.quit(now))
        elif answer is None:
            self.screen.deliver(self.conductor.decline(now))
        else:
            self.screen.deliver(self.conductor.answer_pain(now, answer))

    # --- the end --------------------------------------------------------------------------

    def _end(self) -> None:
        # The end's screens are imported when a session ends, not before its first frame.
        from player.tui.screens.stopped import StoppedScreen

        c = self.conductor
        app = self.screen.app
        self.screen.stop_ticking()

        def close(_: None = None) -> None:
            # After the summary the playing screen is done: the app goes on from there (back to
            # the picker, or out when it was opened on one routine).
            self.screen.close()

        if not c.log.started:  # a start declined after a stop earlier today
            lines = ["You chose not to start today.", *c.message]
            app.push_screen(StoppedScreen("Not started", lines, hint="Enter: close"), close)
            return
        if c.outcome in LEFT:  # nothing to sum up: back to the picker with a line, or out
            close()
            return

        def to_summary(_: None = None) -> None:
            app.push_screen(self.summary(), close)

        if c.outcome in STOPS:
            app.push_screen(StoppedScreen("Session stopped", list(c.message)), to_summary)
        else:
            to_summary()

    def summary(self) -> SummaryScreen:
        """The summary screen for the ended session (the conductor's summary)."""
        from player.tui.screens.summary import SummaryScreen  # when a session ends

        summary = self.conductor.summary()
        return SummaryScreen(
            summary.heading, summary.facts(), summary.rows(), summary.closing, summary.note_lines()
        )
