"""Which mornings are worse, and why: pain above your usual, stiffness longer than usual, or a
week-to-week rise. The usual comes from good mornings only, so worse ones never drag it up."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from player.program.history import History, MorningFact
from player.program.models import STIFFNESS, Program

SETTLED_AFTER = 3
"""With fewer good mornings than this, the first morning is the usual (one or two mornings are
too few for a middle value: mornings 2, 5, 5 must not make 3.5 the usual)."""
WEEK = 7
"""The rise compares the median morning of the last 7 days with each of the two weeks before
them (a rise of 2 points over two weeks is caught, though each day is close to the usual)."""
WEEK_ANSWERS = 3
"""Each of the two weeks needs at least this many answered mornings for a rise to count."""


@dataclass(frozen=True)
class Judged:
    """One answered morning, judged against the mornings before it."""

    morning: MorningFact
    usual: float | None
    """Your usual morning pain before it (None: the first morning, which sets it)."""
    worse: bool
    why: str
    """How it compares, in words: `3 above your usual 2`, `stiff for longer than your usual
    (none)`, `this week's mornings (median 5) 2 above the week before (3)`, `at your usual 2`."""

    @property
    def pain(self) -> int:
        """The morning's pain."""
        assert self.morning.pain is not None
        return self.morning.pain


def _band(stiffness: str | None) -> int | None:
    return STIFFNESS.index(stiffness) if stiffness in STIFFNESS else None


_BAND_WORDS = ("no stiffness", "stiff under 30 min", "stiff over 30 min")


def _median_week(pains: dict[date, int], last: date) -> float | None:
    found = [p for n in range(WEEK) if (p := pains.get(last - timedelta(days=n))) is not None]
    return statistics.median(found) if len(found) >= WEEK_ANSWERS else None


def judge_all(program: Program, history: History) -> dict[date, Judged]:
    """Judge every answered morning in day order (the latest answer for a day counts).

    A morning is worse when its pain is `worse_by` or more above your usual; or (with
    `stiffness_worse`) its stiffness lasted longer than your usual band; or the median morning of
    the last 7 days is `worse_by` or more above the median of either of the two weeks before (a
    slow rise that the usual would follow). The usual is the median of your last `usual_of` good
    mornings; with fewer than 3 good mornings, it is your first morning.

    Args:
        program: For the `morning` settings.
        history: The mornings.

    Returns:
        Each answered morning's judgement, by day.
    """
    rules = program.morning
    answered = [m for m in history.daily_mornings() if m.pain is not None]
    by_day = {m.day: m.pain for m in answered if m.pain is not None}
    good: list[MorningFact] = []
    first: MorningFact | None = None
    out: dict[date, Judged] = {}
    for morning in answered:
        assert morning.pain is not None
        pool = good if len(good) >= SETTLED_AFTER else ([first] if first else [])
        pains = [m.pain for m in pool[-rules.usual_of :] if m.pain is not None]
        usual = statistics.median(pains) if pains else None
        if first is None:
            first = morning
            good.append(morning)
            out[morning.day] = Judged(morning, None, False, "your first morning check")
            continue
        reasons = []
        assert usual is not None
        if morning.pain - usual >= rules.worse_by:
            reasons.append(f"{morning.pain - usual:g} above your usual {usual:g}")
        band = _band(morning.stiffness)
        if rules.stiffness_worse and band is not None:
            bands = [b for m in pool[-rules.usual_of :] if (b := _band(m.stiffness)) is not None]
            usual_band = int(statistics.median_low(bands)) if bands else None
            if usual_band is not None and band > usual_band:
                reasons.append(f"stiff for longer than your usual ({_BAND_WORDS[usual_band]})")
        now = _median_week(by_day, morning.day)
        weeks = [_median_week(by_day, morning.day - timedelta(days=WEEK * k)) for k in (1, 2)]
        earlier = [w for w in weeks if w is not None]
        if now is not None and earlier and morning.pain > usual:
            lowest = min(earlier)
            if now - lowest >= rules.worse_by:
                reasons.append(
                    f"your last 7 mornings (median {now:g}) {now - lowest:g} above "
                    f"{'the week' if lowest == weeks[0] else 'two weeks'} before ({lowest:g})"
                )
        if reasons:
            out[morning.day] = Judged(morning, usual, True, "; ".join(reasons))
            continue
        calm = "at" if morning.pain <= usual else "close to"
        out[morning.day] = Judged(morning, usual, False, f"{calm} your usual {usual:g}")
        good.append(morning)
    return out
