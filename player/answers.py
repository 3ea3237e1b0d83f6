"""The one reader of each kind of answer a person types: pain, yes/no, stiffness, a date, a
time of day, a count.

Every face and command reads answers here, so `7 sharp`, `y`, `u` or `2026-03-01` means the same
in the app, the plain player and on the command line. The app's keys are read here too, one at a
time: a letter in either case (Caps Lock on, `Y` is `y`, as a typed `YES` is `yes`).

Numbers are written with the ASCII digits 0-9 only. Other characters that Python counts as
digits (a superscript `²`, which is a key on AZERTY keyboards; Arabic-Indic `٣`; full-width `７`;
a circled or Roman numeral) are refused with a message that says so, rather than read: the scale
shows 0-10 in ASCII, a superscript two is a typing slip more often than a two, and an answer that
decides whether a session stops is echoed back as typed only when it is the number the person
sees on the screen. `int()` alone would take some of these and crash on others.

Light on imports (the standard library at import time), so the commands that read a count or a
date stay light; the pain reader brings in the check-in types when it is first used.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

    from player.routine.shape import Flag
    from player.session.safety import CheckinAnswer

DIGITS = "0123456789"
"""The only characters read as digits."""
DIGITS_ONLY = "numbers are written with the digits 0-9"
"""What an answer with other digits is told."""

Stiffness = Literal["none", "under30", "over30"]
"""How long the morning stiffness lasted, as the journal and program files spell it."""
STIFFNESS: tuple[Stiffness, ...] = ("none", "under30", "over30")
STIFFNESS_KEYS: dict[Stiffness, str] = {"none": "n", "under30": "u", "over30": "o"}
"""The one-letter answer (and the app's key) for each stiffness."""
STIFFNESS_ANSWERS: dict[str, Stiffness] = {
    "none": "none",
    "no": "none",
    "0": "none",
    "under30": "under30",
    "under": "under30",
    "<30": "under30",
    "over30": "over30",
    "over": "over30",
    ">30": "over30",
    "n": "none",
    "u": "under30",
    "o": "over30",
}
"""Every typed form of a stiffness answer (after lower-casing and dropping spaces)."""

_YES = ("y", "yes")
_NO = ("n", "no")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_SPLIT = re.compile(r"[\s,]+")
_COUNT_DIGITS = 18
"""The most digits of a count (an id, a limit): more would not fit the journal's integers."""
_QUOTED_CHARS = 40
"""The most characters of an answer quoted back in a message (a pasted page stays one line)."""


class AnswerError(ValueError):
    """An answer that cannot be read; the message says what was expected and what was found."""


def foreign_digits(text: str) -> str:
    """The characters of `text` that Python counts as digits or numerals but are not 0-9.

    Args:
        text: What was typed.

    Returns:
        Those characters in order (empty when there are none).
    """
    return "".join(c for c in text if c not in DIGITS and (c.isdigit() or c.isnumeric()))


def quoted(text: str) -> str:
    """What was typed, quoted as a message shows it: in quotes, escapes for what cannot be
    seen, and cut to its first 40 characters (then `...`) when longer.

    Args:
        text: What was typed.

    Returns:
        The quoted text.
    """
    if len(text) <= _QUOTED_CHARS:
        return repr(text)
    return f"{text[:_QUOTED_CHARS]!r}..."


def _found(text: str) -> str:
    """`(found '...')`, with a word on the digits when foreign ones caused the refusal."""
    extra = f"; {DIGITS_ONLY}" if foreign_digits(text) else ""
    return f"(found {quoted(text)}{extra})"


def _is_count(word: str) -> bool:
    return 0 < len(word) <= _COUNT_DIGITS and all(c in DIGITS for c in word)


def _count(digits: str) -> int:
    """The number written by digits 0-9 that `_is_count` took once leading zeros are gone
    (`int()` alone refuses more than 4,300 digits, and zeros in front count)."""
    return int(digits.lstrip("0") or "0")


def read_whole(text: str, low: int = 0, high: int | None = None) -> int:
    """Read a whole number written in the digits 0-9 (a minus sign at most: no `+`, `_` or spaces
    inside), so that `-1` is told it is too small rather than not a number.

    Args:
        text: What was typed; spaces around it are ignored.
        low: The smallest number allowed.
        high: The largest number allowed, or None for no limit.

    Returns:
        The number.

    Raises:
        AnswerError: It is not such a number, or out of range.
    """
    word = text.strip()
    digits = word[1:] if word.startswith("-") else word
    if not digits or not _is_count(digits.lstrip("0") or "0"):
        raise AnswerError(f"expected a whole number {_found(text)}")
    number = -_count(digits) if word.startswith("-") else _count(digits)
    if number < low:
        raise AnswerError(f"must be at least {low} (found {number})")
    if high is not None and number > high:
        raise AnswerError(f"must be at most {high} (found {number})")
    return number


def read_pain(text: str, *, flags: bool = True) -> CheckinAnswer:
    """Read a pain answer: `0`-`10`, optionally followed by flags (`7 sharp`, `6 sp, nu`).

    A flag is any start of two letters or more of sharp, spreading or numbness; flags are
    separated by spaces or commas, and one named twice counts once.

    Args:
        text: What was typed (any case).
        flags: Take flags after the number (False: the number alone, as in the morning check).

    Returns:
        The answer (its note empty).

    Raises:
        AnswerError: It is not such an answer.
    """
    from player.routine.shape import FLAGS
    from player.session.safety import CheckinAnswer

    words = _SPLIT.split(text.strip().lower())
    expected = "a number from 0 to 10"
    if flags:
        expected += ", then any of sharp, spreading, numbness"
    first = words[0]
    if not first or not _is_count(first.lstrip("0") or "0"):
        raise AnswerError(f"expected {expected} {_found(text)}")
    pain = _count(first)
    if pain > 10:
        raise AnswerError(f"must be at most 10 (found {pain})")
    found: list[Flag] = []
    for word in filter(None, words[1:]):  # `7,` has an empty word after its comma
        match = _flag_named(word, FLAGS)
        if match is None or not flags:
            raise AnswerError(f"expected {expected} (found {quoted(word)} after the number)")
        if match not in found:
            found.append(match)
    return CheckinAnswer(pain, tuple(found))


def _flag_named(word: str, flags: tuple[Flag, ...]) -> Flag | None:
    """The flag `word` names: any start of two letters or more of its name."""
    return next((f for f in flags if f.startswith(word)), None) if len(word) >= 2 else None


def read_flags(text: str, keys: Mapping[str, Flag] | None = None) -> tuple[Flag, ...]:
    """Read flags alone, with no number (`sharp`, `sp, nu`; in the app also its one-letter
    keys, `s d`), as `read_pain` reads them after a number.

    Args:
        text: What was given (any case).
        keys: The letter of each flag's key, where one letter names it (the app's dialog).

    Returns:
        The flags named, each once, in the order given.

    Raises:
        AnswerError: It is not only flags.
    """
    from player.routine.shape import FLAGS

    found: list[Flag] = []
    for word in filter(None, _SPLIT.split(text.strip().lower())):
        match = (keys or {}).get(word) if len(word) == 1 else _flag_named(word, FLAGS)
        if match is None:
            raise AnswerError(f"expected any of sharp, spreading, numbness {_found(text)}")
        if match not in found:
            found.append(match)
    if not found:
        raise AnswerError(f"expected any of sharp, spreading, numbness {_found(text)}")
    return tuple(found)


def parse_pain(text: str) -> CheckinAnswer | None:
    """Read a pain answer with its flags, or None when it cannot be read (see `read_pain`)."""
    try:
        return read_pain(text)
    except AnswerError:
        return None


def pain_key(key: str | None, typed: str = "") -> tuple[int, str] | None:
    """Read one key typed on a 0-10 scale: a digit, where `1` then `0` makes 10, and any
    other digit starts a new number. A `0` right after 10 keeps 10, once: 100 is no pain on
    the scale but a key that bounced or was held, and reading it as 0 would turn the worst
    pain into none; a second `0` is 0.

    Args:
        key: The character of the key, or None for a key without one.
        typed: The digits typed so far on the scale.

    Returns:
        The number now chosen and the digits typed so far, or None when the key is not a
        digit 0-9 (see `foreign_digits` to tell the person why).
    """
    if key is None or len(key) != 1 or key not in DIGITS:
        return None
    if typed == "10" and key == "0":
        return 10, typed + key
    digits = typed + key if typed == "1" and key == "0" else key
    return int(digits), digits


def key_letter(key: str | None) -> str | None:
    """Read one key typed as a letter answer: the letter in lower case, so that Shift or Caps
    Lock answers as the plain key does (`Y` is `y`, as a typed `YES` is `yes`).

    Args:
        key: The character of the key, or None for a key without one.

    Returns:
        An ASCII letter a-z, or None for any other key (a digit, a full-width `ｙ`).
    """
    if key is None or len(key) != 1 or not (key.isascii() and key.isalpha()):
        return None
    return key.lower()


def yes_no_key(key: str | None) -> bool | None:
    """Read one key typed as a yes/no answer: `y` or `n`, in either case.

    Args:
        key: The character of the key, or None for a key without one.

    Returns:
        True for yes, False for no, None for any other key.
    """
    letter = key_letter(key)
    return True if letter == _YES[0] else False if letter == _NO[0] else None


def stiffness_key(key: str | None) -> Stiffness | None:
    """Read one key typed as a stiffness answer: `n`, `u` or `o` (see `STIFFNESS_KEYS`), in
    either case.

    Args:
        key: The character of the key, or None for a key without one.

    Returns:
        The stiffness, or None for any other key.
    """
    letter = key_letter(key)
    return next((name for name, k in STIFFNESS_KEYS.items() if k == letter), None)


def read_yes_no(text: str) -> bool:
    """Read a yes/no answer: y or yes, n or no, in any case.

    Args:
        text: What was typed.

    Returns:
        True for yes, False for no.

    Raises:
        AnswerError: It is neither.
    """
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise AnswerError(f"expected y, yes, n or no {_found(text)}")


def parse_yes_no(text: str) -> bool | None:
    """Read a yes/no answer, or None when it is neither (see `read_yes_no`)."""
    try:
        return read_yes_no(text)
    except AnswerError:
        return None


def read_stiffness(text: str) -> Stiffness:
    """Read how long the morning stiffness lasted: none, under 30 minutes, over 30 minutes.

    Args:
        text: `none`/`n`/`no`/`0`, `under30`/`under 30`/`u`/`<30`, `over30`/`over 30`/`o`/`>30`
            (any case, spaces ignored).

    Returns:
        `none`, `under30` or `over30`.

    Raises:
        AnswerError: It is none of those.
    """
    word = "".join(text.lower().split())
    for tail in ("minutes", "mins", "min"):
        if word.endswith(tail) and word[: -len(tail)] in STIFFNESS_ANSWERS:
            word = word[: -len(tail)]
    if word in STIFFNESS_ANSWERS:
        return STIFFNESS_ANSWERS[word]
    raise AnswerError(f"expected none, under30 or over30 {_found(text)}")


def read_date(text: str) -> date:
    """Read a calendar date written `YYYY-MM-DD` in the digits 0-9.

    Args:
        text: What was typed; spaces around it are ignored.

    Returns:
        The date.

    Raises:
        AnswerError: It is not such a date, or no such day (2026-02-30).
    """
    word = text.strip()
    if _DATE.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise AnswerError(f"no such day {word!r}") from None
    raise AnswerError(f"expected a date as YYYY-MM-DD {_found(text)}")


def read_time(text: str) -> time:
    """Read a time of day written `HH:MM` (or `H:MM`), on the 24-hour clock, in the digits 0-9.

    Seconds and a zone are refused: the time is the person's own local one, every day.

    Args:
        text: What was typed; spaces around it are ignored.

    Returns:
        The time, without a zone.

    Raises:
        AnswerError: It is not such a time, or no such time (24:00, 07:60).
    """
    word = text.strip()
    match = _TIME.fullmatch(word)
    if match is None:
        raise AnswerError(f"expected a time as HH:MM {_found(text)}")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise AnswerError(f"no such time {quoted(word)}")
    return time(hour, minute)
