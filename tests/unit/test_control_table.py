"""The one table of controls: no clash with answers, one key per command, and the README agrees."""

from __future__ import annotations

from pathlib import Path

from player.controls import CONTROLS, app_keys_text, plain_help, waiting_hint
from player.plain import HELP

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
ANSWERS = {"y", "yes", "n", "no", *map(str, range(11))}


def test_no_key_or_word_answers_a_question() -> None:
    for c in CONTROLS:
        assert not ANSWERS & set(c.keys), c.command
        assert not ANSWERS & set(c.words), c.command


def test_each_key_and_word_does_one_thing() -> None:
    keys = [k for c in CONTROLS for k in c.keys]
    words = [w for c in CONTROLS for w in c.words]
    assert len(keys) == len(set(keys)) and len(words) == len(set(words))


def test_the_plain_help_is_the_table() -> None:
    assert HELP == plain_help()
    for c in CONTROLS:
        assert c.what in HELP


def test_the_readme_lists_every_control() -> None:
    table = README.split("## Controls", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(CONTROLS) + 1  # a heading, then a row per control
    for c, row in zip(CONTROLS, rows[1:], strict=True):
        assert f"`{c.words[0]}`" in row, (c.command, row)
        first = app_keys_text(c).split(" or ")[0]
        assert first.lower() in row.lower(), (c.command, row)


def test_waiting_hints_in_each_face() -> None:
    assert waiting_hint("done", "app") == "Enter when done"
    assert waiting_hint("done", "plain") == "type done (or press Enter) when the set is done"
