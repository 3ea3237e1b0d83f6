"""The `Conductor`: one session's state, its pain answers, the stop key, its end and its notices."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from player.conductor.clock import SessionClock
from player.conductor.controls import Controls
from player.conductor.dependencies import Dependencies
from player.conductor.log import SessionLog
from player.conductor.narration import Narrator
from player.conductor.starting import Starting
from player.conductor.summary import Summary, summarize
from player.journal.record.today import NOTHING, Today
from player.journal.records import SessionDetail
from player.journal.work.exercises import ExerciseResult, did_work, exercise_results
from player.routine.loader import LoadedRoutine
from player.session import events as ev
from player.session.engine import Engine
from player.session.outcomes import (
    EXIT_STATUS,
    INPUT_ENDED,
    NOTHING_DONE,
    QUIT_REASON,
    UNCOUNTED_AT_THE_END,
    USER_STOP,
    Outcome,
)
from player.session.plan import Plan, Step, build_plan
from player.session.ports import (
    ConductorView,
    Notice,
    NullRecorder,
    NullSound,
    Prompt,
    RecorderLike,
    SoundPlayer,
    Stage,
)
from player.session.safety import (
    PAIN_FORMS,
    CheckinAnswer,
    Verdict,
    When,
    clean_note,
    closing_words,
    final_note,
    judge_checkin,
    judge_stop,
    screen_stop,
    stop_message,
)
from player.session.scale import pain_words

if TYPE_CHECKING:
    from player.routine.models import Routine

NOTHING_KEPT = "Left before the first answer: nothing is kept in the journal."
"""What leaving at the first question says (the session is not journaled, not counted)."""
NOTE_QUESTION = "Note (Enter to skip)?"
"""The question after a pain answer, for a face that asks for the note apart (`note_follows`)."""
NOTE_FORMS = "a one-line note, or Enter to skip"
CLOSE_WAIT_SECONDS = 5.0
"""At a session's end, the longest to wait for the journal to write it whole."""


@dataclass(frozen=True)
class _Taken:
    """A pain answer kept in the journal and judged, waiting to be acted on (its note asked)."""

    when: When
    answer: CheckinAnswer
    data: dict[str, Any]
    """The check-in as the journal keeps it: its note is kept where it was asked."""
    verdict: Verdict | None
    stop: Outcome | None


class Conductor(Starting, Controls):
    """Runs one session of a routine for a face: engine, safety verdicts, sound cues, journal.

    A face (the Textual app, the plain player) drives it: it passes `now` (its monotonic clock,
    in real seconds) with every call, shows `notices` and `view(now)`, and answers `prompt`. The
    face never decides when to cue, journal or stop.

    Stages (`stage`): `ready` -> `confirm` (only after a stop earlier today: start anyway?) ->
    `screen` (red-flag questions, when the routine asks) -> `baseline` (pain before the first
    exercise) -> `running` (the engine; check-ins come up as prompts) -> `final` (a last "pain
    now", after a completed session) -> `done`. The stages up to the baseline's answer are
    `Starting`'s; the controls while it runs are `Controls`'.

    The stop key pauses the session and asks like a check-in (pain, flags, a note); its answer
    stops the session, and going back (`cancel_stop`) carries on. The end of input or a closed
    terminal is never a stop: the session is kept as quit or interrupted, with that reason.
    """

    def __init__(
        self,
        routine: LoadedRoutine | Routine,
        deps: Dependencies | None = None,
        *,
        speed: float = 1.0,
        advice: tuple[str, ...] = (),
    ) -> None:
        """Prepare a session.

        Args:
            routine: The routine, loaded (for its path, hash and sound files) or bare.
            deps: Sound, journal recorder, daily-screen check, today's earlier sessions and
                wall clock (none of them when None: silence, nothing kept).
            speed: Session seconds per real second (1-60; above 1 is a preview).
            advice: Lines added to every stop message after the routine's own `safety.advice`
                (a program's advice).
        """
        self.loaded = routine if isinstance(routine, LoadedRoutine) else None
        self.routine: Routine = routine.routine if isinstance(routine, LoadedRoutine) else routine
        self.plan: Plan = build_plan(self.routine)
        self.engine = Engine(self.plan)
        deps = deps if deps is not None else Dependencies()
        self.sound: SoundPlayer = NullSound() if deps.sound is None else deps.sound
        self.recorder: RecorderLike = deps.recorder or NullRecorder()
        self.log = SessionLog(self.recorder, deps.wall)
        """What this session recorded, kept in memory: the summary's figures come from it."""
        self.narrator = Narrator(self.sound, self.log, self.loaded, self.exercise_results)
        self.speed = float(speed)
        self.advice = advice
        self._screened_today = deps.screened_today
        self._today = deps.today
        self.today: Today = NOTHING
        """Today's earlier sessions, as read at `start`."""
        self.stage: Stage = "ready"
        """Where the session is: before it starts, asking, running, ending or done."""
        self.prompt: Prompt | None = None
        self.baseline: int | None = None
        self.last_pain: int | None = None
        self.last_checkin: int | None = None
        """The pain given at the latest check-in (not the baseline)."""
        self.final: int | None = None
        self.note: str | None = None
        self.outcome: Outcome | None = None
        self.verdict: Verdict | None = None
        self.message: tuple[str, ...] = ()
        self._session_clock = SessionClock(self.speed)
        self._screen_answers: dict[str, bool] = {}
        self._unstarted_notes: list[str] = []
        self._shown_problems: set[str] = set()
        self._noting: _Taken | None = None
        """A pain answer kept and judged, waiting for its note (`note_follows`)."""
        self._just_answered: CheckinAnswer | None = None
        """The check-in answer being acted on (while the engine goes on from it)."""
        self._stopping: tuple[Prompt | None, bool, Step | None] | None = None
        """While the stop question is open: the prompt it replaced, whether the stop paused
        the clock, and the step it was asked in."""

    # --- time -------------------------------------------------------------------------------

    def _t(self, now: float) -> float:
        """Session time for the face's `now` (see `SessionClock`)."""
        return self._session_clock.at(now, asking=self.prompt is not None)

    def _clock(self, now: float) -> float:
        return self.engine.clock(self._t(now))

    @property
    def exit_status(self) -> int:
        """The process exit status for the outcome (0 while not ended)."""
        return EXIT_STATUS[self.outcome] if self.outcome is not None else 0

    def view(self, now: float) -> ConductorView:
        """What a screen shows at `now`."""
        return ConductorView(
            stage=self.stage,
            prompt=self.prompt,
            session=self.engine.view(self._t(now)),
            baseline=self.baseline,
            last_pain=self.last_pain,
            note=self.note,
            outcome=self.outcome,
            message=self.message,
        )

    # --- asking -----------------------------------------------------------------------------

    def _ask(self, prompt: Prompt) -> list[Notice]:
        if prompt.kind == "pain" and not prompt.scale:
            # Only the baseline and the check-ins are judged: the end and the stop key's own
            # question stop nothing, so their numbers carry plain words.
            judged = prompt.when not in ("final", "stop")
            safety = self.routine.safety if judged else None
            prompt = prompt._replace(scale=pain_words(safety, self.baseline))
        self.prompt = prompt
        return [Notice("ask", prompt.text)]

    # --- pain -------------------------------------------------------------------------------

    def answer_pain(
        self, now: float, answer: CheckinAnswer, *, note_follows: bool = False
    ) -> list[Notice]:
        """Answer the pain question in `prompt` (baseline, a check-in, the stop, or the end).

        The answer is kept in the journal at once, with its verdict (a stop's outcome too), and
        then acted on. With `note_follows` (a face that asks for the note after the answer, as
        the plain player does at a terminal), it is acted on only once the note question
        (`NOTE_QUESTION`, a `note` prompt) is answered with `add_note` (or left: the answer
        stands, with no note), so a process killed at that question keeps the answer, and a
        stop it makes is said after the note.

        Args:
            now: The face's clock.
            answer: Pain 0-10, flags and an optional note.
            note_follows: Ask for the note before acting on the answer.
        """
        prompt = self.prompt
        if prompt is None or prompt.kind != "pain" or prompt.when is None:
            return []
        t = self._t(now)
        if prompt.when == "stop" and self._stopping is not None:
            step = self._stopping[2]
        else:
            step = self.engine.current if prompt.when not in ("baseline", "final") else None
        clock = self.engine.clock(t)
        data = self._checkin_data(answer, prompt.when, step)
        if prompt.when == "final" or (prompt.when != "stop" and self._closes(step)):
            # The session's end: a process killed at its note question is found so.
            data["outcome"] = self._played_through()
        self.log.record("checkin", clock, data)
        self._record_note(clock, answer.note, data)
        self.last_pain = answer.pain
        taken = _Taken(prompt.when, answer, data, *self._judge(prompt.when, answer, clock))
        if note_follows:
            self._noting = taken
            self.prompt = None
            return self._ask(Prompt("note", NOTE_QUESTION, NOTE_FORMS))
        return self._act(now, taken)

    def _judge(
        self, when: When, answer: CheckinAnswer, clock: float
    ) -> tuple[Verdict | None, Outcome | None]:
        """Judge a pain answer and keep the verdict, with the outcome of the stop it makes (so a
        session found unfinished after it is closed as that stop: `store.close_unfinished`).

        Returns:
            The verdict (None for the closing answer, which stops nothing) and the stop's
            outcome (None when it does not stop the session).
        """
        if when == "final":
            return None, None
        if when == "stop":
            verdict = judge_stop(answer, self.baseline, self.routine.safety)
            broken = judge_checkin(answer, self.baseline, self.routine.safety).stops
            outcome: Outcome = "stopped_pain" if broken else USER_STOP
            self.log.record("verdict", clock, verdict.journal_data(outcome))
            return verdict, outcome
        verdict = judge_checkin(
            answer, None if when == "baseline" else self.baseline, self.routine.safety
        )
        stop: Outcome | None = "stopped_pain" if verdict.stops else None
        self.log.record("verdict", clock, verdict.journal_data(stop))
        if stop is None and when == "baseline":
            self.baseline = answer.pain
        elif stop is None:
            self.last_checkin = answer.pain
        return verdict, stop

    def _act(self, now: float, taken: _Taken) -> list[Notice]:
        """Go on from a pain answer kept in the journal: close, stop, or carry on."""
        t = self._t(now)
        self.prompt = None
        answer, verdict = taken.answer, taken.verdict
        if taken.when == "final" or verdict is None:
            self.final = answer.pain
            return self._close(now, answer=answer)
        if taken.stop is not None:
            self.final = answer.pain
            return self._end_now(now, verdict, taken.stop)
        out: list[Notice] = []
        if verdict.note:
            self.note = verdict.note
            out.append(Notice("note", verdict.note))
        if taken.when == "baseline":
            self.stage = "running"
            return out + self._from_engine(self.engine.start(t))
        self._just_answered = answer
        out += self._from_engine(self.engine.checkin_answered(t))
        self._just_answered = None
        if self.stage == "final" and self.prompt is None:
            # The session ended with this check-in: it is the closing answer too, so the same
            # question is not asked again at once: the journal keeps it as the closing answer.
            self.final = answer.pain
            data = {"pain": answer.pain, "flags": list(answer.flags), "when": "final"}
            data |= self._where(None) | {"outcome": self._played_through()}
            self.log.record("checkin", self.engine.clock(t), data)
            closed = self._close(now)
            if answer.flags and verdict.note:  # a flag named back stays in the closing words
                self.message = (*self.message, verdict.note)
            return out + closed
        return out

    def _record_note(self, clock: float, text: str | None, checkin: dict[str, Any]) -> None:
        """Keep a note given with a pain answer, where that check-in was asked."""
        note = clean_note(text)
        if note:
            fields = ("when", "exercise", "exercise_index", "set", "side", "step")
            self.log.record("note", clock, {"text": note} | {k: checkin[k] for k in fields})

    @property
    def noting(self) -> bool:
        """True while a pain answer waits for its note (`answer_pain(..., note_follows=True)`)."""
        return self._noting is not None

    def _noted(self, now: float) -> list[Notice]:
        """Act on a pain answer left at its note question (with no note): it was given."""
        return self.add_note(now, "") if self._noting is not None else []

    def add_note(self, now: float, text: str) -> list[Notice]:
        """Keep a one-line note now, tied to where the session is (e.g. the plain player's
        `note ...` command). While a pain answer waits for its note (`NOTE_QUESTION`), it is
        that answer's note, kept with its check-in (an empty one: none), and the answer is then
        acted on.

        Args:
            now: The face's clock.
            text: The note.
        """
        if self._noting is not None:
            taken, self._noting = self._noting, None
            self._record_note(self._clock(now), text, taken.data)
            return self._act(now, taken)
        note = clean_note(text)
        if note is not None and self.stage == "confirm":
            self._unstarted_notes.append(note)  # kept once the session starts
            return [Notice("note", "Noted.")]
        if note is None or not self.log.started or self.stage == "done":
            return []
        t = self._t(now)
        step = self.engine.current if self.stage == "running" else None
        when = {"screen": "baseline", "baseline": "baseline", "final": "final"}.get(self.stage)
        data = {"text": note, "when": when} | self._where(step)
        self.log.record("note", self.engine.clock(t), data)
        return [Notice("note", "Noted.")]

    def exercise_shown(self, now: float) -> int | None:
        """The exercise a face shows now (its name, its instructions): the current step's, or
        during the rest before the next exercise, the next one's. None when there is none."""
        view = self.engine.view(self._t(now))
        step = view.step
        if step is None:
            return None
        if step.kind == "between" and view.next_step is not None:
            return view.next_step.exercise_index
        return step.exercise_index

    def exercise_results(self) -> list[ExerciseResult]:
        """What became of each exercise so far: done, partly done, skipped or not reached."""
        results, _ = exercise_results(self._plan_rows, self.log.events, ended=self.stage == "done")
        return results

    @cached_property
    def _plan_rows(self) -> list[dict[str, Any]]:
        """The plan's rows per exercise, as the journal keeps them (made once: each exercise's
        end reads them again)."""
        return self.plan.journal_rows()

    def record(self) -> SessionDetail:
        """The session as recorded so far (in memory, whether or not the journal kept it): the
        summary runs the journal's figures over it."""
        return self.log.detail()

    def summary(self) -> Summary:
        """The session's end as both faces show it (the journal's figures over `record()`)."""
        closing = " ".join(self.message) if self.outcome in ("completed", "nothing_done") else None
        return summarize(
            self.routine.name, self.outcome, self.record(), self.exercise_results(), closing
        )

    def _where(self, step: Step | None) -> dict[str, Any]:
        return {
            "exercise": step.exercise if step else None,
            "exercise_index": step.exercise_index if step else None,
            "set": step.set if step else None,
            "side": step.side if step else None,
            "step": step.kind if step else None,
        }

    def _checkin_data(self, answer: CheckinAnswer, when: When, step: Step | None) -> dict[str, Any]:
        data = {"pain": answer.pain, "flags": list(answer.flags), "when": when} | self._where(step)
        if when == "stop" and step is not None and step.kind == "checkin":
            data["at"] = step.checkin  # the stop came at this check-in: after the set or exercise
        return data

    # --- ending -----------------------------------------------------------------------------

    def _end_now(self, now: float, verdict: Verdict, outcome: Outcome) -> list[Notice]:
        """A stop verdict: stop the engine, say why; the session is over (no more questions)."""
        t = self._t(now)
        self.verdict = verdict
        self._stopping = None
        if verdict.rule == "red_flag":
            self.log.record("verdict", self.engine.clock(t), verdict.journal_data(outcome))
        out = self._from_engine(self.engine.stop(t))
        self.outcome = outcome
        advice = (self.routine.safety.advice or "", *self.advice)
        lines = stop_message(verdict, before_start=self.stage == "baseline", advice=advice)
        self.message = tuple(lines)
        out.append(Notice("stop", lines[0], tuple(lines)))
        return out + self._close(now)

    def _closes(self, step: Step | None) -> bool:
        """Whether a check-in at `step` ends the session (the plan's last step): its answer is
        the closing answer too, the closing question not asked again after it."""
        return (
            step is not None and step.kind == "checkin" and step.index == len(self.plan.steps) - 1
        )

    def _played_through(self) -> Outcome:
        """How the session ends when played to its end (`PLAYED_THROUGH`): completed when some
        exercise work was done, else nothing done. Kept with the closing answer too (so a
        session found unfinished after it is closed the same way: `store.close_unfinished`)."""
        results, _ = exercise_results(self._plan_rows, self.log.events, ended=True)
        return "completed" if did_work(results) else "nothing_done"

    def _close(
        self,
        now: float,
        reason: str | None = None,
        answer: CheckinAnswer | None = None,
        also: str | None = None,
    ) -> list[Notice]:
        self.stage = "done"
        self.prompt = None
        self._stopping = None
        if self.outcome is None:
            self.outcome = self._played_through()
        self.log.finish(self.outcome, reason)
        # The session is closed once it is written whole (and any problem writing it is known).
        self.recorder.flush(CLOSE_WAIT_SECONDS)
        out: list[Notice] = []
        if self.outcome == "completed" and answer is not None:
            advice = (self.routine.safety.advice or "", *self.advice)
            words = closing_words(answer, self.baseline, self.routine.safety, advice)
            over = judge_checkin(answer, self.baseline, self.routine.safety).stops
            lines = ["Session complete." if over else "Session complete. Well done.", *words]
        else:
            note = final_note(self.final, self.baseline)
            lines = ["Session complete. Well done."] + ([note] if note else [])
        if self.outcome == "completed":
            self.message = tuple(lines)
            out.append(Notice("done", lines[0], tuple(lines)))
        elif self.outcome == "nothing_done":
            self.message = (NOTHING_DONE,)
            out.append(Notice("done", NOTHING_DONE, self.message))
        elif reason is not None:
            self.message = (reason, also) if also else (reason,)
            out.append(Notice("left", reason, self.message))
        return out + self._problems()

    def decline(self, now: float) -> list[Notice]:
        """The pending question will get no answer (the end of input): at a note question the
        answer before it stands, with no note; anywhere else the session ends as quit, with
        that reason, never as a stop (at the closing question too: `kept_if_left`)."""
        if self._noting is not None:
            return self._noted(now)
        if self.stage == "confirm":
            return self.answer_confirm(now, False)
        return self._leave(now, "quit", INPUT_ENDED)

    def quit(self, now: float) -> list[Notice]:
        """Leave the session now, no questions asked."""
        return self._leave(now, "quit", QUIT_REASON)

    def interrupt(self, now: float, reason: str = "Interrupted (Ctrl+C).") -> list[Notice]:
        """The face was interrupted (Ctrl+C, the terminal closed, SIGTERM): close the session
        as `interrupted`, keeping `reason` in the journal."""
        return self._leave(now, "interrupted", reason)

    def kept_if_left(self, outcome: Outcome = "quit") -> Outcome | None:
        """How the journal keeps the session if it is left now as `outcome` (quit, interrupted).

        Returns:
            None before the first answer (nothing is kept: `NOTHING_KEPT`); a red-flag stop
            after a yes at the safety questions (a yes is never dropped: `screen_stop`, the
            rule a session found unfinished there is closed by too); else `outcome`, at the
            closing question too, every exercise done or not: a session counts only with its
            pain known to the end (`left_words`).
        """
        if self.stage == "screen" and screen_stop(self._screen_answers) is not None:
            return "stopped_red_flag"
        return outcome if self.log.kept else None

    def left_words(self) -> str | None:
        """What leaving now means beyond how the journal keeps it (`kept_if_left`): at the
        closing question, that the session will not count (`UNCOUNTED_AT_THE_END`); else None.
        """
        return UNCOUNTED_AT_THE_END if self.stage == "final" else None

    def _leave(self, now: float, outcome: Outcome, reason: str) -> list[Notice]:
        noted = self._noted(now)  # an answer left at its note question was given: it counts
        if self.stage == "done":
            return noted
        kept = self.kept_if_left(outcome)
        also = self.left_words()
        verdict = screen_stop(self._screen_answers)
        if kept == "stopped_red_flag" and verdict is not None:
            # The answers are in the journal as they were given; a session found unfinished
            # there later is closed by the same rule (`store.close_unfinished`).
            return self._end_now(now, verdict, "stopped_red_flag")
        if kept is None:  # left at the first question: the journal never heard of it
            reason = NOTHING_KEPT
        out = noted + self._from_engine(self.engine.stop(self._t(now)))
        if self.outcome is None:
            self.outcome = outcome
        return out + self._close(now, reason, also=also)

    # --- events to notices, sound and journal ---------------------------------------------

    def _problems(self) -> list[Notice]:
        out = []
        for problem in (self.sound.notice, self.recorder.problem, *self.recorder.take_notices()):
            if problem and problem not in self._shown_problems:
                self._shown_problems.add(problem)
                out.append(Notice("problem", problem))
        return out

    def _from_engine(self, events: list[ev.Event]) -> list[Notice]:
        out: list[Notice] = []
        for event in events:
            out += self._notice(event)
        step = self.engine.current
        if self.stage == "running" and self.prompt is None and step is not None:
            if step.kind == "wait":
                text = f"Next: {step.exercise}."
                out += self._ask(Prompt("continue", text))
            elif step.kind == "self_paced":
                out += self._ask(Prompt("done", "Say when the set is done."))
        elif self.prompt is not None and self.prompt.kind in ("continue", "done"):
            if step is None or step.kind not in ("wait", "self_paced"):
                self.prompt = None
        return out + self._problems()

    def _notice(self, event: ev.Event) -> list[Notice]:
        match event:
            case ev.StepStarted():
                if self.prompt is not None and self.prompt.kind in ("continue", "done"):
                    self.prompt = None
            case ev.CheckinRequested(step=step):
                text = f"Check-in after {step.checkin_place()}: pain now, 0-10?"
                return self._ask(Prompt("pain", text, PAIN_FORMS, when=step.checkin))
            case ev.SessionDone():
                self.stage = "final"
                if self._just_answered is not None:  # that check-in closes it (answer_pain)
                    return []
                return self._ask(Prompt("pain", "Pain now, 0-10?", PAIN_FORMS, when="final"))
        return self.narrator.tell(event)
