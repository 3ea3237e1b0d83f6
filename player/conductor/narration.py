"""What each engine event becomes: a cue heard, a journal record kept, a notice shown.

The conductor hands every event here except those that change what it asks (a check-in, the
end of the plan); it stays the one place that decides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from player.conductor.log import SessionLog
from player.journal.work.exercises import ExerciseResult
from player.routine.loader import LoadedRoutine
from player.session import events as ev
from player.session.plan import Step
from player.session.ports import Notice, SoundPlayer

BREATH_WORDS = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out"}
CUE_WORDS = {
    "go": "Go",
    "halfway": "Halfway",
    "next_rep": "Next rep",
    "rest": "Rest",
    "relax": "Relax",
}


class Narrator:
    """Sounds, records and words for one session's engine events."""

    def __init__(
        self,
        sound: SoundPlayer,
        log: SessionLog,
        loaded: LoadedRoutine | None,
        results: Callable[[], list[ExerciseResult]],
    ) -> None:
        """Tell a session's events.

        Args:
            sound: Plays the cues.
            log: Keeps the journal records.
            loaded: The routine's file, for its own cue sounds (None for a bare routine).
            results: What became of each exercise so far (for the line when one ends).
        """
        self.sound = sound
        self.log = log
        self.loaded = loaded
        self.results = results

    def _override(self, cue: str, step: Step | None) -> Path | None:
        if self.loaded is None:
            return None
        return self.loaded.sound_override(cue, step.exercise_index if step else None)

    def _rep_counted(self, rep: int | None, step: Step, event: ev.Event) -> list[Notice]:
        """A counted rep starts: its number is said (with a voice) and shown."""
        if rep is None:
            return [Notice("cue", "Go", event=event)]
        self.sound.say(str(rep))
        side = f", {step.side}" if step.rep is not None and step.side else ""
        return [Notice("rep", f"Rep {rep} of {step.reps}{side}", event=event)]

    def tell(self, event: ev.Event) -> list[Notice]:
        """Sound, record and word one event.

        Args:
            event: The engine's event.

        Returns:
            The notices to show (none for events that only sound or are only kept).
        """
        rec = self.log.record
        match event:
            case ev.StepStarted(step=step) if step.kind != "checkin":
                rec("step_started", event.clock, step.journal_data())
                if step.kind == "get_ready":
                    self.sound.say(step.exercise)
                return [Notice("step", step.describe(), event=event)]
            case ev.StepFinished(step=step, skipped=skipped, elapsed=elapsed):
                if step.kind != "checkin":
                    ran = {"elapsed": round(elapsed, 3), "skipped": skipped}
                    rec("step_finished", event.clock, step.journal_data() | ran)
            case ev.CueDue(name=name, step=step):
                self.sound.cue(name, self._override(name, step))
                if name == "count":
                    return [Notice("count", str(event.count), event=event)]
                if name in ("go", "next_rep") and step is not None and step.kind == "tempo":
                    return self._rep_counted(event.count, step, event)
                if name in BREATH_WORDS and step is not None and step.kind == "breathing":
                    return [Notice("rep_phase", BREATH_WORDS[name], event=event)]
                if name in CUE_WORDS:
                    return [Notice("cue", CUE_WORDS[name], event=event)]
            case ev.CueLine(text=text):
                self.sound.say(text)
                return [Notice("line", text, event=event)]
            case ev.ExerciseDone():
                data = {
                    "exercise": event.exercise,
                    "exercise_index": event.exercise_index,
                    "skipped": event.skipped,
                    "elapsed": event.elapsed,
                }
                rec("exercise_done", event.clock, data)
                result = self.results()[event.exercise_index]
                text = f"{event.exercise}: {result.words()}."
                return [Notice("exercise_done", text, event=event)]
            case ev.Paused():
                rec("pause", event.clock, {})
                return [Notice("paused", "Paused.", event=event)]
            case ev.Resumed():
                rec("resume", event.clock, {})
                return [Notice("resumed", "Resumed.", event=event)]
            case ev.Skipped(step=step) | ev.WentBack(step=step):
                kind = "skip" if isinstance(event, ev.Skipped) else "back"
                data = {"exercise": step.exercise, "exercise_index": step.exercise_index}
                rec(kind, event.clock, {**data, "step": step.kind})
                word = "Skipped" if kind == "skip" else "Back"
                return [Notice(kind, f"{word}.", event=event)]
        return []
