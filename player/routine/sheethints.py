"""A therapist's sheet's own wordings, written where a routine wants a number: the line that
writes them (`stop_at: ">5"` is `stop_at: 6`), and keys that mean another key ("did you mean").

Everything here reads words split on spaces, never a backtracking pattern, so a hostile value
costs time in proportion to its length (and only short values are read at all).
"""

from __future__ import annotations

from typing import Any

LONGEST = 60
"""Values longer than this are no sheet wording: they get the ordinary message."""

MEANINGS: dict[str, str] = {
    # rests and pauses
    "rest_between_sets": "rest",
    "rest_sets": "rest",
    "set_rest": "rest",
    "pause": "rest",
    "break": "rest",
    "rest_after": "rest",
    "rest_between_exercise": "rest_between_exercises",
    "relax": "rest_between_reps",
    "rest_between_holds": "rest_between_reps",
    "countdown": "get_ready",
    "prepare": "get_ready",
    "ready": "get_ready",
    # dosing
    "repetitions": "reps",
    "rep": "reps",
    "count": "reps",
    "times": "reps",
    "set": "sets",
    "rounds": "sets",
    "time": "duration",
    "seconds": "duration",
    "length": "duration",
    "hold_time": "hold",
    "hold_for": "hold",
    "each_side": "sides",
    "per_side": "sides",
    "side": "sides",
    "notes": "instructions",
    "how": "instructions",
    "video": "link",
    "url": "link",
    "picture": "image",
    "photo": "image",
    "no_rest_before": "right_after",
    "straight_after": "right_after",
    "then": "right_after",
    "no_rest": "right_after",
    "no_break": "right_after",
    "no_pause": "right_after",
    # safety
    "stop_above": "stop_at",
    "stop_over": "stop_at",
    "stop_level": "stop_at",
    "stop_pain": "stop_at",
    "max_pain": "stop_at",
    "pain_limit": "stop_at",
    "limit": "stop_at",
    "rise": "max_rise",
    "max_increase": "max_rise",
    "increase": "max_rise",
    "stop_flags": "stop_on",
    "flags": "stop_on",
    "stop_if": "stop_on",
    "red_flags": "screen",
    "screening": "screen",
    "call": "advice",
    "contact": "advice",
    "stop_advice": "advice",
    "message": "advice",
    "on_stop": "advice",
    "stop_message": "advice",
    "stop_text": "advice",
    "phone": "advice",
}
"""Keys people write for a key of the format that means the same; "did you mean" offers the
meaning before the spelling (`rest_between_sets` is `rest`, not `rest_between_reps`)."""


def meant_key(key: str, allowed: list[str]) -> str | None:
    """The key of the format that `key` means, when it is one of the keys allowed there.

    Args:
        key: The unknown key as written.
        allowed: The keys the mapping may hold.

    Returns:
        The key, or None.
    """
    meant = MEANINGS.get(key.strip().lower().replace("-", "_").replace(" ", "_"))
    return meant if meant in allowed else None


def small_number(word: str) -> int | None:
    """A small whole number written with the digits 0-9, or None."""
    if word.isascii() and word.isdigit() and len(word) <= 3:
        return int(word)
    return None


def _out_of_ten(word: str) -> int | None:
    """A pain level as sheets write it, `5` or `5/10`, or None."""
    return small_number(word.removesuffix("/10").strip())


def _level(words: list[str]) -> tuple[int, bool] | None:
    """A threshold as sheets write it: (the number, whether the number itself is included).

    `>5`, `> 5`, `more than 5`, `over 5`, `above 5` are 5 not included; `>=5`, `5 or more`,
    `5+`, `at least 5` and a bare `5/10` include 5. A number may be written out of ten (`>5/10`).
    """
    text = " ".join(words)
    bare = _out_of_ten(text)
    if text.endswith("/10") and bare is not None:
        return bare, True
    for sign, included in (("≥", True), (">=", True), (">", False)):
        if text.startswith(sign):
            found = _out_of_ten(text[len(sign) :].strip())
            return None if found is None else (found, included)
    for lead, included in (
        ("more than ", False),
        ("greater than ", False),
        ("over ", False),
        ("above ", False),
        ("at least ", True),
    ):
        if text.startswith(lead):
            found = _out_of_ten(text[len(lead) :].strip())
            return None if found is None else (found, included)
    if text.endswith("+"):
        found = _out_of_ten(text[:-1].strip())
        return None if found is None else (found, True)
    if text.endswith(" or more"):
        found = _out_of_ten(text[: -len(" or more")].strip())
        return None if found is None else (found, True)
    return None


def _reps(words: list[str]) -> str | None:
    """`8 each side`, `3 sets of 10`, `10 reps`: the keys that write them."""
    if not words:
        return None
    count = small_number(words[0])
    rest = words[1:]
    if count is not None and rest and rest[-1] in ("side", "sides", "leg", "legs", "arm", "arms"):
        if rest[0] in ("each", "per", "a", "on") or rest[:2] == ["on", "each"]:
            return f"write the sides as their own key: reps: {count} with sides: [left, right]"
    if count is not None and len(rest) >= 3 and rest[0] in ("sets", "set") and rest[1] == "of":
        reps = small_number(rest[2])
        if reps is not None and rest[3:] in ([], ["reps"], ["repetitions"]):
            return f"write sets and reps as two keys: reps: {reps} with sets: {count}"
    if count is not None and rest[:1] in (["reps"], ["repetitions"], ["x"]) and "x" in rest:
        after = rest[rest.index("x") + 1 :]
        sets = small_number(after[0]) if after else None
        if sets is not None and rest.index("x") <= 1 and after[1:] in ([], ["sets"]):
            return f"write sets and reps as two keys: reps: {count} with sets: {sets}"
    if count is not None and rest in (["reps"], ["repetitions"], ["times"]):
        return f"reps is a number: reps: {count}"
    return None


def sheet_hint(key: str, value: Any) -> str | None:
    """The line that writes a sheet's wording of a value, or None when it is not one.

    Args:
        key: The key the value was given for (`stop_at`, `max_rise`, `reps`...).
        value: The value as written.

    Returns:
        E.g. `stop_at is the pain that stops the session: "more than 5" is stop_at: 6`.
    """
    if not isinstance(value, str) or len(value) > LONGEST:
        return None
    words = value.strip().lower().split()
    if key in ("stop_at", "max_rise"):
        level = _level(words)
        if level is None:
            return None
        number, included = level
        meant = number if included else number + 1
        what = (
            "the pain that stops the session"
            if key == "stop_at"
            else "the rise above the pain before the session that stops it"
        )
        return f'{key} is {what}, as a number: "{value.strip()}" is {key}: {meant}'
    if key == "reps":
        return _reps(words)
    return None
