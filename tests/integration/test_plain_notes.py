"""Notes in a script are never lost: a `note ...` line after a pain answer goes with that answer,
the last one too, and a note before the first exercise is filed before the session."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from player.journal import figures
from player.journal.records import Event
from player.plain import play_plain
from player.routine.loader import LoadedRoutine, load_routine
from tests.doubles import RecordingSoundPlayer
from tests.recording import MemoryRecorder

WALL = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)
ROUTINE = """\
name: Calf work
description: Two timed exercises with a check-in after each, for tests.
defaults: {get_ready: 5s, rest_between_exercises: 5s, checkin: after_exercise}
safety: {screen: never}
exercises:
  - name: Calves
    duration: 30s
  - name: Hamstrings
    duration: 20s
"""


class Lines:
    """A script's lines: all at once (as a file gives them), or one per read (as a slow pipe
    does); then the end of input. Waiting moves the fake clock on."""

    def __init__(self, lines: list[str], *, one_by_one: bool = False) -> None:
        self.lines = list(lines)
        self.one_by_one = one_by_one
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        if self.lines:
            taken = self.lines[:1] if self.one_by_one else self.lines
            self.lines = self.lines[len(taken) :]
            return taken, not self.lines
        self.now += timeout
        return [], True


def routine(tmp_path: Path) -> LoadedRoutine:
    path = tmp_path / "calf-work.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return load_routine(path)


def play(
    tmp_path: Path, lines: list[str], *, one_by_one: bool = False, out: io.StringIO | None = None
) -> list[tuple[str, str]]:
    source = Lines(lines, one_by_one=one_by_one)
    recorder = MemoryRecorder()
    status = play_plain(
        routine(tmp_path),
        stdin=io.StringIO(""),
        stdout=out or io.StringIO(),
        clock=source,
        source=source,
        sound=RecordingSoundPlayer(),
        recorder=recorder,
    )
    assert status == 0
    events = [
        Event(n, kind, WALL, clock, data) for n, (kind, clock, data) in enumerate(recorder.events)
    ]
    return [(note.place, note.text) for note in figures.notes(events)]


SCRIPT = ["2", "note slept badly", "3", "note calves tight", "2", "note felt looser after"]


def test_a_note_after_each_answer_goes_with_it_the_last_one_too(tmp_path: Path) -> None:
    assert play(tmp_path, SCRIPT) == [
        ("before the session", "slept badly"),
        ("after Calves", "calves tight"),
        ("after Hamstrings", "felt looser after"),
    ]


def test_notes_read_one_line_at_a_time_are_filed_the_same(tmp_path: Path) -> None:
    out = io.StringIO()
    assert play(tmp_path, SCRIPT, one_by_one=True, out=out) == play(tmp_path, SCRIPT)
    # Each line is shown once, where it was used, however long an answer waited for its note.
    shown = [line for line in out.getvalue().splitlines() if line.startswith("> ")]
    assert shown == [f"> {line}" for line in SCRIPT]
