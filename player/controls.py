"""The player's controls: one table of keys and commands that both faces read.

The app binds each control's keys and shows them in its footer and help; the plain player takes
each control's words and lists them in its `help`. No key or word is `y`, `n`, `yes`, `no` or a
digit: those answer the session's questions.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Command = Literal[
    "pause",
    "skip",
    "skip_exercise",
    "back",
    "done",
    "instructions",
    "mute",
    "stop_for_pain",
    "quit",
    "help",
]
"""What a control does, as both faces name it: the plain player's table and the app's Textual
actions (`action_pause`, ...) use these names."""


class Control(NamedTuple):
    """One thing a person can do during a session, in both faces."""

    command: Command
    """What it does, as both faces name it (the app runs the Textual action of that name)."""
    keys: tuple[str, ...]
    """The app's keys (Textual key names); the first is the one its footer shows."""
    label: str
    """The app footer's word for it (kept short: every control fits on 80 columns)."""
    words: tuple[str, ...]
    """What to type in the plain player; the first is the one its help shows."""
    what: str
    """What it does, for both faces' help."""


CONTROLS: tuple[Control, ...] = (
    Control("pause", ("space",), "Pause", ("p", "pause", "resume"), "pause / resume"),
    Control("skip", ("s", "right"), "Skip", ("s", "skip"), "skip this step"),
    Control("skip_exercise", ("e",), "Next ex.", ("e", "next"), "skip the rest of this exercise"),
    Control("back", ("b", "left"), "Back", ("b", "back"), "back to the previous step"),
    Control(
        "done",
        ("enter",),
        "Done",
        ("done", "d", "ready", "go"),
        "end a set done at your own pace, or start the next exercise",
    ),
    Control(
        "instructions",
        ("i",),
        "Info",
        ("i", "info"),
        "the exercise's instructions, picture and link",
    ),
    Control("mute", ("m",), "Mute", ("m", "mute", "unmute"), "mute / unmute the cues"),
    Control(
        "stop_for_pain",
        ("exclamation_mark",),
        "Stop",
        ("stop", "!"),
        "stop now for pain (asks your pain, any flags and a note, then stops)",
    ),
    Control(
        "quit",
        ("q", "ctrl+c"),
        "Quit",
        ("q", "quit"),
        "quit (the session is kept in your journal as quit)",
    ),
    Control("help", ("question_mark",), "Keys", ("help", "h", "?"), "this list of controls"),
)
"""Every control, in the order the faces list them."""


class PickerKey(NamedTuple):
    """One key of the routine picker (it has no session controls, and the words of none)."""

    action: str
    """The Textual action it runs ("" for a key the routine list handles itself)."""
    keys: tuple[str, ...]
    """The keys (Textual key names)."""
    label: str
    """The footer's word for it ("" keeps it out of the footer)."""
    what: str
    """What it does, for the picker's help."""


PICKER_KEYS: tuple[PickerKey, ...] = (
    PickerKey("play", ("enter",), "Play", "play the highlighted routine"),
    PickerKey("", ("up", "down"), "", "choose a routine"),
    PickerKey("journal", ("j",), "Journal", "open the journal: past sessions and their answers"),
    PickerKey("app.help", ("question_mark",), "Keys", "this list of keys"),
    PickerKey("app.request_quit", ("q",), "Quit", "close hep"),
)
"""The picker's keys, in the order its help lists them."""


def help_rows(where: Literal["session", "picker"]) -> list[tuple[str, str]]:
    """The keys and what they do, as the app's help lists them for a screen.

    Args:
        where: `session` (the playing screen's controls) or `picker`.

    Returns:
        (keys as read, what they do) rows.
    """
    if where == "picker":
        return [(" or ".join(key_label(k) for k in p.keys), p.what) for p in PICKER_KEYS]
    return [(app_keys_text(c), c.what) for c in CONTROLS]


_KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "space": "space",
    "right": "→",
    "left": "←",
    "enter": "enter",
    "exclamation_mark": "!",
    "question_mark": "?",
}


def key_label(key: str) -> str:
    """A Textual key name as a person reads it: `exclamation_mark` is `!`, `right` is `→`.

    Args:
        key: The key's Textual name.

    Returns:
        The label.
    """
    return _KEY_NAMES.get(key, key)


def footer_label(key: str) -> str:
    """A key as the app's footer shows it: as `key_label`, but Enter is `⏎` (the footer must
    fit every control on 80 columns)."""
    return "⏎" if key == "enter" else key_label(key)


def control(command: Command) -> Control:
    """The control for a command.

    Args:
        command: Its name.

    Returns:
        The control.
    """
    return next(c for c in CONTROLS if c.command == command)


def app_keys_text(c: Control) -> str:
    """The app's keys for a control, as its help lists them: `s or →`."""
    return " or ".join(key_label(k) for k in c.keys)


def plain_help() -> str:
    """The plain player's `help` line, every control with its first word."""
    parts = [
        f"{c.words[0]}{' (or just Enter)' if c.command == 'done' else ''}: {c.what}"
        for c in CONTROLS
    ]
    # The app takes notes in its check-in dialog; lines have a command for it.
    parts.append("note TEXT: a note for the journal")
    return "Commands: " + "; ".join(parts) + "."


def waiting_hint(kind: Literal["done", "continue"], face: Literal["app", "plain"]) -> str:
    """How to end a step that waits for you, in the words of a face.

    Args:
        kind: `done` for a set at your own pace, `continue` before the next exercise.
        face: `app` (a key) or `plain` (a word to type).

    Returns:
        `Enter when done`, or `type done when the set is done`, and the like.
    """
    done = control("done")
    if face == "app":
        key = key_label(done.keys[0]).capitalize()  # `Enter when done`
        return f"{key} when done" if kind == "done" else f"{key} when you are ready"
    when = "the set is done" if kind == "done" else "you are ready"
    return f"type {done.words[0]} (or press Enter) when {when}"
