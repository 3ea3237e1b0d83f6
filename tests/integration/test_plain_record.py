"""The plain player's stop, notes and today's context, as a person at a terminal and a script
meet them."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from player.conductor.controls import AT_THE_END
from player.conductor.core import NOTE_QUESTION, Conductor
from player.conductor.dependencies import Dependencies
from player.journal import Journal
from player.journal.review import query
from player.plain import PlainPlayer, play_plain
from player.routine.loader import LoadedRoutine, load_routine
from player.session.safety import RED_FLAG_QUESTIONS
from tests.recording import MemoryRecorder

ROUTINE = """\
name: Calf work
description: One timed exercise with a check-in, for tests.
defaults: {get_ready: 5s, rest_between_exercises: 5s, checkin: after_exercise}
safety: {screen: never}
exercises:
  - name: Calves
    duration: 30s
  - name: Hamstrings
    duration: 20s
"""


class Terminal:
    """A person at a terminal: answers a question once it is asked, types commands at given
    session times; time moves on while nothing is typed."""

    def __init__(self, answers: list[str], later: dict[float, str]) -> None:
        self.now = 1000.0
        self.answers = answers
        self.later = dict(later)
        self.player: PlainPlayer | None = None

    def __call__(self) -> float:
        return self.now

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        assert self.player is not None
        asked = self.player.c.prompt is not None
        for at, line in sorted(self.later.items()):
            if self.now >= at:
                del self.later[at]
                return [line], False
        if asked and self.answers:
            return [self.answers.pop(0)], False
        self.now += timeout
        return [], not self.answers and not self.later


def routine(tmp_path: Path, text: str = ROUTINE) -> LoadedRoutine:
    path = tmp_path / "calf-work.yaml"
    path.write_text(text, encoding="utf-8")
    return load_routine(path)


def at_terminal(
    loaded: LoadedRoutine, answers: list[str], later: dict[float, str] | None = None
) -> tuple[int, str, MemoryRecorder]:
    terminal = Terminal(answers, later or {})
    recorder = MemoryRecorder()
    out = io.StringIO()
    conductor = Conductor(loaded, Dependencies(recorder=recorder))
    player = PlainPlayer(conductor, terminal, out, clock=terminal, typeahead=False)
    terminal.player = player
    return player.run(), out.getvalue(), recorder


def test_at_a_terminal_each_answer_is_followed_by_an_optional_note(tmp_path: Path) -> None:
    status, text, recorder = at_terminal(
        routine(tmp_path), ["2", "slept badly", "3", "", "2", "felt looser after"]
    )
    assert status == 0, text
    # The last check-in closes the session: "pain now" is not asked again at once.
    assert text.count(NOTE_QUESTION) == 3
    notes = [(d["text"], d["when"]) for d in recorder.data("note")]
    assert notes == [("slept badly", "baseline"), ("felt looser after", "after_exercise")]
    assert "Summary: 2 of 2 exercises done." in text


def test_the_stop_command_asks_pain_flags_and_a_note_then_stops(tmp_path: Path) -> None:
    status, text, recorder = at_terminal(
        routine(tmp_path), ["2", "", "4 spreading", "pulled in the calf"], {1015.0: "stop"}
    )
    assert status == 3, text
    assert "Stopping. Pain now, 0-10?" in text
    assert "You stopped the session: pain spreading down the leg." in text
    assert recorder.data("verdict")[-1] == {
        "stops": True,
        "rule": "user",
        "reason": "pain spreading down the leg",
        "outcome": "stopped_pain",
    }
    assert recorder.finished is not None
    assert recorder.finished.reason == (
        "Stopped at 4/10 during Calves: pain spreading down the leg."
    )
    assert recorder.data("note")[-1]["text"] == "pulled in the calf"
    assert "Summary: 0 of 2 exercises done, 1 stopped during, 1 not reached." in text


def test_cancel_at_the_stop_question_carries_on(tmp_path: Path) -> None:
    answers = ["2", "", "cancel", "2", "", "1", ""]
    status, text, recorder = at_terminal(routine(tmp_path), answers, {1015.0: "stop"})
    assert status == 0, text
    assert "Not stopped: carrying on." in text
    assert [d["when"] for d in recorder.data("checkin")] == [
        "baseline",
        "after_exercise",
        "after_exercise",
        "final",
    ]


class Script:
    """All lines at once, then end of input; waiting moves the fake clock on."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.now = 1000.0
        self.given = False

    def __call__(self) -> float:
        return self.now

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        if not self.given:
            self.given = True
            return list(self.lines), True
        self.now += timeout
        return [], True


def scripted(
    loaded: LoadedRoutine, lines: list[str], recorder: Any = None, speed: float = 60
) -> tuple[int, str]:
    script = Script(lines)
    out = io.StringIO()
    status = play_plain(
        loaded, speed=speed, stdout=out, clock=script, source=script, recorder=recorder, mute=True
    )
    return status, out.getvalue()


def test_a_script_is_not_asked_for_notes_and_gives_them_with_note_lines(tmp_path: Path) -> None:
    recorder = MemoryRecorder()
    lines = ["2", "3", "note calves tight", "2"]
    status, text = scripted(routine(tmp_path), lines, recorder)
    assert status == 0, text
    assert NOTE_QUESTION not in text
    # The note line after an answer goes with that answer (the check-in after Calves).
    notes = [(d["text"], d["when"]) for d in recorder.data("note")]
    assert notes == [("calves tight", "after_exercise")]


def test_after_a_stop_today_starting_again_says_why_and_asks_first(tmp_path: Path) -> None:
    loaded = routine(tmp_path)
    status, _ = scripted(loaded, ["2", "7 sharp"], speed=1)  # previews are not sessions
    assert status == 3
    status, text = scripted(loaded, ["2", "7 sharp"])
    assert status == 3 and "Start anyway" not in text, "a preview needs no confirmation"
    status, text = scripted(loaded, ["n"], speed=1)
    assert status == 4, text
    why = re.search(r"Earlier today a session stopped at 7/10 at \d\d:\d\d \(sharp pain\)\.", text)
    assert why is not None, text
    assert "Start anyway? (y or n)" in text and "Not started" in text
    with Journal.open() as journal:
        assert query.count_sessions(journal) == 2, "a start declined is not a session"
    status, text = scripted(loaded, ["y", "3", "3", "3", "2"], speed=1)
    assert status == 0, text
    assert re.search(r"Earlier today: stopped at 7/10 at \d\d:\d\d \(sharp pain\)", text)


def test_the_red_flag_questions_then_end_of_input_keep_the_answers_as_quit_not_a_stop(
    tmp_path: Path,
) -> None:
    text = ROUTINE.replace("screen: never", "screen: always")
    recorder = MemoryRecorder()
    status, out = scripted(routine(tmp_path, text), ["n"] * (len(RED_FLAG_QUESTIONS) - 1), recorder)
    assert status == 4
    assert recorder.finished is not None and recorder.finished.outcome == "quit"
    assert "Kept in the journal as quit." in out
    answers = recorder.data("screen")[-1]["answers"]
    assert answers == {q.id: False for q in RED_FLAG_QUESTIONS[:-1]}, "each no as given"
    assert recorder.data("verdict") == []


def test_q_at_the_first_question_keeps_nothing(tmp_path: Path) -> None:
    recorder = MemoryRecorder()
    status, out = scripted(routine(tmp_path, ROUTINE), ["q"], recorder)
    assert status == 4
    assert recorder.started is None and recorder.finished is None
    assert "Left before the first answer: nothing is kept in the journal." in out
    assert "Kept in the journal" not in out


def test_stop_or_quit_at_the_note_question_is_the_command_not_a_note(tmp_path: Path) -> None:
    """`stop` stops "at any moment" (README), the question after a pain answer too: typed
    there it is not kept as the note "stop" while the session plays on; nor is `q`."""
    status, text, recorder = at_terminal(routine(tmp_path), ["2", "stop", "4", ""])
    assert status == 3, text
    assert "Stopping. Pain now, 0-10?" in text
    assert recorder.data("note") == []
    assert [d["pain"] for d in recorder.data("checkin")] == [2, 4]
    status, text, recorder = at_terminal(routine(tmp_path), ["2", "q"])
    assert status == 4, text
    assert recorder.data("note") == [] and recorder.data("checkin")[0]["pain"] == 2


class InterruptedAtTheNote(Terminal):
    """A person who answers, then presses Ctrl+C (or whose terminal closes) at the note
    question that follows the answer."""

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        assert self.player is not None
        if self.player.c.noting and self.player.c.last_pain == 7:
            raise KeyboardInterrupt
        return super().poll(timeout)


def test_an_answer_given_before_ctrl_c_at_its_note_question_is_kept(tmp_path: Path) -> None:
    """`7 sharp`, then Ctrl+C at "Note (Enter to skip)?": the answer was given, so the session
    stops for it (kept as the stop, not as interrupted with the answer lost)."""
    terminal = InterruptedAtTheNote(["2", "", "7 sharp"], {})
    recorder = MemoryRecorder()
    conductor = Conductor(routine(tmp_path), Dependencies(recorder=recorder))
    player = PlainPlayer(conductor, terminal, io.StringIO(), clock=terminal, typeahead=False)
    terminal.player = player
    assert player.run() == 130
    assert [d["pain"] for d in recorder.data("checkin")] == [2, 7]
    assert recorder.finished is not None and recorder.finished.outcome == "stopped_pain"


def test_a_red_flag_yes_in_a_preview_asks_before_a_session_later_that_day(tmp_path: Path) -> None:
    loaded = routine(tmp_path, ROUTINE.replace("screen: never", "screen: always"))
    status, text = scripted(loaded, ["y"], speed=30)  # a yes to the first (an emergency)
    assert status == 3 and "emergency department" in text, text
    status, text = scripted(loaded, ["n"], speed=1)
    assert status == 4, text
    why = re.search(
        r"Earlier today, at \d\d:\d\d, the red-flag questions stopped a preview \(", text
    )
    assert why is not None, text
    assert "Start anyway? (y or n)" in text
    assert text.count("go to an emergency department now") >= 2, "the care, with the why and at no"


def test_a_pain_stop_in_a_preview_asks_before_a_session_later_that_day(tmp_path: Path) -> None:
    loaded = routine(tmp_path)
    status, _ = scripted(loaded, ["2", "7 sharp"], speed=30)
    assert status == 3
    status, text = scripted(loaded, ["n"], speed=1)
    assert status == 4, text
    why = re.search(r"Earlier today a preview stopped at 7/10 at \d\d:\d\d \(sharp pain\)\.", text)
    assert why is not None, text
    assert "Start anyway? (y or n)" in text and "Not started" in text


def test_stop_at_the_closing_question_says_it_ends_the_session_and_asks_again(
    tmp_path: Path,
) -> None:
    """The session is over and asks its closing pain: `stop` there has nothing left to stop,
    and says so (it was taken without a word); the next answer closes the session."""
    loaded = routine(tmp_path, ROUTINE.replace("checkin: after_exercise", "checkin: none"))
    status, text, recorder = at_terminal(loaded, ["2", "", "stop", "3", ""])
    assert status == 0, text
    before, said, after = text.partition(AT_THE_END)
    assert said, text
    assert "Hamstrings: done.\nPain now, 0-10?\n" in before, "asked before the `stop`"
    assert after.startswith("\nPain now, 0-10?\n"), "then asked again"
    assert recorder.finished is not None and recorder.finished.outcome == "completed"
    assert [d["pain"] for d in recorder.data("checkin")] == [2, 3]
