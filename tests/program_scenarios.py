"""Day-by-day program scenarios: a script of mornings and sessions with injected dates, played
into a real journal, and what the program decided on each day.

`python -m tests.program_scenarios` prints the built-in program's four runs as Markdown tables.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from player.journal.store.store import Journal
from player.localday import day_text
from player.program.decide import Decision
from tests.program_sim import MONDAY, Sim

DAY = timedelta(days=1)
SESSION_NOTES = ("stay",)


@dataclass(frozen=True)
class Today:
    """What the person does on one day of a scenario."""

    morning: int | None = None
    """The morning's pain (None: not answered)."""
    stiffness: str | None = None
    plays: str | list[tuple[str, dict[str, Any]]] = "due"
    """`due`: everything due, at the session pain; `none`; or (routine, options for Sim.play)."""
    highest: int = 2
    again: int | None = None
    """A second answer to the same morning, noted after the first (a correction)."""


Script = Callable[[int, date], Today]


@dataclass
class Scenario:
    """A named run: a program, a first day, a script and the decision expected on some days."""

    name: str
    days: int
    script: Script
    expect: dict[int, str] = field(default_factory=dict)
    """Day number (from 0) -> the day's decision (`hold`, `advance`, ...); every other day
    expects none (`-`) or `stay`."""
    program: str | Path = "back-to-running"
    start: date = MONDAY
    phase: int = 0


@dataclass(frozen=True)
class Row:
    """One day of a run, as the program had it at the end of the run."""

    n: int
    day: date
    morning: str
    played: str
    phase: str
    dose: str
    minutes: float
    """The planned minutes of the day's routines at the day's dose."""
    held_minutes: float
    """The same for the phase the person was in on the day before, at its lighter dose."""
    decision: str
    """The day's decision (`-` for none): the last one that is not about a session."""
    reasons: tuple[str, ...]
    decisions: tuple[Decision, ...]


def _day_decision(decisions: list[Decision]) -> str:
    own = [d for d in decisions if d.session_id is None and d.action not in ("notice", "revise")]
    return own[-1].action if own else "-"


def run(scenario: Scenario, journal: Journal) -> list[Row]:
    """Play a scenario into `journal`, one day after another; the last day's view decides.

    Args:
        scenario: The scenario.
        journal: An open, empty journal.

    Returns:
        One row per day.
    """
    sim = Sim(journal, scenario.program, scenario.start, scenario.phase)
    logs: list[tuple[str, str, float, float, str, str]] = []
    previous_phase = scenario.phase
    for n in range(scenario.days):
        day = scenario.start + n * DAY
        today = scenario.script(n, day)
        morning = "-"
        if today.morning is not None:
            sim.morning(day, today.morning, today.stiffness)
            morning = f"{today.morning}" + (f" {today.stiffness}" if today.stiffness else "")
        if today.again is not None:
            sim.morning(day, today.again, today.stiffness)
            morning += f" then {today.again}"
        view = sim.on(day)
        held_was = view.load(previous_phase, holding=True) / 60
        minutes = view.load(view.plan_phase) / 60
        dose = _dose_words(view)
        phase = view.program.phases[view.plan_phase].name
        played: list[str] = []
        if today.plays == "due":
            played = sim.play_due(day, highest=today.highest)
        elif today.plays != "none":
            for routine, options in today.plays:
                sim.play(day, routine, **options)
                played.append(routine + _options(options))
        after = sim.on(day)
        assert after.standing == view.standing, "a session never changes the day's plan"
        previous_phase = after.standing.phase
        logs.append((morning, ", ".join(played) or "-", minutes, held_was, phase, dose))
    last = sim.on(scenario.start + (scenario.days - 1) * DAY)
    rows = []
    for n, (morning, played, minutes, held_was, phase, dose) in enumerate(logs):
        day = scenario.start + n * DAY
        of_day = [d for d in last.decisions if d.day == day]
        rows.append(
            Row(
                n,
                day,
                morning,
                played,
                phase,
                dose,
                round(minutes, 1),
                round(held_was, 1),
                _day_decision(of_day),
                tuple(d.reason for d in of_day),
                tuple(of_day),
            )
        )
    return rows


def _options(options: dict[str, Any]) -> str:
    words = []
    if options.get("outcome", "completed") != "completed":
        words.append(str(options["outcome"]).replace("_", " "))
    if "highest" in options:
        words.append(f"{options['highest']}/10")
    words += list(options.get("flags", ()))
    if options.get("nothing_done"):
        words.append("all skipped")
    return f" ({', '.join(words)})" if words else ""


def _dose_words(view: Any) -> str:
    s = view.standing
    if s.holding:
        return f"held ({view.program.lighter.words()})"
    return "full"


def check(scenario: Scenario, rows: list[Row]) -> list[str]:
    """Where a run differs from what its scenario expects, in words (empty: as expected)."""
    wrong = []
    for row in rows:
        wanted = scenario.expect.get(row.n)
        got = row.decision
        if wanted is None and got not in ("-", "stay"):
            wrong.append(f"day {row.n} ({row.day}): expected no change, got {got}: {row.reasons}")
        elif wanted is not None and got != wanted:
            wrong.append(f"day {row.n} ({row.day}): expected {wanted}, got {got}: {row.reasons}")
    return wrong


# --- the built-in program's four runs --------------------------------------------------------


def all_goes_well(n: int, day: date) -> Today:
    """Every morning 2/10, everything due played at 2/10."""
    return Today(morning=2 if n else None)


def a_flare(n: int, day: date) -> Today:
    """A flare in week 3 (the first days of Build): two worse mornings in a row."""
    pains = {16: 5, 17: 6}
    return Today(morning=pains.get(n, 2) if n else None, highest=4 if n in (15, 16) else 2)


def a_week_away(n: int, day: date) -> Today:
    """Away for a week across the end of Settle (days 10 to 16), then back."""
    if 10 <= n <= 16:
        return Today(plays="none")
    return Today(morning=2 if n and n != 17 else None)


def spreading_then_silence(n: int, day: date) -> Today:
    """Core stopped for pain spreading down the leg on day 11, then nine days of sessions with
    the mornings not answered, then answered again."""
    if n == 11:
        plays = [
            ("relaxation", {}),
            (
                "core-stabilization",
                {"outcome": "stopped_pain", "highest": 6, "flags": ("spreading",)},
            ),
        ]
        return Today(morning=2, plays=plays)
    if 12 <= n <= 20:
        return Today()
    return Today(morning=2 if n else None)


BUILT_IN_RUNS = [
    Scenario("all goes well", 42, all_goes_well, {0: "start", 14: "advance", 28: "advance"}),
    Scenario(
        "a flare",
        42,
        a_flare,
        {0: "start", 14: "advance", 16: "hold", 17: "step_back", 18: "resume", 31: "advance"},
    ),
    Scenario(
        "a week away over a phase end",
        42,
        a_week_away,
        {0: "start", 14: "hold", 20: "advance", 34: "advance"},
    ),
    Scenario(
        "a stop for spreading pain, then unanswered mornings",
        42,
        spreading_then_silence,
        {0: "start", 12: "hold", 23: "resume", 24: "advance", 38: "advance"},
    ),
]
"""The built-in program followed for six weeks four ways (the expectations are checked by
tests/unit/test_program_scenarios.py, which fills in the later days)."""


def markdown(rows: list[Row]) -> list[str]:
    """A run as a Markdown table: day, morning, sessions, plan, decision and reason."""
    out = [
        "| day | date | morning | played | plan (phase, dose, min) | decision | reason |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        reasons = " / ".join(
            r
            for d, r in zip(row.decisions, row.reasons, strict=True)
            if d.session_id is None or "completed" not in r.split(".")[0]
        )
        plan = f"{row.phase}, {row.dose}, {row.minutes:g}"
        cells = [str(row.n), day_text(row.day), row.morning, row.played, plan, row.decision]
        out.append("| " + " | ".join([*cells, reasons.replace("|", "/") or "-"]) + " |")
    return out


def main() -> None:
    """Print the built-in program's four runs."""
    for scenario in BUILT_IN_RUNS:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["HEP_DATA_DIR"] = folder
            with Journal.open(Path(folder) / "journal.sqlite3") as journal:
                rows = run(scenario, journal)
        print(f"\n### {scenario.name}\n")
        print("\n".join(markdown(rows)))
        problems = check(scenario, rows)
        if problems:
            print("\nNot as expected:\n" + "\n".join(problems), file=sys.stderr)


if __name__ == "__main__":
    main()
