"""The one function that makes file text safe for a terminal: what goes, what stays."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from player.safetext import shown, shown_deep, shown_markup, spelled_out
from tests.ci import examples

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def acts_on_a_terminal(text: str, *, lines: bool = False) -> list[str]:
    allowed = {"\n", "\t"} if lines else set()
    return [c for c in text if (unicodedata.category(c) == "Cc" and c not in allowed) or c in BIDI]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("\x1b]52;c;ZWNobyBwd25lZA==\x07Calf", "Calf"),  # OSC 52 sets the clipboard
        ("\x1b]52;c;ZWNobyBwd25lZA==\x1b\\Calf", "Calf"),  # ended by ST
        ("\x1b[2J\x1b[HCalf", "Calf"),  # clears the screen
        ("\x1b[38;2;255;0;0mred\x1b[0m", "red"),
        ("\x9b31mred", "red"),  # the 8-bit CSI
        ("\x9d0;title\x9cname", "name"),  # the 8-bit OSC and ST
        ("a\x1bPq#0;2;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b_apc\x1b\\b", "ab"),
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),  # a hidden hyperlink
        ("a\x1b(0b", "ab"),  # a character set change (ESC and the character after it)
        ("a\x1bcb", "ab"),  # a full reset
        ("cut \x1b]0;title", "cut "),  # an unended OSC takes the rest
        ("over\rwrite\bx\x07\x00", "over writex"),  # a carriage return is a line break
        ("\u202eevil\u202c \u2066iso\u2069", "evil iso"),  # bidi overrides and isolates
        (
            "\u05e9\u05dc\u05d5\u05dd \u200f",
            "\u05e9\u05dc\u05d5\u05dd \u200f",
        ),  # RTL text, marks stay
        (
            "\U0001f469\u200d\U0001f469\u200d\U0001f467",
            "\U0001f469\u200d\U0001f469\u200d\U0001f467",
        ),
        ("[bold]x[/bold] [@click=app.quit]q[/]", "[bold]x[/bold] [@click=app.quit]q[/]"),
        ("one\ntwo\tthree", "one two three"),  # one line stays one line
        ("para\u2028graph\x85", "para graph "),
    ],
)
def test_shown_drops_what_a_terminal_acts_on(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_lines_keep_newlines_and_tabs_but_not_carriage_returns() -> None:
    assert shown("one\n\ttwo\r\n\x1b[1mthree", lines=True) == "one\n\ttwo\nthree"


def test_markup_is_escaped_only_where_it_renders() -> None:
    markup = shown_markup("[@click=app.quit]x[/] \x1b[5mblink")
    assert Text.from_markup(markup).plain == "[@click=app.quit]x[/] blink"


def test_an_error_line_spells_its_controls_out() -> None:
    assert spelled_out("bad\x1b]52;c;eA==\x07\nname") == "bad\\x1b]52;c;eA==\\x07\\nname"


def test_shown_deep_reaches_every_string() -> None:
    value = {"a\x1b[1m": ["x\x07", ("y\x9b1m", 3)], "n": None, "k": {"z": "\u202ez"}}
    assert shown_deep(value) == {"a": ["x", ("y", 3)], "n": None, "k": {"z": "z"}}


@settings(max_examples=examples(300))
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), st.booleans())
def test_nothing_that_acts_on_a_terminal_is_left(text: str, lines: bool) -> None:
    out = shown(text, lines=lines)
    assert acts_on_a_terminal(out, lines=lines) == []
    assert shown(out, lines=lines) == out  # safe text passes through unchanged


@settings(max_examples=examples(200))
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Zl", "Zp"))))
def test_text_without_controls_is_kept_as_typed(text: str) -> None:
    assert shown(text) == text


@pytest.mark.timeout(5)
@pytest.mark.parametrize(
    "attack",
    [
        "\x1b[" + "0" * 1_000_000,
        "\x1b]" * 500_000,
        "\x9b" * 1_000_000,
        "\x1b" * 1_000_000,
        "a\x1b[1;" * 200_000,
    ],
    ids=["csi-params", "osc-starts", "c1-csi", "escapes", "csi-runs"],
)
def test_a_megabyte_of_escapes_is_cleaned_in_linear_time(attack: str) -> None:
    assert acts_on_a_terminal(shown(attack)) == []
