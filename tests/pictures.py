"""A picture for tests: the smallest PNG Pillow writes (1x1, RGB)."""

from __future__ import annotations

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63606060000000040001f61738550000000049454e44ae426082"
)
"""A 1x1 PNG that every image library reads."""
