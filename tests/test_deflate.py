"""Zips written by `builder.targets.deflate` are the bytes `zipfile` writes, and a member shared by
two packages (or starting alike) is deflated once and still decompresses to itself."""

from __future__ import annotations

import io
import random
import zipfile

from builder.targets import deflate


def zipfile_bytes(files: dict[str, bytes], stamp: tuple[int, ...], level: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=level)
    return buffer.getvalue()


def document(seed: int, size: int) -> bytes:
    words = random.Random(seed)
    return " ".join(words.choice(["курс", "модуль", "quiz", "<p>", "данные", "42"]) for _ in range(size)).encode()


def test_archives_are_the_bytes_zipfile_writes():
    files = {"index.html": document(1, 400_000), "runtime/course.js": document(2, 3000), "assets/схема.svg": b"<svg/>", "empty.txt": b""}
    for level in (5, 6):
        ours = deflate.Deflater(level).zip_bytes(files, (2026, 11, 20, 10, 30, 4))
        assert ours == zipfile_bytes(files, (2026, 11, 20, 10, 30, 4), level)


def test_a_document_that_differs_only_at_its_end_reuses_the_shared_part(monkeypatch):
    first = document(3, 200_000)
    second = first[:-40] + b'"backend":"scorm2004"}</script>'
    deflater = deflate.Deflater(5)
    deflater.deflate(first)
    compressed: list[int] = []
    real = deflate.zlib.compressobj
    monkeypatch.setattr(deflate.zlib, "compressobj", lambda *args: compressed.append(1) or real(*args))
    stream = deflater.deflate(second)
    assert compressed == [], "the second document continues from a saved state"
    assert deflate.zlib.decompress(stream, -15) == second
    fresh = real(5, deflate.zlib.DEFLATED, -15)
    assert stream == fresh.compress(second) + fresh.flush()


def test_a_member_two_archives_share_is_deflated_once_and_both_archives_stay_exact(monkeypatch):
    page, runtime = document(4, 30_000), document(5, 2_000)
    deflater = deflate.Deflater(6)
    stamp = (2026, 12, 5, 12, 0, 0)
    first = deflater.zip_bytes({"01.html": page, "runtime/course.js": runtime, "imsmanifest.xml": b"<a/>"}, stamp)
    compressed: list[int] = []
    real = deflate.zlib.compressobj
    monkeypatch.setattr(deflate.zlib, "compressobj", lambda *args: compressed.append(1) or real(*args))
    files = {"01.html": page, "runtime/course.js": runtime, "imsmanifest.xml": b"<b/>"}
    second = deflater.zip_bytes(files, stamp)
    assert len(compressed) == 1, "only the member that differs is deflated again"
    monkeypatch.undo()
    assert first == zipfile_bytes({"01.html": page, "runtime/course.js": runtime, "imsmanifest.xml": b"<a/>"}, stamp, 6)
    assert second == zipfile_bytes(files, stamp, 6)
