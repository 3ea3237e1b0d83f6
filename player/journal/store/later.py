"""Parts of the journal's schema named by where they are defined, imported only once a journal
is opened (`parts.declared`): a command declares them without paying for their modules, and the
app can put its first question up before any of them is loaded."""

from __future__ import annotations

NAMED: list[tuple[str, str]] = []
"""(module, name) of each part declared this way and not imported yet, in order."""


def declare_later(module: str, name: str) -> None:
    """Declare the part `name` of `module` (see `parts.declare`), imported when a journal
    first asks for the parts.

    Args:
        module: The module's full name.
        name: The `SchemaPart` in it.
    """
    NAMED.append((module, name))
