"""The width a browser shows an image at when the text gives it none: its own, in CSS pixels.

Print reads it so that a figure is as large on paper as on a page (a browser counts an image's
pixels as CSS pixels, whatever resolution the file records; Typst would take 1 pixel for 1 point,
or the file's resolution). Only what the file's header says is used; a format or a file this does
not know gives None, and so does an SVG a browser fits to its container (no size of its own).
"""

from __future__ import annotations

import re
import struct

SVG_TAG_RE = re.compile(rb"<(?:[\w.-]+:)?svg\b[^>]*>", re.IGNORECASE)
XML_COMMENT_RE = re.compile(rb"<!--.*?-->", re.DOTALL)
NUMBER = rb"""[+]?(?:[0-9]*\.)?[0-9]+(?:[eE][+-]?[0-9]+)?"""
SVG_LENGTH = rb"""\s*=\s*["']\s*(""" + NUMBER + rb""")\s*(px|pt|pc|in|cm|mm|em)?\s*["']"""
SVG_WIDTH_RE = re.compile(rb"\swidth" + SVG_LENGTH, re.IGNORECASE)
SVG_HEIGHT_RE = re.compile(rb"\sheight" + SVG_LENGTH, re.IGNORECASE)
SVG_VIEWBOX_RE = re.compile(rb"""\sviewBox\s*=\s*["']\s*(?:""" + NUMBER + rb"""[\s,]+){2}(""" + NUMBER
                            + rb""")[\s,]+(""" + NUMBER + rb""")\s*["']""", re.IGNORECASE)
CSS_PIXELS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "em": 16.0}
"""CSS pixels in one unit an SVG's size may be written in (none: pixels; an em at a browser's 16 px)."""
SVG_DEFAULT_WIDTH = 300
"""What a browser shows an SVG at that has neither a size nor a viewBox (a replaced element's default)."""
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
"""JPEG markers that start a frame header (which holds the image's size)."""


def css_width(data: bytes, suffix: str) -> int | None:
    """The image's own width in CSS pixels, or None when it fits its container or is not known."""
    try:
        width = READERS.get(suffix.lower(), lambda _: None)(data)
    except (struct.error, IndexError, ValueError):  # a damaged header: as if it were unknown
        return None
    return round(width) if width is not None and round(width) > 0 else None


def png_width(data: bytes) -> int | None:
    return struct.unpack(">I", data[16:20])[0] if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" else None


def gif_width(data: bytes) -> int | None:
    return struct.unpack("<H", data[6:8])[0] if data[:6] in (b"GIF87a", b"GIF89a") else None


def jpeg_width(data: bytes) -> int | None:
    """The frame's width, or its height when the EXIF orientation turns it (as browsers and Typst do)."""
    if data[:2] != b"\xff\xd8":
        return None
    at, turned = 2, False
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker == 0xE1 and data[at + 4:at + 10] == b"Exif\x00\x00":
            turned = exif_orientation(data[at + 10:at + 2 + length]) in (5, 6, 7, 8)
        if marker in JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return height if turned else width
        at += 2 + length
    return None


def exif_orientation(tiff: bytes) -> int:
    """The Orientation tag (0x0112) of an EXIF block's first image directory; 1 (upright) when absent."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return 1
    directory = struct.unpack(order + "I", tiff[4:8])[0]
    count = struct.unpack(order + "H", tiff[directory:directory + 2])[0]
    for entry in range(directory + 2, directory + 2 + 12 * count, 12):
        tag, _, _ = struct.unpack(order + "HHI", tiff[entry:entry + 8])
        if tag == 0x0112:
            return struct.unpack(order + "H", tiff[entry + 8:entry + 10])[0]
    return 1


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
    """The width of the root `<svg>`: its own, or its height times the viewBox's proportion; None
    when a browser fits it to its container (a viewBox and no size, or a relative size)."""
    tag = SVG_TAG_RE.search(XML_COMMENT_RE.sub(b"", data[:8192]))
    if tag is None:
        return None
    width, height, box = (pattern.search(tag[0]) for pattern in (SVG_WIDTH_RE, SVG_HEIGHT_RE, SVG_VIEWBOX_RE))
    if width:
        return length(width)
    if height and box and float(box[2]) > 0:
        return length(height) * float(box[1]) / float(box[2])
    if box or re.search(rb"\s(?:width|height)\s*=", tag[0]):
        return None
    return SVG_DEFAULT_WIDTH


def length(match: re.Match) -> float:
    """An SVG length in CSS pixels."""
    return float(match[1]) * CSS_PIXELS[(match[2] or b"px").decode().lower()]


READERS = {".png": png_width, ".gif": gif_width, ".jpg": jpeg_width, ".jpeg": jpeg_width, ".webp": webp_width,
           ".svg": svg_width}
"""The header reader of each image type a course may ship (AVIF's is not here: it fits the text)."""
