"""Exercise pictures in the app: the image widget, imported only when a routine has pictures.

The image library asks the terminal what it can draw (Kitty graphics, Sixel, or half blocks) when
it is first imported, which can only happen before Textual takes over the terminal. So
`prepare_pictures` imports it before the app starts, and only for routines that have pictures:
other sessions never pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.widget import Widget

from player.routine.loader import LoadedRoutine


def has_pictures(routines: Iterable[LoadedRoutine]) -> bool:
    """Whether any of the routines shows a picture.

    Args:
        routines: The routines a session may play.

    Returns:
        True when an exercise of one of them has `image:`.
    """
    return any(e.image is not None for r in routines for e in r.routine.exercises)


def prepare_pictures(routines: Iterable[LoadedRoutine]) -> None:
    """Import the image widget now, while the terminal can still answer, if it will be needed.

    Args:
        routines: The routines the session may play.
    """
    if has_pictures(routines):
        import textual_image.widget  # noqa: F401

        from player.routine.pictures import limit_decoding

        limit_decoding()


def picture_widget(path: Path) -> Widget:
    """The widget that shows a picture: Kitty graphics or Sixel where the terminal has them,
    coloured half blocks otherwise; a line saying why, for a picture that cannot be decoded.

    The picture is decoded here in full, as `hep validate` decodes it: loading a routine
    checks only a picture's size and header, and a file damaged past them (or changed since)
    would otherwise fail as the widget draws, ending the session.

    Args:
        path: A PNG or JPEG file (its header checked when the routine loaded).

    Returns:
        The widget, with the id `picture` (`picture-problem` for the line saying why).
    """
    from rich.text import Text
    from textual.widgets import Static
    from textual_image.widget import Image

    from player.routine.pictures import decoded_picture, picture_problem

    found = picture_problem(path) or decoded_picture(path)
    if isinstance(found, str):
        return Static(Text(f"The picture cannot be shown: {found}."), id="picture-problem")
    return Image(found, id="picture")
