"""The plain player: a session as lines on a plain terminal, answers and commands from stdin.

For screen readers, dumb terminals, ssh from a phone, and scripts. Each step and cue is a line
as it happens (counted reps too: `Rep 4 of 15`); a countdown line comes at most every 5 s (each
second in the last 3). Lines read from stdin answer the open question or are commands (the
controls of `player.controls`, the same as the app's keys, and `note ...`); they are taken in
order, so a script's answers wait for their question. Each pain answer is kept in the
journal at once, and the conductor acts on it once its note comes (`Conductor.answer_pain` with
`note_follows`): on a terminal it is followed by "Note (Enter to skip)?"; a script (input that
is not a terminal) is not asked, and gives a note with a `note ...` line after it. End of
input at a question ends the session as quit ("Input ended before the session finished."),
never as a stop.
"""

from __future__ import annotations

import math
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol, TextIO

from player.answers import DIGITS_ONLY, foreign_digits, parse_pain, parse_yes_no, quoted
from player.conductor.core import Conductor
from player.conductor.resources import INTERRUPT_REASONS, session_resources, stop_signals
from player.controls import CONTROLS, Command, control, plain_help, waiting_hint
from player.files import read_line
from player.journal.record.background import WAIT_SECONDS, BackgroundRecorder
from player.journal.reports.report import preview_words
from player.routine.durations import format_duration
from player.routine.loader import LoadedRoutine
from player.safetext import spelled_out
from player.session.outcomes import EXIT_STATUS, LEFT, NOT_KEPT_STATUS
from player.session.ports import Notice, RecorderLike, SoundPlayer
from player.session.safety import CheckinAnswer
from player.session.scale import scale_legend

HELP = plain_help()
NOTE_WAIT_SECONDS = 1.0
"""How long a script's pain answer waits for the line after it (its `note ...`, if it is one)
when that line has not been read yet; a script's lines come in far sooner."""
_DONE_WORDS = ("", *control("done").words)
_CANCEL_WORDS = ("cancel", "go on", "carry on")
_SHOWN_CUES = ("Go", "Halfway")
_AT_ANY_MOMENT = frozenset(control("stop_for_pain").words + control("quit").words)
"""Words that act at any moment, the note question after a pain answer too (`stop`, `q`):
there they are the command, not the note."""
_KEPT_KINDS = ("exercise_done", "done", "stop", "left", "ask")
"""Notices that report something the journal keeps: shown only once it is written."""
JOURNAL_WAIT_SECONDS = WAIT_SECONDS
"""The longest a line waits for the journal to write what came before it: as long as a busy
journal may keep a write waiting (after that the recorder has given up and says so)."""


def _interrupted(c: Conductor) -> str:
    """The last line after Ctrl+C or a signal."""
    return "Interrupted. " + (
        "The session is kept in the journal." if c.log.kept else "Nothing was kept."
    )


def _note_text(line: str) -> str | None:
    """The text of a `note ...` line (empty for a bare `note`), or None for any other line."""
    text = line.strip()
    if text.lower() == "note" or text.lower().startswith("note "):
        return text[4:].strip()
    return None


def _sentence(words: str) -> str:
    """Words as a sentence: a capital first letter and a full stop."""
    return words[:1].upper() + words[1:] + "."


class LineSource(Protocol):
    """Where typed lines come from."""

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        """Wait up to `timeout` real seconds for lines; return them and whether input ended."""
        ...


class ThreadedLines:
    """Reads a stream in a daemon thread so timers keep running while waiting for a line."""

    def __init__(self, stream: TextIO) -> None:
        """Start reading `stream`.

        Args:
            stream: Usually `sys.stdin`.
        """
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._eof = False
        thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        thread.start()

    def _read(self, stream: TextIO) -> None:
        while line := read_line(stream):  # each line bounded: an endless one is cut
            self._queue.put(line.rstrip("\r\n"))
        self._queue.put(None)

    def poll(self, timeout: float) -> tuple[list[str], bool]:
        """Wait up to `timeout` seconds for lines.

        Args:
            timeout: Real seconds.

        Returns:
            The lines read and whether input has ended.
        """
        lines: list[str] = []
        try:
            item = self._queue.get(timeout=timeout)
            while True:
                if item is None:
                    self._eof = True
                else:
                    lines.append(item)
                item = self._queue.get_nowait()
        except queue.Empty:
            pass
        return lines, self._eof


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: the session ends as interrupted."""

    def __init__(self, signum: int) -> None:
        """Remember which signal."""
        super().__init__(signum)
        self.signum = signum


def _raise_signalled(signum: int) -> None:
    raise Signalled(signum)


def _signal_status(exc: BaseException) -> int:
    """The exit status of a session's end cut short by Ctrl+C or a signal."""
    return 128 + exc.signum if isinstance(exc, Signalled) else EXIT_STATUS["interrupted"]


class PlainPlayer:
    """Drives a conductor from lines in and lines out."""

    def __init__(
        self,
        conductor: Conductor,
        source: LineSource,
        out: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        typeahead: bool = True,
    ) -> None:
        """Wire a conductor to a line source and an output stream.

        Args:
            conductor: The session.
            source: Typed lines.
            out: Where lines go.
            clock: Real monotonic seconds.
            typeahead: Keep answers typed before their question (scripts); when False (a
                terminal), such lines are dropped with a hint.
        """
        self.c = conductor
        self.source = source
        self.out = out
        self.clock = clock
        self.typeahead = typeahead
        self.pending: deque[str] = deque()
        self.eof = False
        self._countdown: tuple[int, int] | None = None
        self._note_wait: float | None = None
        """When a script's pain answer began to wait for the line after it."""

    def say(self, text: str) -> None:
        """Print one line and flush; a vanished terminal or pipe does not stop the session."""
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except (OSError, ValueError):
            pass

    def kept(self) -> None:
        """Wait until the journal has written every event recorded so far, so a line shown next
        is in the journal even if the process is killed the moment after (a journal that cannot
        write gives up within `JOURNAL_WAIT_SECONDS`, says so, and the session goes on)."""
        self.c.recorder.flush(JOURNAL_WAIT_SECONDS)

    def answered(self, notices: list[Notice]) -> None:
        """Show what follows an answer once the answer is in the journal."""
        self.kept()
        self.show(notices)

    def show(self, notices: list[Notice]) -> None:
        """Print the notices that make a line. A line that reports something kept (an exercise
        done, a stop, the end, the next question) waits for the journal first; the lines that
        keep time (steps, counts, cues) never wait."""
        for i, n in enumerate(notices):
            if n.kind in _KEPT_KINDS and all(m.kind not in _KEPT_KINDS for m in notices[:i]):
                self.kept()
            if n.kind in ("stop", "done", "left"):
                for line in n.lines:
                    self.say(line)
            elif n.kind == "cue":
                if n.text in _SHOWN_CUES:
                    self.say(n.text)
            elif n.kind == "line":
                self.say(f"Cue: {n.text}")
            elif n.kind == "problem":
                self.say(f"Note: {n.text}")
            elif n.kind == "ask" and self.c.prompt is not None and self.c.prompt.kind == "pain":
                self.say(n.text)
                if self.c.prompt.scale:
                    self.say(f"Scale: {scale_legend(self.c.prompt.scale)}.")
            elif n.kind == "ask" and self.c.prompt is not None and self.c.prompt.kind == "done":
                self.say(_sentence(waiting_hint("done", "plain")))
            elif n.kind == "ask" and self.c.prompt is not None and self.c.prompt.kind == "continue":
                self.say(f"{n.text} {_sentence(waiting_hint('continue', 'plain'))}")
            else:
                self.say(n.text)

    def run(self) -> int:
        """Play the session to its end.

        Returns:
            The exit status (`EXIT_STATUS`): 0 completed, 3 stopped, 4 quit, 6 nothing done;
            128+N after signal N (130 Ctrl+C), whatever the session's outcome.
        """
        c = self.c
        try:
            if c.speed != 1:
                self.say(_sentence(preview_words(c.speed)))
            self.show(c.start(self.clock()))
            while c.stage != "done":
                self.show(c.tick(self.clock()))
                self._take_lines()
                if c.stage == "done":
                    break
                if self.eof and not self.pending and c.prompt is not None:
                    self.show(c.decline(self.clock()))
                    continue
                self._count_down()
                lines, self.eof = self.source.poll(self._wait())
                self.pending.extend(lines)
        except (KeyboardInterrupt, Signalled) as exc:
            signum = exc.signum if isinstance(exc, Signalled) else signal.SIGINT
            reason = INTERRUPT_REASONS[signum]
            # An answer left at its note question is in the journal and counts (`interrupt`).
            self.show(c.interrupt(self.clock(), reason))
            self.say(_interrupted(c))
            # The signal's status, whatever the outcome: after a yes at the red-flag questions
            # the session is kept as a red-flag stop, but hep was still interrupted.
            return _signal_status(exc)
        try:
            self._unkept_notes()
            self._summary()
        except (KeyboardInterrupt, Signalled) as exc:
            # The session is over and kept: a signal now cuts its summary short and ends hep.
            self.say(_interrupted(c))
            return _signal_status(exc)
        return c.exit_status

    def _unkept_notes(self) -> None:
        """Say so of each `note ...` line still waiting when the session ended (after a stray
        answer, say): the journal has closed the session, and a note is never dropped unsaid."""
        for line in self.pending:
            note = _note_text(line)
            if note:
                self.say(f"Not kept (the session was over): {note}")
        self.pending.clear()

    def _summary(self) -> None:
        """The session's figures in a few lines, as the journal will show them."""
        c = self.c
        summary = c.summary()
        if c.log.kept and c.outcome in LEFT:
            self.say(f"Kept in the journal as {summary.outcome_words}.")
        if summary.stepped:
            for line in summary.lines():
                self.say(line)

    def _wait(self) -> float:
        """Real seconds to sleep: until the next cue is due or the shown second changes (a line
        typed meanwhile wakes the player at once)."""
        c = self.c
        now = self.clock()
        wait = 0.5
        due = c.next_due(now)
        if due is not None:
            wait = min(wait, due + 0.001)
        view = c.view(now).session
        if c.stage == "running" and view.step_remaining is not None and not view.paused:
            to_second = view.step_remaining - math.floor(view.step_remaining)
            wait = min(wait, to_second / c.speed + 0.001)
        return max(0.001, wait)

    def _count_down(self) -> None:
        view = self.c.view(self.clock()).session
        step = view.step
        if self.c.stage != "running" or step is None or view.step_remaining is None or view.paused:
            return
        left = math.ceil(view.step_remaining - 1e-9)
        if left <= 3 or left >= step.planned or not (left % 10 == 0 or left == 5):
            return
        if self._countdown == (step.index, left):
            return
        if self._countdown is None or self._countdown[0] != step.index or self._countdown[1] > left:
            self._countdown = (step.index, left)
            self.say(f"{format_duration(left)} left")

    def _take_lines(self) -> None:
        while self.pending and self.c.stage != "done":
            line = self.pending[0]
            if self.typeahead and self.c.prompt is not None and self._note_wait is None:
                self.say(f"> {spelled_out(line.strip())}")  # a script's answer, where it was used
            if not self._handle(line):
                return
            self.pending.popleft()

    def _handle(self, line: str) -> bool:
        """Act on one line; False when it must wait for its question (type-ahead)."""
        c = self.c
        now = self.clock()
        text = line.strip().lower()
        prompt = c.prompt
        if prompt is not None and prompt.kind == "note" and self.typeahead:
            return self._scripted_note(now)  # the answer's line is still the first waiting
        if prompt is not None and prompt.kind == "note":  # after a pain answer, at a terminal
            if text in _AT_ANY_MOMENT:  # the command, after the answer (with no note)
                self.answered(c.add_note(now, ""))
                return self._handle(line)
            self.answered(c.add_note(now, line))
            return True
        if prompt is not None and prompt.kind in ("yes_no", "confirm"):
            yes = parse_yes_no(text)
            if yes is not None and prompt.kind == "confirm":
                self.answered(c.answer_confirm(now, yes))
                return True
            if yes is not None:
                self.answered(c.answer_yes_no(now, yes))
                return True
        elif prompt is not None and prompt.kind == "pain":
            if c.stopping and text in _CANCEL_WORDS:
                self.show(c.cancel_stop(now))
                return True
            answer = parse_pain(text)
            if answer is not None and not self.typeahead:
                # In the journal before its note question is shown: a kill there keeps it.
                self.answered(c.answer_pain(now, answer, note_follows=True))
                return True
            if answer is not None:
                return self._answer_scripted(answer, now)
        elif prompt is not None and text in _DONE_WORDS:
            self.show(c.done(now))
            return True
        if self._command(line.strip(), now):
            return True
        if prompt is not None and prompt.kind in ("done", "continue"):
            self.say(_sentence(waiting_hint(prompt.kind, "plain")))
            return True
        if prompt is not None:
            if foreign_digits(text):
                self.say(f"{DIGITS_ONLY.capitalize()} (found {quoted(line.strip())}).")
            self.say(f"Please answer with {prompt.forms or 'Enter'}.")
            self.say(prompt.text)
            return True
        an_answer = parse_pain(text) is not None or parse_yes_no(text) is not None
        if an_answer or text in _DONE_WORDS:
            if self.typeahead:
                return False
            if text in _DONE_WORDS and text:
                self.say("No set is waiting for done now: it ends a set done at your own pace.")
            elif text:
                self.say("No question is open. To stop for pain, type stop.")
            return True
        self.say(HELP)
        return True

    def _answer_scripted(self, answer: CheckinAnswer, now: float) -> bool:
        """A script's pain answer, in the journal at once, as at a terminal: the conductor
        holds it for its note (`note_follows`; a script is not asked the note question), so a
        process killed while the line after it is awaited keeps it. Then as `_scripted_note`.
        """
        self.c.answer_pain(now, answer, note_follows=True)  # its question is not shown
        self.kept()
        self._note_wait = now
        return self._scripted_note(now)

    def _scripted_note(self, now: float) -> bool:
        """The `note ...` line that follows a script's pain answer is that answer's note (the
        last answer's note would otherwise come after the session closed, and a note after the
        first answer would be filed in the step the session had moved on to); any other line,
        or none within `NOTE_WAIT_SECONDS`, leaves the answer with no note. False: wait a
        moment for the line after it."""
        following = self.pending[1] if len(self.pending) > 1 else None
        began = now if self._note_wait is None else self._note_wait
        if following is None and not self.eof and now - began < NOTE_WAIT_SECONDS:
            self._note_wait = began
            return False
        self._note_wait = None
        note = _note_text(following) if following is not None else None
        if note is not None and following is not None:
            del self.pending[1]
            self.say(f"> {spelled_out(following.strip())}")
        self.answered(self.c.add_note(now, note or ""))
        return True

    def _command(self, line: str, now: float) -> bool:
        c = self.c
        text = line.lower()
        note = _note_text(line)
        if note is not None:
            self.answered(c.add_note(now, note))
            return True
        command = next((k.command for k in CONTROLS if text in k.words), None)
        if command is None or command == "done":
            return False
        if text in ("pause", "resume"):
            self.show((c.pause if text == "pause" else c.resume)(now))
            return True
        commands: dict[Command, Callable[[float], list[Notice]]] = {
            "pause": c.toggle_pause,
            "skip": c.skip,
            "skip_exercise": c.skip_exercise,
            "back": c.back,
            "stop_for_pain": c.stop,
            "quit": c.quit,
        }
        if command in commands:
            self.show(commands[command](now))
        elif command == "instructions":
            self._instructions(now)
        elif command == "mute":
            muted = text == "mute" or (text != "unmute" and not c.muted)
            c.set_muted(muted)
            self.say("Cues muted." if muted else "Cues on.")
        else:
            self.say(HELP)
        return True

    def _instructions(self, now: float) -> None:
        """Print the exercise's instructions, and its picture's path and link if it has them."""
        c = self.c
        index = c.exercise_shown(now)
        if index is None:
            self.say("No exercise under way.")
            return
        exercise = c.routine.exercises[index]
        for line in (exercise.instructions or "No instructions.").splitlines():
            self.say(line)
        picture = c.loaded.image_path(index) if c.loaded else None
        if picture is not None:
            self.say(f"Picture: {picture}")
        if exercise.link:
            self.say(f"Link: {exercise.link}")


def play_plain(
    loaded: LoadedRoutine,
    *,
    speed: float = 1.0,
    mute: bool = False,
    bell: bool = False,
    voice: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    source: LineSource | None = None,
    sound: SoundPlayer | None = None,
    recorder: RecorderLike | None = None,
    advice: tuple[str, ...] = (),
    journal: BackgroundRecorder | None = None,
) -> int:
    """Play a routine in the plain player (`hep play ROUTINE --plain`).

    Args:
        loaded: The routine.
        speed: Play this many times faster (1-60), for previews.
        mute: Start with cues silenced.
        bell: Ring the terminal bell for cues instead of playing sounds.
        voice: Speak exercise names and cue lines (espeak-ng).
        stdin: Where answers come from (default `sys.stdin`).
        stdout: Where lines go (default `sys.stdout`).
        clock: Real monotonic seconds (tests pass a fake).
        source: Typed lines (default: `stdin` read in a thread).
        sound: A sound player (default: built from mute/bell/voice).
        recorder: A journal recorder (default: the journal in the data folder).
        advice: Lines added to every stop message (the program's `on_stop`).
        journal: The journal already being opened (see `session_resources`); closed here.

    Returns:
        The exit status (`EXIT_STATUS`): 0 completed, 3 stopped, 4 quit, 6 nothing done;
        7 (`NOT_KEPT_STATUS`) when neither the journal nor a recovery file could take it.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout

    def ring() -> None:
        stdout.write("\a")
        stdout.flush()

    made = session_resources(
        mute=mute,
        bell=ring if bell else None,
        voice=voice,
        sound=sound,
        recorder=recorder,
        journal=journal,
    )
    conductor: Conductor | None = None
    try:
        with made as res, stop_signals(_raise_signalled):
            conductor = Conductor(loaded, res, speed=speed, advice=advice)
            typeahead = not (hasattr(stdin, "isatty") and stdin.isatty())
            player = PlainPlayer(
                conductor, source or ThreadedLines(stdin), stdout, clock=clock, typeahead=typeahead
            )
            status = player.run()
    except (KeyboardInterrupt, Signalled) as exc:
        if conductor is None or conductor.stage != "done":
            raise
        # Another one while the session's end was said or its journal closed: it is kept, and
        # the journal is closed (waited for) when the program counts it or hep ends.
        status = _signal_status(exc)
    return NOT_KEPT_STATUS if getattr(res.recorder, "lost", False) else status
