"""`hep play`'s full-screen app, run: what it opens around the app (the session's journal and
sound, or, when the day's facts are known, just after the first question), the program's view for
the picker, and the pictures readied before the terminal is Textual's."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from player.conductor.dependencies import Dependencies
from player.routine.discovery import discover
from player.routine.loader import LoadedRoutine
from player.tui.app import MorningHandler, make_app

if TYPE_CHECKING:
    from player.journal.record.background import BackgroundRecorder
    from player.journal.record.facts import DayFacts
    from player.program.playing import PickerView


def run_app(
    routine: LoadedRoutine | None,
    *,
    speed: float = 1.0,
    mute: bool = False,
    bell: bool = False,
    voice: bool = False,
    journal_path: Path | None = None,
    program_day: date | None = None,
    advice: tuple[str, ...] = (),
    journal: BackgroundRecorder | None = None,
    on_hangup: Callable[[], object] | None = None,
    notes: tuple[str, ...] = (),
    ahead: DayFacts | None = None,
) -> int:
    """Run the full-screen player (`hep play` without `--plain`).

    Args:
        routine: The routine to play, or None for the picker.
        speed: Play this many times faster (1-60).
        mute: Start with cues silenced.
        bell: Ring the terminal bell for cues instead of playing sounds.
        voice: Speak exercise names and cue lines (espeak-ng).
        journal_path: The journal file (default: the data folder's).
        program_day: The program day the picker shows (None: no program view).
        advice: Lines added to every stop message (the program's `on_stop`).
        journal: The journal already being opened (see `session_resources`); closed here.
        on_hangup: Called when the terminal is gone, before hep exits (`AppDependencies`).
        notes: What the program said before the app, shown again in it.
        ahead: The day's facts, known without the journal (`player.journal.record.facts`):
            the routine's first question is put on screen first, and the journal, the sound
            and the session are opened once it is drawn. None: they are opened first.

    Returns:
        The exit status (`EXIT_STATUS`): 0 completed (or nothing played), 3 stopped, 4 quit,
        6 nothing done; 7 (`NOT_KEPT_STATUS`) when neither the journal nor a recovery file
        could take a session; 1 when an error nobody foresaw ended the app.
    """
    program = picker_program(program_day if routine is None else None, journal_path, journal)

    ring: Callable[[], None] | None = None
    if bell:

        def ring() -> None:
            app.bell()

    opened: list[Dependencies] = []

    def open_session() -> Dependencies:
        from player.conductor.resources import session_resources
        from player.program.followed import followed_in

        res = stack.enter_context(
            session_resources(
                mute=mute, bell=ring, voice=voice, journal_path=journal_path, journal=journal
            )
        )
        keep = getattr(res.recorder, "keep_facts", None)
        if keep is not None:  # the day's facts, for the next start
            keep(followed_in)
        opened.append(res)
        return res

    with ExitStack() as stack:
        first_ahead = ahead is not None and routine is not None
        res = None if first_ahead else open_session()  # closed after the program's view
        view, on_morning = stack.enter_context(program)
        app = make_app(
            routine,
            res,
            speed=speed,
            program=view,
            on_morning=on_morning,
            advice=advice,
            on_hangup=on_hangup,
            notes=notes,
            opening=open_session if first_ahead else None,
            ahead=ahead if first_ahead else None,
        )
        app.handle_signals = True
        _prepare_pictures(routine)
        # What start-up made (modules, classes, the routine) lasts as long as hep: the garbage
        # collector need not walk it again each time it runs (a long routine's plan is 16,000
        # steps made at once).
        gc.freeze()
        gc.disable()  # until the first question or the picker is up (`_hand_over_keys`)
        try:
            status = app.run()
        finally:
            app.signals.release()
    for line in app.parting:  # as the plain player says them
        print(line)
    if any(getattr(res.recorder, "lost", False) for res in opened):  # known once closed
        from player.session.outcomes import NOT_KEPT_STATUS

        return NOT_KEPT_STATUS
    if isinstance(status, int):
        return status
    # An error nobody foresaw ended the app (Textual printed it, with return code 1): not the
    # 0 of a session played to its end.
    return app.return_code or 0


def picker_program(
    day: date | None,
    journal_path: Path | None = None,
    journal: BackgroundRecorder | None = None,
) -> AbstractContextManager[tuple[PickerView | None, MorningHandler | None]]:
    """The program's view of `day` for the picker, when a program is followed: its modules
    (pydantic among them) are loaded only then, so the picker of someone not following one
    opens without them.

    Args:
        day: The program day the picker shows; None: no program view (a routine is played).
        journal_path: The journal file (default: the data folder's).
        journal: The sessions' journal, being opened: the view is read through it.

    Returns:
        A context giving the view and the morning handler (both None when there is none).
    """
    if day is None:
        return nullcontext((None, None))
    from player.locations import journal_path as default_journal
    from player.program.followed import program_followed

    if not program_followed(journal_path or default_journal()):
        return nullcontext((None, None))
    from player.program.playing import program_view

    return program_view(True, day, journal_path, journal)


def _prepare_pictures(routine: LoadedRoutine | None) -> None:
    """Ready the image widget before the terminal is Textual's, if a picture may be shown."""
    from player.tui.pictures import prepare_pictures

    routines = [routine] if routine else [e.loaded for e in discover() if e.loaded]
    prepare_pictures(routines)
