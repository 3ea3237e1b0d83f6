"""Turning pydantic's validation errors into one-line `path:line:col: what is wrong` messages."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from player.routine.durations import describe
from player.routine.sheethints import meant_key, sheet_hint
from player.routine.yamlpos import Path_, Positions


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """The keys a mapping at `path` may hold, following the models down the path."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def dotted(path: Path_) -> str:
    """A path of keys and indices as authors write it: `exercises[2].breathing.inhale`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean_loc(loc: tuple[int | str, ...], positions: Positions) -> Path_:
    """Drop the segments pydantic adds for unions and validators (`function-after[...]`...)."""
    path: list[str | int] = []
    for part in loc:
        candidate = (*path, part)
        if candidate in positions.values or candidate in positions.keys:
            path.append(part)
        elif isinstance(part, str) and ("[" in part or part in ("int", "str", "list")):
            continue
        else:
            path.append(part)
    return tuple(path)


def _message(error: ErrorDetails, path: Path_, model: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(model, path[:-1])
        meant = meant_key(key, allowed)  # by meaning first, then by spelling
        close = [meant] if meant else difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(allowed)}"
        strictly = meant == "stop_at" and any(w in key for w in ("above", "over"))
        if strictly and isinstance(value, int) and not isinstance(value, bool):
            hint += f" ({key}: {value} is stop_at: {value + 1}, the pain that stops)"
        return f"unknown key '{key}'{hint}"
    sheet = sheet_hint(str(path[-1]), value) if path else None
    if sheet is not None:
        return f"{sheet} (found {describe(value)})"
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')} (found {describe(value)})"
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        # `sides: [1, 2]`, `name: 2024`: YAML reads a bare number as a number
        return (
            f"expected text (found the number {describe(value)}); to use it as text, put it "
            f'in quotes: "{describe(value)}"'
        )
    if kind in ("string_type", "int_type", "int_parsing", "bool_type", "bool_parsing", "list_type"):
        wanted = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "list_type": "a list",
        }[kind]
        return f"expected {wanted} (found {describe(value)})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys (found {describe(value)})"
    if kind == "int_from_float":
        return f"expected a whole number (found {describe(value)})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": f"at least {ctx.get('ge')}",
            "less_than_equal": f"at most {ctx.get('le')}",
            "greater_than": f"more than {ctx.get('gt')}",
            "less_than": f"less than {ctx.get('lt')}",
        }[kind]
        return f"must be {bound} (found {describe(value)})"
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        if kind.startswith("string"):
            if kind == "string_too_short":
                return "must not be empty"
            return f"is too long (at most {ctx.get('max_length')} characters)"
        if kind == "too_short":
            return f"needs at least {ctx.get('min_length')} item(s)"
        return f"has too many items (at most {ctx.get('max_length')})"
    return f"{error['msg'][0].lower()}{error['msg'][1:]} (found {describe(value)})"


def format_validation_error(
    exc: ValidationError, positions: Positions, display: str, model: type[BaseModel]
) -> list[str]:
    """One line per problem, ordered by position in the file.

    Args:
        exc: pydantic's error.
        positions: where each value stood in the YAML.
        display: the path exactly as the user gave it.
        model: the model that was validated (for "did you mean" key lists).

    Returns:
        Lines of the form `display:line:col: key.path: what is wrong (what was found)`.
    """
    found: list[tuple[tuple[int, int], str]] = []
    seen: set[str] = set()
    for error in exc.errors(include_url=False):
        path = _clean_loc(error["loc"], positions)
        is_key = error["type"] == "extra_forbidden"
        where = positions.nearest(path, key=is_key) or (1, 1)
        text = _message(error, path, model)
        label = dotted(path)
        line = f"{display}:{where[0]}:{where[1]}: {label + ': ' if label else ''}{text}"
        if line not in seen:
            seen.add(line)
            found.append((where, line))
    found.sort(key=lambda item: item[0])
    return [line for _, line in found]


def shown_problems(
    shown: BaseModel, before: BaseModel, positions: Positions, display: str
) -> list[str]:
    """The problems a validated model has once its text is made safe to show (`shown_deep`): a
    name of escape sequences only is empty, two sides that differ only by them are the same.

    Args:
        shown: The model with its text made safe.
        before: The model as validated.
        positions: Where each value stood in the YAML.
        display: The path exactly as the user gave it.

    Returns:
        One line per problem, as `format_validation_error` gives them; none when making the
        text safe changed nothing.
    """
    if shown == before:
        return []
    model = type(shown)
    try:
        model.model_validate(shown.model_dump(exclude_none=True))
    except ValidationError as exc:
        return format_validation_error(exc, positions, display, model)
    return []
