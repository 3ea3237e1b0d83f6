"""Any YAML-ish text either loads as a routine or raises the project's own error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.routine.loader import RoutineError
from player.routine.validation import validate_text
from tests.ci import examples

FRAGMENTS = [
    "name: R\n",
    "description: d\n",
    "exercises:\n",
    "  - name: a\n",
    "    duration: 30\n",
    "    reps: [5, 3, 1]\n",
    "    hold: 8\n",
    "    tempo: 2\n",
    "    sets: 3\n",
    "    sides: [left, right]\n",
    "    breathing: {inhale: 4, exhale: 6, cycles: 3}\n",
    "    cues: [hi, {text: x, at: 5}]\n",
    "&a [*a]\n",
    "!!python/name:os.system\n",
    "- \n",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "---\n",
    "<<: *a\n",
    "\t",
    "\x00",
    "'",
    '"',
    "\\",
    "1m30s",
    "-1\n",
    "null\n",
    "~\n",
    "? complex\n",
    "safety: {stop_at: 6}\n",
    "defaults: {}\n",
]


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=30))
def test_loader_loads_or_raises_its_own_error(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        routine = validate_text(text, "fuzz.yaml", Path("."))
    except RoutineError as exc:
        assert exc.lines
        for line in exc.lines:
            assert line.startswith("fuzz.yaml:") and "\n" not in line
    else:
        assert routine.exercises
