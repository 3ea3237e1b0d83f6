"""The session engine: a state machine over a plan, fed `now` by its caller; it never reads a clock.

Time, precisely:

- `now` is any monotonic clock the caller likes (seconds). The engine keeps the moment the
  session and the current step began and the paused spans; everything else is computed from
  those, never by adding up ticks, so nothing drifts and a late tick catches up: every step and
  cue it passed is emitted in order with the moment it was really due (`Event.at`), and the next
  step starts when the previous one was due to end, not when the tick came.
- `planned` is the plan's length: the sum of each step's `Step.planned` (timed steps their
  length; a self-paced set its nominal 3 s a rep; check-ins and waits 0).
- `elapsed` is how much of the plan is behind you: the `planned` of every step before the
  current one (run, answered or skipped alike), plus the current step's active time capped at
  its `planned` (so a check-in or wait adds nothing however long it takes, and a slow
  self-paced set stops adding at its nominal length). `remaining` is `planned - elapsed`, so
  `elapsed + remaining == planned` always holds; at the end `elapsed == planned`.
- `clock` is the session's active time: seconds since the start minus paused spans,
  untimed steps included. The journal keeps it as each event's `clock`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from player.session.events import (
    CheckinRequested,
    CueDue,
    CueLine,
    Event,
    ExerciseDone,
    Paused,
    Resumed,
    SessionDone,
    Skipped,
    StepFinished,
    StepStarted,
    Stopped,
    WentBack,
)
from player.session.plan import Plan, Step

Status = Literal["ready", "running", "finished", "stopped"]


@dataclass(frozen=True)
class View:
    """What a screen shows at one moment (see the module docstring for the time terms)."""

    status: Status
    """`ready` before `start`, `running` (paused or not), `finished`, `stopped`."""
    paused: bool
    """True while paused."""
    step: Step | None
    """The current step (None before the start and after the end)."""
    step_elapsed: float
    """Active seconds into the current step."""
    step_remaining: float | None
    """Seconds left in the current step, or None for an untimed step."""
    elapsed: float
    """Plan time behind you."""
    remaining: float
    """Plan time ahead of you: `planned - elapsed`."""
    planned: float
    """The plan's length."""
    clock: float
    """Active session seconds."""
    next_step: Step | None
    """The next step that is not a check-in, or None at the last one."""
    cue_lines: tuple[str, ...]
    """The routine's cue lines showing now."""
    rep: int | None
    """The rep under way (hold and tempo steps)."""
    rep_phase: str | None
    """The rep phase under way: for breathing `inhale`, `hold`, `exhale` or `hold_after`; for
    a rep timed in `rep_phases`, the routine's name for it."""
    rep_phase_remaining: float | None
    """Seconds left in the rep phase."""
    cycle: int | None
    """For breathing: the breath under way, from 1."""
    cycles: int | None
    """For breathing: how many breaths."""


class Engine:
    """Runs a plan in time. Every method takes `now` and returns the events it caused, in order.

    Controls do nothing (and return `[]`) when they do not apply: before `start`, after the
    end, or (for `done`, `checkin_answered`) in a step they do not fit.
    """

    def __init__(self, plan: Plan) -> None:
        """Prepare to run `plan`.

        Args:
            plan: The steps to run; it must have at least one step.
        """
        self.plan = plan
        self.steps = plan.steps
        self._prefix = _prefix_sums(plan.steps)
        self.planned = self._prefix[-1]
        self._spans: dict[int, tuple[float, float]] = {}
        self._rep_phases: tuple[int, list[float], list[str], list[float]] | None = None
        self.status: Status = "ready"
        self.paused = False
        self.index = 0
        self._start = 0.0
        self._last_now = 0.0
        self._paused_since = 0.0
        self._paused_total = 0.0
        self._step_start = 0.0
        self._step_paused = 0.0
        self._mark = 0
        self._ex_start: dict[int, float] = {}
        self._ex_skipped: set[int] = set()
        self._end_at = 0.0
        self._stop_elapsed = 0.0

    # --- time -------------------------------------------------------------------------------

    def _eff(self, now: float) -> float:
        """The moment time stands at: `now`, or the start of the pause while paused."""
        if self.status in ("finished", "stopped"):
            return self._end_at
        return self._paused_since if self.paused else now

    def _clock(self, at: float) -> float:
        return at - self._start - self._paused_total

    def _step_elapsed(self, now: float) -> float:
        if self.status != "running":
            return 0.0
        return max(0.0, self._eff(now) - self._step_start - self._step_paused)

    @property
    def current(self) -> Step | None:
        """The current step, or None before the start and after the end."""
        if self.status != "running":
            return None
        return self.steps[self.index]

    def elapsed(self, now: float) -> float:
        """Plan time behind you at `now` (see the module docstring)."""
        if self.status == "ready":
            return 0.0
        if self.status == "finished":
            return self.planned
        if self.status == "stopped":
            return self._stop_elapsed
        step = self.steps[self.index]
        return self._prefix[self.index] + min(self._step_elapsed(now), step.planned)

    def remaining(self, now: float) -> float:
        """Plan time ahead of you at `now`: `planned - elapsed(now)`."""
        return self.planned - self.elapsed(now)

    def clock(self, now: float) -> float:
        """Active session seconds at `now` (paused spans left out)."""
        if self.status == "ready":
            return 0.0
        return self._clock(self._eff(max(now, self._last_now)))

    def next_due(self, now: float) -> float | None:
        """Seconds from `now` until the next event falls due (a cue, a cue line or the end of
        a timed step), so a face can sleep exactly that long; None while nothing is coming
        (not running, paused, or in an untimed step with no marks left).

        Args:
            now: The caller's clock.
        """
        if self.status != "running" or self.paused:
            return None
        step = self.steps[self.index]
        base = self._step_start + self._step_paused
        due = [base + step.marks[self._mark].offset] if self._mark < len(step.marks) else []
        if step.timed:
            due.append(base + step.planned)
        return max(0.0, min(due) - now) if due else None

    # --- running ----------------------------------------------------------------------------

    def _begin(self, at: float, out: list[Event]) -> None:
        step = self.steps[self.index]
        self._step_start = at
        self._step_paused = 0.0
        self._mark = 0
        if step.kind not in ("wait", "between", "checkin"):
            self._ex_start.setdefault(step.exercise_index, self._clock(at))
        out.append(StepStarted(at, self._clock(at), step))
        if step.kind == "checkin":
            out.append(CheckinRequested(at, self._clock(at), step))

    def _finish(self, at: float, skipped: bool, out: list[Event]) -> None:
        step = self.steps[self.index]
        elapsed = max(0.0, at - self._step_start - self._step_paused)
        out.append(StepFinished(at, self._clock(at), step, skipped, elapsed))
        if skipped and step.is_work:
            self._ex_skipped.add(step.exercise_index)
        if step.last_work:
            self._exercise_done(at, out)
        self.index += 1
        if self.index >= len(self.steps):
            self.status = "finished"
            self._end_at = at
            out.append(CueDue(at, self._clock(at), "session_done", None))
            out.append(SessionDone(at, self._clock(at)))
        else:
            self._begin(at, out)

    def _exercise_done(self, at: float, out: list[Event]) -> None:
        step = self.steps[self.index]
        i = step.exercise_index
        clock = self._clock(at)
        began = self._ex_start.pop(i, clock)
        skipped = i in self._ex_skipped
        self._ex_skipped.discard(i)
        out.append(ExerciseDone(at, clock, step.exercise, i, skipped, clock - began))
        out.append(CueDue(at, clock, "exercise_done", step))

    def _advance(self, now: float) -> list[Event]:
        out: list[Event] = []
        if self.status != "running" or self.paused:
            return out
        now = max(now, self._last_now)
        self._last_now = now
        while self.status == "running":
            step = self.steps[self.index]
            base = self._step_start + self._step_paused
            while self._mark < len(step.marks) and base + step.marks[self._mark].offset <= now:
                mark = step.marks[self._mark]
                at = base + mark.offset
                if mark.cue is not None:
                    out.append(CueDue(at, self._clock(at), mark.cue, step, mark.count))
                if mark.line is not None:
                    out.append(CueLine(at, self._clock(at), mark.line, step))
                self._mark += 1
            end = base + step.planned
            if not step.timed or end > now:
                break
            self._finish(end, False, out)
        return out

    # --- controls ---------------------------------------------------------------------------

    def start(self, now: float) -> list[Event]:
        """Begin the session at `now` with the first step.

        Args:
            now: The caller's clock.

        Returns:
            The events due at once (the first step's start and its opening cues).
        """
        if self.status != "ready":
            return []
        self.status = "running"
        self._start = self._last_now = now
        out: list[Event] = []
        self._begin(now, out)
        return out + self._advance(now)

    def tick(self, now: float) -> list[Event]:
        """Bring the session up to `now`, emitting every event due since the last call.

        Args:
            now: The caller's clock; a value earlier than one seen before counts as that one.

        Returns:
            The events due, in order.
        """
        return self._advance(now)

    def pause(self, now: float) -> list[Event]:
        """Stop time at `now`: paused time never counts. Returns events due until then."""
        out = self._advance(now)
        if self.status != "running" or self.paused:
            return out
        at = max(now, self._last_now)
        self.paused = True
        self._paused_since = at
        out.append(Paused(at, self._clock(at)))
        return out

    def resume(self, now: float) -> list[Event]:
        """Let time run again from `now`."""
        if self.status != "running" or not self.paused:
            return self._advance(now)
        now = max(now, self._last_now)
        self._last_now = now
        span = now - self._paused_since
        # The pause moves the step's start on by its span; the session's start too (clock).
        self._step_paused += span
        self._paused_total += span
        clock = self._clock(now)
        self.paused = False
        return [Resumed(now, clock), *self._advance(now)]

    def toggle_pause(self, now: float) -> list[Event]:
        """Pause when running, resume when paused."""
        return self.resume(now) if self.paused else self.pause(now)

    def skip(self, now: float) -> list[Event]:
        """End the current step at once and start the next (paused stays paused)."""
        out = self._advance(now)
        if self.status != "running":
            return out
        at = self._eff(max(now, self._last_now))
        out.append(Skipped(at, self._clock(at), self.steps[self.index]))
        self._finish(at, True, out)
        return out + self._advance(now)

    def skip_exercise(self, now: float) -> list[Event]:
        """Skip the rest of the current exercise's work, to the step after its last work step.

        Outside an exercise's work (a check-in, a rest between exercises) this is `skip`.
        """
        out = self._advance(now)
        if self.status != "running":
            return out
        step = self.steps[self.index]
        last = self._last_work_from(self.index)
        if last is None or step.kind in ("checkin", "between"):
            return out + self.skip(now)
        at = self._eff(max(now, self._last_now))
        out.append(Skipped(at, self._clock(at), step))
        self._ex_skipped.add(step.exercise_index)
        if self.index != last:
            elapsed = max(0.0, at - self._step_start - self._step_paused)
            out.append(StepFinished(at, self._clock(at), step, True, elapsed))
            self.index = last
            self._step_start, self._step_paused = at, 0.0
        self._finish(at, True, out)
        return out + self._advance(now)

    def back(self, now: float) -> list[Event]:
        """Go back to the start of the previous step (check-ins and waits are passed over);
        in the first step, restart it."""
        out = self._advance(now)
        if self.status != "running":
            return out
        at = self._eff(max(now, self._last_now))
        step = self.steps[self.index]
        target = next(
            (
                i
                for i in range(self.index - 1, -1, -1)
                if self.steps[i].kind not in ("checkin", "wait")
            ),
            self.index,
        )
        elapsed = max(0.0, at - self._step_start - self._step_paused)
        out.append(WentBack(at, self._clock(at), step, self.steps[target]))
        out.append(StepFinished(at, self._clock(at), step, True, elapsed))
        # Exercises stepped back out of are open again.
        for i in range(target, self.index + 1):
            if self.steps[i].exercise_index != self.steps[target].exercise_index:
                self._ex_start.pop(self.steps[i].exercise_index, None)
        self.index = target
        self._begin(at, out)
        return out + self._advance(now)

    def done(self, now: float) -> list[Event]:
        """End a self-paced set or a wait (the user says "done" or "ready")."""
        out = self._advance(now)
        step = self.current
        if step is None or step.kind not in ("self_paced", "wait"):
            return out
        self._finish(self._eff(max(now, self._last_now)), False, out)
        return out + self._advance(now)

    def checkin_answered(self, now: float) -> list[Event]:
        """End a check-in step once its answer is in (the conductor judges the answer)."""
        out = self._advance(now)
        step = self.current
        if step is None or step.kind != "checkin":
            return out
        self._finish(self._eff(max(now, self._last_now)), False, out)
        return out + self._advance(now)

    def stop(self, now: float) -> list[Event]:
        """End the session at once (pain, a red flag, or the user's say)."""
        out = self._advance(now)
        if self.status != "running":
            return out
        at = self._eff(max(now, self._last_now))
        step = self.steps[self.index]
        elapsed = max(0.0, at - self._step_start - self._step_paused)
        clock = self._clock(at)
        out.append(StepFinished(at, clock, step, True, elapsed))
        self._stop_elapsed = self._prefix[self.index] + min(elapsed, step.planned)
        self.status = "stopped"
        self._end_at = at
        out.append(CueDue(at, clock, "stopped", step))
        out.append(Stopped(at, clock, step))
        return out

    # --- view -------------------------------------------------------------------------------

    def view(self, now: float) -> View:
        """What a screen shows at `now`. Pure: call `tick` first so the step is current.

        Args:
            now: The caller's clock.

        Returns:
            The current step, times, what comes next, cue lines and rep phase.
        """
        elapsed = self.elapsed(now)
        step = self.current
        se = 0.0
        nxt: Step | None = None
        rep: int | None = None
        rep_phase: str | None = None
        rep_phase_remaining: float | None = None
        cycle: int | None = None
        cycles: int | None = None
        if step is not None:
            se = self._step_elapsed(now)
            if step.timed:
                se = min(se, step.planned)
            nxt = self._next_shown(step.index)
            rep = step.rep
            if step.kind == "tempo" and step.rep is None and step.per_rep and step.reps:
                rep = min(step.reps, int(se // step.per_rep) + 1)
            if step.rep_phases and step.per_rep:
                rep_phase, rep_phase_remaining = _rep_phase(step.rep_phases, se % step.per_rep)
            if step.breathing is not None:
                offsets, names, inhales = self._breath_rep_phases(step)
                passed = bisect_right(offsets, se)
                if passed:
                    rep_phase = names[passed - 1]
                    later = offsets[passed] if passed < len(offsets) else step.planned
                    rep_phase_remaining = later - se
                cycle = max(1, bisect_right(inhales, se))
                cycles = step.breathing.cycle_count
        return View(
            status=self.status,
            paused=self.paused,
            step=step,
            step_elapsed=se,
            step_remaining=step.planned - se if step is not None and step.timed else None,
            elapsed=elapsed,
            remaining=self.planned - elapsed,
            planned=self.planned,
            clock=self.clock(now),
            next_step=nxt,
            cue_lines=self._cue_lines(step, se) if step is not None else (),
            rep=rep,
            rep_phase=rep_phase,
            rep_phase_remaining=rep_phase_remaining,
            cycle=cycle,
            cycles=cycles,
        )

    def exercise_span(self, step: Step) -> tuple[float, float]:
        """The planned seconds of `step`'s exercise before `step`, and in all.

        Args:
            step: A step of this engine's plan.

        Returns:
            (seconds before the step, total seconds) over the exercise's steps, the rest
            before the next exercise left out.
        """
        span = self._spans.get(step.exercise_index)
        if span is None:
            first, last = self._exercise_bounds(step.index)
            counted = (s.planned for s in self.steps[first : last + 1] if s.kind != "between")
            span = self._spans[step.exercise_index] = (self._prefix[first], math.fsum(counted))
        start, total = span
        return min(max(0.0, self._prefix[step.index] - start), total), total

    # --- looking along the plan: an exercise's steps are consecutive, so each look is as
    # short as the exercise, never the whole plan.

    def _exercise_bounds(self, index: int) -> tuple[int, int]:
        """The first and last step of the exercise that step `index` belongs to."""
        steps, exercise = self.steps, self.steps[index].exercise_index
        first = last = index
        while first > 0 and steps[first - 1].exercise_index == exercise:
            first -= 1
        while last + 1 < len(steps) and steps[last + 1].exercise_index == exercise:
            last += 1
        return first, last

    def _last_work_from(self, index: int) -> int | None:
        """The index of the exercise's last work step, at or after `index`; None when passed."""
        steps, exercise = self.steps, self.steps[index].exercise_index
        for i in range(index, len(steps)):
            if steps[i].exercise_index != exercise:
                return None
            if steps[i].last_work:
                return i
        return None

    def _next_shown(self, index: int) -> Step | None:
        """The next step after step `index` that is not a check-in."""
        for i in range(index + 1, len(self.steps)):
            if self.steps[i].kind != "checkin":
                return self.steps[i]
        return None

    def _breath_rep_phases(self, step: Step) -> tuple[list[float], list[str], list[float]]:
        """A breathing step's rep phase starts: offsets, names, and the inhales' offsets
        (worked out once per step, so each frame looks a rep phase up instead of scanning)."""
        cached = self._rep_phases
        if cached is None or cached[0] != step.index:
            marks = [m for m in step.marks if m.rep_phase is not None]
            offsets = [m.offset for m in marks]
            names = [m.rep_phase for m in marks if m.rep_phase is not None]
            inhales = [m.offset for m in marks if m.rep_phase == "inhale"]
            cached = self._rep_phases = (step.index, offsets, names, inhales)
        return cached[1], cached[2], cached[3]

    def _cue_lines(self, step: Step, step_elapsed: float) -> tuple[str, ...]:
        if step.kind in ("wait", "between", "checkin"):
            return ()
        exercise = self.plan.routine.exercises[step.exercise_index]
        lines = [c.text for c in exercise.cues if c.at is None]
        if step.is_work and step.kind != "self_paced":
            into = step.period_offset + step_elapsed
            lines += [c.text for c in exercise.cues if c.at is not None and c.at <= into]
        return tuple(lines)


def _prefix_sums(steps: tuple[Step, ...]) -> list[float]:
    """`prefix[i]`: the planned seconds of the steps before step i, exactly rounded (as
    `math.fsum` of them), so `prefix[-1]` is the plan's length; one pass over the steps.

    Each length is a binary fraction n / d with d a power of two, so over the largest d the
    lengths are whole numbers that add up exactly, and one correctly rounded division turns
    each running total back into seconds.
    """
    ratios = [step.planned.as_integer_ratio() for step in steps]
    scale = max((d for _, d in ratios), default=1)
    return [whole / scale for whole in accumulate((n * (scale // d) for n, d in ratios), initial=0)]


def _rep_phase(phases: tuple[tuple[str, float], ...], into: float) -> tuple[str, float]:
    """The rep phase of a counted rep `into` seconds into the rep, and the seconds left in it."""
    start = 0.0
    for name, seconds in phases:
        if into < start + seconds:
            return name, start + seconds - into
        start += seconds
    name, _ = phases[-1]
    return name, 0.0
