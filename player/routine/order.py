"""The order of an exercise's work: sets, sides and reps, with the relaxes, rests and switches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple, Protocol, TypeVar

SELF_PACED_SECONDS_PER_REP = 3.0
"""Self-paced sets have no clock; planned times assume about 3 s a rep (a slow, controlled rep)."""

BlockKind = Literal["work", "relax", "rest", "switch_side"]
End = Literal["set", "side", "exercise"]


class Pauses(Protocol):
    """The routine-wide pauses the order reads (the routine's `defaults`)."""

    @property
    def switch_side(self) -> float:
        """Seconds to change sides."""
        ...


D = TypeVar("D", bound=Pauses, contravariant=True)


class Timed(Protocol):
    """A piece of work with a known length (a breathing pattern)."""

    @property
    def total_seconds(self) -> float:
        """Its length in seconds."""
        ...


class Ordered(Protocol[D]):
    """What the order reads of an exercise (the routine format's `Exercise` fits it)."""

    @property
    def duration(self) -> float | None:
        """Seconds of a timed set."""
        ...

    @property
    def hold(self) -> float | None:
        """Seconds of a held rep."""
        ...

    @property
    def counted_seconds(self) -> float | None:
        """Seconds of one counted rep, or None when reps are not counted for you."""
        ...

    @property
    def breathing(self) -> Timed | None:
        """A breathing pattern, if the exercise is one."""
        ...

    @property
    def sides(self) -> Sequence[str] | None:
        """The sides, if worked on each."""
        ...

    @property
    def alternate_sides(self) -> str:
        """`none`, `set` or `rep`."""
        ...

    @property
    def set_count(self) -> int:
        """How many sets."""
        ...

    @property
    def rep_counts(self) -> list[int] | None:
        """Reps per set, or None."""
        ...

    @property
    def side_labels(self) -> Sequence[str | None]:
        """The sides in order, or `[None]`."""
        ...

    @property
    def self_paced(self) -> bool:
        """Reps with no clock."""
        ...

    def rest_seconds(self, defaults: D) -> float:
        """Rest between sets."""
        ...

    def relax_seconds(self, defaults: D) -> float:
        """Relax between held reps."""
        ...


class Block(NamedTuple):
    """One piece of an exercise after its get-ready: a piece of work or a pause between two.

    A named tuple: a long routine has thousands of blocks, made each time it is planned.
    """

    kind: BlockKind
    """`work`; `relax` between two held reps; `rest` between sets; `switch_side`."""
    seconds: float
    """Planned seconds (a self-paced set: its nominal 3 s a rep)."""
    set: int
    """The set, from 1 (for a rest: the set just done)."""
    side: str | None = None
    """The side worked (a switch: the side next); None for an exercise done once."""
    rep: int | None = None
    """For work done one rep at a time (holds; counted reps alternating each rep): the rep."""
    reps: int | None = None
    """Reps in the set, per side."""
    period_offset: float = 0.0
    """Seconds of this set on this side already worked before the block (for cues with `at`)."""
    ends: frozenset[End] = frozenset()
    """For work: what ends with it (a set, a side's work for the set, the exercise), which
    decides where check-ins fall."""
    alternating: tuple[str, ...] = ()
    """A self-paced set done on every side, alternating rep by rep: the sides."""


def _units(ex: Ordered[D]) -> list[tuple[int, str | None, int | None]]:
    """The (set, side, rep) of each piece of work, in order; rep is None for a whole set."""
    sides = ex.side_labels
    sets = range(1, ex.set_count + 1)
    counts = ex.rep_counts
    counted = ex.counted_seconds is not None
    per_rep = ex.hold is not None or (counted and ex.alternate_sides == "rep")

    def reps(set_no: int) -> list[int | None]:
        return list(range(1, counts[set_no - 1] + 1)) if per_rep and counts else [None]

    match ex.alternate_sides:
        case "rep":
            return [(s, side, r) for s in sets for r in reps(s) for side in sides]
        case "set":
            return [(s, side, r) for s in sets for side in sides for r in reps(s)]
        case _:
            return [(s, side, r) for side in sides for s in sets for r in reps(s)]


def _work_seconds(ex: Ordered[D], reps: int | None, one_rep: bool) -> float:
    if ex.duration is not None:
        return ex.duration
    if ex.breathing is not None:
        return ex.breathing.total_seconds
    per_rep = ex.hold if ex.hold is not None else ex.counted_seconds
    count = 1 if one_rep else (reps or 0)
    if per_rep is None:
        sides = len(ex.side_labels) if ex.alternate_sides == "rep" else 1
        return count * sides * SELF_PACED_SECONDS_PER_REP
    return count * per_rep


_NO_END: frozenset[End] = frozenset()
_SET: frozenset[End] = frozenset({"set"})
_SET_SIDE: frozenset[End] = frozenset({"set", "side"})
_ALL_END: frozenset[End] = frozenset({"set", "side", "exercise"})


def exercise_order(ex: Ordered[D], defaults: D) -> list[Block]:
    """Every piece of an exercise after its get-ready, in the order it is done.

    With `alternate_sides: none` each side does all its sets (a side switch between sides);
    `set` does set 1 on each side, then set 2 on each side (a side switch between sides, a rest
    between sets); `rep` alternates sides rep by rep within each set. Held reps get a relax
    between them (`rest_between_reps`); a self-paced set alternating each rep is one block.

    Args:
        ex: The exercise.
        defaults: The routine's defaults (rests, relax, switch).

    Returns:
        The blocks; their seconds add up to the exercise's planned time less its get-ready.
    """
    rest = ex.rest_seconds(defaults)
    relax = ex.relax_seconds(defaults)
    switch = defaults.switch_side
    counts = ex.rep_counts
    units = _units(ex)
    if ex.self_paced and ex.alternate_sides == "rep":
        units = [(s, None, None) for s in range(1, ex.set_count + 1)]
    interleaved = ex.alternate_sides == "rep"
    by_set = interleaved or ex.alternate_sides == "set"
    per = ex.hold if ex.hold is not None else ex.counted_seconds
    alternating = tuple(ex.sides or ()) if ex.self_paced and interleaved else ()
    seconds: dict[tuple[int | None, bool], float] = {}
    last = len(units) - 1
    out: list[Block] = []
    for i, (set_no, side, rep) in enumerate(units):
        if i:
            prev_set, prev_side, _ = units[i - 1]
            same_round = set_no == prev_set and (side == prev_side or interleaved)
            if not same_round and set_no > prev_set and rest > 0:
                out.append(Block("rest", rest, prev_set, prev_side))
            elif not same_round and side != prev_side and not interleaved and switch > 0:
                out.append(Block("switch_side", switch, set_no, side))
            elif rep is not None and relax > 0:
                out.append(Block("relax", relax, set_no, prev_side))
        reps = counts[set_no - 1] if counts else None
        if i == last:
            ends = _ALL_END
        else:
            next_set, next_side, _ = units[i + 1]
            if next_set != set_no:
                ends = _SET_SIDE if by_set or next_side != side else _SET
            elif next_side != side and not interleaved:
                ends = _SET_SIDE
            else:
                ends = _NO_END
        key = (reps, rep is not None)
        if key not in seconds:
            seconds[key] = _work_seconds(ex, reps, rep is not None)
        offset = (rep - 1) * per if rep is not None and per is not None else 0.0
        out.append(Block("work", seconds[key], set_no, side, rep, reps, offset, ends, alternating))
    return out
