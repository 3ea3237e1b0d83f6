"""What a face passes on while the session runs: time, pause, skip, back, done, mute, stop.

The conductor's controls (the keys of `player.controls` end here); each takes the face's `now`
and returns the notices to show. Split from `core` to keep it readable: the `Conductor` is the
one class that uses this base, and it provides what is declared below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from player.conductor.clock import SessionClock
from player.session import events as ev
from player.session.engine import Engine
from player.session.ports import Notice, Prompt, SoundPlayer, Stage
from player.session.safety import PAIN_FORMS

if TYPE_CHECKING:
    from player.session.plan import Step

STOP_QUESTION = "Stopping. Pain now, 0-10? (Or cancel to carry on.)"
AT_THE_END = "The session is at its end, with nothing left to stop: your answer closes it."
"""What the stop key says at the closing pain question."""


class Controls:
    """The session's controls while it runs (the base of `Conductor`)."""

    stage: Stage
    prompt: Prompt | None
    engine: Engine
    sound: SoundPlayer
    _session_clock: SessionClock
    _stopping: tuple[Prompt | None, bool, Step | None] | None
    """While the stop key's question is open: the question it replaced, whether it paused the
    session, and the step it came in."""

    @property
    def noting(self) -> bool:
        raise NotImplementedError

    def _noted(self, now: float) -> list[Notice]:
        raise NotImplementedError

    def answer_confirm(self, now: float, yes: bool) -> list[Notice]:
        raise NotImplementedError

    def _ask(self, prompt: Prompt) -> list[Notice]:
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

    def stop(self, now: float) -> list[Notice]:
        """The stop key, at any moment: pause and ask like a check-in (pain, flags, a note).

        The answer stops the session (`answer_pain`); `cancel_stop` goes back to it. Before
        the session starts, in the "start anyway?" question, it declines the start.
        """
        if self.stage == "confirm":
            return self.answer_confirm(now, False)
        if self.noting:  # the answer before it stands: then the stop, if still on
            noted = self._noted(now)
            return noted if self.stage == "done" else noted + self.stop(now)
        if self._stopping is not None and self.prompt is not None:
            return [Notice("ask", self.prompt.text)]  # asked already: ask again
        if self.stage == "final" and self.prompt is not None:  # nothing left to stop
            return [Notice("note", AT_THE_END), Notice("ask", self.prompt.text)]
        if self.stage in ("ready", "done", "final"):
            return []
        t = self._t(now)
        step = self.engine.current
        paused = False
        out: list[Notice] = []
        if self.stage == "running" and not self.engine.paused:
            events = self.engine.pause(t)
            out += self._from_engine([e for e in events if not isinstance(e, ev.Paused)])
            paused = True
        self._stopping = (self.prompt, paused, step)
        self.prompt = None
        stop = Prompt("pain", STOP_QUESTION, PAIN_FORMS + "; or `cancel` to carry on", when="stop")
        return out + self._ask(stop)

    @property
    def stopping(self) -> bool:
        """True while the stop key's question is open."""
        return self._stopping is not None

    def cancel_stop(self, now: float) -> list[Notice]:
        """Go back to the session from the stop question: the clock runs again (unless it was
        paused before) and the question it replaced, if any, is asked again."""
        if self._stopping is None or self.stage == "done":
            return []
        self._t(now)  # the question ends now: the clock's rate may change from here
        before, paused, _ = self._stopping
        self._stopping = None
        self.prompt = None
        out = [Notice("resumed", "Not stopped: carrying on.")]
        if paused:
            events = self.engine.resume(self._t(now))
            out += self._from_engine([e for e in events if not isinstance(e, ev.Resumed)])
        if before is not None and self.prompt is None:
            out += self._ask(before)
        return out
