"""Exercise pictures: a PNG or JPEG beside the routine file, checked cheaply when it loads."""

from __future__ import annotations

from pathlib import Path

from player.routine.shape import MAX_IMAGE_BYTES

_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def picture_problem(path: Path) -> str | None:
    """Why a picture cannot be shown, from its size and first bytes (no image library).

    Args:
        path: The picture's resolved path.

    Returns:
        What is wrong, or None when it looks like a PNG or JPEG of at most 2 MB.
    """
    try:
        if not path.is_file():
            return "no such picture file" if not path.exists() else "the picture is not a file"
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return f"the picture is too large ({size / 1048576:.1f} MB; the limit is 2 MB)"
        with path.open("rb") as file:
            head = file.read(8)
    except PermissionError:
        return "cannot read the picture (permission denied)"
    except OSError as exc:
        return f"cannot read the picture ({exc.strerror or exc})"
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        return "the file is not a PNG or JPEG picture"
    return None


def picture_opens(path: Path) -> str | None:
    """Why a picture cannot be decoded, or None: opens it with Pillow (imported here, only
    when asked, so loading a routine never pays for the image library).

    Args:
        path: The picture's resolved path (already past `picture_problem`).

    Returns:
        What is wrong, or None when Pillow reads the whole picture.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.load()
            if image.format not in ("PNG", "JPEG"):
                return f"the picture is {image.format}, not PNG or JPEG"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"the picture cannot be read ({exc})"
    except Image.DecompressionBombError:
        return "the picture is too large to show (too many pixels)"
    return None
