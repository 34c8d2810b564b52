"""Where a course's files hold a character the PDFs cannot print.

The PDF engine takes the fonts bundled in `templates/handout/fonts` and its own, never the
machine's (so that every machine lays out the same PDF), and a tagged PDF refuses a character it
has no glyph for: an emoji, Chinese, a fullwidth sign, and even some that a bundled font has but
the engine does not fall back to (₮ in body text). The web pages show them with the reader's own
fonts, so the build found out only when the handouts failed, naming course.yml. `course check`
now names the file, line and column of each such character instead (`report_unprintable`). What
the engine can print is asked of the engine itself (`engine_refuses`): a list of fonts' characters
was wrong both ways (the review of 12-08 found 25 it refused and 1,225 it printed).
"""

from __future__ import annotations

import unicodedata

import yaml

from builder.errors import Diagnostics
from builder.files import NotUtf8, Refused, read_source, utf8_text
from builder.model import Course, Loc

UNDRAWN = {0xFE0E, 0xFE0F, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
"""Characters that draw nothing of their own (variation selectors, joiners, a soft hyphen)."""
STYLES = [("DejaVu Serif", "regular", "normal"), ("DejaVu Serif", "bold", "normal"),
          ("DejaVu Serif", "regular", "italic"), ("DejaVu Serif", "bold", "italic"),
          ("DejaVu Sans", "regular", "normal"), ("DejaVu Sans", "bold", "normal")]
"""The faces the handouts set text in (templates/handout/handout.typ): body, strong, emphasis, headings."""
PRINTED_RANGES = [(0x00A0, 0x017F), (0x0391, 0x03C9), (0x0400, 0x045F), (0x2010, 0x2027), (0x2030, 0x203A),
                  (0x20AC, 0x20AC), (0x2116, 0x2116), (0x2122, 0x2122), (0x2190, 0x2199), (0x2212, 0x2212)]
"""Characters the engine prints in every face (tests/test_glyphs.py asks it of each): a course that
uses no other is not asked again, which spares the engine's 0.2 s of start-up on every build."""


def needs_glyph(char: str) -> bool:
    """Whether a character is drawn: controls, format characters, line and paragraph separators and the
    variation selectors are not."""
    return (ord(char) > 0x7E and ord(char) not in UNDRAWN and not 0xE0100 <= ord(char) <= 0xE01EF
            and not unicodedata.category(char).startswith(("C", "Zl", "Zp")))


def known_printed(char: str) -> bool:
    return any(first <= ord(char) <= last for first, last in PRINTED_RANGES)


def engine_refuses(chars: list[str]) -> set[str]:
    """Those of `chars` the PDF engine cannot print in the handouts' faces: one small document for all
    of them (a few milliseconds), halved down to the characters refused only when it fails."""
    if not chars or engine_prints(chars):
        return set()
    if len(chars) == 1:
        return set(chars)
    return engine_refuses(chars[:len(chars) // 2]) | engine_refuses(chars[len(chars) // 2:])


def engine_prints(chars: list[str]) -> bool:
    import typst

    from builder.targets.typeset import PDF_STANDARDS, fonts

    words = "".join(chars).replace("\\", "\\\\").replace('"', '\\"')
    markup = '#set document(title: "glyphs")\n' + "\n".join(
        f'#text(font: "{font}", weight: "{weight}", style: "{style}", "{words}")' for font, weight, style in STYLES)
    try:
        typst.compile(markup.encode("utf-8"), format="pdf", font_paths=fonts(), ignore_system_fonts=True,
                      pdf_tags=True, pdf_standards=PDF_STANDARDS)
    except typst.TypstError:
        return False
    return True


def printed_spans(path: str, text: str) -> list[tuple[int, int]]:
    """The parts of a course file that reach paper: a YAML file's scalars (keys and values, not its
    comments), a module's front matter likewise and its whole text after it."""
    from builder.load import split_front_matter

    if path.endswith(".md"):
        parts = split_front_matter(text, path, Diagnostics())
        if parts is None:
            return [(0, len(text))]  # its front matter's error is reported by the load
        front, body, _ = parts
        start = text.index("\n") + 1
        return [(start + a, start + b) for a, b in scalar_spans(front)] + [(len(text) - len(body), len(text))]
    return scalar_spans(text)


def scalar_spans(yaml_text: str) -> list[tuple[int, int]]:
    """Where a YAML text's scalars stand (a text that does not parse: all of it, its error is reported)."""
    try:
        return [(token.start_mark.index, token.end_mark.index) for token in yaml.scan(yaml_text, Loader=yaml.SafeLoader)
                if isinstance(token, yaml.ScalarToken)]
    except yaml.YAMLError:
        return [(0, len(yaml_text))]


def report_unprintable(course: Course, diags: Diagnostics) -> None:
    """A located error for every run of characters of the course's files that the PDFs cannot print
    (once, though the handouts and the review edition both ask)."""
    files = {course.loc.path, *(m.loc.path for m in course.modules), *(q.loc.path for q in course.quizzes.values()),
             *(t.loc.path for t in course.glossary)}
    texts = {}
    for path in sorted(p for p in files if p):
        try:
            texts[path] = utf8_text(read_source(course.root / path, course.root))
        except (Refused, NotUtf8, OSError):
            continue  # reported by the load
    distinct = set().union(*map(set, texts.values()))  # (a course's characters: some 100 of its million)
    drawn = sorted(char for char in distinct if needs_glyph(char) and not known_printed(char))
    try:
        refused = engine_refuses(drawn)
    except ImportError:
        return  # an engine that does not load is reported by check_engine
    reported = {d.loc for d in diags.items if d.code == "text.glyph"}
    for path, text in texts.items():
        if not refused.intersection(text):
            continue
        for start, end in printed_spans(path, text):
            for first, last in runs([i for i in range(start, end) if text[i] in refused]):
                where = place(path, text, first)
                if where not in reported:
                    diags.error(where, f"the PDFs cannot print {described(text[first:last + 1])}: their fonts "
                                "have no glyph for it", "remove it or write it in words; the PDFs use only the fonts "
                                "bundled with course and the PDF engine (DejaVu and a few others: no emoji, no "
                                "Chinese), so that every machine prints them alike", "text.glyph")


def runs(indexes: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of neighbouring indexes: «中文» is one problem, not two."""
    found: list[tuple[int, int]] = []
    for i in indexes:
        if found and found[-1][1] == i - 1:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


def place(path: str, text: str, index: int) -> Loc:
    """The line and column (1-based) of `text[index]`."""
    return Loc(path, text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


def described(chars: str) -> str:
    """`'👉' (U+1F449 white down pointing backhand index)`; several characters by their codes alone."""
    if len(chars) > 1:
        return f"'{chars}' ({', '.join(f'U+{ord(c):04X}' for c in chars)})"
    name = unicodedata.name(chars, "").lower()
    return f"'{chars}' (U+{ord(chars):04X}{' ' + name if name else ''})"
