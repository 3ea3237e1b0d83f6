"""Exercise pictures: a PNG or JPEG beside the routine file, checked cheaply when it loads."""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

from player.files import NotAFile, open_regular
from player.routine.shape import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from player.words import size_over

_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
# JPEG start-of-frame markers (they carry the size); C4, C8 and CC share the range but are not.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's first chunk (IHDR), or None."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's frame header, found by walking its segments, or None."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in _JPEG_FRAMES:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def picture_pixels(head: bytes) -> int | None:
    """How many pixels a PNG or JPEG has, read from its header (nothing decoded), or None.

    Args:
        head: The file's bytes (all of it, or enough to reach the frame header).

    Returns:
        Width times height, or None when no size is found.
    """
    size = _png_size(head) if head.startswith(b"\x89PNG") else _jpeg_size(head)
    return None if size is None else size[0] * size[1]


def picture_problem(path: Path) -> str | None:
    """Why a picture cannot be shown, from its size and first bytes (no image library).

    Args:
        path: The picture's resolved path.

    Returns:
        What is wrong, or None when it looks like a PNG or JPEG of at most 2 MB.
    """
    try:
        fd = open_regular(path)
    except NotAFile:
        return "the picture is not a file"
    except FileNotFoundError:
        return "no such picture file"
    except PermissionError:
        return "cannot read the picture (permission denied)"
    except OSError as exc:
        return f"cannot read the picture ({exc.strerror or exc})"
    try:
        with os.fdopen(fd, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_IMAGE_BYTES:
                found = size_over(size, MAX_IMAGE_BYTES)
                return f"the picture is too large ({found}; the limit is 2 MB)"
            head = file.read(MAX_IMAGE_BYTES)
    except PermissionError:
        return "cannot read the picture (permission denied)"
    except OSError as exc:
        return f"cannot read the picture ({exc.strerror or exc})"
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        return "the file is not a PNG or JPEG picture"
    pixels = picture_pixels(head)
    if pixels is None:
        return "the picture's size cannot be read (a damaged PNG or JPEG)"
    if pixels > MAX_IMAGE_PIXELS:
        return (
            f"the picture has too many pixels ({pixels / 1e6:.0f} megapixels; the limit is "
            f"{MAX_IMAGE_PIXELS / 1e6:.0f}): make it smaller"
        )
    return None


def limit_decoding() -> None:
    """Make the image library refuse a picture over the pixel limit before it decodes it."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def decoded_picture(path: Path) -> Any:
    """The picture decoded in full, in memory, or why it cannot be: the check `hep validate`
    makes, and the one the app makes before it shows a picture (Pillow is imported here, only
    when asked, so loading a routine never pays for the image library).

    Args:
        path: The picture's resolved path (already past `picture_problem`).

    Returns:
        A Pillow image holding every pixel (drawing it reads the file no more), or a string
        saying what is wrong.
    """
    from PIL import Image, UnidentifiedImageError

    limit_decoding()
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.load()
            if image.format not in ("PNG", "JPEG"):
                return f"the picture is {image.format}, not PNG or JPEG"
            return image.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"the picture cannot be read ({exc})"
    except Image.DecompressionBombError:
        return "the picture is too large to show (too many pixels)"


def picture_opens(path: Path) -> str | None:
    """Why a picture cannot be decoded, or None (`decoded_picture`, its pixels let go).

    Args:
        path: The picture's resolved path (already past `picture_problem`).

    Returns:
        What is wrong, or None when Pillow reads the whole picture.
    """
    found = decoded_picture(path)
    return found if isinstance(found, str) else None
