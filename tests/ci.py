"""Whether the tests run in CI, where every random test uses a fixed seed, or under mutation
testing, where each property test draws a few fixed examples."""

from __future__ import annotations

import os


def in_ci() -> bool:
    """True when `CI` is set (as CI services set it) to anything but an empty or false value."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


MUTATION_EXAMPLES = 10
"""How many examples a property test draws under mutation testing (`make mutate` sets
HEP_MUTATION): every mutant runs the tests that reach it, and a few fixed examples per
property keep a module's run to minutes while still exercising each property."""


def under_mutation() -> bool:
    """True while `make mutate` runs the tests against a mutant."""
    return bool(os.environ.get("HEP_MUTATION"))


def examples(n: int) -> int:
    """A property test's example count: `n`, or at most `MUTATION_EXAMPLES` under mutation."""
    return min(n, MUTATION_EXAMPLES) if under_mutation() else n
