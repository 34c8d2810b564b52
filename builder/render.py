"""Stage 3, render: turn every Markdown text of the model into HTML, once, for all targets.

Rendering is where Markdown-level problems are found (raw HTML, missing images, unknown
glossary terms or citation keys, `::: check` ids outside the module's quiz), so it reports
into the same diagnostics as validation and writes nothing.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape

from builder.context import BuildContext
from builder.errors import Diagnostics, closest, suggest
from builder.files import Refused, check_asset, is_inside, lookup_error, meant_name, shown_name, unshippable
from builder.i18n import catalogue
from builder.markdown import create_md_parser, dashes_kept
from builder.markdown.holes import HOLE
from builder.markdown.inline import local_written
from builder.model import (LOCAL_ASK, Citation, Course, GlossaryTerm, Heading, Lesson, Loc, Markdown, Module, Question,
                           unnumbered)
from builder.questions import kind_of
from builder.schema import ID_RE as WRITTEN_ID_RE
from builder.schema import lookalikes
from builder.sources import cited_group_text, citation_text, lines_problem
from builder.yamlload import QUOTED


ID_RE = re.compile(r'\bid="([^"]+)"')
"""The ids a rendered text gives its elements."""
PLAIN_TEXT_RE = re.compile(r"(?![\s\d+>=:-])[^\n\\`*_\[\]<>&!~|@{}#$^=]+(?<!\s)")
"""One line with no character Markdown (or our extensions) gives a meaning to, and no list or heading start."""


def is_plain(text: Markdown) -> bool:
    """Whether a text is one plain line, which every output shows as it is written (no parse needed)."""
    return PLAIN_TEXT_RE.fullmatch(text.source) is not None


class Mode:
    """How one output shows a rendered text: where its links point, what its images load, what
    stands in for a `::: check`. The render stage renders every text in this base mode (links
    between the site's pages, checks left empty); each target renders texts again in its own mode
    from the token streams the build context keeps, so no target edits rendered HTML."""

    def page_href(self, slug: str, anchor: str) -> str | None:
        """A link to another module's page (`anchor`: an id on it, or ''); None keeps the words only."""
        return f"{slug}.html" + (f"#{anchor}" if anchor else "")

    def link_attrs(self, token: Token) -> dict | None:
        """The attributes of a Markdown link's `<a>`; None keeps the words only."""
        page = token.meta.get("page") if token.meta else None
        if page is None:
            return token.attrs
        href = self.page_href(*page)
        return None if href is None else {**token.attrs, "href": href}

    def asset_src(self, src: str) -> str:
        """An image's `src` (an output may carry the file itself)."""
        return src

    def term_link(self, term: GlossaryTerm, words: str) -> str:
        """A glossary link (`words` are escaped already); the runtime opens its definition in a popover."""
        return f'<a class="term" href="{self.term_href(term)}">{words}</a>'

    def term_href(self, term: GlossaryTerm) -> str:
        """Where a glossary link points."""
        return f"glossary.html#term-{term.id}"

    def ref_href(self, number: int, env: dict) -> str:
        """Where a numbered citation `[n]` points: the reference list of the page."""
        return f"#ref-{number}"

    def cite_span(self, start: int, end: int) -> str:
        """A cited range of lines in a citation's words, kept on one line: «строки 229–» ended a line
        of an explanation on a phone and «231)» began the next."""
        return f'<span class="nowrap">{start}–{end}</span>'

    def cite_inline(self, words: str) -> str:
        """A citation outside module bodies: `(Short title, lines 1–5)` (escaped already). No `title`
        with the document's full name: the words name it, the module's reference list gives it in
        full, and the question data carried that name a thousand times (10 KB of a SCORM package)."""
        return f'<cite class="cite-inline">({words})</cite>'

    def check(self, question_id: str) -> str:
        """What stands for `::: check <id>`: an empty placeholder the runtime does not fill."""
        return f'<div class="check" data-check="{escape(question_id)}"></div>'

    heading_offset = 0
    """Levels a module text's headings go down: 0 where a lesson's title is an h2 under the page's h1."""


BASE_MODE = Mode()
"""The render stage's mode: `Markdown.html` of every text (the site's pages, the runtime's data)."""


@dataclass
class Parsed:
    """A text's token stream and the env its parse and first render filled (citations, headings,
    checks, footnotes): what every later rendering of the text starts from."""

    tokens: list[Token] | None
    """The tokens after the course's checks (raw HTML dropped, module links resolved); None when the
    build keeps only the env (`BuildContext.keep_tokens`)."""
    env: dict
    """The parse env: `citations`, `headings`, `checks`, `locals`, `assets_used`, `footnotes`."""

    def without_tokens(self) -> Parsed:
        return Parsed(None, self.env)


@dataclass
class Program:
    """A text rendered once for every mode: its HTML in pieces, and between each two a hole that the
    rule which made it fills in the mode being written (`builder.markdown.holes`)."""

    pieces: list[str]
    holes: list[Callable[[dict], str]]

    def fill(self, env: dict) -> str:
        """The text's HTML in the mode of `env` (holes are filled in order: a link's end reads what
        its start decided, citation numbers count up)."""
        parts = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            parts.append(hole(env))
            parts.append(piece)
        return "".join(parts)


def render_context(course: Course) -> str:
    """A digest of everything outside a text that its HTML depends on: the glossary (link titles),
    module ids and file names (links), references (citation titles), language and the asset files."""
    digest = hashlib.sha256()
    parts = [course.language, course.root.as_posix()]
    parts += [f"{m.id}:{m.slug}:{m.quiz_id}" for m in course.modules]
    parts += [f"{t.id}:{t.term}:{t.definition.source}" for t in course.glossary]
    parts += [f"{r.key}:{r.title}:{r.short}" for r in course.references.values()]
    parts += [f"local.{key}:{value}" for key, value in sorted(course.local.items())]
    assets = course.root / "course" / "assets"
    if assets.is_dir():
        parts += sorted(p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file())
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class Renderer:
    """Renders the course's Markdown texts with one parser, reporting into `diags`."""

    def __init__(self, course: Course, diags: Diagnostics, ctx: BuildContext | None = None) -> None:
        self.course, self.diags = course, diags
        self.ctx = ctx or BuildContext()
        self.md: MarkdownIt = create_md_parser()
        self.strings = catalogue(course.language)
        self.slugs = {m.slug: m for m in course.modules}
        self.assets: set[str] = set()
        self.citations: list[Citation] = []
        self.local_uses: dict[str, list[Loc]] = {}
        """Where each `{{local.key}}` is used, for the warning about settings course.yml leaves unset."""
        self.anchor_links: list[tuple[str, str, Loc]] = []
        """(page of a module, id on it, where) of every link to a place in a module's page, another's
        (`06-triggers.md#что-такое-триггер`) or its own (`#…` naming no place in its text): checked
        once every module is rendered."""
        self.stand_ins: dict[str, Module] = {}
        """By file name, module files that did not load, whose texts are checked all the same."""
        self.context = render_context(course)

    def key(self, text: Markdown, module: Module | None, numbered: bool) -> tuple:
        """What a text's tokens and HTML depend on (the module only matters to numbered texts), and the
        places its env records (`in_file`: a YAML text wrapped anew has the same words and start)."""
        owner = module.id if module and numbered else ""
        return (self.context, text.source, text.loc, text.in_file, text.inline, owner, numbered)

    def render(self, text: Markdown, module: Module | None = None, numbered: bool = False) -> dict:
        """Render one text in place; return the parser env (headings, checks, citations)."""
        if is_plain(text):
            # Most option labels and feedback are one plain line: what markdown-it would make of
            # them is known, and skipping the parser halves the render time of a large course.
            text.plain = dashes_kept(text.source)
            escaped = text.plain.replace('"', "&quot;")
            text.html = escaped if text.inline else f"<p>{escaped}</p>\n"
            return {"citations": [], "headings": [], "checks": [], "locals": [], "anchor_links": []}
        key = self.key(text, module, numbered)
        cached = self.ctx.rendered.get(key)
        if cached is not None:
            text.html, text.plain, result, assets = cached
            self.assets.update(assets)
            self.citations.extend(result["citations"])
            self.record_local_uses(result["locals"])
            self.anchor_links.extend(result["anchor_links"])
            return result
        errors_before = len(self.diags.items)
        parsed = self.parse(text, module, numbered)
        env = parsed.env
        text.html = self.program(parsed, key).fill(env)
        text.plain = None  # made from the HTML when read (question texts; module bodies only by `course stats`)
        self.citations.extend(env["citations"])
        self.record_local_uses(env["locals"])
        self.anchor_links.extend(env["anchor_links"])
        self.ctx.tokens[key] = parsed if self.ctx.keep_tokens else parsed.without_tokens()
        # Texts with problems are rendered again, to report them again.
        if self.ctx.keep and len(self.diags.items) == errors_before:
            result = {"citations": env["citations"], "headings": env.get("headings", []),
                      "checks": env.get("checks", []), "locals": env["locals"], "anchor_links": env["anchor_links"],
                      "lessons": env.get("lessons", [])}
            self.ctx.rendered[key] = (text.html, text._plain, result, tuple(env["assets_used"]))
        return env

    def program(self, parsed: Parsed, key: tuple) -> Program:
        """The text rendered once with holes where its output's mode decides (kept in the context)."""
        program = self.ctx.programs.get(key)
        if program is None:
            # A copy of the env: the kept one stays as the parse left it (block counters the static
            # rules advance would otherwise shift the anchors of a program made again from it).
            env = {**parsed.env, "holes": []}
            pieces = self.md.renderer.render(parsed.tokens, self.md.options, env).split(HOLE)
            assert len(pieces) == len(env["holes"]) + 1, "a NUL character reached rendered HTML"
            program = self.ctx.programs[key] = Program(pieces, env["holes"])
        return program

    def parse(self, text: Markdown, module: Module | None, numbered: bool) -> Parsed:
        """The text's token stream, with the env its parse filled."""
        env = self.make_env(text.loc, module, numbered, source=text.source, in_file=text.in_file)
        tokens = self.md.parse(escape_term_pipes_in_tables(text.source), env)
        return Parsed(unwrap_paragraph(tokens) if text.inline else tokens, env)

    def make_env(self, loc: Loc, module: Module | None, numbered: bool, mode: Mode = BASE_MODE,
                 source: str = "", in_file: str = "") -> dict:
        """The env a parse runs with: callbacks that know the file, the line offset and the module.
        `source`: the text; `in_file`: what its YAML file holds for it, when that is not the text itself."""
        base = loc.line or 1
        at_line = TextPlaces(loc, source, in_file).at

        env: dict = {
            "course": self.course,
            "strings": self.strings,
            "mode": mode,
            "citations": [],
            "locals": [],
            "numbers": {},
            "prefix": f"{module.id}--" if module and numbered else "",
        }
        if module and numbered:
            env["docId"] = module.id
            env["module"] = module  # (a stand-in for a file whose front matter has errors is in no list)
            env["link_in_page"] = lambda fragment, line: env["link_to_anchor"](module.slug, fragment, line)
        else:  # ids of this text's footnotes, unique among the texts a page shows: its file and place
            place = f"{Path(loc.path).stem}-{base}-{loc.col}"
            env["footnote_scope"] = "".join(c if c.isalnum() or c in "-_" else "-" for c in place)

        def report(line: int, message: str, hint: str, code: str, at: str | re.Pattern = "") -> None:
            """A located error; `at`: the characters it is about, which give its column."""
            self.diags.error(at_line(line, at), message, hint, code)

        env["report"] = report
        env["anchor_links"] = []
        env["link_to_anchor"] = lambda slug, anchor, line: env["anchor_links"].append(
            (slug, anchor, at_line(line, "#" + anchor.split("--", 1)[-1])))  # (written without the module's id)
        env["warn"] = lambda line, message, hint, code: self.diags.warning(Loc(loc.path, base + line, 1), message,
                                                                          hint, code)
        env["assets_used"] = []
        env["resolve_asset"] = lambda src, line: (self.resolve_asset(src, report, line)
                                                  and env["assets_used"].append(src))
        env["resolve_module_link"] = lambda path, fragment, line: self.resolve_module_link(path, fragment, report, line)
        env["cite"] = lambda token: self.cite(token, env, at_line(token_line(token, env), citation_written(token)),
                                              numbered)
        env["local"] = lambda token: self.local_html(token, env, at_line(token_line(token, env),
                                                                         local_written(token.meta.get("key", ""))))
        return env

    def local_html(self, token: Token, env: dict, loc: Loc) -> str:
        """A local setting's value; when unset or `ask`, the sentence telling learners to ask their organisation."""
        key = token.meta["key"]
        if f"local_{key}" not in self.strings:
            return ""  # an unknown key, reported by the token checks
        env["locals"].append((key, loc))
        value = self.course.local.get(key, LOCAL_ASK)
        if value.strip() == LOCAL_ASK:
            return f'<span class="local local--ask">{html.escape(self.strings["local_" + key])}</span>'
        return html.escape(value)

    def record_local_uses(self, uses: list[tuple[str, Loc]]) -> None:
        """Remember where each local setting is used (a cached text reports its uses too)."""
        for key, loc in uses:
            self.local_uses.setdefault(key, []).append(loc)

    def report_unset_locals(self) -> None:
        """One warning per local setting the Markdown uses but course.yml does not give."""
        for key, locs in sorted(self.local_uses.items()):
            if key in self.course.local:
                continue
            # Located at its first use, as an undefined name is; the other uses are listed.
            others = locs[1:]
            places = ", ".join(str(loc) for loc in others[:6])
            places += f" and {len(others) - 6} more" if len(others) > 6 else ""
            self.diags.warning(
                locs[0],
                f"local setting '{key}' is not set in course.yml" + (f" (also used at {places})" if others else ""),
                f"add 'local: {{{key}: \"…\"}}' to course.yml, "
                f"or '{key}: ask' to have the pages tell learners to ask their organisation",
                "course.local-unset",
            )

    def resolve_asset(self, src: str, report: Callable, line: int) -> bool:
        """An image or file link: inside course/assets/, present, readable and of an inert type."""
        if not is_inside(src):
            report(line, f"path '{src}' leaves the course folder",
                   "put the file in course/assets/ and link it as assets/<name>", "path.outside", src)
            return False
        if not src.startswith("assets/"):
            module = self.slugs.get(src.removesuffix(".html"))
            written = src.removeprefix("./").removeprefix("course/")
            if module:
                hint = f"a module is linked by its file name: {module.slug}.md"
            elif written.startswith("assets/"):
                # `course/assets/x.svg`, as the file browser shows it: the path it takes is from course/
                hint = f"paths are from the course/ folder: write {written}"
            else:
                hint = "put the file in course/assets/ and link it as assets/<name>"
            message = f"path '{src}' is written from the wrong folder" if written.startswith("assets/") else \
                f"path '{src}' is not in course/assets/"
            report(line, message, hint, "path.outside", src)
            return False
        path = self.course.root / "course" / src
        trouble = lookup_error(path)
        if trouble:
            report(line, f"file name course/{shown_name(src)} cannot be used: {trouble}",
                   "shorten the file name (a file system takes at most 255 bytes for one name)", "path.missing", src)
            return False
        unusable = unshippable(src)
        if unusable:
            report(line, f"file name course/{shown_name(src)} cannot be shipped: {unusable}",
                   "rename the file (letters, digits, '-' and '_') and the link to it", "asset.name", src)
            return False
        if not path.exists() and not path.is_symlink():
            report(line, f"file course/{src} does not exist", asset_name_hint(path), "path.missing", src)
            return False
        try:
            check_asset(path, self.course.root)
        except Refused as refused:
            report(line, f"course/{src}: {refused.message}", refused.hint, refused.code, src)
            return False
        self.assets.add(src)
        return True

    def resolve_module_link(self, path: str, fragment: str, report: Callable, line: int) -> tuple[str, str] | None:
        """`06-triggers.md#x` names the page `06-triggers` and its id `<module-id>--x`; None when no module is named."""
        written, path = path, path.removeprefix("./")  # `./02-questions.md`, as editors complete it, is the file beside
        slug = Path(path).stem
        module = self.slugs.get(slug)
        if module is None or not is_inside(path) or "/" in path:
            unloaded = self.course.unloaded
            if path in unloaded.module_files or any(meant_name(Path(f).name, ".md") == path
                                                    for f in unloaded.ignored_modules.values()):
                return None  # its file's errors are reported at it, or that its name keeps it from being read
            report(line, f"link to '{written}', which is not a module of the course", self.module_file_hint(path),
                   "ref.link", re.compile(r"(?<=\]\()" + re.escape(written)))  # at the address, not its `](`
            return None
        return slug, f"{module.id}--{fragment}" if fragment else ""

    def module_file_hint(self, path: str) -> str:
        """The module file a wrong link most likely means: the same name in other case, or without its
        number (`questions.md` for `02-questions.md`), else the closest name."""
        files = {unnumbered(slug): f"{slug}.md" for slug in sorted(self.slugs)}
        name = unnumbered(Path(path).stem.lower())
        # Compared without their numbers and `.md`: every name has those, and «02-next» looked like «01-intro».
        close = files.get(name) or files.get(closest(name, files) or "")
        if close:
            return f"did you mean '{close}'?"
        return f"link a module by its file name, e.g. {next(iter(files.values()), 'x.md')}"

    def check_anchor_links(self) -> None:
        """Every link to a place in a module's page names an id the page has (a renamed heading would
        leave the link going nowhere, or in the one-document editions to the course's home)."""
        ids: dict[str, set[str]] = {}
        for slug, anchor, loc in self.anchor_links:
            module = self.slugs.get(slug) or self.stand_ins.get(slug)
            if module is None:
                continue
            if slug not in ids:  # headings, cases, reference notes: whatever the text's HTML names; the page's own
                ids[slug] = set(ID_RE.findall(module.body.html or "")) | page_ids(module, self.course)
            prefix = f"{module.id}--"
            fragment = anchor.removeprefix(prefix)
            # The ids of a quiz whose file has errors, or of objectives that did not load, are not known: a
            # link that may name one waits for those errors (an id is written so); one to a heading does not.
            ids_unknown = (module.quiz_unread or (module.quiz_id and self.course.quiz_affected(module.quiz_id))
                           or slug in self.course.unloaded.pages_in_part)
            if anchor in ids[slug] or (ids_unknown and WRITTEN_ID_RE.fullmatch(fragment)):
                continue
            hint = suggest(fragment, [h.anchor.removeprefix(prefix) for h in module.headings],
                           "a heading's anchor is its text in lower case, words joined by hyphens")
            self.diags.error(loc, f"link to '#{fragment}': module '{module.id}' has no heading with that anchor", hint,
                             "ref.anchor")

    def cite(self, token: Token, env: dict, loc: Loc, numbered: bool) -> str:
        """Record the citations of one `[@…]` group and return their HTML."""
        parts, shown = [], []
        for bad in token.meta["bad"]:
            self.diags.error(loc, f"citation '{bad}' is not written as @key:lines{lookalikes(bad)}",
                             citation_hint(bad, sorted(self.course.references)), "ref.citation")
        for key, start, end in token.meta["items"]:
            citation = Citation(key, start, end, loc, token.meta["sentence"])
            if key not in self.course.references:
                if not self.course.reference_affected(key):  # (else its entry's error is reported in course.yml)
                    known = ", ".join(sorted(self.course.references)) or "none declared"
                    self.diags.error(loc, f"citation '{citation.label}' uses unknown reference key '{key}'",
                                     f"use a key from course.yml references ({known})", "ref.citation")
                continue
            problem = lines_problem(citation)
            if problem:
                self.diags.error(loc, *problem, "ref.citation")
                continue
            env["citations"].append(citation)
            if numbered:
                parts.append(self.cite_html(citation, env))
            else:
                shown.append((key, start, end))
        if shown:  # in place, one bracket for the group: «(Пособие, строки 42–43, 429–443)»
            mode = env["mode"]
            parts.append(mode.cite_inline(cited_group_text(self.course, shown, html.escape, mode.cite_span)))
        return "".join(parts)

    def cite_html(self, citation: Citation, env: dict) -> str:
        """`[3]` linking to the reference list of a module body (elsewhere a group is one bracket: `cite`)."""
        mode: Mode = env["mode"]
        citation.number = env["numbers"].setdefault(citation.label, len(env["numbers"]) + 1)
        href = mode.ref_href(citation.number, env)
        title = html.escape(citation_text(citation, self.course))
        # A link the keyboard reaches too (WCAG 2.1.1). Its name says what it is («Источники [3]», not a
        # bare "3"); the title (the document's short name and lines) is its description, and a pointer's
        # tooltip: a screen reader says it at every marker, and the list it leads to gives the full title.
        label = f"{html.escape(self.strings['references'])} [{citation.number}]"
        link = f'<a href="{href}" title="{title}" aria-label="{label}">[{citation.number}]</a>'
        return f'<sup class="cite">{link}</sup>'


def citation_hint(bad: str, keys: list[str]) -> str:
    """How to write a citation: without the space typed after its colon or around its dash
    (`@guide: 3`), with one of the course's own keys as the example (not one it does not have)."""
    unspaced = re.sub(r"\s*([:\-–—])\s*", r"\1", bad.strip())
    if unspaced != bad.strip() and re.fullmatch(r"@[\w-]+:\d+([-–—]\d+)?", unspaced):
        return f"write it without spaces: [{unspaced.replace('–', '-').replace('—', '-')}]"
    return f"write e.g. [@{keys[0] if keys else 'manual'}:500-513]"


class TextPlaces:
    """Where the characters a check asks about stand in a text's file, for its message: one per
    parse, kept with the page's program (slots, and lists made on the first ask: a course of a
    thousand modules parses some 100,000 texts).

    A module's text is the file's own lines. A text from YAML (`in_file`: what the file holds for it,
    when that is not the text itself) is found in what the file holds: a folded or quoted text's
    lines and columns are not the file's."""

    __slots__ = ("path", "base", "col", "source", "in_file", "in_yaml", "starts", "asked", "in_written", "breaks_at")

    def __init__(self, loc: Loc, source: str, in_file: str) -> None:
        self.path, self.base, self.col = loc.path, loc.line or 1, loc.col
        self.source, self.in_file, self.in_yaml = source, in_file, not loc.path.endswith(".md")
        self.starts: list[int] | None = None  # where each line of `source` starts
        self.asked: dict[tuple[int, str], int] | None = None  # asks so far, by line and characters
        self.in_written: dict[str, tuple[list[int], list[int]]] | None = None  # places in the text and the file
        self.breaks_at: list[int] | None = None  # where the file's lines end within what it holds

    def at(self, line: int, at: str | re.Pattern = "") -> Loc:
        """Where line `line` of the text (0-based) has `at`: its nth place at the nth ask."""
        if self.in_yaml:
            return self.in_yaml_file(line, at)
        return Loc(self.path, self.base + line, self.column(line, at))

    def nth_ask(self, line: int, at: str | re.Pattern) -> tuple[str, int]:
        if self.asked is None:
            self.asked = {}
        key = at if isinstance(at, str) else at.pattern
        nth = self.asked[line, key] = self.asked.get((line, key), -1) + 1
        return key, nth

    def line_start(self, line: int) -> int | None:
        if self.starts is None:
            self.starts = [0, *(match.end() for match in re.finditer("\n", self.source))] if self.source else []
        return self.starts[line] if 0 <= line < len(self.starts) else None

    def column(self, line: int, at: str | re.Pattern) -> int:
        """Where `at` stands on a line of a module's text, which is the file's line as written.
        Characters ending in a name's letter end there (`[[open` is not the start of
        `[[open-question`); a pattern says its own end. The parse meets a line's pieces in order: the
        second ask for the same characters is their second place. (Every citation asks: plain
        `find`, no pattern.)"""
        start = self.line_start(line) if at else None
        if start is None:
            return 1
        end = self.source.find("\n", start)
        _, nth = self.nth_ask(line, at)
        found = places_of(self.source[start:end if end >= 0 else None], at)
        return found[nth] + 1 if nth < len(found) else 1

    def places_in_file(self, at: str | re.Pattern, in_source: list[int]) -> list[int]:
        """Where `at` starts in what the YAML file holds for the text: a QuotedText's places are its
        own, a column on; an opening quote is no place (`"x.png` asked in `"x.png ![a](\"x.png)"`)."""
        if self.in_file == QUOTED:
            return [place + 1 for place in in_source]
        if not self.in_file:
            return in_source
        quoted = self.in_file[:1] in ("'", '"')
        return [place for place in places_of(self.in_file, at) if place or not quoted]

    def in_yaml_file(self, line: int, at: str | re.Pattern) -> Loc:
        """Where a text from YAML has `at`. A plain one-line text is the file's characters from its
        column; a text in quotes, a block or over several lines is looked for in what the file holds
        for it. The nth ask on a line of the text is the nth place there, after every place on the
        lines above: neither the order the parse asks in (footnotes last) nor places no check asks
        for (a code span) shift it. Not found (written with an escape, broken over lines): its line
        in a block (which starts under the `|` or `>`), its column 1."""
        if at:
            key, nth = self.nth_ask(line, at)
            if self.in_written is None:
                self.in_written = {}
            if key not in self.in_written:
                in_source = places_of(self.source, at)
                self.in_written[key] = (in_source, self.places_in_file(at, in_source))
            in_source, found = self.in_written[key]
            start = self.line_start(line) if line > 0 else 0  # (most texts from YAML are one line)
            nth += bisect.bisect_left(in_source, start) if start else 0
            if nth < len(found):
                if self.breaks_at is None:
                    # (a lone CR ends a line to YAML: read_text leaves it, for a module's front matter to name)
                    held = "" if self.in_file == QUOTED else self.in_file or self.source
                    self.breaks_at = [match.start() for match in re.finditer("[\r\n]", held)]
                offset = found[nth]
                breaks = bisect.bisect_left(self.breaks_at, offset)
                return Loc(self.path, self.base + breaks,
                           self.col + offset if not breaks else offset - self.breaks_at[breaks - 1])
        return Loc(self.path, self.base + line + bool(BLOCK_START_RE.match(self.in_file)), 1)


def places_of(text: str, at: str | re.Pattern) -> list[int]:
    """Where `at` starts in `text`: a pattern's matches, or the characters' `places`."""
    return [match.start() for match in at.finditer(text)] if isinstance(at, re.Pattern) else places(text, at)


BLOCK_START_RE = re.compile(r"(?:[!&]\S*\s+)*[|>]")
"""A YAML block scalar as written, after its tag or anchor if any (`!!str |`): its text starts a line below."""


def asset_name_hint(path: Path) -> str:
    """The file an asset link most likely means: the same name in other case (a Windows or macOS
    disk finds it, the site's server and the LMS do not), else the closest name in its folder."""
    try:
        names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    except OSError:
        names = []
    same = next((name for name in names if name.lower() == path.name.lower()), None)
    if same:
        return f"did you mean '{same}'? (file names are case-sensitive)"
    close = closest(path.name, names)
    return f"did you mean '{close}'?" if close else "check the file name (it is case-sensitive)"


class Texts:
    """The course's texts rendered again in an output's mode, from the token streams the render
    stage left in the build context (a text parsed before is never parsed again)."""

    def __init__(self, course: Course, ctx: BuildContext) -> None:
        self.quiet = Renderer(course, Diagnostics(), ctx)  # every text was checked by the render stage

    def parsed(self, text: Markdown, module: Module | None = None, numbered: bool = False,
               tokens: bool = True) -> Parsed:
        """The text's parse env, and its tokens unless `tokens` is false (parsed and rendered here if the
        build has not kept them; parsed again if the build kept its env only)."""
        key = self.quiet.key(text, module, numbered)
        parsed = self.quiet.ctx.tokens.get(key)
        if parsed is None:
            parsed = self.quiet.parse(text, module, numbered)
            self.quiet.program(parsed, key).fill(parsed.env)  # fills its citations
            self.quiet.ctx.tokens[key] = parsed if self.quiet.ctx.keep_tokens else parsed.without_tokens()
        elif tokens and parsed.tokens is None:
            return Parsed(self.quiet.parse(text, module, numbered).tokens, parsed.env)
        return parsed

    def html(self, text: Markdown, mode: Mode, module: Module | None = None, numbered: bool = False) -> str:
        """The text's HTML in `mode`: its program's holes filled in that mode."""
        if mode is BASE_MODE or is_plain(text):
            return text.html  # a plain line has no link, image, citation or block a mode could change
        key = self.quiet.key(text, module, numbered)
        program = self.quiet.ctx.programs.get(key) or self.quiet.program(self.parsed(text, module, numbered), key)
        return program.fill(self.quiet.make_env(text.loc, module, numbered, mode))

    def citations(self, text: Markdown | None) -> list[Citation]:
        """The citations a text makes, in order."""
        if text is None or is_plain(text):
            return []
        return self.parsed(text, tokens=False).env["citations"]

    def images(self, text: Markdown | None) -> list[str]:
        """The course images a text shows (`assets/...`, the file's own name: the parser writes
        `схема 1.png` as `%D1%81…%201.png` in the token), in order, each once."""
        if text is None or is_plain(text):
            return []
        tokens = self.parsed(text).tokens
        images = (child for token in tokens for child in token.children or [] if child.type == "image")
        sources = (unquote(str(image.attrs.get("src", ""))) for image in images)
        return list(dict.fromkeys(src for src in sources if src.startswith("assets/")))


def places(text: str, at: str) -> list[int]:
    """Where `at` starts in `text`, each place where it ends: before no letter, digit, `_` or `-` if it
    ends with one (`[[open` in `[[open-question` is no place; `@doc:1` in `@doc:1-2` is: `-` is a
    range's there, and `@doc:1` ends in a digit, after which only a digit would go on)."""
    found, start = [], text.find(at)
    name_end = at[-1].isalpha() or at[-1] in "_-"
    while start >= 0:
        after = text[start + len(at):start + len(at) + 1]
        if not after or not (after.isdigit() or name_end and (after.isalnum() or after in "_-")):
            found.append(start)
        start = text.find(at, start + 1)
    return found


def citation_written(token: Token) -> str:
    """How a `[@…]` group's first citation is written, to find its column: `@doc:4` (not the start of
    `@doc:40`), or, when the group holds none that reads, its first item as written (`[@doc:abc`: a bare
    `[@` would count from a citation before it on the line that was found another way)."""
    items = token.meta.get("items") or []
    if items:
        return f"@{items[0][0]}:{items[0][1]}"
    bad = token.meta.get("bad") or [""]
    return ("[" + bad[0]).split("\n")[0] if bad[0].startswith("@") else "[@"


def token_line(token: Token, env: dict) -> int:
    """0-based line of an inline token within its text (set by the token checks)."""
    return token.meta.get("abs_line", token.meta.get("line", 0))


def page_ids(module: Module, course: Course) -> set[str]:
    """The ids a module's page gives what it shows around the text (templates/site/_module.html.j2,
    _quiz.html.j2, _references.html.j2): an in-page link may name them as written."""
    ids = {f"{module.slug}-title", f"{module.slug}-obj", f"{module.slug}-cw", f"{module.id}--references", "main"}
    ids |= {objective.id for objective in module.objectives} | {lesson.anchor for lesson in module.lessons}
    quiz = course.quiz_of(module)
    if quiz:
        ids |= {f"quiz-{quiz.id}", *(question.id for question in quiz.bank)}
    return ids


def unwrap_paragraph(tokens: list[Token]) -> list[Token]:
    """Drop the paragraph around a one-paragraph text (option labels, feedback)."""
    if len(tokens) == 3 and tokens[0].type == "paragraph_open" and tokens[2].type == "paragraph_close":
        return [tokens[1]]
    return tokens


def render_course(course: Course, diags: Diagnostics, ctx: BuildContext | None = None) -> None:
    """Render every Markdown text of the course; fill headings, citations, words and checks."""
    renderer = Renderer(course, diags, ctx)
    for module in course.modules:
        render_module(renderer, module)
    for quiz in sorted(course.quizzes.values(), key=lambda q: q.id):
        module = course.module(quiz.module_id) if quiz.module_id else None
        for question in quiz.questions:
            for text in question_texts(question):
                renderer.render(text, module)
    for term in course.glossary:
        renderer.render(term.definition)
    # What the outputs use is known here; the texts of files that did not load are rendered after it,
    # for their own errors only.
    course.assets = sorted(renderer.assets)
    course.citations = list(renderer.citations)
    for module in course.unloaded.modules_apart:
        # as a module's text: its headings' levels and its links to its own headings are checked too
        render_module_text(renderer, module)
        renderer.stand_ins[module.slug] = module
    for question in course.unloaded.questions:
        for text in question_texts(question):
            renderer.render(text)
    for stub in course.unloaded.stubs:
        for text in stub.texts:
            renderer.render(text)
    # and their citations are checked against the sources with the others
    course.unloaded.citations = renderer.citations[len(course.citations):]
    renderer.check_anchor_links()
    renderer.report_unset_locals()


def render_module_text(renderer: Renderer, module: Module) -> dict:
    """Render a module's text as a module's (numbered, its own headings' links), keep its headings and
    lessons; return the parse env."""
    env = renderer.render(module.body, module, numbered=True)
    module.headings = [Heading(level, text, anchor) for level, text, anchor in env.get("headings", [])]
    module.lessons = module_lessons(module, env.get("lessons", []))
    return env


def render_module(renderer: Renderer, module: Module) -> None:
    """Render a module body and check its `::: check` ids against the module's quiz."""
    env = render_module_text(renderer, module)
    module.citations = env["citations"]
    quiz = renderer.course.quiz_of(module)
    question_ids = {q.id for q in quiz.questions} if quiz else set()
    # A quiz that did not load whole, or that the module names but no file has, is reported as such.
    quiz_known = (not renderer.course.quiz_affected(module.quiz_id) if quiz
                  else not module.quiz_id and not module.quiz_unread)
    module.check_ids = []
    for question_id, line in env.get("checks", []):
        if question_id in question_ids:
            module.check_ids.append(question_id)
        elif question_id and quiz_known:
            quizzes = renderer.course.quizzes.values()
            elsewhere = next((q for q in quizzes if any(x.id == question_id for x in q.questions)), None)
            hint = (f"use a question id from {quiz.loc.path}" if quiz
                    else "give the module a quiz: first, then check one of its questions")
            if elsewhere is not None:  # a check shows a question of the module's own quiz only
                hint = f"it is a question of {elsewhere.loc.path}; " + hint
            renderer.diags.error(Loc(module.body.loc.path, module.body.loc.line + line, 1),
                                 f"'::: check {question_id}' names no question of this module's quiz", hint,
                                 "ref.question")


def module_lessons(module: Module, found: list[tuple[str, int, int]]) -> list[Lesson]:
    """The lessons the parse found, numbered, anchored and with the module's minutes shared out by words."""
    found = found or [(module.title, 0, 0)]  # a one-line body (never parsed) is one lesson
    total = sum(words for _, _, words in found) or 1
    lessons = []
    for number, (title, line, words) in enumerate(found, 1):
        minutes = max(1, round(module.minutes * words / total))
        lessons.append(Lesson(number, title or module.title, module.body.loc.line + line, words,
                              f"{module.id}--lesson-{number}", minutes))
    return lessons


def question_texts(question: Question) -> list[Markdown]:
    """Every Markdown text of a question, in reading order: the common ones, then its kind's."""
    texts = [question.prompt, question.explanation, question.feedback_correct, question.feedback_incorrect]
    return [t for t in texts + kind_of(question).texts(question) if t is not None]


TABLE_TERM_RE = re.compile(r"(\[\[[^\]|\n\\]+)\|([^\]\n]*\]\])")


def escape_term_pipes_in_tables(source: str) -> str:
    """`[[id|text]]` in a table row: its `|` would split the cell, so escape it as GFM requires
    (`\\|`); the glossary rule reads `\\|` as the separator. Authors need not know."""
    if "[[" not in source or "|" not in source:
        return source
    lines = source.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|") and "[[" in line:
            lines[i] = TABLE_TERM_RE.sub(r"\1\\|\2", line)
    return "\n".join(lines)
