"""What a session depends on besides its routine, one value for both faces and the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from player.session.first import NOTHING, Today

if TYPE_CHECKING:
    from player.session.ports import RecorderLike, SoundPlayer


def _wall_now() -> datetime:
    """The wall clock (`player.journal.records.utc_now`), imported when first read: the app
    can put its first question up before the session's modules are loaded."""
    from player.journal.records import utc_now as now

    return now()


class Dependencies(NamedTuple):
    """A session's sound, journal recorder, daily-screen check, earlier sessions and wall clock."""

    sound: SoundPlayer | None = None
    """Plays cues; None for silence (cues are shown)."""
    recorder: RecorderLike | None = None
    """Writes the journal; None keeps nothing."""
    screened_today: Callable[[], bool] | bool = False
    """Whether the red-flag questions were answered today (a callable is asked at the start);
    with `safety.screen: daily` they are asked only if not."""
    today: Callable[[], Today] | Today = NOTHING
    """Today's earlier sessions (a callable is asked at the start): their answers are shown
    with the first pain question, and a stop among them asks first."""
    wall: Callable[[], datetime] = _wall_now
    """The wall clock for the session's record (timezone-aware; tests pass one that follows
    their fake clock)."""
