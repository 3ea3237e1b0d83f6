"""Safe YAML to plain data, keeping where every value stood in the file (line and column).

Plain scalars are read by YAML 1.2's core schema, as editors' YAML language servers read them:
only `true`/`false` (any case as written by the spec) are booleans, so `yes`, `no`, `on` and
`off` stay text; `017` is the number 17 (not octal 15; `0o17` is octal); no dates, no base-60
numbers (`2:3` is text). PyYAML alone reads YAML 1.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from player.files import text_place
from player.routine.durations import describe
from player.routine.yamlhints import explain

MAX_NODES = 100_000  # far beyond any real routine; stops alias bombs ("billion laughs")
MAX_DEPTH = 40  # a routine nests about 5 deep
MAX_KEY = 100
"""The longest key read, in characters: every key the formats know is a word or two (a rep
phase's name is at most 20), and an error line quotes the key."""

Path_ = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Escapes such as \\ud800 make text that cannot be printed or stored as UTF-8."""


class CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader resolving plain scalars by the YAML 1.2 core schema, composing no
    deeper than `MAX_DEPTH` (its composer recurses: `[[[...` thousands deep ran out of stack)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, refused at the place where it nests too deep."""
        self.depth += 1
        try:
            # The root is depth 1 and a plain key is no level, as `_Builder` counts them.
            key = isinstance(parent, yaml.MappingNode) and index is None
            if self.depth > MAX_DEPTH + 1 and not (key and self.check_event(yaml.ScalarEvent)):
                raise YamlProblem(
                    f"nested more than {MAX_DEPTH} levels deep", *_mark(self.peek_event())
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


CoreLoader.yaml_implicit_resolvers = {}
_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),  # not YAML 1.2: found only to be refused
)
for _tag, _regex, _first in _CORE_RESOLVERS:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_regex), list(_first))


def core_scalar(tag: str, text: str) -> Any:
    """A plain scalar's value by the YAML 1.2 core schema (see the module docstring).

    Args:
        tag: Its resolved (or explicit) tag: bool, int, float or null.
        text: The scalar as written.

    Returns:
        The value.

    Raises:
        ValueError: The text is not a value of that tag.
    """
    kind = tag.rsplit(":", 1)[-1]
    if kind == "null":
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(text)
        return None
    if kind == "bool":
        if text.lower() not in ("true", "false"):
            raise ValueError(text)
        return text.lower() == "true"
    if kind == "int":
        body = text.lstrip("+-")
        sign = -1 if text.startswith("-") else 1
        if body.startswith("0o"):
            return sign * int(body[2:], 8)
        if body.startswith("0x"):
            return sign * int(body[2:], 16)
        return sign * int(body, 10)
    if kind == "float":
        lowered = text.lower()
        if lowered.lstrip("+-") == ".inf":
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered == ".nan":
            return float("nan")
        return float(text)
    raise ValueError(text)


class YamlProblem(Exception):
    """A problem found while reading YAML, with its 1-based position when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def in_file(self, display: str) -> str:
        """The problem as one error line of the file `display`: `path:line:col: message`."""
        where = f"{self.line}:{self.column}:" if self.line else ""
        return f"{display}:{where} {self.message}"


@dataclass
class Positions:
    """Where each value (by its path of keys and indices) stood: `path -> (line, column)`."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def nearest(self, path: Path_, *, key: bool = False) -> tuple[int, int] | None:
        """The position of `path`, or of its closest ancestor that has one."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            where = self.values.get(path[:end])
            if where is not None:
                return where
        return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self) -> None:
        self.positions = Positions()
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the file expands to more than {MAX_NODES:,} values (aliases used to "
                "multiply it?)",
                *_mark(node),
            )
        if len(path) > MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *_mark(node))
        self.positions.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise YamlProblem("an alias refers to a value that contains itself", *_mark(node))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != "tag:yaml.org,2002:seq":
                    raise YamlProblem(f"unsupported tag {node.tag}", *_mark(node))
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            if node.tag != "tag:yaml.org,2002:map":
                raise YamlProblem(f"unsupported tag {node.tag}", *_mark(node))
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("merge keys (<<) are not supported", *_mark(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "a key must be plain text (found a list or mapping)", *_mark(key_node)
                )
            if len(key_node.value) > MAX_KEY:  # as written: `0x` and 5,000 digits too
                raise YamlProblem(
                    f"a key of {len(key_node.value):,} characters; keys are names such as "
                    f"duration (at most {MAX_KEY} characters)",
                    *_mark(key_node),
                )
            key = self._scalar(key_node)
            if key is None:
                key = "null"  # as the file writes it (`~` too), not Python's None
            elif not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = self.positions.keys[(*path, key)]
                raise YamlProblem(
                    f"duplicate key '{key}' (first at line {first[0]})", *_mark(key_node)
                )
            self.positions.keys[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _TIMESTAMP or (node.tag in _NUMBER_TAGS and ":" in node.value):
            # A date, or YAML 1.1's base-60 number (`2:3` read as 123), is never meant in a
            # routine: keep the text, as editors reading YAML 1.2 do (a ratio such as 2:3).
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(f"unsupported tag {node.tag}", *_mark(node))
        if _SURROGATE.search(node.value):
            raise YamlProblem(
                "the text holds a lone surrogate escape (such as \\ud800), not a character",
                *_mark(node),
            )
        try:
            if node.tag == "tag:yaml.org,2002:str":
                return node.value
            return core_scalar(node.tag, node.value)
        except (ValueError, TypeError, IndexError, KeyError, OverflowError, yaml.YAMLError):
            raise YamlProblem(
                f"unreadable value {describe(node.value)} for its tag {node.tag}", *_mark(node)
            ) from None


def parse(text: str) -> tuple[Any, Positions]:
    """Parse one YAML document with safe semantics only.

    Args:
        text: the document.

    Returns:
        The data (None for an empty document) and the positions of its values.

    Raises:
        YamlProblem: bad YAML, duplicate keys, unsupported tags, alias bombs, recursion, depth.
    """
    loader: CoreLoader | None = None
    try:
        loader = CoreLoader(text)  # its reader refuses an unprintable character at once
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark is None:
            raise YamlProblem(what) from None
        begun = exc.context_mark
        context = (begun.line + 1, begun.column + 1) if begun is not None else None
        hint = explain(what, text, mark.line + 1, mark.column + 1, context)
        if hint is not None:
            raise YamlProblem(hint.message, hint.line, hint.column) from None
        raise YamlProblem(what, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        line, column = text_place(text, exc.position)
        raise YamlProblem(
            f"unprintable character #x{exc.character:04x} is not allowed", line, column
        ) from None
    except RecursionError:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, OverflowError):  # chr() of `\U99999999`, read up to its digits
        what = "an escape sequence names a character that does not exist"
        if loader is None:
            raise YamlProblem(what) from None
        mark = loader.get_mark()  # its backslash is two characters before the digits
        raise YamlProblem(what, mark.line + 1, max(1, mark.column - 1)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, Positions()
    builder = _Builder()
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    return data, builder.positions


def whole_numbers(data: Any) -> Any:
    """The data with every float that is a whole number (`6.0`) made an int, as JSON Schema's
    `integer` takes it.

    Args:
        data: Plain data read from YAML.

    Returns:
        The same data, rebuilt where a float changed.
    """
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {key: whole_numbers(value) for key, value in data.items()}
    if isinstance(data, list):
        return [whole_numbers(value) for value in data]
    return data
