"""The width a browser shows an image at when the text gives it none: its own, in CSS pixels.

Print reads it so that a figure is as large on paper as on a page (a browser counts an image's
pixels as CSS pixels, whatever resolution the file records; Typst would take 1 pixel for 1 point,
or the file's resolution). Only the file's header is read; a format or a file this does not know
gives None, and so does an SVG whose width is relative or absent (a browser fits it to the text).
"""

from __future__ import annotations

import re
import struct

SVG_TAG_RE = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
SVG_WIDTH_RE = re.compile(rb"""\swidth\s*=\s*["']\s*([0-9]*\.?[0-9]+)\s*(px|pt|pc|in|cm|mm)?\s*["']""")
CSS_PIXELS = {b"px": 1.0, b"pt": 4 / 3, b"pc": 16.0, b"in": 96.0, b"cm": 96 / 2.54, b"mm": 96 / 25.4}
"""CSS pixels in one unit an SVG's width may be written in (none: pixels)."""
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
"""JPEG markers that start a frame header (which holds the image's size)."""


def css_width(data: bytes, suffix: str) -> int | None:
    """The image's own width in CSS pixels, or None when it fits its container or is not known."""
    try:
        width = READERS.get(suffix.lower(), lambda _: None)(data)
    except (struct.error, IndexError, ValueError):  # a damaged header: as if it were unknown
        return None
    return round(width) if width and width > 0 else None


def png_width(data: bytes) -> int | None:
    return struct.unpack(">I", data[16:20])[0] if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" else None


def gif_width(data: bytes) -> int | None:
    return struct.unpack("<H", data[6:8])[0] if data[:6] in (b"GIF87a", b"GIF89a") else None


def jpeg_width(data: bytes) -> int | None:
    if data[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in JPEG_FRAMES:
            return struct.unpack(">H", data[at + 7:at + 9])[0]
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return None


def webp_width(data: bytes) -> int | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8 ":
        return struct.unpack("<H", data[26:28])[0] & 0x3FFF
    if chunk == b"VP8L":
        return (struct.unpack("<I", data[21:25])[0] & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1
    return None


def svg_width(data: bytes) -> float | None:
    tag = SVG_TAG_RE.search(data[:4096])
    width = SVG_WIDTH_RE.search(tag[0]) if tag else None
    return float(width[1]) * CSS_PIXELS[width[2] or b"px"] if width else None


READERS = {".png": png_width, ".gif": gif_width, ".jpg": jpeg_width, ".jpeg": jpeg_width, ".webp": webp_width,
           ".svg": svg_width}
"""The header reader of each image type a course may ship (AVIF's is not here: it fits the text)."""
