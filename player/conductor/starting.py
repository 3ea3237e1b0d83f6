"""Before the first exercise: the start, "Start anyway?", the red-flag questions, the baseline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from player.conductor.log import SessionLog
from player.routine.durations import format_duration
from player.routine.loader import LoadedRoutine
from player.session.first import (
    Today,
    asks_first,
    baseline_prompt,
    confirm_prompt,
    screen_due,
    screen_prompt,
)
from player.session.kept import SessionStart
from player.session.outcomes import NOT_STARTED, NOT_STARTED_RED_FLAG, Outcome
from player.session.plan import Plan
from player.session.ports import Notice, Prompt, SoundPlayer, Stage
from player.session.safety import RED_FLAG_QUESTIONS, Verdict, judge_screen
from player.words import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from player.routine.models import Routine

DECLINED = (
    "Not started. Rest today and note how you feel; if the pain has not settled by tomorrow, "
    "talk to your therapist."
)
DECLINED_RED_FLAG = "Not started. Not exercising today is the right call."


class Starting:
    """The session's first questions, up to the baseline's answer (the base of `Conductor`).

    Split from `core` to keep it readable: the `Conductor` is the one class that uses this base,
    and it sets up and provides what is declared below.
    """

    stage: Stage
    prompt: Prompt | None
    outcome: Outcome | None
    message: tuple[str, ...]
    routine: Routine
    loaded: LoadedRoutine | None
    plan: Plan
    speed: float
    sound: SoundPlayer
    log: SessionLog
    today: Today
    _today: Callable[[], Today] | Today
    _screened_today: Callable[[], bool] | bool
    _screen_answers: dict[str, bool]
    _unstarted_notes: list[str]
    """Notes given at "Start anyway?": kept once the session starts."""

    @property
    def _plan_rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _t(self, now: float) -> float:
        raise NotImplementedError

    def _ask(self, prompt: Prompt) -> list[Notice]:
        raise NotImplementedError

    def _problems(self) -> list[Notice]:
        raise NotImplementedError

    def _end_now(self, now: float, verdict: Verdict, outcome: Outcome) -> list[Notice]:
        raise NotImplementedError

    def add_note(self, now: float, text: str) -> list[Notice]:
        raise NotImplementedError

    def start(self, now: float) -> list[Notice]:
        """Ask the first question: start after a stop today?, red flags, or the baseline."""
        if self.stage != "ready":
            return []
        self._t(now)
        self.sound.prepare(dict.fromkeys(s.exercise for s in self.plan.steps))
        out = [
            Notice(
                "start",
                f"{self.routine.name}: {plural(len(self.routine.exercises), 'exercise')}, "
                f"about {format_duration(self.plan.planned)}",
            )
        ]
        self.today = self._today() if callable(self._today) else self._today
        if asks_first(self.today, self.speed) and self.today.stop:
            self.stage = "confirm"
            out.append(Notice("note", self.today.stop))
            return out + self._ask(confirm_prompt(self.today.stop)) + self._problems()
        return out + self._open()

    def answer_confirm(self, now: float, yes: bool) -> list[Notice]:
        """Answer "start anyway?" after a stop earlier today.

        Args:
            now: The face's clock.
            yes: True starts the session; False leaves it unstarted (nothing is journaled).
        """
        if self.stage != "confirm":
            return []
        notes, self._unstarted_notes = self._unstarted_notes, []
        if yes:
            out = self._open()
            for note in notes:  # given at this question: notes before the session
                self.add_note(now, note)
            return out
        self.prompt = None
        self.stage = "done"
        self.outcome = "quit"
        lost = tuple(f"Not kept (the session did not start): {note}" for note in notes)
        care = self.today.care
        if care is not None:  # a red flag: the care its stop said, not words on pain
            self.message = (DECLINED_RED_FLAG, care, *lost)
            return [Notice("left", NOT_STARTED_RED_FLAG, self.message)]
        self.message = (DECLINED, *lost)
        return [Notice("left", NOT_STARTED, self.message)]

    def _open(self) -> list[Notice]:
        """Start the journal's session, then ask the red-flag questions or the baseline."""
        self.log.start(
            SessionStart(
                routine_name=self.routine.name,
                # Kept whole (`hep play back.yaml` from its folder is that folder's file): the
                # program counts the session by it from any folder, later.
                routine_path=(
                    str(self.loaded.path.absolute()) if self.loaded and self.loaded.path else None
                ),
                routine_hash=self.loaded.source_hash if self.loaded else "",
                preview=self.speed != 1,
                speed=self.speed,
                planned_seconds=self.plan.planned,
                plan=self._plan_rows,
            )
        )
        out: list[Notice] = []
        if self._screen_due():
            self.stage = "screen"
            out.append(Notice("note", "First, a few safety questions (y or n)."))
            out += self._ask_screen()
        else:
            out += self._ask_baseline()
        return out + self._problems()

    def _screen_due(self) -> bool:
        """Whether the red-flag questions come first (the journal is asked only when the
        routine screens daily)."""
        return screen_due(self.routine.safety.screen, self._screened_today)

    def _ask_screen(self) -> list[Notice]:
        return self._ask(screen_prompt(len(self._screen_answers)))

    def _ask_baseline(self) -> list[Notice]:
        self.stage = "baseline"
        line = self.today.line
        prompt = baseline_prompt(line, self.routine.safety)
        return ([Notice("note", line)] if line else []) + self._ask(prompt)

    def answer_yes_no(self, now: float, yes: bool) -> list[Notice]:
        """Answer the red-flag question in `prompt`.

        Args:
            now: The face's clock.
            yes: True for yes.
        """
        if self.prompt is None or self.prompt.kind != "yes_no" or self.prompt.question_id is None:
            return []
        self._screen_answers[self.prompt.question_id] = yes
        # Each answer reaches the journal as it is given (the session starts there at the
        # first), every `screen` event holding the answers so far: a process killed after a
        # yes keeps it. Only a screen with every question answered clears the day.
        self.log.record("screen", 0.0, {"answers": dict(self._screen_answers)})
        if len(self._screen_answers) < len(RED_FLAG_QUESTIONS):
            return self._ask_screen()
        verdict = judge_screen(self._screen_answers)
        if verdict.stops:
            return self._end_now(now, verdict, "stopped_red_flag")
        return self._ask_baseline() + self._problems()
