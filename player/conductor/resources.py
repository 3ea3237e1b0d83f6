"""What a session needs besides its routine, set up the same way for both faces.

The journal (a recorder that never stops the session), the sound player (`--mute`, `--bell`,
`--voice`), the daily red-flag question check, today's earlier sessions, and the signals that
end a session when the terminal goes away (SIGHUP) or hep is told to stop (SIGTERM).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from player.conductor.dependencies import Dependencies
from player.journal.record.background import BackgroundRecorder
from player.platforms import interrupt_reasons, stop_signal_reasons
from player.session.first import NOTHING, Today
from player.session.ports import RecorderLike, SoundPlayer
from player.sound.players import make_sound_player

STOP_SIGNALS: dict[int, str] = stop_signal_reasons()
"""Signals that end a session as `interrupted`, and the reason kept in the journal (SIGHUP only
where the system has it)."""

INTERRUPT_REASONS: dict[int, str] = interrupt_reasons()
"""The reasons for every interrupting signal, SIGINT included (the full-screen app gets Ctrl+C
as a key, so only a SIGINT sent from outside arrives as a signal there)."""


@contextmanager
def session_resources(
    *,
    mute: bool = False,
    bell: Callable[[], None] | None = None,
    voice: bool = False,
    journal_path: Path | None = None,
    sound: SoundPlayer | None = None,
    recorder: RecorderLike | None = None,
    journal: BackgroundRecorder | None = None,
) -> Iterator[Dependencies]:
    """Open the journal and the sound player for a session; close both afterwards.

    The journal is opened and written on a thread of its own (`BackgroundRecorder`); closing
    waits until every event is written. A journal that cannot be opened does not stop the
    session: the recorder tries again when the session starts and reports the problem once, as
    one line.

    Args:
        mute: Start with cues silenced.
        bell: Ring this (the terminal bell) for cues instead of playing sounds.
        voice: Speak exercise names and cue lines (espeak-ng).
        journal_path: The journal file (default: the data folder's).
        sound: Use this sound player instead of making one (not closed here).
        recorder: Use this recorder instead of opening the journal (not closed here).
        journal: The journal already being opened (`hep play` starts it before the face's
            modules are imported, its first reads queued: `BackgroundRecorder.read_ahead`);
            used as if opened here, and closed here.

    Yields:
        The session's dependencies (sound and recorder always set).
    """
    made_recorder: BackgroundRecorder | None = None
    screened: Callable[[], bool] | bool = False
    today: Callable[[], Today] | Today = NOTHING
    if recorder is None:
        recorder = made_recorder = journal or BackgroundRecorder(journal_path)
        screened = made_recorder.screened_today
        today = made_recorder.earlier_today
    made_sound: SoundPlayer | None = None
    if sound is None:
        if bell is not None:
            sound = made_sound = make_sound_player("bell", bell=bell)
        else:
            sound = made_sound = make_sound_player("mute" if mute else "audio", voice=voice)
    try:
        yield Dependencies(sound, recorder, screened, today)
    finally:
        if made_sound is not None:
            made_sound.close()
        if made_recorder is not None:
            made_recorder.close()


@contextmanager
def stop_signals(handler: Callable[[int], None]) -> Iterator[None]:
    """Call `handler(signum)` on SIGTERM or SIGHUP while the block runs.

    Args:
        handler: Runs in the main thread, between two Python instructions.

    Yields:
        Nothing; the previous handlers are restored afterwards.
    """

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        handler(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
