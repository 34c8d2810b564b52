"""`course check --sources DIR`: every citation resolves to real lines of a real document.

A cited range must exist in its document (an error), and every number written in digits in the
citing sentence should occur in the cited lines (a warning: it catches a figure copied wrong or
a citation pointing at the wrong lines).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable

from builder.errors import Diagnostic, Diagnostics
from builder.files import NotUtf8, Refused, is_inside, lookup_error, read_source, relative, shown_name, utf8_text
from builder.i18n import catalogue
from builder.model import Citation, Course, Loc

NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
"""A number as written in a sentence: 72, 3,5, 2020 (not parts of ids like M1-F07)."""


def read_documents(course: Course, folder: Path, diags: Diagnostics, own: bool = False) -> dict[str, list[str]]:
    """The lines of each referenced document, by reference key. From the course folder's `own`
    sources/ (read without --sources), a document must really lie inside the course folder, and
    one the folder lacks is a warning (its citations go unchecked): it may hold the originals."""
    documents: dict[str, list[str]] = {}
    within = folder.parent if own else folder
    for key, reference in sorted(course.references.items()):
        path = folder / reference.file
        if not is_inside(reference.file):
            diags.error(reference.loc, f"source document '{reference.file}' of reference '{key}' is outside the "
                        "sources folder", "name a file inside the --sources folder, without '..'", "path.outside")
            continue
        trouble = lookup_error(path)
        if trouble:
            diags.error(reference.loc, f"source document name '{shown_name(reference.file)}' of reference '{key}' "
                        f"cannot be used: {trouble}", "shorten the file name in 'file:'", "sources.missing")
            continue
        if not path.is_file():
            report = diags.warning if own else diags.error
            report(reference.loc, f"source document '{reference.file}' of reference '{key}' is not in {folder}"
                   + (": its citations are not checked" if own else ""),
                   "fix 'file:' in course.yml or pass the right --sources folder", "sources.missing")
            continue
        # Through the reading gate: a link to /etc/passwd named like a source was quoted in the review edition.
        try:
            data = read_source(path, within)
        except Refused as refused:
            diags.error(reference.loc, f"source document '{reference.file}' of reference '{key}': {refused.message}",
                        refused.hint, refused.code)
            continue
        try:
            documents[key] = document_lines(utf8_text(data))
        except NotUtf8 as bad:
            # Read with stand-ins for its letters, it passed every check and the review edition, which
            # the clinician and the lawyer sign, quoted «�������» for each cited line.
            diags.error(Loc(relative(path, course.root), bad.line, bad.col),
                        f"source document '{reference.file}' of reference '{key}' is not valid UTF-8: its lines "
                        "cannot be quoted", bad.hint, "file.encoding")
    return documents


def document_lines(text: str) -> list[str]:
    """A document's lines as an editor numbers them: the newline ending the last line starts no
    line of its own (a 9-line file let a citation of line 10 pass)."""
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def normalise_number(text: str) -> str:
    """3,5 and 3.5 compare equal."""
    return text.replace(",", ".")


THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:([ \u00a0\u202f,])\d{3})(?:\1\d{3})*(?![\d]|[.,]\d)")
"""1 500 000, 1,500,000: one number written with thousands separators."""
NOT_PROSE_RE = re.compile(r"\]\([^)]*\)|\[\[[^\]|]*\||\[\[[^\]]*\]\]|\[\^[^\]]*\]")
"""Link targets, glossary ids and footnote markers: digits there (10-case-studies.md, `[^9]`) are not figures."""


def numbers_in(text: str, as_cited: bool = False) -> set[str]:
    """Every number in a text, normalised. Thousands separators are read as one number; in cited
    lines (`as_cited`) every other reading counts too, so that a figure is found however it is split."""
    joined = THOUSANDS_RE.sub(lambda m: re.sub(r"[ \u00a0\u202f,]", "", m.group(0)), text)
    found = {normalise_number(n) for n in NUMBER_RE.findall(joined)}
    if as_cited:
        found |= {normalise_number(n) for n in NUMBER_RE.findall(text)}
    return found


def lines_problem(citation: Citation) -> tuple[str, str] | None:
    """What is wrong with a citation's line numbers as written, as (message, hint), or None: the one
    rule for a citation in Markdown (`[@doc:9-2]`) and in YAML (`sources:`, `source:`). Lines are
    numbered from 1, and a range ends at or after its first line."""
    if citation.start < 1:
        return (f"citation '{citation.label}' cites line 0, but lines are numbered from 1",
                "write the number of the first cited line as the source file numbers it")
    if citation.end < citation.start:
        return f"citation '{citation.label}' ends before it starts", "write the first line, then the last"
    return None


def check_citation(citation: Citation, lines: list[str], diags: Diagnostics, also_cited: tuple[str, ...] = ()) -> None:
    """The range exists; the sentence's numbers occur in it (or in `also_cited`: the other ranges of
    the same `[@a:1-2; @b:3-4]` marker, which support the sentence together). A range that breaks
    `lines_problem`'s rule was reported where it is written and never reaches here."""
    if citation.end > len(lines):
        diags.error(citation.loc,
                    f"citation '{citation.label}' points past the end of the document ({len(lines)} lines)",
                    "check the line numbers against the source file", "sources.range")
        return
    missing = missing_numbers(citation.sentence, "\n".join((cited_text(citation, lines), *also_cited)))
    if missing:
        sentence = citation.sentence if len(citation.sentence) <= 80 else citation.sentence[:77] + "..."
        diags.warning(
            citation.loc,
            f"number(s) {', '.join(missing)} in \"{sentence}\" do not occur in {citation.label}",
            "check the figure against the source, or cite the lines that contain it",
            "sources.number",
        )


def citation_text(citation: Citation, course: Course) -> str:
    """`Пособие, строки 500–513`: the reference's short name (else its title) and the cited lines,
    as every output writes a citation outside the page's numbered list."""
    return cited_lines_text(course, citation.key, citation.start, citation.end)


def line_span(start: int, end: int) -> str:
    """A cited range of lines as plain text: «500–513»."""
    return f"{start}–{end}"


def cited_lines_text(course: Course, key: str, start: int, end: int, escape: Callable[[str], str] = str,
                     span: Callable[[int, int], str] = line_span) -> str:
    """`citation_text` from its parts (paper reads them from the token, without a Citation). `escape`
    and `span`: how an output writes the document's name and a range (a page keeps a range on one line)."""
    reference = course.references.get(key)
    name = escape(reference.name if reference else key)
    words = catalogue(course.language)
    return f"{name}, {words['lines']} {span(start, end)}" if end != start else f"{name}, {words['line']} {start}"


def cited_group_text(course: Course, items: list[tuple[str, int, int]], escape: Callable[[str], str] = str,
                     span: Callable[[int, int], str] = line_span) -> str:
    """The words of one `[@…; @…]` group printed in place: each document once, its ranges joined
    («Пособие, строки 42–43, 429–443; Отчёт, строка 5»), not one bracket per range side by side."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for key, start, end in items:
        ranges.setdefault(key, []).append((start, end))
    words = catalogue(course.language)
    parts = []
    for key, spans in ranges.items():
        if len(spans) == 1:
            parts.append(cited_lines_text(course, key, *spans[0], escape=escape, span=span))
            continue
        reference = course.references.get(key)
        shown = ", ".join(span(start, end) if end != start else str(start) for start, end in spans)
        parts.append(f"{escape(reference.name if reference else key)}, {words['lines']} {shown}")
    return "; ".join(parts)


def yaml_citations(course: Course) -> list[Citation]:
    """Every citation written in YAML (`sources:`, `source:`), each located where its value is written
    (the schema located it); a clinical_review item's statement is the sentence its citation supports."""
    found = [c for question in course.all_questions() for c in question.sources]
    found += [term.source for term in course.glossary if term.source]
    flagging = [*course.modules, *course.glossary, *course.quizzes.values()]
    found += [replace(note.source, sentence=note.text)
              for node in flagging for note in node.clinical_review if note.source]
    return found


OWN_SOURCES = "sources"
"""A course folder's own folder of cited documents (`course new` makes one), read when --sources is not given."""


def sources_folder(course_dir: Path, given: Path | None = None) -> Path | None:
    """The folder of the cited documents: --sources, else the course folder's own `sources/`, so a
    course that keeps its documents beside its text has every citation checked without a flag."""
    if given is not None:
        return given
    own = course_dir / OWN_SOURCES
    return own if own.is_dir() and not own_sources_notes(course_dir) else None


def own_sources_notes(course_dir: Path) -> list[Diagnostic]:
    """Why the course folder's `sources` is not read without --sources, if it is there and is not
    read. A cloned course must not choose what is read from this machine: a `sources` link to /etc
    would have the review edition quote its files, so a link out of the course folder is read only
    when --sources names it."""
    own, loc = course_dir / OWN_SOURCES, Loc(OWN_SOURCES)
    if own.is_symlink() and not own.exists():
        message = f"{OWN_SOURCES} is a link to {os.readlink(own)}, which does not exist"
    elif own.exists() and not own.is_dir():
        message = f"{OWN_SOURCES} is a file, not a folder of cited documents"
    elif own.is_dir() and not own.resolve().is_relative_to(course_dir.resolve()):
        message = f"{OWN_SOURCES}/ is a link to {own.resolve()}, outside the course folder"
    else:
        return []
    return [Diagnostic(loc, message + ": its citations are not checked",
                       "pass --sources DIR to check them against the documents in DIR", "sources.outside",
                       "warning")]


def check_sources(course: Course, folder: Path, diags: Diagnostics, own: bool = False) -> int:
    """Check every citation of the course against the documents in `folder` (`own`: the course
    folder's sources/, found without --sources); return how many."""
    if not folder.is_dir():
        diags.error(Loc(str(folder)), f"sources folder {folder} does not exist",
                    "pass the folder holding the documents named in course.yml references", "sources.missing")
        return 0
    documents = read_documents(course, folder, diags, own)
    return check_citations(course, documents, diags)


def check_citations(course: Course, documents: dict[str, list[str]], diags: Diagnostics) -> int:
    """Check every citation of the course against the documents' lines; return how many."""
    citations = course.citations + course.unloaded.citations + yaml_citations(course)
    # The ranges of one `[@a:1-2; @b:3-4]` marker support their sentence together.
    markers: dict[tuple[Loc, str], list[Citation]] = defaultdict(list)
    for citation in citations:
        if citation.sentence:
            markers[(citation.loc, citation.sentence)].append(citation)
    for citation in citations:
        if citation.key in documents:
            marker = markers.get((citation.loc, citation.sentence), [])
            siblings = tuple(cited_text(other, documents.get(other.key, []))
                             for other in marker if other is not citation)
            check_citation(citation, documents[citation.key], diags, siblings)
    return len(citations)


def missing_numbers(sentence: str, cited: str) -> list[str]:
    """The numbers of a citing sentence that the cited lines do not hold (a figure to check)."""
    return sorted(numbers_in(NOT_PROSE_RE.sub(" ", sentence)) - numbers_in(cited, as_cited=True),
                  key=lambda n: (len(n), n))


def cited_text(citation: Citation, lines: list[str]) -> str:
    """The document lines a citation points at."""
    return "\n".join(lines[max(citation.start - 1, 0) : citation.end])
