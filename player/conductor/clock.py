"""Session time from a face's real time: faster in a preview, except while it asks something."""

from __future__ import annotations


class SessionClock:
    """Turns the face's monotonic `now` (real seconds) into session seconds.

    Session time runs `speed` times faster than real time (a preview), except while the face
    asks something (a question, a wait for Enter): that takes the time it takes, so a minute
    spent answering is a minute of the session, not an hour. Session time starts at the first
    reading's `now` and never goes back.
    """

    def __init__(self, speed: float) -> None:
        """A clock not yet started, running `speed` times faster than real time."""
        self.speed = speed
        self.rate = speed
        """Session seconds per real second now: `speed`, or 1 while the face asks something."""
        self._since: tuple[float, float] | None = None
        """(real, session) seconds when the rate last changed; None before the first reading."""
        self._last = 0.0

    def at(self, now: float, asking: bool) -> float:
        """Session seconds at `now`; `asking`: whether the face is asking something now.

        A change of `asking` takes effect from the previous reading, which the faces take at
        every tick and before every answer.
        """
        if self._since is None:
            self._since = (now, now)
            self._last = now
        rate = 1.0 if asking else self.speed
        if rate != self.rate:
            real, session = self._since
            self._since = (self._last, session + (self._last - real) * self.rate)
            self.rate = rate
        self._last = max(self._last, now)
        real, session = self._since
        return session + (now - real) * self.rate
