"""The check-in dialog: pain 0-10, the flags sharp, spreading and numbness, then a note.

The note's field is put in its place just after the dialog is first drawn (the question is on
screen the sooner); the app holds the keys typed meanwhile until it is there (`note_ready`)."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.geometry import Offset
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from player.answers import AnswerError, key_letter, read_flags
from player.routine.shape import FLAGS, Flag
from player.session.safety import FLAG_WORDS, NOTE_MAX, CheckinAnswer, clean_note
from player.tui.dialogs.keys import KEYS_BINDING, show_keys
from player.tui.widgets.note import NoteInput
from player.tui.widgets.pain_scale import PainScale

FLAG_KEYS: dict[Flag, str] = {"sharp": "s", "spreading": "d", "numbness": "t"}
"""The key that toggles each flag in the dialog."""
FLAG_BY_KEY: dict[str, Flag] = {key: flag for flag, key in FLAG_KEYS.items()}
NO_EARLIER = "No earlier answer today."


class CheckinDialog(ModalScreen[CheckinAnswer | None]):
    """Ask for pain now, with an optional one-line note under it: Enter answers (an empty note
    is skipped), Tab goes to the note and back. Escape leaves the note, and on the scale closes
    the dialog with None when `cancellable`."""

    BINDINGS = [
        # Tab moves to the note at once, ahead of the keys typed after it: Textual hands each key
        # to the widget focused when the key arrives, and its own Tab moves the focus only when
        # the scale has let the Tab go, so a note typed in one burst (or pasted) after Tab went
        # to the scale and was lost.
        Binding("tab,shift+tab", "switch", "Note", show=False, priority=True),
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("q", "leave", "Leave", show=False),
        KEYS_BINDING,
    ]

    def __init__(
        self,
        title: str,
        *,
        question: str = "How much pain do you feel right now?",
        previous: str | None = None,
        ask_flags: bool = True,
        cancellable: bool = False,
        cancel_words: str = "back",
        scale: tuple[str, ...] = (),
        leavable: bool = False,
    ) -> None:
        """Prepare the dialog.

        Args:
            title: The heading (e.g. the exercise name); shown literally.
            question: The question under it.
            previous: A line on earlier answers, e.g. `Last answer: 3/10 before the session`
                or today's earlier sessions; `No earlier answer today.` when None.
            ask_flags: Offer the sharp/spreading/numbness toggles.
            cancellable: Let Escape close the dialog without an answer.
            cancel_words: What Escape does, for the hint (`back`, `carry on`).
            scale: The word for each number 0-10 (the prompt's `scale`).
            leavable: The first question: `q` (like Escape) closes the dialog with None, to
                leave before anything is kept.
        """
        super().__init__()
        self.heading = title
        self.question = question
        self.previous = previous
        self.ask_flags = ask_flags
        self.cancellable = cancellable
        self.cancel_words = cancel_words
        self.scale = scale
        self.leavable = leavable
        self.flags: set[Flag] = set()
        self._note: NoteInput | None = None

    def compose(self) -> ComposeResult:
        """The heading, the question, the scale, the flags, earlier answers and the note."""
        with Vertical(id="checkin-box", classes="dialog"):
            heading = Text(self.heading, style="bold")  # and the question under it, one widget
            heading.append(f"\n{self.question}", style="not bold")
            yield Static(heading, id="checkin-question")
            yield PainScale(
                words=self.scale,
                reads_flags=self.ask_flags,
                other=self._flags_pasted if self.ask_flags else None,
                id="pain",
            )
            if self.ask_flags:
                yield Static(self._flags_text(), id="checkin-flags")
            earlier = self.previous or NO_EARLIER
            yield Static(Text(earlier, style="dim"), id="checkin-previous")
            yield Container(id="checkin-note-room")  # the note's field, once the dialog is drawn
            hint = "Enter: answer   Tab: note"
            if self.ask_flags:
                hint += "   s d t: flags"
            if self.leavable:
                hint += f"   Esc or q: {self.cancel_words}"
            elif self.cancellable:
                hint += f"   Esc: {self.cancel_words}"
            yield Static(Text(hint, style="dim"), id="checkin-hint")

    def on_mount(self) -> None:
        """Put the keys on the scale."""
        self.query_one(PainScale).focus()
        self.call_after_refresh(self._home_cursor)
        self.call_after_refresh(self._add_note)

    async def _add_note(self) -> None:
        """Put the note's field in the room kept for it (it costs the first frame about a
        fifth of the dialog's drawing, and the question is answered on the scale first)."""
        if self._note is None:
            self._note = NoteInput(
                placeholder="Note (optional): Tab to write one, Enter to skip",
                max_length=NOTE_MAX,
                id="checkin-note",
            )
            await self.query_one("#checkin-note-room").mount(self._note)
            self.call_after_refresh(self._home_cursor)  # where the field put it, unless typed in

    @property
    def note_ready(self) -> bool:
        """Whether the note's field is in place and takes keys (see `_add_note`)."""
        return self._note is not None and self._note.is_mounted

    def _home_cursor(self) -> None:
        """Keep the terminal cursor home unless the note is being typed: an input places it
        (for input methods) even before it is laid out or focused, and a terminal left as it
        was by a crash then prints over the screen."""
        if self._note is None or not self._note.has_focus:
            self.app.cursor_position = Offset(0, 0)

    @on(Input.Blurred, "#checkin-note")
    def _left_note(self) -> None:
        self._home_cursor()

    def dismiss(self, result: CheckinAnswer | None = None) -> AwaitComplete:
        """Close with `result`, the terminal cursor home first (the screens under this one
        type nothing)."""
        self.app.cursor_position = Offset(0, 0)
        return super().dismiss(result)

    def _flags_text(self) -> Text:
        text = Text()
        for name in FLAGS:
            mark = "[x]" if name in self.flags else "[ ]"
            style = "bold reverse" if name in self.flags else ""
            text.append(f"{FLAG_KEYS[name]} {mark} {FLAG_WORDS[name]}\n", style=style)
        text.rstrip()
        return text

    def on_key(self, event: events.Key) -> None:
        """The flag keys, as the scale lets them go. Not bindings: a binding is looked up when
        the key has gone through the scale, and if the note took the focus meanwhile (Tab typed
        right after), the note's claim on letters would swallow the flag."""
        flag = FLAG_BY_KEY.get(key_letter(event.character) or "")  # `S` too (Caps Lock on)
        if flag is not None:  # letters typed in the note stay there: it never lets them go
            event.stop()
            self.action_flag(flag)

    def action_keys(self) -> None:
        """`?` on the scale (in the note it is text): what each key does here."""
        from player.session.scale import pain_word

        low, high = pain_word(0, None), pain_word(10, None)
        rows = [
            ("0 to 9", f"how much pain: 0 {low}, 10 {high}; 1 then 0 makes 10"),
            ("← → ↑ ↓", "one less or one more"),
            ("enter", "answer (with the note, when one is written)"),
            ("tab", "write a note; tab again goes back to the numbers"),
        ]
        if self.ask_flags:
            words = ", ".join(f"{FLAG_KEYS[f]} {FLAG_WORDS[f]}" for f in FLAGS)
            rows.append(("s d t", f"mark or unmark: {words}"))
        if self.leavable:
            rows.append(("esc or q", self.cancel_words))
        elif self.cancellable:
            rows.append(("esc", self.cancel_words))
        show_keys(self, rows)

    def action_flag(self, name: Flag) -> None:
        """Toggle a flag."""
        if not self.ask_flags:
            return
        self.flags ^= {name}
        self.query_one("#checkin-flags", Static).update(self._flags_text())

    def action_switch(self) -> None:
        """Between the scale and the note, now (not after the keys already typed)."""
        note = self._note
        if note is None or not note.is_mounted:
            return  # not in place yet: the app holds the keys until it is (`note_ready`)
        self.set_focus(self.query_one(PainScale) if note.has_focus else note)

    def action_cancel(self) -> None:
        """From the note, back to the scale; from the scale, close when allowed."""
        scale = self.query_one(PainScale)
        if not scale.has_focus:
            self.set_focus(scale)
        elif self.cancellable or self.leavable:
            self.dismiss(None)

    def action_leave(self) -> None:
        """`q` on the first question: leave (a `q` typed in the note is text, not this)."""
        if self.leavable:
            self.dismiss(None)

    def typed_note(self) -> str | None:
        """The note typed so far (as it is kept), sent or not."""
        return clean_note(self._note.value) if self._note is not None else None

    def _answer(self, pain: int) -> None:
        flags = tuple(f for f in FLAGS if f in self.flags)
        self.dismiss(CheckinAnswer(pain, flags, self.typed_note()))

    @on(PainScale.Chosen, "#pain")
    def _chosen(self, event: PainScale.Chosen) -> None:
        self._answer(event.value)

    @on(PainScale.Pasted, "#pain")
    def _pasted(self, event: PainScale.Pasted) -> None:
        """A pasted `7 sharp`: the flags it names are marked (none unmarked: a flag marked
        before stays)."""
        self.flags.update(event.answer.flags)
        self.query_one("#checkin-flags", Static).update(self._flags_text())

    def _flags_pasted(self, text: str) -> bool:
        """A paste of flags alone (`s`, `sharp`, `sp nu`), as their keys typed would: the
        flags it names are marked, as after a pasted `7 sharp`; False when it is not only
        flags."""
        try:
            named = read_flags(text, FLAG_BY_KEY)
        except AnswerError:
            return False
        self.flags.update(named)
        self.query_one("#checkin-flags", Static).update(self._flags_text())
        return True

    @on(Input.Submitted, "#checkin-note")
    def _noted(self, event: Input.Submitted) -> None:
        scale = self.query_one(PainScale)
        if scale.value is None:  # the number first
            scale.nudged = True
            self.app.bell()
            scale.focus()
            return
        self._answer(scale.value)
