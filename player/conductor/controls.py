"""What a face passes on while the session runs: time, pause, skip, back, done, mute.

The conductor's controls (the keys of `player.controls` end here); each takes the face's `now`
and returns the notices to show. Split from `core` to keep it readable: the `Conductor` is the
one class that uses this base, and it provides what is declared below.
"""

from __future__ import annotations

from player.conductor.clock import SessionClock
from player.session import events as ev
from player.session.engine import Engine
from player.session.ports import Notice, Prompt, SoundPlayer, Stage


class Controls:
    """The session's controls while it runs (the base of `Conductor`)."""

    stage: Stage
    prompt: Prompt | None
    engine: Engine
    sound: SoundPlayer
    _session_clock: SessionClock

    @property
    def stopping(self) -> bool:
        """Whether the stop question is open (the conductor says)."""
        raise NotImplementedError

    def _t(self, now: float) -> float:
        raise NotImplementedError

    def _problems(self) -> list[Notice]:
        raise NotImplementedError

    def _from_engine(self, events: list[ev.Event]) -> list[Notice]:
        raise NotImplementedError

    def next_due(self, now: float) -> float | None:
        """Real seconds from `now` until the next cue, line or step change is due (None when
        nothing is coming until the user acts); faces sleep this long instead of polling."""
        if self.stage != "running":
            return None
        due = self.engine.next_due(self._t(now))
        return None if due is None else due / self._session_clock.rate

    @property
    def muted(self) -> bool:
        """Whether cues are silenced (`--mute`, the `m` key)."""
        return self.sound.muted

    @property
    def audible(self) -> bool:
        """Whether cues can be heard now (a sound device, not muted); faces show a marker
        on screen when they cannot."""
        return self.sound.available and not self.sound.muted

    def set_muted(self, muted: bool) -> None:
        """Silence cues, or bring them back."""
        self.sound.set_muted(muted)

    def tick(self, now: float) -> list[Notice]:
        """Let time pass: cues, steps and check-ins due by `now` come out as notices."""
        if self.stage != "running":
            return self._problems()
        return self._from_engine(self.engine.tick(self._t(now)))

    def toggle_pause(self, now: float) -> list[Notice]:
        """Pause or resume."""
        if self.stage != "running" or self.stopping:
            return []
        return self._from_engine(self.engine.toggle_pause(self._t(now)))

    def pause(self, now: float) -> list[Notice]:
        """Pause (paused time never counts)."""
        if self.stage != "running" or self.stopping:
            return []
        return self._from_engine(self.engine.pause(self._t(now)))

    def resume(self, now: float) -> list[Notice]:
        """Resume after a pause."""
        if self.stage != "running" or self.stopping:
            return []
        return self._from_engine(self.engine.resume(self._t(now)))

    def _in_checkin(self) -> bool:
        return self.prompt is not None and self.prompt.kind == "pain"

    def skip(self, now: float) -> list[Notice]:
        """Skip the current step (not a check-in: answer it, or stop)."""
        if self.stage != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.skip(self._t(now)))

    def skip_exercise(self, now: float) -> list[Notice]:
        """Skip the rest of the current exercise."""
        if self.stage != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.skip_exercise(self._t(now)))

    def back(self, now: float) -> list[Notice]:
        """Go back to the start of the previous step."""
        if self.stage != "running" or self._in_checkin():
            return []
        return self._from_engine(self.engine.back(self._t(now)))

    def done(self, now: float) -> list[Notice]:
        """End a self-paced set, or start the next exercise when waiting."""
        if self.stage != "running" or self.stopping:
            return []
        return self._from_engine(self.engine.done(self._t(now)))
