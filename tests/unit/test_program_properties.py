"""Properties of the next-morning rule over random six-week histories (hypothesis), checked on
the decisions replayed from the history alone."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.program.decide import Decision, replay
from player.program.history import History, MorningFact, SessionFact
from player.program.loader import LoadedProgram, resolve_program
from player.program.models import Program
from player.program.store import ProgramRecord
from player.program.today import ProgramDay

DAY = timedelta(days=1)
FIRST = date(2024, 6, 3)
DAYS = 42
LOADED: LoadedProgram = resolve_program("back-to-running")
PROGRAM: Program = LOADED.program
ROUTINES = ("relaxation", "core-stabilization", "foam-roller")
EXAMPLES = 200
"""Examples per property (the closing counts: 5 properties x 200)."""


@st.composite
def histories(draw: st.DrawFn) -> History:
    """Six weeks of mornings and sessions: mostly good, with stops, flares, gaps and oddities."""
    sessions: list[SessionFact] = []
    mornings: list[MorningFact] = []
    away = draw(st.sets(st.integers(0, DAYS - 1), max_size=12))
    flare = draw(st.integers(0, DAYS))
    next_id = 1
    for n in range(DAYS):
        day = FIRST + n * DAY
        if n in away:
            continue
        if n and draw(st.integers(0, 9)) > 1:
            base = 6 if flare <= n < flare + 3 else 2
            pain = max(0, min(10, base + draw(st.integers(-1, 2))))
            stiffness = draw(st.sampled_from([None, "none", "under30", "over30"]))
            mornings.append(MorningFact(next_id, day, pain, stiffness))
            next_id += 1
        for routine in draw(st.lists(st.sampled_from(ROUTINES), max_size=3, unique=True)):
            outcome = draw(
                st.sampled_from(["completed"] * 8 + ["stopped_pain", "stopped_red_flag", "quit"])
            )
            flags = draw(st.sampled_from([(), (), ("spreading",), ("numbness",), ("sharp",)]))
            sessions.append(
                SessionFact(
                    session_id=next_id,
                    day=day,
                    routine=routine,
                    routine_name=routine.title(),
                    outcome=outcome,
                    highest=draw(st.integers(0, 7)),
                    preview=draw(st.integers(0, 19)) == 0,
                    nothing_done=draw(st.integers(0, 19)) == 0,
                    flags=flags if outcome.startswith("stopped") else (),
                )
            )
            next_id += 1
    return History(tuple(sessions), tuple(mornings))


def _decide(history: History) -> list[Decision]:
    return replay(PROGRAM, FIRST, 0, history, FIRST + (DAYS - 1) * DAY)


def _plain(decisions: list[Decision]) -> list[tuple[object, ...]]:
    return [(d.day, d.action, d.reason, d.standing) for d in decisions if d.session_id is None]


def _moved_on(decisions: list[Decision]) -> list[Decision]:
    return [d for d in decisions if d.action in ("advance", "complete")]


SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(histories())
def test_never_moves_on_within_the_window_after_a_stop_or_a_painful_session(
    history: History,
) -> None:
    window = PROGRAM.evidence.days
    for decision in _moved_on(_decide(history)):
        limit = PROGRAM.phases[decision.standing.phase - 1].advance_when.max_pain
        if decision.action == "complete":
            limit = PROGRAM.phases[-1].advance_when.max_pain
        recent = [
            s for s in history.sessions if decision.day - window * DAY <= s.day < decision.day
        ]
        assert not [s for s in recent if s.outcome.startswith("stopped")], decision
        assert not [s for s in recent if (s.highest or 0) > limit], decision


@SETTINGS
@given(histories())
def test_never_moves_on_on_the_first_day_back_from_a_break(history: History) -> None:
    played = sorted(
        {
            s.day
            for s in history.sessions
            if s.outcome != "quit" and not s.preview and not s.nothing_done
        }
    )
    gap = PROGRAM.evidence.break_days
    returns = set()
    previous = FIRST - DAY
    for day in played:
        if (day - previous).days - 1 >= gap:
            returns.add(day)
        previous = day
    for decision in _moved_on(_decide(history)):
        # The first day back and the day after it (its morning) never move on.
        assert decision.day not in returns, decision
        assert decision.day - DAY not in returns, decision
        last = max((d for d in played if d < decision.day), default=None)
        assert last is not None and (decision.day - last).days - 1 < gap, "moved on while away"


@SETTINGS
@given(histories())
def test_a_hold_or_a_step_back_never_raises_the_days_load(history: History) -> None:
    decisions = _decide(history)
    record = ProgramRecord(1, LOADED, FIRST, None)
    loads: dict[object, float] = {}
    routines: dict[str, object] = {}
    for index, decision in enumerate(decisions):
        if decision.action not in ("hold", "step_back") or decision.session_id is not None:
            continue
        before = [d for d in decisions[:index] if d.day < decision.day]
        was = before[-1].standing if before else decisions[0].standing
        today = [d for d in decisions if d.day <= decision.day]
        view = ProgramDay(record, decision.day, tuple(today), 0, history, loads, routines)  # type: ignore[arg-type]
        plan = view.load(view.plan_phase)
        held = view.load(was.phase, holding=True)
        assert plan <= held + 1e-6, (decision, plan, held)


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_a_morning_noted_twice_or_corrected_decides_as_if_noted_right_once(
    history: History, rnd: random.Random
) -> None:
    if not history.mornings:
        return
    extra = []
    for m in rnd.sample(list(history.mornings), k=min(5, len(history.mornings))):
        wrong = replace(m, id=-m.id, pain=rnd.choice([None, 0, 5, 9]))  # noted first, replaced
        extra.append(wrong)
        if rnd.random() < 0.5:
            extra.append(replace(m, id=-m.id - 100000))  # the same answer noted once more first
    noisy = History(history.sessions, (*extra, *history.mornings))
    assert _plain(_decide(noisy)) == _plain(_decide(history))


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_decisions_do_not_depend_on_the_order_of_a_days_commands(
    history: History, rnd: random.Random
) -> None:
    by_day: dict[date, list[SessionFact]] = {}
    for session in history.sessions:
        by_day.setdefault(session.day, []).append(session)
    shuffled = []
    for day in sorted(by_day):
        same = by_day[day][:]
        rnd.shuffle(same)
        shuffled += same
    mornings = list(history.mornings)
    rnd.shuffle(mornings)
    other = History(tuple(shuffled), tuple(mornings))
    assert _plain(_decide(other)) == _plain(_decide(history))
    notes = sorted(d.reason.split(".")[0] for d in _decide(other) if d.session_id is not None)
    assert notes == sorted(
        d.reason.split(".")[0] for d in _decide(history) if d.session_id is not None
    )
