"""The plan: a routine turned into the ordered steps of a session, each with its cue marks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from player.cues import CueName
from player.routine.durations import format_duration
from player.routine.order import Block, exercise_order
from player.session.kinds import UNTIMED_KINDS, WORK_KINDS, StepKind
from player.words import plural

if TYPE_CHECKING:
    from player.routine.models import Breathing, Exercise, Routine

HALFWAY_MIN_SECONDS = 20.0
"""A timed work period at least this long gets a `halfway` cue."""
COUNT_SECONDS = 3
"""The last seconds of a counted step each get a `count` cue."""


@dataclass(frozen=True)
class Mark:
    """Something due at a time into a step: a cue (a sound) and/or a cue line (words)."""

    offset: float
    """Seconds into the step (unpaused)."""
    cue: CueName | None = None
    """The cue to play, if any."""
    count: int | None = None
    """For a `count` cue: the number it stands for (3, 2, 1); for the `go` or `next_rep` of a
    counted (tempo) rep: the rep that starts."""
    line: str | None = None
    """A cue line from the routine that shows from here on, if any."""
    rep_phase: str | None = None
    """The rep phase that starts here: for breathing `inhale`, `hold`, `exhale`, `hold_after`;
    for a rep timed in `rep_phases`, the routine's name for it."""


@dataclass(frozen=True)
class Step:
    """One step of a session."""

    index: int
    """Position in the plan, from 0."""
    kind: StepKind
    """What the step is."""
    exercise: str
    """The exercise's name."""
    exercise_index: int
    """The exercise's position in the routine, from 0."""
    planned: float
    """Seconds this step adds to the planned session: its length when timed, the nominal
    3 s a rep for a self-paced set, 0 for a wait or a check-in."""
    set: int | None = None
    """The set, from 1 (work, rest and check-in after a set)."""
    sets: int = 1
    """How many sets the exercise has."""
    side: str | None = None
    """The side label, or None."""
    rep: int | None = None
    """For a `hold` step (and a `tempo` step of one rep, when sides alternate each rep): which
    rep, from 1."""
    reps: int | None = None
    """Reps in this set (reps exercises)."""
    per_rep: float | None = None
    """Seconds per rep for `hold` and `tempo` steps."""
    rep_phases: tuple[tuple[str, float], ...] = ()
    """For a `tempo` step whose reps are timed in rep phases: each one's name and seconds."""
    checkin: Literal["after_set", "after_side", "after_exercise"] | None = None
    """For a check-in step: which one it is."""
    period_offset: float = 0.0
    """Seconds of the current work period (one set on one side) already behind this step; a
    cue with `at:` shows once period_offset + step elapsed reaches it."""
    last_work: bool = False
    """True on the exercise's last work step: when it ends, the exercise is done."""
    marks: tuple[Mark, ...] = ()
    """Cues and cue lines due during the step, by offset."""
    breathing: Breathing | None = None
    """The pattern, for a `breathing` step."""
    alternating: tuple[str, ...] = ()
    """For a self-paced set done on every side, alternating each rep: the sides."""

    @property
    def timed(self) -> bool:
        """True when the step ends by itself once `planned` seconds have run."""
        return self.kind not in UNTIMED_KINDS

    @property
    def is_work(self) -> bool:
        """True for a step where the exercise itself is done."""
        return self.kind in WORK_KINDS

    def checkin_place(self) -> str:
        """What a check-in step comes after, e.g. `Lunge, left` (after a side) or `Lunge, left,
        set 1 of 2` (after a set); just the exercise after the whole exercise."""
        where = []
        if self.checkin in ("after_side", "after_set") and self.side:
            where.append(self.side)
        if self.checkin == "after_set" and self.set is not None and self.sets > 1:
            where.append(f"set {self.set} of {self.sets}")
        return ", ".join([self.exercise, *where])

    def describe(self) -> str:
        """The step in a few words, e.g. `Bird dog, left, set 2 of 3, rep 1 of 3: hold 8s`."""
        where = []
        if self.side:
            where.append(self.side)
        if self.set is not None and self.sets > 1:
            where.append(f"set {self.set} of {self.sets}")
        if self.rep is not None and self.reps is not None:
            where.append(f"rep {self.rep} of {self.reps}")
        head = ", ".join([self.exercise, *where])
        length = format_duration(self.planned, tenths=True)
        match self.kind:
            case "get_ready":
                return f"Get ready: {head} ({length})"
            case "work":
                return f"{head}: {length}"
            case "hold":
                return f"{head}: hold {length}"
            case "tempo" if self.rep_phases:
                phases = " + ".join(
                    f"{format_duration(t, tenths=True)} {n}" for n, t in self.rep_phases
                )
                count = "1 rep" if self.rep is not None else f"{self.reps} reps"
                return f"{head}: {count}, {phases}"
            case "tempo" if self.rep is not None:
                return f"{head}: {format_duration(self.per_rep or 0, tenths=True)} rep"
            case "tempo":
                each = format_duration(self.per_rep or 0, tenths=True)
                return f"{head}: {plural(self.reps or 0, 'rep')}, {each} each"
            case "breathing":
                return f"{head}: breathe ({length})"
            case "self_paced" if self.alternating:
                sides = " and ".join(self.alternating)
                reps = plural(self.reps or 0, "rep")
                return f"{head}: {reps} a side, alternating {sides}, at your own pace"
            case "self_paced":
                return f"{head}: {plural(self.reps or 0, 'rep')} at your own pace"
            case "relax":
                return f"Relax {length}"
            case "rest":
                return f"Rest {length}"
            case "switch_side":
                return f"Switch sides: {self.side} next ({length})"
            case "between":
                return f"Rest {length} before the next exercise"
            case "wait":
                return f"Next: {self.exercise}. Ready when you are"
            case _:
                return f"Check-in: {self.exercise}"

    def journal_data(self) -> dict[str, Any]:
        """The payload of this step's `step_started` and `step_finished` journal events."""
        return {
            "exercise": self.exercise,
            "exercise_index": self.exercise_index,
            "step": self.kind,
            "set": self.set,
            "side": self.side,
            "rep": self.rep,
            "planned": self.planned,
        }


@dataclass(frozen=True)
class Plan:
    """The ordered steps of one session of a routine."""

    routine: Routine
    """The routine it was made from."""
    steps: tuple[Step, ...]
    """Every step in order."""

    @property
    def planned(self) -> float:
        """The planned session length: the sum of the steps' `planned` (check-ins and waits add
        nothing; self-paced sets 3 s a rep). Equals `Routine.planned_seconds()`."""
        return math.fsum(step.planned for step in self.steps)

    def journal_rows(self) -> list[dict[str, Any]]:
        """One row per exercise, as `Journal.start_session(plan=...)` takes them; `work_steps`
        and `work_seconds` count the exercise's work steps (`WORK_KINDS`) and their time, which
        the journal reads done against planned by."""
        defaults = self.routine.defaults
        work: dict[int, list[Step]] = {}
        for step in self.steps:
            if step.is_work:
                work.setdefault(step.exercise_index, []).append(step)
        return [
            {
                "index": i,
                "exercise": ex.name,
                "kind": ex.kind,
                "planned_seconds": ex.planned_seconds(defaults),
                "sets": ex.set_count,
                "sides": list(ex.sides) if ex.sides else None,
                "reps": ex.rep_counts,
                "work_steps": len(work.get(i, [])),
                "work_seconds": math.fsum(step.planned for step in work.get(i, [])),
            }
            for i, ex in enumerate(self.routine.exercises)
        ]


@lru_cache(maxsize=64)
def _at_start(cue: CueName) -> Mark:
    """The mark of a cue at a step's start (one shared mark per cue)."""
    return Mark(0.0, cue=cue)


@lru_cache(maxsize=256)
def _counts(planned: float) -> tuple[Mark, ...]:
    """The `count` marks of a step `planned` seconds long (marks are immutable, so steps of
    the same length share them)."""
    return tuple(
        Mark(offset=planned - n, cue="count", count=n)
        for n in range(COUNT_SECONDS, 0, -1)
        if planned - n > 0
    )


@lru_cache(maxsize=256)
def _hold_marks(first: CueName, planned: float) -> tuple[Mark, ...]:
    """The marks of a held rep with no cue line: its first cue, then the count (in order)."""
    return (_at_start(first), *_counts(planned))


_PHASE_CUES: dict[str, CueName] = {
    "inhale": "inhale",
    "hold": "hold",
    "exhale": "exhale",
    "hold_after": "hold",
}


def _breathing_marks(b: Breathing) -> list[Mark]:
    marks: list[Mark] = []
    t = 0.0
    for _ in range(b.cycle_count):
        for name, seconds in b.rep_phases:
            if seconds > 0:
                marks.append(Mark(offset=t, cue=_PHASE_CUES[name], rep_phase=name))
                t += seconds
    return marks


def _phase_marks(phases: tuple[tuple[str, float], ...], per_rep: float, count: int) -> list[Mark]:
    """A counted rep's rep phases: each one's name as it starts (a line, said with `--voice`),
    with a soft cue for every rep phase after the first (the rep's own cue starts it)."""
    marks: list[Mark] = []
    for k in range(count):
        offset = k * per_rep
        for j, (name, seconds) in enumerate(phases):
            marks.append(Mark(offset, cue="hold" if j else None, line=name, rep_phase=name))
            offset += seconds
    return marks


_REP_GOES_ON = ("relax", "work")
"""After these a held rep's cue is `next_rep`; after anything else (a get-ready, a rest, a side
switch) it is `go`."""

RELAX_COUNT_FROM = 5.0
"""A relax at least this long counts down its last seconds; a short one ends with the next
rep's cue alone."""


class _Builder:
    """Collects steps for one routine."""

    def __init__(self, routine: Routine) -> None:
        self.routine = routine
        self.steps: list[Step] = []

    def add(self, marks: Sequence[Mark] = (), **fields: Any) -> None:
        self.add_fields(fields, marks)

    def add_fields(self, fields: dict[str, Any], marks: Sequence[Mark]) -> None:
        """Add a step made of `fields` (the dict becomes the step's own) and `marks`."""
        fields["marks"] = tuple(sorted(marks, key=_offset)) if len(marks) > 1 else tuple(marks)
        self.add_ordered(fields)

    def add_ordered(self, fields: dict[str, Any]) -> None:
        """Add a step made of `fields`, its `marks` already a tuple in order."""
        fields["index"] = len(self.steps)
        self.steps.append(_new_step(fields))

    def exercise(self, i: int, ex: Exercise) -> None:
        d = self.routine.defaults
        base: dict[str, Any] = {"exercise": ex.name, "exercise_index": i, "sets": ex.set_count}
        if not d.auto_advance and not ex.right_after:
            self.add(kind="wait", planned=0.0, **base)
        get_ready = ex.get_ready_seconds(d)
        if get_ready > 0:
            marks = [Mark(0.0, cue="get_ready"), *_counts(get_ready)]
            self.add(kind="get_ready", planned=get_ready, marks=marks, **base)
        checkin = ex.checkin_when(d)
        due = {"after_set": "set", "after_side": "side", "after_exercise": "exercise"}.get(checkin)
        lines = [Mark(0.0, line=c.text) for c in ex.cues if c.at is None]
        previous = "get_ready"
        shared_marks = ex.hold is not None and not ex.cues
        for block in exercise_order(ex, d):
            if block.kind != "work":
                self._pause(block, base)
            elif shared_marks:
                self._held_rep(block, base, go=previous not in _REP_GOES_ON)
            else:
                self._work(ex, base, block, lines, go=previous not in _REP_GOES_ON)
                lines = []
            if block.kind == "work" and due in block.ends:
                where = {"set": block.set, "side": block.side, **base}
                self.add(kind="checkin", planned=0.0, checkin=checkin, **where)
            previous = block.kind

    def _pause(self, block: Block, base: dict[str, Any]) -> None:
        """A relax between held reps, a rest between sets or a side switch."""
        where = {"set": block.set, "side": block.side, **base}
        if block.kind == "relax":
            counts = _counts(block.seconds) if block.seconds >= RELAX_COUNT_FROM else ()
            marks = [Mark(0.0, cue="relax"), *counts]
            self.add(kind="relax", planned=block.seconds, marks=marks, **where)
        else:
            cue: CueName = "rest" if block.kind == "rest" else "switch_side"
            marks = [Mark(0.0, cue=cue), *_counts(block.seconds)]
            self.add(kind=block.kind, planned=block.seconds, marks=marks, **where)

    def _held_rep(self, block: Block, base: dict[str, Any], go: bool) -> None:
        """Nearly every step of a long routine: a held rep with no cue line, its marks (in
        order already) shared with every other rep of the same length."""
        fields = {
            "kind": "hold",
            "planned": block.seconds,
            "set": block.set,
            "side": block.side,
            "reps": block.reps,
            "rep": block.rep,
            "per_rep": block.seconds,
            "period_offset": block.period_offset,
            "marks": _hold_marks("go" if go else "next_rep", block.seconds),
            **base,
        }
        self.add_ordered(fields)

    def _work(
        self, ex: Exercise, base: dict[str, Any], block: Block, lines: list[Mark], go: bool
    ) -> None:
        common = {"set": block.set, "side": block.side, "reps": block.reps, **base}
        length = block.seconds
        start = block.period_offset
        first: CueName = "go" if go else "next_rep"
        at_lines = [
            Mark(c.at - start, line=c.text)
            for c in ex.cues
            if c.at is not None and start <= c.at < start + length
        ]
        if ex.duration is not None:
            marks = [Mark(0.0, cue="go"), *lines, *_counts(length)]
            if length >= HALFWAY_MIN_SECONDS:
                marks.append(Mark(length / 2, cue="halfway"))
            marks += at_lines
            self.add(kind="work", planned=length, marks=marks, **common)
        elif ex.breathing is not None:
            marks = [*lines, *_breathing_marks(ex.breathing), *at_lines]
            self.add(
                kind="breathing", planned=length, marks=marks, breathing=ex.breathing, **common
            )
        elif ex.hold is not None or ex.counted_seconds is not None:
            kind: StepKind = "hold" if ex.hold is not None else "tempo"
            per_rep = ex.hold if ex.hold is not None else ex.counted_seconds or 0.0
            phases = tuple((ex.rep_phases or {}).items())
            if kind == "hold":
                marks = [Mark(0.0, cue=first), *_counts(length), *at_lines, *lines]
            else:
                count = 1 if block.rep is not None else block.reps or 1
                marks = [Mark(0.0, cue=first, count=block.rep or 1), *lines, *at_lines]
                marks += [Mark(k * per_rep, cue="next_rep", count=k + 1) for k in range(1, count)]
                marks += _phase_marks(phases, per_rep, count)
            if phases:
                common["rep_phases"] = phases
            self.add(
                kind=kind,
                planned=length,
                rep=block.rep,
                per_rep=per_rep,
                period_offset=start,
                marks=marks,
                **common,
            )
        else:
            marks = [Mark(0.0, cue="go"), *lines]
            self.add(
                kind="self_paced",
                planned=length,
                alternating=block.alternating,
                marks=marks,
                **common,
            )


def build_plan(routine: Routine) -> Plan:
    """Turn a routine into the steps of a session.

    Per exercise: a `wait` (when `auto_advance` is false), `get_ready` (unless 0), then for each
    side (with a `switch_side` between sides) each set's work with a `rest` between sets (unless
    0), check-ins as `checkin` says, and a `between` rest before the next exercise (unless 0).

    Args:
        routine: A validated routine.

    Returns:
        The plan; its `planned` equals `routine.planned_seconds()`.
    """
    builder = _Builder(routine)
    between = routine.defaults.rest_between_exercises
    last = len(routine.exercises) - 1
    for i, ex in enumerate(routine.exercises):
        builder.exercise(i, ex)
        if i < last and between > 0 and not routine.exercises[i + 1].right_after:
            base = {"exercise": ex.name, "exercise_index": i, "sets": ex.set_count}
            marks = [Mark(0.0, cue="rest")]
            builder.add(kind="between", planned=between, marks=marks, **base)
    _mark_last_work(builder.steps)
    return Plan(routine=routine, steps=tuple(builder.steps))


def _mark_last_work(steps: list[Step]) -> None:
    """Set `last_work` on each exercise's last work step, in place."""
    last: dict[int, int] = {}
    for step in steps:
        if step.is_work:
            last[step.exercise_index] = step.index
    for index in last.values():
        steps[index] = replace(steps[index], last_work=True)


def _offset(mark: Mark) -> float:
    return mark.offset


def _new_step(fields: dict[str, Any]) -> Step:
    """A step with these fields, made without calling `Step.__init__`.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`, about three
    times the cost of a plain assignment, and over the 16,000 steps of a long routine that was
    most of the plan's making. The step is filled the way `copy` and `pickle` fill one, through
    its `__dict__` (a field left out keeps its class default); it is as frozen as any other.
    `tests/unit/test_plan.py` checks that every step built so equals one made by `__init__`.
    """
    step: Step = object.__new__(Step)
    object.__setattr__(step, "__dict__", fields)
    return step
