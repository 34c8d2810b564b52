"""An image's own width as a browser shows it (CSS pixels), read from its file's header."""

from __future__ import annotations

import struct
import zlib

import pytest

from builder.imagesize import css_width


def png(width: int, height: int, dpi: int | None = None, rgb: bytes = b"\xff\x00\x00") -> bytes:
    """A PNG of one colour; with `dpi`, a pHYs chunk saying so (which a browser ignores)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    phys = chunk(b"pHYs", struct.pack(">IIB", round(dpi / 0.0254), round(dpi / 0.0254), 1)) if dpi else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + phys
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg_header(width: int, height: int, orientation: int | None = None) -> bytes:
    """The start of a baseline JPEG: SOI, a JFIF APP0 segment (or an EXIF APP1 with `orientation`),
    then the frame header (SOF0)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x01\x01\x2c\x01\x2c\x00\x00"
    if orientation:
        tiff = b"MM\x00*" + struct.pack(">IHHHIHHI", 8, 1, 0x0112, 3, 1, orientation, 0, 0)
        app0 = b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\x00\x00" + tiff
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xda"


@pytest.mark.parametrize("data,suffix,expected", [
    (png(200, 10), ".png", 200),
    (png(600, 10, dpi=300), ".PNG", 600),  # a browser counts pixels, not the resolution the file records
    (b"GIF89a" + struct.pack("<HH", 321, 20) + b"\x00" * 10, ".gif", 321),
    (jpeg_header(640, 480), ".jpg", 640),
    (jpeg_header(64, 48), ".jpeg", 64),
    (jpeg_header(300, 100, orientation=6), ".jpg", 100),  # a phone's portrait photo: shown turned
    (jpeg_header(300, 100, orientation=3), ".jpg", 300),
    (b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (799).to_bytes(3, "little") + b"\x00" * 3, ".webp", 800),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120">', ".svg", 320),
    (b'<svg width="240pt" stroke-width="9">', ".svg", 320),
    (b"<svg width='10cm'>", ".svg", 378),
    (b'<svg viewBox="0 0 200 40">', ".svg", None),  # fits its container, as a browser shows it
    (b'<svg width="50%">', ".svg", None),
    (b'<svg width="12em">', ".svg", 192),
    (b'<SVG WIDTH="320PX">', ".svg", 320),
    (b'<svg width="3.2e2">', ".svg", 320),
    (b'<svg height="24" viewBox="0 0 48 24">', ".svg", 48),  # an icon: its height in the box's proportion
    (b'<svg width="100%" height="40" viewBox="0,0,200,40">', ".svg", 200),
    (b'<svg width="100%" height="40">', ".svg", None),
    (b'<svg xmlns="http://www.w3.org/2000/svg">', ".svg", 300),  # no size, no box: a browser's default
    (b'<!-- <svg width="999"> --><svg:svg width="120">', ".svg", 120),
    (b'<svg width="0.4">', ".svg", None),
    (b"\x89PNG\r\n\x1a\n\x00", ".png", None),  # damaged: as if unknown
    (b"\xff\xd8\xff\xe0\xff\xff", ".jpg", None),
    (png(10, 10), ".avif", None),
])
def test_the_width_a_browser_shows_an_image_at(data, suffix, expected):
    assert css_width(data, suffix) == expected
