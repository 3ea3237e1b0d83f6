"""The conductor runs one session: engine, safety verdicts, sound cues and journal writes.

A face (the Textual app, the plain player) drives it: it passes `now` (its monotonic clock, in
real seconds) with every call, shows `notices` and `view(now)`, and answers `prompt`. The face
never decides when to cue, journal or stop.

Phases: `ready` -> `screen` (red-flag questions, when the routine asks) -> `baseline` (pain
before the first exercise) -> `running` (the engine; check-ins come up as prompts) -> `final`
(a last "pain now", after a completed or stopped session) -> `done`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.routine.durations import format_duration
from player.routine.loader import LoadedRoutine
from player.routine.models import Routine
from player.session import events as ev
from player.session.engine import Engine
from player.session.outcomes import EXIT_STATUS, ExerciseStatus, Outcome
from player.session.plan import Plan, Step, build_plan
from player.session.ports import (
    ConductorView,
    Notice,
    NullRecorder,
    NullSound,
    Phase,
    Prompt,
    RecorderLike,
    SoundLike,
)
from player.session.safety import (
    PAIN_FORMS,
    RED_FLAG_QUESTIONS,
    YES_NO_FORMS,
    CheckinAnswer,
    Verdict,
    When,
    final_note,
    judge_checkin,
    judge_screen,
    stop_message,
    user_stop,
)

CLOSE_WAIT_SECONDS = 5.0
"""At a session's end, the longest to wait for the journal to write it whole."""
_BREATH_WORDS = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out"}
_CUE_WORDS = {"go": "Go", "halfway": "Halfway", "next_rep": "Next rep", "rest": "Rest"}


class Conductor:
    """Runs one session of a routine for a face; every method takes the face's `now`."""

    def __init__(
        self,
        routine: LoadedRoutine | Routine,
        *,
        sound: SoundLike | None = None,
        recorder: RecorderLike | None = None,
        speed: float = 1.0,
        screened_today: Callable[[], bool] | bool = False,
    ) -> None:
        """Prepare a session.

        Args:
            routine: The routine, loaded (for its path, hash and sound files) or bare.
            sound: Plays cues; silence when None.
            recorder: Writes the journal; nothing kept when None.
            speed: Session seconds per real second (1-60; above 1 is a preview).
            screened_today: Whether red-flag questions were answered today (a callable is
                asked at `start`); with `safety.screen: daily` they are asked only if not.
        """
        self.loaded = routine if isinstance(routine, LoadedRoutine) else None
        self.routine: Routine = routine.routine if isinstance(routine, LoadedRoutine) else routine
        self.plan: Plan = build_plan(self.routine)
        self.engine = Engine(self.plan)
        self.sound: SoundLike = NullSound() if sound is None else sound
        self.recorder: RecorderLike = recorder if recorder is not None else NullRecorder()
        self.speed = float(speed)
        self._screened_today = screened_today
        self.phase: Phase = "ready"
        self.prompt: Prompt | None = None
        self.baseline: int | None = None
        self.last_pain: int | None = None
        self.highest: int | None = None
        """The highest pain of the session, the baseline included."""
        self.last_checkin: int | None = None
        """The pain given at the latest check-in (not the baseline)."""
        self.exercise_status: dict[int, ExerciseStatus] = {}
        """What became of each exercise that was begun, by index (see `exercise_results`)."""
        self.final: int | None = None
        self.note: str | None = None
        self.outcome: Outcome | None = None
        self.verdict: Verdict | None = None
        self.message: tuple[str, ...] = ()
        self._origin: float | None = None
        self._screen_answers: dict[str, bool] = {}
        self._shown_problems: set[str] = set()
        self._interrupt_reason = "Interrupted."

    # --- time -------------------------------------------------------------------------------

    def _t(self, now: float) -> float:
        """Session time for the face's `now`: real seconds times `speed` since the start."""
        if self._origin is None:
            self._origin = now
        return self._origin + (now - self._origin) * self.speed

    def _clock(self, now: float) -> float:
        return self.engine.clock(self._t(now))

    @property
    def exit_status(self) -> int:
        """The process exit status for the outcome (0 while not ended)."""
        return EXIT_STATUS[self.outcome] if self.outcome is not None else 0

    def view(self, now: float) -> ConductorView:
        """What a screen shows at `now`."""
        return ConductorView(
            phase=self.phase,
            prompt=self.prompt,
            session=self.engine.view(self._t(now)),
            baseline=self.baseline,
            last_pain=self.last_pain,
            note=self.note,
            outcome=self.outcome,
            message=self.message,
        )

    # --- starting ---------------------------------------------------------------------------

    def start(self, now: float) -> list[Notice]:
        """Open the journal session and ask the first question (red flags or baseline)."""
        if self.phase != "ready":
            return []
        self._t(now)
        self.recorder.start(
            routine_name=self.routine.name,
            routine_path=str(self.loaded.path) if self.loaded and self.loaded.path else None,
            routine_hash=self.loaded.source_hash if self.loaded else "",
            preview=self.speed != 1,
            speed=self.speed,
            planned_seconds=self.plan.planned,
            plan=self.plan.journal_rows(),
        )
        self.sound.prepare(dict.fromkeys(s.exercise for s in self.plan.steps))
        out = [
            Notice(
                "start",
                f"{self.routine.name}: {len(self.routine.exercises)} exercises, "
                f"about {format_duration(self.plan.planned)}",
            )
        ]
        if self._screen_due():
            self.phase = "screen"
            out.append(Notice("note", "First, a few safety questions (y or n)."))
            out += self._ask_screen()
        else:
            out += self._ask_baseline()
        return out + self._problems()

    def _screen_due(self) -> bool:
        """Whether the red-flag questions come first (the journal is asked only when the
        routine screens daily)."""
        screen = self.routine.safety.screen
        if screen != "daily":
            return screen == "always"
        today = self._screened_today
        return not (today() if callable(today) else today)

    def _ask(self, prompt: Prompt) -> list[Notice]:
        self.prompt = prompt
        return [Notice("ask", prompt.text)]

    def _ask_screen(self) -> list[Notice]:
        q = RED_FLAG_QUESTIONS[len(self._screen_answers)]
        return self._ask(Prompt("yes_no", q.text, YES_NO_FORMS, question_id=q.id))

    def _ask_baseline(self) -> list[Notice]:
        self.phase = "baseline"
        return self._ask(Prompt("pain", "Pain right now, 0-10?", PAIN_FORMS, when="baseline"))

    def answer_yes_no(self, now: float, yes: bool) -> list[Notice]:
        """Answer the red-flag question in `prompt`.

        Args:
            now: The face's clock.
            yes: True for yes.
        """
        if self.prompt is None or self.prompt.kind != "yes_no" or self.prompt.question_id is None:
            return []
        self._screen_answers[self.prompt.question_id] = yes
        if len(self._screen_answers) < len(RED_FLAG_QUESTIONS):
            return self._ask_screen()
        self.recorder.record("screen", 0.0, {"answers": dict(self._screen_answers)})
        verdict = judge_screen(self._screen_answers)
        if verdict.stops:
            return self._end_now(now, verdict, "stopped_red_flag")
        return self._ask_baseline() + self._problems()

    # --- pain -------------------------------------------------------------------------------

    def answer_pain(self, now: float, answer: CheckinAnswer) -> list[Notice]:
        """Answer the pain question in `prompt` (baseline, a check-in, or the final one).

        Args:
            now: The face's clock.
            answer: Pain 0-10 and flags.
        """
        prompt = self.prompt
        if prompt is None or prompt.kind != "pain" or prompt.when is None:
            return []
        t = self._t(now)
        step = self.engine.current if prompt.when not in ("baseline", "final", "stop") else None
        clock = self.engine.clock(t)
        self.recorder.record("checkin", clock, self._checkin_data(answer, prompt.when, step))
        self.prompt = None
        self.last_pain = answer.pain
        if prompt.when in ("final", "stop"):
            self.final = answer.pain
            self._raise_highest(answer.pain)
            return self._close(now)
        if prompt.when == "baseline":
            self.baseline = answer.pain
        else:
            self.last_checkin = answer.pain
        self._raise_highest(answer.pain)
        verdict = judge_checkin(
            answer, None if prompt.when == "baseline" else self.baseline, self.routine.safety
        )
        self.recorder.record("verdict", clock, verdict.journal_data())
        if verdict.stops:
            self.final = answer.pain
            return self._end_now(now, verdict, "stopped_pain")
        out: list[Notice] = []
        if verdict.note:
            self.note = verdict.note
            out.append(Notice("note", verdict.note))
        if prompt.when == "baseline":
            self.phase = "running"
            return out + self._from_engine(self.engine.start(t))
        return out + self._from_engine(self.engine.checkin_answered(t))

    def next_due(self, now: float) -> float | None:
        """Real seconds from `now` until the next cue, line or step change is due (None when
        nothing is coming until the user acts); faces sleep this long instead of polling."""
        if self.phase != "running":
            return None
        due = self.engine.next_due(self._t(now))
        return None if due is None else due / self.speed

    @property
    def muted(self) -> bool:
        """Whether cues are silenced (`--mute`, the `m` key)."""
        return self.sound.muted

    @property
    def audible(self) -> bool:
        """Whether cues can be heard now (a sound device, not muted); faces show a marker
        on screen when they cannot."""
        return self.sound.available and not self.sound.muted

    def set_muted(self, muted: bool) -> None:
        """Silence cues, or bring them back."""
        self.sound.set_muted(muted)

    def exercise_results(self) -> list[tuple[str, ExerciseStatus]]:
        """Each exercise's name and what became of it: done, skipped, started or not reached."""
        return [
            (exercise.name, self.exercise_status.get(i, "not reached"))
            for i, exercise in enumerate(self.routine.exercises)
        ]

    def _raise_highest(self, pain: int) -> None:
        self.highest = pain if self.highest is None else max(self.highest, pain)

    def _checkin_data(self, answer: CheckinAnswer, when: When, step: Step | None) -> dict[str, Any]:
        return {
            "pain": answer.pain,
            "flags": list(answer.flags),
            "when": when,
            "exercise": step.exercise if step else None,
            "exercise_index": step.exercise_index if step else None,
            "set": step.set if step else None,
            "side": step.side if step else None,
        }

    # --- ending -----------------------------------------------------------------------------

    def _end_now(self, now: float, verdict: Verdict, outcome: Outcome) -> list[Notice]:
        """A stop verdict: stop the engine, say why; the session is over (no more questions)."""
        t = self._t(now)
        self.verdict = verdict
        if verdict.rule in ("user", "red_flag"):
            self.recorder.record("verdict", self.engine.clock(t), verdict.journal_data())
        out = self._from_engine(self.engine.stop(t))
        self.outcome = outcome
        lines = stop_message(verdict)
        self.message = tuple(lines)
        out.append(Notice("stop", lines[0], tuple(lines)))
        early = self.phase in ("ready", "screen", "baseline")
        if outcome == "stopped_red_flag" or early or self.final is not None:
            return out + self._close(now)
        self.phase = "final"
        return out + self._ask(Prompt("pain", "Pain now, 0-10?", PAIN_FORMS, when="stop"))

    def _close(self, now: float) -> list[Notice]:
        self.phase = "done"
        self.prompt = None
        if self.outcome is None:
            self.outcome = "completed"
        reason = self.verdict.reason if self.verdict and self.verdict.stops else None
        if self.outcome == "quit":
            reason = "You quit the session."
        elif self.outcome == "interrupted":
            reason = self._interrupt_reason
        self.recorder.finish(
            outcome=self.outcome,
            reason=reason,
            baseline=self.baseline,
            highest=self.highest,
            final=self.final,
        )
        # The session is closed once it is written whole (and any problem writing it is known).
        self.recorder.flush(CLOSE_WAIT_SECONDS)
        out: list[Notice] = []
        note = final_note(self.final, self.baseline) if self.outcome == "completed" else None
        if self.outcome == "completed":
            lines = ["Session complete. Well done."] + ([note] if note else [])
            self.message = tuple(lines)
            out.append(Notice("done", lines[0], tuple(lines)))
        return out + self._problems()

    def stop(self, now: float) -> list[Notice]:
        """Stop for pain (or any worry), at any moment: ends the session, then asks "pain now"."""
        if self.phase in ("done", "final"):
            return []
        if self.phase == "ready":
            self._t(now)
        return self._end_now(now, user_stop(), "stopped_pain")

    def decline(self, now: float) -> list[Notice]:
        """The pending question will get no answer (end of input): counts as `stop`; at the
        last question, the session closes without it."""
        if self.phase == "final":
            return self._close(now)
        return self.stop(now)

    def quit(self, now: float) -> list[Notice]:
        """Leave the session now, no questions asked."""
        return self._leave(now, "quit")

    def interrupt(self, now: float, reason: str = "Interrupted (Ctrl+C).") -> list[Notice]:
        """The face was interrupted (Ctrl+C, the terminal closed, SIGTERM): close the session
        as `interrupted`, keeping `reason` in the journal."""
        self._interrupt_reason = reason
        return self._leave(now, "interrupted")

    def _leave(self, now: float, outcome: Outcome) -> list[Notice]:
        if self.phase == "done":
            return []
        out = self._from_engine(self.engine.stop(self._t(now)))
        if self.outcome is None:
            self.outcome = outcome
        return out + self._close(now)

    # --- controls ---------------------------------------------------------------------------

    def tick(self, now: float) -> list[Notice]:
        """Let time pass: cues, steps and check-ins due by `now` come out as notices."""
        if self.phase != "running":
            return self._problems()
        return self._from_engine(self.engine.tick(self._t(now)))

    def toggle_pause(self, now: float) -> list[Notice]:
        """Pause or resume."""
        if self.phase != "running":
            return []
        return self._from_engine(self.engine.toggle_pause(self._t(now)))

    def pause(self, now: float) -> list[Notice]:
        """Pause (paused time never counts)."""
        return self._from_engine(self.engine.pause(self._t(now))) if self.phase == "running" else []

    def resume(self, now: float) -> list[Notice]:
        """Resume after a pause."""
        return (
            self._from_engine(self.engine.resume(self._t(now))) if self.phase == "running" else []
        )

    def _in_checkin(self) -> bool:
        return self.prompt is not None and self.prompt.kind == "pain"

    def skip(self, now: float) -> list[Notice]:
        """Skip the current step (not a check-in: answer it, or stop)."""
        if self.phase != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.skip(self._t(now)))

    def skip_exercise(self, now: float) -> list[Notice]:
        """Skip the rest of the current exercise."""
        if self.phase != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.skip_exercise(self._t(now)))

    def back(self, now: float) -> list[Notice]:
        """Go back to the start of the previous step."""
        if self.phase != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.back(self._t(now)))

    def done(self, now: float) -> list[Notice]:
        """End a self-paced set, or start the next exercise when waiting."""
        if self.phase != "running":
            return []
        return self._from_engine(self.engine.done(self._t(now)))

    # --- events to notices, sound and journal ---------------------------------------------

    def _problems(self) -> list[Notice]:
        out = []
        for problem in (self.sound.notice, self.recorder.problem, *self.recorder.take_notices()):
            if problem and problem not in self._shown_problems:
                self._shown_problems.add(problem)
                out.append(Notice("problem", problem))
        return out

    def _override(self, cue: str, step: Step | None) -> Path | None:
        if self.loaded is None:
            return None
        return self.loaded.sound_override(cue, step.exercise_index if step else None)

    def _from_engine(self, events: list[ev.Event]) -> list[Notice]:
        out: list[Notice] = []
        for event in events:
            out += self._notice(event)
        step = self.engine.current
        if self.phase == "running" and self.prompt is None and step is not None:
            if step.kind == "wait":
                text = f"Next: {step.exercise}. Press Enter when you are ready."
                out += self._ask(Prompt("continue", text))
            elif step.kind == "self_paced":
                out += self._ask(Prompt("done", "Press Enter when the set is done."))
        elif self.prompt is not None and self.prompt.kind in ("continue", "done"):
            if step is None or step.kind not in ("wait", "self_paced"):
                self.prompt = None
        return out + self._problems()

    def _notice(self, event: ev.Event) -> list[Notice]:
        rec = self.recorder.record
        match event:
            case ev.StepStarted(step=step):
                if self.prompt is not None and self.prompt.kind in ("continue", "done"):
                    self.prompt = None
                if step.kind == "checkin":
                    return []
                self.exercise_status.setdefault(step.exercise_index, "started")
                rec("step_started", event.clock, step.journal_data())
                if step.kind == "get_ready":
                    self.sound.say(step.exercise)
                return [Notice("step", step.describe(), event=event)]
            case ev.StepFinished(step=step):
                if step.kind != "checkin":
                    rec("step_finished", event.clock, step.journal_data())
                return []
            case ev.CheckinRequested(step=step):
                text = f"Check-in after {step.exercise}: pain now, 0-10?"
                return self._ask(Prompt("pain", text, PAIN_FORMS, when=step.checkin))
            case ev.CueDue(name=name, step=step):
                self.sound.cue(name, self._override(name, step))
                if name == "count":
                    return [Notice("count", str(event.count), event=event)]
                if name in _BREATH_WORDS and step is not None and step.kind == "breathing":
                    return [Notice("phase", _BREATH_WORDS[name], event=event)]
                if name in _CUE_WORDS:
                    return [Notice("cue", _CUE_WORDS[name], event=event)]
                return []
            case ev.CueLine(text=text):
                self.sound.say(text)
                return [Notice("line", text, event=event)]
            case ev.ExerciseDone():
                data = {
                    "exercise": event.exercise,
                    "exercise_index": event.exercise_index,
                    "skipped": event.skipped,
                    "elapsed": event.elapsed,
                }
                rec("exercise_done", event.clock, data)
                self.exercise_status[event.exercise_index] = "skipped" if event.skipped else "done"
                word = "skipped" if event.skipped else "done"
                return [Notice("exercise_done", f"{event.exercise}: {word}.", event=event)]
            case ev.Paused():
                rec("pause", event.clock, {})
                return [Notice("paused", "Paused.", event=event)]
            case ev.Resumed():
                rec("resume", event.clock, {})
                return [Notice("resumed", "Resumed.", event=event)]
            case ev.Skipped(step=step) | ev.WentBack(step=step):
                kind = "skip" if isinstance(event, ev.Skipped) else "back"
                data = {"exercise": step.exercise, "exercise_index": step.exercise_index}
                rec(kind, event.clock, {**data, "step": step.kind})
                word = "Skipped" if kind == "skip" else "Back"
                return [Notice(kind, f"{word}.", event=event)]
            case ev.SessionDone():
                self.phase = "final"
                return self._ask(Prompt("pain", "Pain now, 0-10?", PAIN_FORMS, when="final"))
        return []
