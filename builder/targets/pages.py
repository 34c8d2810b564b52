"""Learner pages (home, modules, final quiz, glossary) rendered from the model with Jinja2.

Three targets show the same pages in different containers, so the markup lives here once:
- `site`: one HTML file per page, linked with ordinary links;
- `onedoc`: every page in one document, shown one at a time by the runtime (the single SCO of
  a SCORM package must never reload its launch page, and the one-file edition has one file);
- `sco`: one module page per SCO of a per-module SCORM package (the LMS navigates between them).
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from builder.files import read_source
from builder.glossary_index import letter_groups
from builder.i18n import translator
from builder.model import Citation, Course, Module, Question
from builder.questions import kind_template
from builder.runtime_data import course_data, dumps
from builder.sources import citation_text

RUNTIME_SCRIPTS = {"none": [], "local": ["course.js"], "scorm12": ["scorm.js", "course.js"], "scorm2004": ["scorm.js", "course.js"]}
"""Runtime scripts a page loads, by storage backend (the SCORM adapters only ship in packages)."""

CSP_FILES = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'none'; base-uri 'none'"
"""Content-Security-Policy of pages that load their runtime from files: nothing from outside."""

CHECK_RE = re.compile(r'<div class="check" data-check="([^"]+)"></div>')
REF_HREF_RE = re.compile(r'href="#ref-(\d+)"')
SCO_MODULE_LINK_RE = re.compile(r'<a href="(?!glossary\.html)[0-9A-Za-z_-]+\.html(?:#[^"]*)?">(.*?)</a>')
PAGE_HREF_RE = re.compile(r'href="([0-9A-Za-z_-]+)\.html(#[^"]*)?"')


def templates_root() -> Path:
    """The folder of templates and runtime files installed with the package."""
    return Path(str(resources.files("builder.templates")))


RUNTIME_BUNDLES = {"course.js": ("engine.js", "course.js", "blocks.js")}
"""Shipped runtime files made of several sources, in order: the pure engine, the page's UI, then the
content blocks' script, so every output that ships the runtime (site, packages, single file) ships them
without a file list of its own."""


def runtime_file(name: str) -> str:
    """The text of a shipped runtime file (`course.js`, `course.css`, `scorm.js`), joined from its sources."""
    folder = templates_root() / "runtime"
    return "\n".join(folder.joinpath(part).read_text(encoding="utf-8") for part in RUNTIME_BUNDLES.get(name, (name,)))


_DATA: dict = {}
"""The last course's runtime data by mode: built once per build, shared by the packages and the single file."""

TEMPLATES_RELOAD = True
"""Whether Jinja checks template files for changes on every fetch (`course serve`); a one-shot build turns it off."""

_SECTIONS: dict = {}
"""The last course's rendered one-document sections (SCORM 1.2, 2004 and the single file share them)."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One Jinja2 environment for every renderer, so templates compile once per process."""
    return jinja2.Environment(
        # A plug-in question kind's macro file lives with the plug-in: asked for by the same name.
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_root())), jinja2.FunctionLoader(kind_template)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=TEMPLATES_RELOAD,
    )


@dataclass
class Inline:
    """CSS and JS placed inside the page (one-file edition) instead of linked."""

    css: str
    js: str


def csp_for_inline(inline: Inline) -> str:
    """A CSP that allows exactly the inlined script and style, by hash, and nothing from outside."""
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    return (f"default-src 'none'; script-src {digest(inline.js)}; style-src {digest(inline.css)}; "
            "img-src data:; font-src data:; form-action 'none'; base-uri 'none'")


def seeded_order(key: str, count: int) -> list[int]:
    """A shuffled order of `range(count)` that depends only on `key` and never equals the identity."""
    order = list(range(count))
    rng = random.Random(key)
    for _ in range(10):
        rng.shuffle(order)
        if order != sorted(order) or count < 2:
            break
    if count >= 2 and order == sorted(order):
        order.reverse()
    return order


class PageRenderer:
    """Renders learner pages of one course in one mode and for one storage backend."""

    def __init__(self, course: Course, mode: str = "site", backend: str = "local", inline: Inline | None = None) -> None:
        self.course, self.mode, self.backend, self.inline = course, mode, backend, inline
        self.data = dict(shared_course_data(course, mode))  # a copy: `backend` differs per renderer
        self.data["backend"] = backend
        self.t, self.plural = translator(course.language)
        self.questions = {q.id: q for quiz in course.quizzes.values() for q in quiz.bank}

    @cached_property
    def context(self) -> dict:
        """What every template of this renderer sees."""
        return dict(
            course=self.course, t=self.t, plural=self.plural, mode=self.mode, href=self.href,
            module_body=self.module_body, references=self.references, pager=self.pager,
            option_list=self.option_list, matching_rights=matching_rights, ordering_start=ordering_start,
            source_label=self.source_label, glossary_terms=sorted(self.course.glossary, key=lambda g: g.term.casefold()),
            glossary_groups=letter_groups(self.course),
            inline=self.inline, scripts=self.scripts,
            csp=Markup(csp_for_inline(self.inline) if self.inline else CSP_FILES),  # our constant: quotes stay readable
        )

    def render(self, template: str, **values) -> str:
        return environment().get_template(template).render(**self.context, **values)

    @cached_property
    def pages(self) -> list[dict]:
        """Pages with their model objects attached, for templates."""
        pages = []
        for page in self.data["pages"]:
            page = dict(page)
            if page["kind"] == "module":
                page["module"] = self.course.module(page["module"])
            pages.append(page)
        return pages

    def page_by_id(self, page_id: str) -> dict:
        return self.pages_by_id[page_id]

    @cached_property
    def pages_by_id(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.pages}

    @cached_property
    def page_index(self) -> dict[str, int]:
        """Each page's position (the pager asks for every page: a list search each time was quadratic)."""
        return {p["id"]: i for i, p in enumerate(self.pages)}

    def render_page(self, page_id: str, prefix: str = "") -> str:
        """One page as a whole document (`site` and `sco` modes).

        What every page shares (pages, quizzes, strings) lives once in `runtime/course-data.js`;
        the page's own JSON holds only what differs per page, so a page's weight and its render
        time do not grow with the number of modules.
        """
        raw = self.raw_pages[page_id]
        data = {"page": page_id, "dv": self.shared_digest, "backend": self.backend, "questions": self.page_questions(page_id)}
        if self.mode == "sco" and "quiz" in raw:
            # A per-module SCO answers for its own module and quiz only.
            data["completion"] = {"modules": [raw["module"]] if "module" in raw else [], "quizzes": [raw["quiz"]] if raw["quiz"] else []}
        return self.render("site/page.html.j2", page=self.page_by_id(page_id), prefix=prefix, data_json=Markup(dumps(data)),
                           shared_data=bool(self.scripts), toc=self.toc if self.mode != "sco" else "")

    @cached_property
    def shared_data(self) -> dict:
        """What every page of a site or per-module package shares of the course data."""
        return {k: v for k, v in self.data.items() if k not in ("questions", "backend")}

    @cached_property
    def shared_digest(self) -> str:
        """Names the shared data in it and in every page, so the runtime can tell a cached
        course-data.js of another build (pages change only when the shared data does)."""
        # Without the content hash, which changes with every edit of any text: a page is rewritten
        # only when what it depends on changes.
        return hashlib.sha256(dumps({k: v for k, v in self.shared_data.items() if k != "hash"}).encode()).hexdigest()[:16]

    def shared_data_script(self) -> str:
        """`runtime/course-data.js`: the course data every page of a site or per-module package shares."""
        # dumps escapes U+2028/2029, which end a line in older JavaScript engines, inside strings too.
        return f"window.COURSE_DATA={dumps(dict(self.shared_data, dv=self.shared_digest))};\n"

    @cached_property
    def raw_pages(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.data["pages"]}

    @property
    def scripts(self) -> list[str]:
        return RUNTIME_SCRIPTS[self.backend]

    @cached_property
    def toc(self) -> Markup:
        """The course contents list, the same on every page (the runtime marks the current one)."""
        return Markup(self.render("site/_toc.html.j2"))

    def page_questions(self, page_id: str) -> dict:
        """Only the questions one page shows (its quiz and inline checks): keeps each page's data small."""
        raw = self.raw_pages[page_id]
        wanted = list(self.data["quizzes"][raw["quiz"]]["bank"]) if raw.get("quiz") else []
        if raw["kind"] == "module":
            wanted += self.course.module(raw["module"]).check_ids
        questions = self.data["questions"]  # sorted by id, as course_data() makes it
        return {qid: questions[qid] for qid in sorted(set(wanted)) if qid in questions}

    def render_onedoc(self) -> str:
        """Every page in one document (`onedoc` mode)."""
        return self.render("site/onedoc.html.j2", sections=self.sections(), prefix="", data_json=Markup(dumps(self.data)))

    def sections(self) -> Markup:
        """Every page as a `<section>`: the same for every backend, so rendered once per course and mode."""
        key = (id(self.course), self.mode)
        cached = _SECTIONS.get(key)
        if cached is None or cached[0] is not self.course:
            cached = (self.course, Markup(self.render("site/sections.html.j2", pages=self.pages, prefix="")))
            _SECTIONS.clear()
            _SECTIONS[key] = cached
        return cached[1]

    # ---- helpers called from templates ----

    def href(self, page_id: str, anchor: str = "") -> str:
        """A link to a page: a file in `site` mode, a fragment in one document."""
        if self.mode == "onedoc":
            return "#" + (anchor or page_id)
        return f"{page_id}.html" + (f"#{anchor}" if anchor else "")

    def module_body(self, module: Module) -> Markup:
        """The module's HTML with inline checks filled in and links made right for this mode."""
        return Markup(CHECK_RE.sub(lambda m: self.inline_check(m.group(1)), self.linked_body(module)))

    def linked_body(self, module: Module) -> str:
        """The module's HTML with reference and page links made right for this mode (checks still empty)."""
        text = REF_HREF_RE.sub(lambda m: f'href="#{module.id}--ref-{m.group(1)}"', module.body.html)
        if self.mode == "onedoc":
            text = PAGE_HREF_RE.sub(lambda m: f'href="{m.group(2) or "#" + m.group(1)}"', text)
        elif self.mode == "sco":
            text = sco_links(text)
        return text

    def inline_check(self, question_id: str) -> str:
        """A practice copy of a quiz question, playable in place and never graded."""
        question = self.questions[question_id]
        macro = self.question_macro
        return str(Markup(
            '<div class="check" data-check="{qid}" role="group" aria-label="{label}"><p class="check__label">{label}</p>'
            '<div class="question question--{type}" data-q="{qid}" data-practice="1">{body}</div></div>'
        ).format(qid=question_id, label=self.t("practice"), type=question.type, body=Markup(macro(question, "chk-"))))

    @cached_property
    def question_macro(self):
        return environment().get_template("site/_question.html.j2").make_module(dict(self.context, page={})).question

    def references(self, module: Module) -> Markup:
        """The numbered list of sources a module cites."""
        numbered = {}
        for citation in module.citations:
            numbered.setdefault(citation.number, citation)
        if not numbered:
            return Markup("")
        items = []
        for number in sorted(numbered):
            citation = numbered[number]
            reference = self.course.references[citation.key]
            lines = f"{self.t('line')} {citation.start}" if citation.start == citation.end else f"{self.t('lines')} {citation.start}–{citation.end}"
            items.append(Markup('<li id="{id}">{title}, {lines}</li>').format(id=f"{module.id}--ref-{number}", title=reference.title, lines=lines))
        heading_id = f"{module.id}--references"
        return Markup('<section class="references" aria-labelledby="{hid}"><h2 id="{hid}">{title}</h2><ol class="references__list">{items}</ol></section>').format(
            hid=heading_id, title=self.t("references"), items=Markup("").join(items))

    def pager(self, page: dict) -> Markup:
        """Previous/next links between pages (not in a per-module SCO: the LMS navigates there)."""
        if self.mode == "sco":
            return Markup("")
        ids = self.page_index
        index = ids[page["id"]]
        links = []
        if index > 0:
            prev = self.pages[index - 1]
            links.append(Markup('<a class="pager__prev" rel="prev" href="{h}"><span class="pager__label">{l}</span> {title}</a>').format(h=self.href(prev["id"]), l=self.t("prev"), title=prev["title"]))
        if index + 1 < len(ids):
            nxt = self.pages[index + 1]
            links.append(Markup('<a class="pager__next" rel="next" href="{h}"><span class="pager__label">{l}</span> {title}</a>').format(h=self.href(nxt["id"]), l=self.t("next"), title=nxt["title"]))
        return Markup('<nav class="pager" aria-label="{label}">{links}</nav>').format(label=self.t("pager"), links=Markup("").join(links))

    def option_list(self, question: Question) -> list[tuple[str, Markup]]:
        """(value, label HTML) of a single, multiple or true/false question's options."""
        if question.type == "true_false":
            return [("t", Markup(escape(self.t("true")))), ("f", Markup(escape(self.t("false"))))]
        return [(o.id, Markup(o.text.html)) for o in question.options]

    def source_label(self, source: Citation) -> str:
        """A YAML citation as «(Пособие…, строки 500–513)»."""
        return f"({citation_text(source, self.course)})"


def shared_course_data(course: Course, mode: str) -> dict:
    """`course_data(course, mode)`, made once for the course being built."""
    cached = _DATA.get(mode)
    if cached is None or cached[0] is not course:
        if cached is not None:
            _DATA.clear()  # another course (`course serve` builds a new model each time)
        cached = _DATA[mode] = (course, course_data(course, mode))
    return cached[1]


def sco_links(text: str) -> str:
    """Links of a per-module SCO: the glossary opens in a new window (without tracking); links to
    other modules become plain text, because leaving the launched page would end the SCO's session."""
    text = text.replace('<a class="term" href="glossary.html#', '<a class="term" target="_blank" rel="noopener" href="glossary.html#')
    return SCO_MODULE_LINK_RE.sub(r"\1", text)


def matching_rights(question: Question) -> list[tuple[int, str]]:
    """Right-hand items of a matching question in a fixed shuffled order, with their indexes."""
    rights = [p.right.plain for p in question.pairs] + [d.plain for d in question.distractors]
    return [(i, rights[i]) for i in seeded_order(question.id, len(rights))]


def ordering_start(question: Question) -> list[tuple[int, object]]:
    """Ordering items in the fixed shuffled order the learner starts from."""
    return [(i, question.items[i]) for i in seeded_order(question.id, len(question.items))]


def asset_files(course: Course) -> list[tuple[str, bytes]]:
    """(path inside the output, bytes) of every asset the Markdown uses, and only those, read
    through the reading gate (rendering has checked each one's type and place)."""
    return [(name, read_source(course.root / "course" / name, course.root)) for name in sorted(course.assets)]
