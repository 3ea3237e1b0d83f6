"""Fuzz of the plain player's answers: any typed line is a valid answer or a clean "ask again".

`parse_pain` and `parse_yes_no` (player/answers.py) on about 5,000 lines, then the plain
player itself handling about 1,500 lines at an open pain question and at a red-flag question.
Hypothesis prints the falsifying line; `HEP_FAULT_SEED` fixes its seed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from player.answers import DIGITS_ONLY, parse_pain, parse_yes_no
from player.conductor.core import NOTE_QUESTION, Conductor
from player.controls import CONTROLS, control
from player.plain import PlainPlayer
from player.routine.loader import load_routine
from player.routine.models import FLAGS
from player.session.safety import CheckinAnswer
from tests.faults.conftest import ROUTINE, write_routine

SEED = int(os.environ.get("HEP_FAULT_SEED", "7"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )


WORDS = ["sharp", "spreading", "numbness", "sh", "sp", "nu", "s", "stop", "yes", "no", "y", "n"]
WORDS += ["!", "m", "mute", "e", "i"]
WORDS += ["q"]
ODD = [
    "\u00b2",  # superscript two: isdigit() but not int()
    "\u0663",  # Arabic-Indic three
    "\u0967",  # Devanagari one
    "\uff17",  # full-width seven
    "\u2168",  # Roman numeral nine
    "9" * 5000,  # past Python's int-to-str digit limit
    "-1",
    "+3",
    "1e1",
    "0x5",
    "3.5",
    "\x00",
    "\x1b[A",
    "\u202e7",
    "\U0001f600",
    "\t",
    "\r",
    ",",
    "",
]
STOP_WORDS = control("stop_for_pain").words
QUIT_WORDS = control("quit").words
COMMANDS = {
    word for c in CONTROLS if c.command not in ("stop_for_pain", "quit", "done") for word in c.words
}
"""The plain player's commands other than stop, quit and done, from the one table of controls
(at a question, some do nothing)."""
pieces = st.one_of(
    st.sampled_from(WORDS + ODD),
    st.integers(-20, 30).map(str),
    st.text(max_size=6),
    st.text(alphabet="0123456789 ,\t", max_size=8),
)
lines = st.one_of(
    st.text(max_size=40),
    st.lists(pieces, max_size=5).flatmap(
        lambda ws: st.sampled_from([" ", ",", ", ", "  ", "\t"]).map(lambda sep: sep.join(ws))
    ),
)


@seed(SEED)
@fuzz(3500)
@given(lines)
def test_parse_pain_gives_a_valid_answer_or_none(text: str) -> None:
    answer = parse_pain(text)
    if answer is not None:
        assert isinstance(answer, CheckinAnswer)
        assert type(answer.pain) is int and 0 <= answer.pain <= 10, (text, answer)
        assert set(answer.flags) <= set(FLAGS) and len(set(answer.flags)) == len(answer.flags)


@seed(SEED)
@fuzz(1500)
@given(lines)
def test_parse_yes_no_gives_yes_no_or_none(text: str) -> None:
    assert parse_yes_no(text) in (True, False, None)
    if text.strip().lower() in ("y", "yes"):
        assert parse_yes_no(text) is True


def _player(routine: Path, screen: bool) -> tuple[PlainPlayer, io.StringIO]:
    text = ROUTINE.replace("screen: never", "screen: always") if screen else ROUTINE
    loaded = load_routine(write_routine(routine.parent, text, routine.name))
    conductor = Conductor(loaded)
    out = io.StringIO()

    class NoLines:
        def poll(self, timeout: float) -> tuple[list[str], bool]:
            return [], False

    player = PlainPlayer(conductor, NoLines(), out, clock=lambda: 1000.0, typeahead=False)
    player.show(conductor.start(1000.0))
    return player, out


@seed(SEED)
@fuzz(1500)
@given(line=lines, screen=st.booleans())
def test_the_plain_player_takes_any_line_at_a_question(line: str, screen: bool) -> None:
    folder = Path(os.environ["HEP_DATA_DIR"]).parent / "fuzz"
    player, out = _player(folder / "r.yaml", screen)
    c = player.c
    before = c.prompt
    assert before is not None and before.kind == ("yes_no" if screen else "pain")
    start = out.tell()
    assert player._handle(line) is True
    said = out.getvalue()[start:]
    text = line.strip().lower()
    if c.noting:
        # A pain answer at a terminal: its optional note is asked next.
        assert parse_pain(text) is not None and said == f"{NOTE_QUESTION}\n", (line, said)
    elif c.prompt is before and c.stage in ("screen", "baseline"):
        # Not taken: asked again (or a command such as help, pause, instructions, a note).
        noted = text == "note" or text.startswith("note ")
        assert "Please answer with" in said or text in COMMANDS or noted, (line, said)
    elif text in STOP_WORDS:
        assert c.stopping and c.prompt is not None and c.prompt.when == "stop", (line, said)
    elif text in QUIT_WORDS:
        assert c.stage == "done", (line, said)
    elif screen:
        assert parse_yes_no(text) is not None, (line, said)
    else:
        assert parse_pain(text) is not None, (line, said)


def test_the_plain_player_says_why_a_superscript_two_is_not_a_pain() -> None:
    folder = Path(os.environ["HEP_DATA_DIR"]).parent / "digits"
    player, out = _player(folder / "r.yaml", screen=False)
    before = player.c.prompt
    start = out.tell()
    assert player._handle("\u00b2") is True
    said = out.getvalue()[start:]
    assert player.c.prompt is before and not player.c.noting
    assert said.startswith(f"{DIGITS_ONLY.capitalize()} (found '\u00b2').\nPlease answer with ")
