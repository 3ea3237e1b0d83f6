"""The rules between an exercise's keys, written for the JSON Schema so editors flag what hep
refuses: one way of timing, hold and tempo with reps, a reps list as long as its sets, sides for
alternating, alternating reps only with reps, a relax only between held reps, no timed cue on a
self-paced set, `rep_phases` with reps and without hold or tempo, no get-ready of its own on an
exercise `right_after` the one before, and no `right_after` on the first exercise.

What a schema cannot weigh stays with the loader alone: a cue's `at` past the end of its work,
the routine's total length, and a duration whose parts each fit but whose sum is over the limit.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from player.routine.shape import MAX_SETS

TIMINGS = ("duration", "reps", "breathing")


def given(key: str) -> dict[str, Any]:
    """The key is there and not null (the loader reads a null key as left out)."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def none_of(*keys: str) -> dict[str, Any]:
    """None of the keys is given."""
    return {"not": {"anyOf": [given(key) for key in keys]}}


def _when(condition: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": condition, "then": then}


def _is(key: str, value: Any) -> dict[str, Any]:
    return {"required": [key], "properties": {key: {"const": value}}}


NONZERO_PAUSE = {
    "anyOf": [
        {"type": "number", "not": {"const": 0}},
        {"type": "string", "pattern": "[1-9]"},
    ]
}
"""A pause value that is more than zero (the loader takes 0, `0s` and null as none)."""


def exercise_rules(keys: Collection[str] = ()) -> list[dict[str, Any]]:
    """The cross-key rules of an exercise, as JSON Schema subschemas (for its `allOf`).

    Args:
        keys: The exercise's keys in this format (rules for optional keys follow them).

    Returns:
        One subschema per rule; each matches the loader's check in `models.Exercise`.
    """
    clocks = ("hold", "tempo", "rep_phases") if "rep_phases" in keys else ("hold", "tempo")
    self_paced = {"allOf": [given("reps"), none_of(*clocks)]}
    rules: list[dict[str, Any]] = [
        {"oneOf": [given(key) for key in TIMINGS]},
        _when(given("hold"), given("reps")),
        _when(given("tempo"), given("reps")),
        {"not": {"allOf": [given("hold"), given("tempo")]}},
        _when(
            given("breathing"),
            {"properties": {"sets": {"anyOf": [{"type": "null"}, {"const": 1}]}}},
        ),
        _when(
            {
                "required": ["alternate_sides"],
                "properties": {"alternate_sides": {"not": {"const": "none"}}},
            },
            {"required": ["sides"], "properties": {"sides": {"type": "array", "minItems": 2}}},
        ),
        _when(_is("alternate_sides", "rep"), given("reps")),
        _when(
            {"required": ["rest_between_reps"], "properties": {"rest_between_reps": NONZERO_PAUSE}},
            given("hold"),
        ),
        _when(
            _is("right_after", True),
            {"not": {"required": ["get_ready"], "properties": {"get_ready": NONZERO_PAUSE}}},
        ),
        _when(
            self_paced,
            {
                "properties": {
                    "cues": {
                        "items": {
                            "not": {
                                "type": "object",
                                "required": ["at"],
                                "properties": {"at": {"not": {"type": "null"}}},
                            }
                        }
                    }
                }
            },
        ),
    ]
    if "rep_phases" in keys:  # timed phases of a counted rep: with reps, instead of hold or tempo
        rules.append(_when(given("rep_phases"), given("reps")))
        rules.append(
            {"not": {"allOf": [given("rep_phases"), {"anyOf": [given("hold"), given("tempo")]}]}}
        )
    for count in range(1, MAX_SETS + 1):  # a reps list has one count per set
        rules.append(
            _when(
                {
                    "required": ["sets", "reps"],
                    "properties": {"sets": {"const": count}, "reps": {"type": "array"}},
                },
                {"properties": {"reps": {"minItems": count, "maxItems": count}}},
            )
        )
    return rules


def add_rules(schema: dict[str, Any]) -> dict[str, Any]:
    """Put the cross-key rules into a schema made from the models.

    Args:
        schema: `Routine.model_json_schema()` with its descriptions; changed in place.

    Returns:
        The schema.
    """
    exercise = schema["$defs"]["Exercise"]
    exercise["allOf"] = [*exercise.get("allOf", []), *exercise_rules(exercise["properties"])]
    exercises = schema["properties"]["exercises"]
    if "right_after" in exercise["properties"]:  # the first exercise follows nothing
        first = {
            "not": {"required": ["right_after"], "properties": {"right_after": {"const": True}}}
        }
        # `items` no longer covers an item that `prefixItems` names: the first gets both.
        exercises["prefixItems"] = [{"allOf": [exercises["items"], first]}]
    sides = exercise["properties"].get("sides")
    if sides is not None:  # side labels must differ
        for option in sides.get("anyOf", [sides]):
            if option.get("type") == "array":
                option["uniqueItems"] = True
    return schema
