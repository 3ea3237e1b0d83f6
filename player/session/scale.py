"""The words for each number of the 0-10 pain scale under a routine's own stop rules.

The app's scale and the plain player's pain question both read `pain_words`, so a number that
stops the session says so in both faces whatever the routine's `stop_at` and `max_rise`. The
anchors (0-3 fine, 4-5 acceptable, over 5 too much) are the pain-monitoring model's, see
docs/clinical-basis.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from player.session.questions import FLAG_WORDS

if TYPE_CHECKING:
    from player.routine.models import Safety

STOPS = "the session stops"
"""What a number at a stop rule means, the same words for every rule."""


def _band(pain: int) -> str:
    """The plain word for a number below every stop rule (pain-monitoring model anchors)."""
    if pain == 0:
        return "no pain"
    if pain <= 3:
        return "mild"
    if pain <= 5:
        return "moderate"
    if pain <= 9:
        return "strong"
    return "worst imaginable"


def pain_word(pain: int, safety: Safety | None, baseline: int | None = None) -> str:
    """What one number means today: a plain word, or that the session stops at it and why.

    Args:
        pain: 0 to 10.
        safety: The routine's stop rules; None where no answer stops the session (the last
            question, the stop key's own question).
        baseline: The pain before the session, once given (the rise rule needs it).

    Returns:
        E.g. `mild`, `the session stops (your stop level is 5)`.
    """
    if safety is None:
        return _band(pain)
    if pain >= safety.stop_at:
        return f"{STOPS} (your stop level is {safety.stop_at})"
    if baseline is not None and safety.max_rise is not None and pain - baseline >= safety.max_rise:
        return f"{STOPS} (a rise of {safety.max_rise} or more from {baseline})"
    return _band(pain)


def pain_words(safety: Safety | None, baseline: int | None = None) -> tuple[str, ...]:
    """The word for each number 0 to 10 (index = pain), under the routine's stop rules.

    Args:
        safety: The routine's stop rules (None: plain words only).
        baseline: The pain before the session, once given.

    Returns:
        Eleven words.
    """
    return tuple(pain_word(n, safety, baseline) for n in range(11))


def scale_legend(words: tuple[str, ...]) -> str:
    """The scale in one line, numbers with the same word grouped: `0 no pain, 1-3 mild, 4
    moderate, 5-10 the session stops (your stop level is 5)`.

    Args:
        words: Eleven words, as `pain_words` gives them.

    Returns:
        The line.
    """
    parts: list[str] = []
    start = 0
    for n in range(1, len(words) + 1):
        if n == len(words) or words[n] != words[start]:
            span = str(start) if n - 1 == start else f"{start}-{n - 1}"
            parts.append(f"{span} {words[start]}")
            start = n
    return ", ".join(parts)


def stop_rules_text(safety: Safety) -> str:
    """The routine's stop rules in one sentence, as `hep show` prints them for a therapist.

    Args:
        safety: The routine's stop rules.

    Returns:
        E.g. `Stops at 6/10 or more; at a rise of 2 or more above the pain before the session;
        on sharp pain.`
    """
    parts = [f"at {safety.stop_at}/10 or more"]
    if safety.max_rise is not None:
        parts.append(f"at a rise of {safety.max_rise} or more above the pain before the session")
    if safety.stop_on:
        words = [FLAG_WORDS[f] for f in safety.stop_on]
        flags = words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", or " + words[-1]
        parts.append(f"on {flags}")
    return f"Stops {'; '.join(parts)}."
