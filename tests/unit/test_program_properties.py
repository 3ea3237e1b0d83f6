"""Properties of the next-morning rule over random six-week histories (hypothesis), checked on
the decisions replayed from the history alone."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from player.program.decide import Decision, replay
from player.program.history import History, MorningFact, SessionFact
from player.program.loader import LoadedProgram, resolve_program
from player.program.models import Program
from player.program.store import ProgramRecord
from player.program.today import ProgramDay
from tests.ci import examples

DAY = timedelta(days=1)
FIRST = date(2024, 6, 3)
DAYS = 42
LOADED: LoadedProgram = resolve_program("back-to-running")
PROGRAM: Program = LOADED.program
ROUTINES = ("relaxation", "core-stabilization", "foam-roller")
EXAMPLES = 200
"""Examples per property (the closing counts: 6 properties x 200)."""


@st.composite
def histories(draw: st.DrawFn) -> History:
    """Six weeks of mornings and sessions. Each history has its own habits: how often a session
    stops or hurts, how often a morning goes unanswered, a spell away and a flare, so that
    some move on through every phase and others hold, step back or stall."""
    stop_one_in = draw(st.sampled_from([0, 0, 60, 20, 6]))
    sore_one_in = draw(st.sampled_from([0, 0, 30, 8]))
    unanswered_one_in = draw(st.sampled_from([0, 0, 12, 4]))
    away_from, away_for = draw(st.integers(0, DAYS)), draw(st.sampled_from([0, 0, 3, 5, 9]))
    flare_from, flare_for = draw(st.integers(0, DAYS)), draw(st.sampled_from([0, 0, 1, 2, 3]))
    extra_one_in = draw(st.sampled_from([0, 10]))
    late_one_in = draw(st.sampled_from([0, 0, 8, 3]))

    def one_in(n: int) -> bool:
        return n > 0 and draw(st.integers(0, n - 1)) == 0

    sessions: list[SessionFact] = []
    mornings: list[MorningFact] = []
    next_id = 1
    for n in range(DAYS):
        day = FIRST + n * DAY
        if away_from <= n < away_from + away_for:
            continue
        if n and not one_in(unanswered_one_in):
            base = 6 if flare_from <= n < flare_from + flare_for else 2
            pain = max(0, min(10, base + draw(st.integers(-1, 1))))
            stiffness = draw(st.sampled_from([None, "none", "none", "under30", "over30"]))
            # Noted in the morning, or (a late one) in the evening after the day's sessions.
            hour = 21 if one_in(late_one_in) else 7
            noted = datetime.combine(day, time(hour), UTC)
            mornings.append(MorningFact(next_id, day, pain, stiffness, noted))
            next_id += 1
        planned = ["relaxation"]
        planned += ["core-stabilization"] if day.weekday() in (0, 2, 4) else []
        planned += ["foam-roller"] if day.weekday() in (1, 3) or one_in(extra_one_in) else []
        for place, routine in enumerate(planned):
            stopped = one_in(stop_one_in)
            outcome = (
                draw(st.sampled_from(["stopped_pain", "stopped_red_flag"]))
                if stopped
                else ("quit" if one_in(30) else "completed")
            )
            flags = draw(st.sampled_from([(), ("spreading",), ("numbness",), ("sharp",)]))
            sessions.append(
                SessionFact(
                    session_id=next_id,
                    day=day,
                    routine=routine,
                    routine_name=routine.title(),
                    outcome=outcome,
                    highest=draw(st.integers(4, 7)) if one_in(sore_one_in) else 2,
                    preview=one_in(25),
                    nothing_done=one_in(25),
                    flags=flags if stopped else (),
                    started=datetime.combine(day, time(12 + place), UTC),
                )
            )
            next_id += 1
    return History(tuple(sessions), tuple(mornings))


def _decide(history: History) -> list[Decision]:
    return replay(PROGRAM, FIRST, 0, history, FIRST + (DAYS - 1) * DAY)


def _plain(decisions: list[Decision]) -> list[tuple[object, ...]]:
    return [(d.day, d.action, d.reason, d.standing) for d in decisions if d.session_id is None]


def _moved_on(decisions: list[Decision]) -> list[Decision]:
    moved = [d for d in decisions if d.action in ("advance", "complete")]
    event(f"moves on {min(len(moved), 2)}+ times" if moved else "never moves on")
    return moved


SETTINGS = settings(
    max_examples=examples(EXAMPLES), deadline=None, suppress_health_check=[HealthCheck.too_slow]
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
        event(f"a {decision.action}")
        before = [d for d in decisions[:index] if d.day < decision.day]
        was = before[-1].standing if before else decisions[0].standing
        # The plan the hold gives (yesterday's late morning may hold at the day's start, and
        # the day's own good morning end that hold at once, as the next day would).
        today = decisions[: index + 1]
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
def test_decisions_do_not_depend_on_the_order_of_a_days_commands_before_its_session(
    history: History, rnd: random.Random
) -> None:
    """The commands that do not play (today, morning, show) give the same decisions in any
    order before the day's first session, and so does the order of the sessions and of the
    journal's rows; a morning noted after the session is the one change allowed, and it
    applies from the next day (see the test below)."""
    by_day: dict[date, list[SessionFact]] = {}
    for session in history.sessions:
        by_day.setdefault(session.day, []).append(session)
    shuffled = []
    for day in sorted(by_day):
        same = by_day[day][:]
        rnd.shuffle(same)
        shuffled += same
    mornings = []
    for morning in history.mornings:
        played = history.played_from(morning.day)
        if morning.noted is not None and (played is None or morning.noted <= played):
            # Noted at any other time before the day's first session.
            noted = datetime.combine(morning.day, time(rnd.randrange(0, 12)), UTC)
            morning = replace(morning, noted=noted)
        mornings.append(morning)
    rnd.shuffle(mornings)
    other = History(tuple(shuffled), tuple(mornings))
    assert _plain(_decide(other)) == _plain(_decide(history))
    notes = sorted(d.reason.split(".")[0] for d in _decide(other) if d.session_id is not None)
    assert notes == sorted(
        d.reason.split(".")[0] for d in _decide(history) if d.session_id is not None
    )


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_a_morning_noted_after_the_days_session_changes_nothing_before_the_next_day(
    history: History, rnd: random.Random
) -> None:
    if not history.mornings:
        return
    chosen = rnd.choice(list(history.mornings))
    late = replace(chosen, noted=datetime.combine(chosen.day, time(23), UTC))
    moved = History(history.sessions, tuple(late if m is chosen else m for m in history.mornings))
    if moved.late_morning(chosen.day) is None:
        return  # no session that day: the morning is the day's whatever its time
    event("a morning moved after its session")
    before = [d for d in _decide(history) if d.day < chosen.day]
    assert [d for d in _decide(moved) if d.day < chosen.day] == before
    on_day = [d for d in _decide(moved) if d.day == chosen.day]
    without = History(history.sessions, tuple(m for m in history.mornings if m is not chosen))
    if history.early_morning(chosen.day) is chosen:
        # The day stands as if the morning had not been noted yet; the late one is said last.
        plain = [d for d in _decide(without) if d.day == chosen.day]
        assert [d.standing for d in on_day if d.morning_id != chosen.id] == [
            d.standing for d in plain
        ]
    if chosen.pain is not None:
        assert "applies from tomorrow" in on_day[-1].reason
        assert on_day[-1].standing == (on_day[:-1] or before)[-1].standing
