"""Which characters the PDFs can print, and where a course's files hold one they cannot.

The PDF engine takes only the fonts bundled in `templates/handout/fonts` (never the machine's, so
that every machine lays out the same PDF), and a tagged PDF refuses a character none of them draws:
an emoji, Chinese, a fullwidth sign. The web pages show them with the reader's own fonts, so the
build found out only when the handouts failed, naming course.yml. `course check` now names the file,
line and column of each such character instead (`unprintable`).
"""

from __future__ import annotations

import struct
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from builder.errors import Diagnostics
from builder.files import NotUtf8, Refused, read_source, utf8_text
from builder.model import Course, Loc

UNDRAWN = {0xFE0E, 0xFE0F, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
"""Characters that draw nothing of their own (variation selectors, joiners, a soft hyphen)."""


@cache
def font_characters(folder: Path) -> frozenset[int]:
    """Every code point that some TrueType font in `folder` maps to a glyph (its `cmap` table)."""
    found: set[int] = set()
    for font in sorted(folder.glob("*.ttf")):
        found |= cmap_characters(font.read_bytes())
    return frozenset(found)


def cmap_characters(data: bytes) -> set[int]:
    """The code points of a font's Unicode `cmap` subtables (formats 4 and 12, which hold them all)."""
    tables = struct.unpack_from(">H", data, 4)[0]
    records = (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(tables))
    cmap = next(offset for tag, _, offset, _ in records if tag == b"cmap")
    found: set[int] = set()
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, _, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        table = cmap + offset
        kind = struct.unpack_from(">H", data, table)[0]
        if platform in (0, 3) and kind == 4:
            found |= format4_characters(data, table)
        elif platform in (0, 3) and kind == 12:
            groups = struct.unpack_from(">I", data, table + 12)[0]
            for start, end, _ in (struct.unpack_from(">III", data, table + 16 + 12 * g) for g in range(groups)):
                found.update(range(start, end + 1))
    return found


def format4_characters(data: bytes, table: int) -> set[int]:
    """Code points of a format 4 subtable whose glyph is not glyph 0 (`.notdef`, «no glyph»)."""
    segments = struct.unpack_from(">H", data, table + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, table + 14)
    starts = struct.unpack_from(f">{segments}H", data, table + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, table + 16 + 4 * segments)
    range_offsets_at = table + 16 + 6 * segments
    found: set[int] = set()
    for s, (start, end, delta) in enumerate(zip(starts, ends, deltas)):
        range_offset = struct.unpack_from(">H", data, range_offsets_at + 2 * s)[0]
        for char in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (char + delta) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", data, range_offsets_at + 2 * s + range_offset + 2 * (char - start))[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                found.add(char)
    return found


def unprintable(text: str, printable: frozenset[int]) -> list[int]:
    """Where `text` holds a character that needs a glyph and has none among `printable`."""
    return [i for i, char in enumerate(text) if ord(char) > 0x7E and ord(char) not in printable and needs_glyph(char)]


def needs_glyph(char: str) -> bool:
    """Controls, format characters, line and paragraph separators and the selectors draw nothing."""
    return ord(char) not in UNDRAWN and not unicodedata.category(char).startswith(("C", "Zl", "Zp")) \
        and not 0xE0100 <= ord(char) <= 0xE01EF


def printed_spans(path: str, text: str) -> list[tuple[int, int]]:
    """The parts of a course file that reach paper: a YAML file's scalars (keys and values, not its
    comments), a module's front matter likewise and its whole text after it."""
    body = 0
    if path.endswith(".md"):
        if not text.startswith("---"):
            return [(0, len(text))]
        end = text.find("\n---", 3)
        if end < 0:
            return [(0, len(text))]
        body = text.find("\n", end + 4) + 1 or len(text)
        yaml_part = text[:end]
    else:
        yaml_part = text
    spans = []
    try:
        for token in yaml.scan(yaml_part, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        spans = [(0, len(yaml_part))]  # reported by the load; its characters are still looked at
    if path.endswith(".md"):
        spans.append((body, len(text)))
    return spans


def report_unprintable(course: Course, fonts: Path, diags: Diagnostics) -> None:
    """A located error for every character of the course's files that the PDFs' fonts cannot print
    (once, though the handouts and the review edition both ask)."""
    printable = font_characters(fonts)
    files = {course.loc.path, *(m.loc.path for m in course.modules), *(q.loc.path for q in course.quizzes.values()),
             *(t.loc.path for t in course.glossary)}
    reported = {d.loc for d in diags.items if d.code == "text.glyph"}
    for path in sorted(p for p in files if p):
        try:
            text = utf8_text(read_source(course.root / path, course.root))
        except (Refused, NotUtf8, OSError):
            continue  # reported by the load
        if not unprintable(text, printable):
            continue
        for start, end in printed_spans(path, text):
            for first, last in runs(unprintable(text[start:end], printable)):
                where = place(path, text, start + first)
                if where not in reported:
                    chars = text[start + first:start + last + 1]
                    diags.error(where, f"the PDFs cannot print {described(chars)}: their fonts have no glyph for it",
                                "remove it or write it in words; the PDFs use only the fonts bundled with course "
                                "(DejaVu: Latin, Cyrillic, Greek, arrows and many symbols, no emoji), so that every "
                                "machine prints them alike", "text.glyph")


def place(path: str, text: str, index: int) -> Loc:
    """The line and column (1-based) of `text[index]`."""
    return Loc(path, text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


def runs(indexes: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of neighbouring indexes: «中文» is one problem, not two."""
    found: list[tuple[int, int]] = []
    for i in indexes:
        if found and found[-1][1] == i - 1:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


def described(chars: str) -> str:
    """`'👉' (U+1F449 white down pointing backhand index)`; several characters by their codes alone."""
    if len(chars) > 1:
        return f"'{chars}' ({', '.join(f'U+{ord(c):04X}' for c in chars)})"
    name = unicodedata.name(chars, "").lower()
    return f"'{chars}' (U+{ord(chars):04X}{' ' + name if name else ''})"
