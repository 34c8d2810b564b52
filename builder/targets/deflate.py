"""Zip archives whose members are deflated once per build, however many packages ship them.

The SCORM 1.2 and 2004 packages hold the same runtime files and pages, and (one SCO) a
multi-megabyte document that differs only in its last bytes (the LMS backend it talks to). A member
already deflated in this build is reused whole. Deflate is deterministic and its output does not
depend on how the input is split, so a large member is also compressed in chunks, the compressor's
state is kept after each chunk, and the next member that starts with the same bytes continues from
the last matching chunk instead of starting over. The archive bytes are exactly what `zipfile`
writes for the same members, level and dates (`tests/test_deflate.py` checks it).
"""

from __future__ import annotations

import hashlib
import struct
import zlib

CHUNK = 1 << 18
"""Bytes between two saved compressor states (a 3.5 MB document keeps 14)."""
KEEP = 64
"""Saved states kept (each holds zlib's window and tables, a few hundred KB)."""
STREAM_BUDGET = 64 << 20
"""Bytes of deflated members kept for reuse (a 1000-module course's pages take about 30 MB)."""


class Deflater:
    """Deflates the members of one build's archives, remembering what it did for the next archive."""

    def __init__(self, level: int) -> None:
        self.level = level
        self.checkpoints: dict[bytes, tuple[object, bytes]] = {}
        """Digest of a member's first n×CHUNK bytes -> (compressor after them, the stream so far)."""
        self.streams: dict[bytes, bytes] = {}
        """Digest of a whole member -> its deflated stream."""
        self.kept = 0

    def deflate(self, data: bytes) -> bytes:
        """Raw deflate stream of `data`: one made before for the same bytes, or continued from a
        saved state when an earlier member started alike."""
        whole = hashlib.sha1(data).digest()
        stream = self.streams.get(whole)
        if stream is None:
            stream = self.deflate_from_checkpoint(data)
            if self.kept + len(stream) > STREAM_BUDGET:
                self.streams.clear()
                self.kept = 0
            self.streams[whole] = stream
            self.kept += len(stream)
        return stream

    def deflate_from_checkpoint(self, data: bytes) -> bytes:
        digest, start, compressor, head = hashlib.sha1(), 0, None, b""
        chain = []
        for offset in range(0, len(data) - len(data) % CHUNK, CHUNK):
            digest.update(data[offset : offset + CHUNK])
            chain.append((offset + CHUNK, digest.digest()))
        for end, key in reversed(chain):
            saved = self.checkpoints.get(key)
            if saved:
                start, compressor, head = end, saved[0].copy(), saved[1]
                break
        if compressor is None:
            compressor = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        parts = [head]
        for end, key in chain:
            if end <= start:
                continue
            parts.append(compressor.compress(data[end - CHUNK : end]))
            if len(self.checkpoints) >= KEEP:
                self.checkpoints.clear()
            self.checkpoints[key] = (compressor.copy(), b"".join(parts))
            start = end
        parts.append(compressor.compress(data[start:]))
        parts.append(compressor.flush())
        return b"".join(parts)

    def zip_bytes(self, files: dict[str, bytes], date_time: tuple[int, ...]) -> bytes:
        """A zip of `files` (sorted by name), every member deflated, dated `date_time`, mode 0644, made
        on Unix: the bytes `zipfile.ZipFile.writestr` gives for the same members."""
        dosdate = (date_time[0] - 1980) << 9 | date_time[1] << 5 | date_time[2]
        dostime = date_time[3] << 11 | date_time[4] << 5 | (date_time[5] // 2)
        body, directory = [], []
        offset = 0
        for name in sorted(files):
            data = files[name]
            stream = self.deflate(data)
            try:
                encoded, flags = name.encode("ascii"), 0
            except UnicodeEncodeError:
                encoded, flags = name.encode("utf-8"), 0x800
            crc = zlib.crc32(data)
            header = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, 8, dostime, dosdate, crc, len(stream),
                                 len(data), len(encoded), 0)
            body += [header, encoded, stream]
            directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, flags, 8, dostime, dosdate,
                                         crc, len(stream), len(data), len(encoded), 0, 0, 0, 0, 0o644 << 16, offset)
                             + encoded)
            offset += len(header) + len(encoded) + len(stream)
        central = b"".join(directory)
        end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(files), len(files), len(central), offset, 0)
        return b"".join(body) + central + end
