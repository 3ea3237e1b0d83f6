"""What the session asks and where it goes: the conductor's prompts as dialogs, its end as screens.

The conductor decides what to ask and when the session ends; this module only picks the dialog
or screen that shows it and hands the answer back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen

from player.conductor import Conductor, Notice, Prompt
from player.routine.durations import format_duration
from player.session.outcomes import LEFT, STOPPED, outcome_word
from player.session.safety import RED_FLAG_QUESTIONS, CheckinAnswer
from player.tui.dialogs.checkin import CheckinDialog
from player.tui.dialogs.questions import QuestionsDialog
from player.tui.screens.stopped import StoppedScreen
from player.tui.screens.summary import SummaryScreen

if TYPE_CHECKING:
    from player.tui.screens.playing import PlayingScreen


class SessionFlow:
    """Follows one conductor for the playing screen: asks its prompts, shows its end."""

    def __init__(self, screen: PlayingScreen, conductor: Conductor) -> None:
        """Follow `conductor` on behalf of `screen`.

        Args:
            screen: The playing screen (it pushes the dialogs).
            conductor: The session.
        """
        self.screen = screen
        self.conductor = conductor
        self.asking: Prompt | None = None
        self.ended = False
        self.dialog: ModalScreen[Any] | None = None
        """The question dialog on screen, if any."""

    def follow(self) -> None:
        """Ask the pending question, or show the end, if not already doing so."""
        c = self.conductor
        if self.ended:
            return
        if c.phase == "done":
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
        if prompt is None or prompt.kind not in ("yes_no", "pain"):
            return
        if self.screen.app.screen is not self.screen:
            # Another dialog is up (quit? the keys): a question pushed over it would take the
            # keys meant for it. It is asked when that dialog closes (the screen resumes).
            return
        self.asking = prompt
        if prompt.kind == "yes_no":
            start = [q.id for q in RED_FLAG_QUESTIONS].index(prompt.question_id or "")
            questions = [q.text for q in RED_FLAG_QUESTIONS[start:]]
            intro = "Before you start: a few safety questions. Answer y or n."
            self.dialog = QuestionsDialog("Safety questions", intro, questions)
            self.screen.app.push_screen(self.dialog, self._screened)
        else:
            self.dialog = self._pain_dialog(prompt)
            self.screen.app.push_screen(self.dialog, self._pained)

    def _pain_dialog(self, prompt: Prompt) -> CheckinDialog:
        c = self.conductor
        view = c.view(self.screen.now()).session
        titles = {
            "baseline": "Before you start",
            "final": "Session complete",
            "stop": "Session stopped",
        }
        title = titles.get(prompt.when or "", "")
        if not title:
            title = f"Check-in: {view.step.exercise}" if view.step else "Check-in"
        previous = []
        if c.last_checkin is not None:
            previous.append(f"{c.last_checkin}/10 at the last check-in")
        if c.baseline is not None:
            previous.append(f"{c.baseline}/10 before the session")
        return CheckinDialog(
            title,
            previous="; ".join(previous) or None,
            ask_flags=prompt.when not in ("final", "stop"),
            cancellable=c.phase == "final",
        )

    def _screened(self, answers: tuple[bool, ...] | None) -> None:
        self.asking = self.dialog = None
        if self.ended:
            return
        now = self.screen.now()
        if answers is None:
            self.screen.run(self.conductor.stop)
            return
        notices: list[Notice] = []
        for yes in answers:
            notices += self.conductor.answer_yes_no(now, yes)
        self.screen.deliver(notices)

    def _pained(self, answer: CheckinAnswer | None) -> None:
        self.asking = self.dialog = None
        if self.ended:
            return
        now = self.screen.now()
        if answer is None:
            self.screen.deliver(self.conductor.decline(now))
        else:
            self.screen.deliver(self.conductor.answer_pain(now, answer))

    # --- the end --------------------------------------------------------------------------

    def _end(self) -> None:
        c = self.conductor
        app = self.screen.app
        self.screen.stop_ticking()
        if c.outcome in LEFT:
            app.exit(c.exit_status)
            return

        def close(_: None = None) -> None:
            # After the summary the playing screen is done: the app goes on from there (back to
            # the picker, or out when it was opened on one routine).
            self.screen.dismiss(None)

        def to_summary(_: None = None) -> None:
            app.push_screen(self.summary(), close)

        if c.outcome in STOPPED:
            app.push_screen(StoppedScreen("Session stopped", list(c.message)), to_summary)
        else:
            to_summary()

    def summary(self) -> SummaryScreen:
        """The summary screen for the ended session."""
        c = self.conductor
        view = c.view(self.screen.now()).session

        def pain(value: int | None) -> str:
            return "-" if value is None else f"{value}/10"

        outcome = outcome_word(c.outcome)
        facts = [
            ("Outcome", outcome.capitalize()),
            ("Time", f"{format_duration(view.clock)} (planned {format_duration(view.planned)})"),
            ("Pain at start", pain(c.baseline)),
            ("Highest", pain(c.highest)),
            ("At the end", pain(c.final)),
        ]
        rows: list[tuple[str, str]] = list(c.exercise_results())
        done = sum(1 for _, status in rows if status == "done")
        heading = f"{c.routine.name}: {done} of {len(rows)} exercises done"
        note = " ".join(c.message) if c.outcome == "completed" else None
        return SummaryScreen(heading, facts, rows, note)
