"""Screens there to be read (a stop's advice, the summary): a key typed before one was on
screen is not for it."""

from __future__ import annotations

from textual import events


class ReadFirst:
    """A screen that says what happened and is left with a key (mixed in before its `Screen`).

    Keys typed ahead reach the questions after the one they answer, in the order typed (the
    app's `_next_key`): that is what they are typed for. A key typed before this screen was
    up was meant for the question before it (an Enter doubled or bounced on the answer that
    stopped the session, the rest of a burst): it closed the stop's advice or the summary
    before the person had seen it. Such a key is dropped here; one typed once the screen is
    up acts as usual.
    """

    _up_since: float | None = None

    def on_mount(self, event: events.Mount) -> None:
        """Note when the screen came up (on Textual's clock, which stamps every key)."""
        self._up_since = event.time

    def on_key(self, event: events.Key) -> None:
        """Drop a key typed before the screen came up."""
        if self._up_since is None or event.time < self._up_since:
            event.prevent_default()
            event.stop()
