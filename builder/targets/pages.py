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
import mimetypes
import random
from dataclasses import dataclass
from functools import cache, cached_property, partial
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import jinja2
from markdown_it.token import Token
from markupsafe import Markup, escape

from builder.context import BuildContext
from builder.files import read_source
from builder.glossary_index import letter_groups
from builder.i18n import long_date, review_state, translator
from builder.markdown.lessons import LESSON_BREAK
from builder.model import Citation, Course, GlossaryTerm, Lesson, Markdown, Module, Question
from builder.questions import kind_scripts, kind_template
from builder.render import BASE_MODE, Mode, Texts, question_texts
from builder.runtime_bundle import RUNTIME_BUNDLES, runtime_text
from builder.runtime_data import course_data, dumps, shared_course_data
from builder.sources import citation_text

RUNTIME_SCRIPTS = {"none": [], "local": ["course.js"], "scorm12": ["scorm.js", "course.js"],
                   "scorm2004": ["scorm.js", "course.js"]}
"""Runtime scripts a page loads, by storage backend (the SCORM adapters only ship in packages)."""



SECTIONS_SLOT = "\x00course-sections\x00"
"""Stands for the pages while the one document around them is rendered."""
LESSONS_SLOT = "\x00"
"""Stands on each side of a module's name where its lesson list may go in a site page's outline."""
OUTLINE_SLOT = "\x00course-outline\x00"
"""Stands for the outline while a site page is rendered (no text of a course holds a NUL character)."""


PAGER_LINK = Markup('<a class="pager__{side}" rel="{side}" href="{h}">'
                    '<span class="pager__label">{l}</span> {title}</a>')
"""A previous/next link between pages."""


def in_slot(document: str, slot: str, parts: list[bytes]) -> bytes:
    """`document` in UTF-8 with `parts` where its one `slot` stands. What is large and shared (the
    outline, a document's pages) is encoded once and joined as bytes, never copied into each page's
    string and encoded again."""
    before, after = document.split(slot)
    return b"".join((before.encode(), *parts, after.encode()))


def templates_root() -> Path:
    """The folder of templates and runtime files installed with the package."""
    return Path(str(resources.files("builder.templates")))


def runtime_file(name: str, course: Course | None = None) -> str:
    """The text of a shipped runtime file (`course.js`, `course.css`, `scorm.js`): see runtime_bundle;
    `course.js` holds the runtime entries of the plug-in kinds the course asks (`kind_scripts`)."""
    kinds = kind_scripts(course.all_questions()) if course and name == "course.js" else ""
    return runtime_text(templates_root() / "runtime", name, kinds)


def shipped_runtime_names() -> list[str]:
    """Every runtime file a package can ship: the bundles, and each other script or style sheet as it is."""
    folder = templates_root() / "runtime"
    parts = {part for sources in RUNTIME_BUNDLES.values() for part in sources}
    own = [p.name for p in folder.iterdir() if p.suffix in (".js", ".css") and p.name not in parts]
    return sorted(set(own) | set(RUNTIME_BUNDLES))


@cache
def boot_script() -> str:
    """The few lines every page runs in its head, before its body is parsed (`boot.js`)."""
    return runtime_file("boot.js")


def script_hash(text: str) -> str:
    """A CSP source allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp_for_files() -> str:
    """Content-Security-Policy of pages that load their runtime from files: nothing from outside,
    and inline only the boot script."""
    return (f"default-src 'none'; script-src 'self' {script_hash(boot_script())}; style-src 'self'; "
            "img-src 'self' data:; font-src 'self'; form-action 'none'; base-uri 'none'")


def environment(ctx: BuildContext) -> jinja2.Environment:
    """The build's Jinja2 environment: templates compile once per build (or dev server run)."""
    return ctx.templates(template_loader)


def template_loader() -> jinja2.BaseLoader:
    """The package's templates; a plug-in question kind's macro file lives with the plug-in (same name)."""
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_root())), jinja2.FunctionLoader(kind_template)])


@dataclass
class Inline:
    """CSS and JS placed inside the page (one-file edition) instead of linked."""

    css: str
    js: str


def csp_for_inline(inline: Inline) -> str:
    """A CSP that allows exactly the inlined script and style, by hash, and nothing from outside."""
    return (f"default-src 'none'; script-src {script_hash(boot_script())} {script_hash(inline.js)}; "
            f"style-src {script_hash(inline.css)}; "
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

    def __init__(self, course: Course, ctx: BuildContext, mode: str = "site", backend: str = "local",
                 inline: Inline | None = None) -> None:
        self.course, self.ctx, self.mode, self.backend, self.inline = course, ctx, mode, backend, inline
        self.t, self.plural = translator(course.language)
        self.questions = {q.id: q for quiz in course.quizzes.values() for q in quiz.bank}
        self.texts = Texts(course, ctx)
        files = dict(asset_files(course)) if inline else None
        self.body_mode = BODY_MODES[mode](self, files)
        """How module bodies are shown: links for this mode, checks playable in place."""
        self.text_mode = TEXT_MODES[mode](files)
        """How the other texts are shown: links for this mode, with the files inside the page if inlined."""
        self.glossary_mode = ScoGlossaryText() if mode == "sco" else self.text_mode
        """How the glossary page shows its definitions (in a per-module package, a window of its own)."""
        self.shown: dict[int, str] = {}
        """Each text's HTML in `text_mode`, by text (a question's texts are asked for its markup and its data)."""
        shared = ctx.shared("course-data", lambda: shared_course_data(course))  # once per build, for every mode
        self.data = self.data_in_mode(dict(course_data(course, mode, shared), backend=backend))

    @cached_property
    def context(self) -> dict:
        """What every template of this renderer sees."""
        return dict(
            course=self.course, t=self.t, plural=self.plural, mode=self.mode, href=self.href, review_state=review_state,
            long_date=partial(long_date, self.course.language),
            module_body=self.module_body, lesson_bodies=self.lesson_bodies, references=self.references,
            pager=self.pager, next_page=self.next_page, question=self.question,
            completion_rule=lambda: self.completion_rule,
            option_list=self.option_list, matching_rights=matching_rights, ordering_start=ordering_start,
            source_label=self.source_label, glossary_terms=sorted(self.course.glossary,
                                                                  key=lambda g: g.term.casefold()),
            glossary_groups=letter_groups(self.course),
            inline=self.inline, scripts=self.scripts, html=self.html, glossary_html=self.glossary_html,
            boot_js=Markup(boot_script()),
            csp=Markup(csp_for_inline(self.inline) if self.inline else csp_for_files()),  # ours: quotes stay readable
        )

    def render(self, template: str, **values) -> str:
        return environment(self.ctx).get_template(template).render(**self.context, **values)

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

    def page_file(self, page_id: str, prefix: str = "") -> bytes:
        """One page as a whole document, in UTF-8 (`site` and `sco` modes).

        What every page shares (pages, quizzes, strings, the storage backend) lives once in
        `runtime/course-data.js`; the page's own JSON holds only what differs per page, so a page's
        weight and its render time do not grow with the number of modules (but for the outline).
        """
        if self.mode == "sco":
            # The same file in the other SCORM version's per-module package: rendered once per build.
            return self.ctx.shared(self.page_key(page_id, prefix), lambda: self.page_document(page_id, prefix).encode())
        return in_slot(self.page_document(page_id, prefix, toc=Markup(OUTLINE_SLOT)), OUTLINE_SLOT,
                       self.outline_for(page_id))

    def page_key(self, page_id: str, prefix: str) -> str:
        """What a per-module SCO page depends on besides the course: the 1.2 and 2004 pages share one
        key (same mode and scripts; the backend is in the package's course-data.js)."""
        return f"page:{self.mode}:{'inline' if self.inline else 'files'}:{','.join(self.scripts)}:{prefix}:{page_id}"

    def page_document(self, page_id: str, prefix: str, toc: Markup = Markup("")) -> str:
        """A page as a whole document, its own data inside."""
        return self.render("site/page.html.j2", page=self.page_by_id(page_id), prefix=prefix,
                           data_json=Markup(dumps(self.page_data(page_id))), shared_data=bool(self.scripts), toc=toc)

    def page_data(self, page_id: str) -> dict:
        """The JSON of one page: what it shows (its questions) and which shared data it belongs to."""
        raw = self.raw_pages[page_id]
        data = {"page": page_id, "dv": self.shared_digest, "questions": self.page_questions(page_id)}
        if self.mode == "sco" and "quiz" in raw:
            # A per-module SCO answers for its own module and quiz only.
            data["completion"] = {"modules": [raw["module"]] if "module" in raw else [],
                                  "quizzes": [raw["quiz"]] if raw["quiz"] else []}
            if raw.get("module") in self.data["completion"].get("read", []):
                data["completion"]["read"] = [raw["module"]]
        return data

    @cached_property
    def shared_data(self) -> dict:
        """What every page of a site or per-module package shares of the course data. The backend is
        here, not in the pages: a per-module page is then the same file in the SCORM 1.2 and 2004
        packages, rendered and deflated once."""
        return {k: v for k, v in self.data.items() if k != "questions"}

    @cached_property
    def shared_digest(self) -> str:
        """Names the shared data in it and in every page, so the runtime can tell a cached
        course-data.js of another build (pages change only when the shared data does)."""
        # Without the content hash, which changes with every edit of any text: a page is rewritten
        # only when what it depends on changes. The backend counts by its presence, not its value:
        # the 1.2 and 2004 packages' pages are the same files, and a course-data.js cached from
        # before the backend moved into it (pages then said it themselves) does not pass for this one.
        shared = {k: v for k, v in self.shared_data.items() if k != "hash"}
        shared["backend"] = "the package's own"
        return hashlib.sha256(dumps(shared).encode()).hexdigest()[:16]

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

    def outline_for(self, page_id: str) -> list[bytes]:
        """The course outline of one site page: every module, and the lessons of the page's own module
        only. The runtime shows no other module's lessons, and listing them on every page made a
        course's site grow with the square of its lessons (a megabyte a page at 1000 modules)."""
        pieces, lessons = self.outline_parts
        own = page_id.encode()  # a module page's id is its module's slug
        return [(lessons[piece] if piece == own else b"") if i % 2 else piece for i, piece in enumerate(pieces)]

    @cached_property
    def outline_parts(self) -> tuple[list[bytes], dict[bytes, bytes]]:
        """The outline in pieces with a slot after each module's link (odd places: the module's name),
        and each module's lesson list, all encoded once."""
        slot = lambda m: Markup(f"{LESSONS_SLOT}{m.slug}{LESSONS_SLOT}")  # noqa: E731 - a template hook
        pieces = self.render("site/_toc.html.j2", lesson_slot=slot).split(LESSONS_SLOT)
        macro = environment(self.ctx).get_template("site/_toc.html.j2").make_module(self.context).outline_lessons
        lessons = {m.slug.encode(): str(macro(m)).encode() for m in self.course.modules}
        return [piece.encode() for piece in pieces], lessons

    def page_questions(self, page_id: str) -> dict:
        """Only the questions one page shows (its quiz and inline checks): keeps each page's data small."""
        raw = self.raw_pages[page_id]
        wanted = list(self.data["quizzes"][raw["quiz"]]["bank"]) if raw.get("quiz") else []
        if raw["kind"] == "module":
            wanted += self.course.module(raw["module"]).check_ids
        questions = self.data["questions"]  # sorted by id, as course_data() makes it
        return {qid: questions[qid] for qid in sorted(set(wanted)) if qid in questions}

    def onedoc_file(self) -> bytes:
        """Every page in one document (`onedoc` mode), in UTF-8."""
        document = self.render("site/onedoc.html.j2", sections=Markup(SECTIONS_SLOT), prefix="",
                               data_json=Markup(dumps(self.data)))
        return in_slot(document, SECTIONS_SLOT, [self.sections()])

    def sections(self) -> bytes:
        """Every page as a `<section>`, in UTF-8: the same for every backend, so rendered once per course
        and mode. Encoded page by page: a 1000-module course's sections are tens of megabytes, which
        are never held as one string."""
        key = f"sections:{self.mode}:{'inline' if self.inline else 'files'}"
        return self.ctx.shared(key, lambda: b"".join(
            self.render("site/sections.html.j2", pages=[page], prefix="").encode() for page in self.pages))

    # ---- helpers called from templates ----

    def href(self, page_id: str, anchor: str = "") -> str:
        """A link to a page: a file in `site` mode, a fragment in one document."""
        if self.mode == "onedoc":
            return "#" + (anchor or page_id)
        return f"{page_id}.html" + (f"#{anchor}" if anchor else "")

    def module_body(self, module: Module) -> Markup:
        """The module's HTML in this mode: links right for it, inline checks playable in place."""
        return Markup(self.texts.html(module.body, self.body_mode, module, numbered=True))

    def lesson_bodies(self, module: Module) -> list[tuple[Lesson, Markup]]:
        """(lesson, its HTML) for each lesson of a module, split where the renderer marked a new one."""
        parts = str(self.module_body(module)).split(LESSON_BREAK)
        return list(zip(module.lessons, (Markup(part) for part in parts), strict=True))

    def html(self, text: Markdown) -> Markup:
        """Any other text of the course (questions, glossary) as this page shows it."""
        if self.text_mode is BASE_MODE or not shows_by_mode(text):
            return Markup(text.html)
        if id(text) not in self.shown:
            self.shown[id(text)] = self.texts.html(text, self.text_mode)
        return Markup(self.shown[id(text)])

    def glossary_html(self, text: Markdown) -> Markup:
        """A definition as the glossary page shows it."""
        if self.glossary_mode is self.text_mode:
            return self.html(text)
        return Markup(self.texts.html(text, self.glossary_mode))

    def data_in_mode(self, data: dict) -> dict:
        """The runtime's data with the HTML of its questions and glossary as this page shows it.
        The data is made once per build in the render stage's mode, and quiz identities hash it so:
        an identity is the same in every output, whatever a link in a question's text points at."""
        if self.text_mode is BASE_MODE:
            return data
        changed = {qid: self.in_mode(data["questions"][qid], question_texts(self.questions[qid]))
                   for qid in self.linking_questions if qid in data["questions"]}
        if changed:
            data["questions"] = {**data["questions"], **changed}
        if "glossary" in data:
            swaps = self.swaps([term.definition for term in self.course.glossary])
            data["glossary"] = {term_id: [term, swaps.get(definition, definition)]
                                for term_id, (term, definition) in data["glossary"].items()}
        return data

    @cached_property
    def linking_questions(self) -> set[str]:
        """The ids of the questions with a text that may show differently by mode (once per build)."""
        return self.ctx.shared("linking-questions", lambda: {
            qid for qid, question in self.questions.items() if any(map(shows_by_mode, question_texts(question)))})

    def in_mode(self, value: dict, texts: list[Markdown]) -> dict:
        """A question's runtime data with the HTML of its `texts` as this page shows them; the same
        object when none of them shows differently here."""
        swaps = self.swaps(texts)
        return replaced(value, swaps) if swaps else value

    def swaps(self, texts: list[Markdown]) -> dict[str, str]:
        """Each of `texts` that shows differently in this page's mode: its render-stage HTML, its HTML here."""
        shown = {text.html: str(self.html(text)) for text in texts if shows_by_mode(text)}
        return {base: here for base, here in shown.items() if base != here}

    def inline_check(self, question_id: str) -> str:
        """A practice copy of a quiz question, playable in place and never graded."""
        question = self.questions[question_id]
        return str(Markup(
            '<div class="check" data-check="{qid}" role="group" aria-label="{label}">'
            '<p class="check__label">{label}</p>'
            '<div class="question question--{type}" data-q="{qid}" data-practice="1">{body}</div></div>'
        ).format(qid=question_id, label=self.t("practice"), type=question.type, body=self.question(question, "chk-")))

    def question(self, question: Question, prefix: str) -> Markup:
        """A question's form markup, rendered once per build for each way its texts show: nothing else
        of it depends on the page or the mode, and each question shows on a page of every mode, some
        twice (an inline check, a final). Most texts show alike in every mode (no link, no image)."""
        made = self.ctx.shared("questions", dict)
        key: tuple = (question.quiz_id, question.id, prefix)
        if question.id in self.linking_questions:
            key += tuple(self.html(text) for text in question_texts(question) if shows_by_mode(text))
        if key not in made:
            made[key] = Markup(self.question_macro(question, prefix))
        return made[key]

    @cached_property
    def question_macro(self):
        template = environment(self.ctx).get_template("site/_question.html.j2")
        return template.make_module(dict(self.context, page={})).question

    @cached_property
    def completion_rule(self) -> Markup:
        """How the course is completed, said under every quiz: the same on every page of this renderer,
        and it names every quiz (rendered per quiz, it made a course's pages quadratic in its quizzes)."""
        return Markup(self.render("site/_completion_rule.html.j2"))

    def references(self, module: Module) -> Markup:
        """The module's sources behind one disclosure: one entry per document, its cited lines merged
        into ranges, each range carrying the numbers of the markers that cite it."""
        groups = grouped_citations(module)
        if not groups:
            return Markup("")
        count = sum(len(numbers) for ranges in groups.values() for _, _, numbers in ranges)
        # (beside the lessons' titles: an h2 on a page, an h3 under the review edition's «Текст модуля»)
        return Markup(self.render("site/_references.html.j2", module=module, groups=groups,
                                  level=2 + self.body_mode.heading_offset,
                                  summary=self.t("references_count", refs=self.plural(count, "refs_n"),
                                                 docs=self.plural(len(groups), "docs_n"))))

    def next_page(self, page: dict) -> dict | None:
        """The page after `page` in reading order, with its link (none in a per-module SCO: the LMS
        navigates there), for a passed module quiz's «Далее: …»."""
        index = self.page_index[page["id"]] + 1
        if self.mode == "sco" or index >= len(self.pages):
            return None
        return dict(self.pages[index], href=self.href(self.pages[index]["id"]))

    def pager(self, page: dict) -> Markup:
        """Previous/next links between pages (not in a per-module SCO: the LMS navigates there)."""
        if self.mode == "sco":
            return Markup("")
        ids = self.page_index
        index = ids[page["id"]]
        links = []
        if index > 0:
            prev = self.pages[index - 1]
            links.append(PAGER_LINK.format(side="prev", h=self.href(prev["id"]), l=self.t("prev"), title=prev["title"]))
        if index + 1 < len(ids):
            nxt = self.pages[index + 1]
            links.append(PAGER_LINK.format(side="next", h=self.href(nxt["id"]), l=self.t("next"), title=nxt["title"]))
        return Markup('<nav class="pager" aria-label="{label}">{links}</nav>').format(label=self.t("pager"),
                                                                                      links=Markup("").join(links))

    def option_list(self, question: Question) -> list[tuple[str, Markup]]:
        """(value, label HTML) of a single, multiple or true/false question's options."""
        if question.type == "true_false":
            return [("t", Markup(escape(self.t("true")))), ("f", Markup(escape(self.t("false"))))]
        return [(o.id, self.html(o.text)) for o in question.options]

    def source_label(self, source: Citation) -> str:
        """A YAML citation as «(Пособие…, строки 500–513)»."""
        return f"({citation_text(source, self.course)})"


def grouped_citations(module: Module, printed: set[int] | None = None) -> dict[str, list[tuple[int, int,
                                                                                        list[int]]]]:
    """Per reference key, in order of first citation: (first line, last line, marker numbers) with
    overlapping or adjacent line ranges merged; of the numbers `printed` only, when given."""
    numbered: dict[int, Citation] = {}
    for citation in module.citations:
        if printed is None or citation.number in printed:
            numbered.setdefault(citation.number, citation)
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for number in sorted(numbered):
        citation = numbered[number]
        spans.setdefault(citation.key, []).append((citation.start, citation.end, number))
    return {key: merged_ranges(items) for key, items in spans.items()}


def merged_ranges(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, list[int]]]:
    """Line ranges (start, end, number) merged where they overlap or touch, in line order."""
    merged: list[tuple[int, int, list[int]]] = []
    for start, end, number in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            first, last, numbers = merged[-1]
            merged[-1] = (first, max(last, end), sorted(numbers + [number]))
        else:
            merged.append((start, end, [number]))
    return merged


class PageMode(Mode):
    """A module body on a page of the static site: references of its own module, checks played in place."""

    def __init__(self, pages: PageRenderer, files: dict[str, bytes] | None = None) -> None:
        self.pages, self.files = pages, files

    def ref_href(self, number: int, env: dict) -> str:
        return f"#{env['docId']}--ref-{number}"  # ids are module-prefixed: one document may hold every module

    def check(self, question_id: str) -> str:
        return self.pages.inline_check(question_id)


class OneDocLinks(Mode):
    """Links inside one document holding every page (the single SCO, the one-file edition): to a
    page's or a glossary entry's place in it. A link to a file of the site would leave the document:
    in a package, the SCO's session with it."""

    def page_href(self, slug: str, anchor: str) -> str | None:
        return "#" + (anchor or slug)

    def term_href(self, term: GlossaryTerm) -> str:
        return f"#term-{term.id}"


class ScoLinks(Mode):
    """Links in a per-module SCO: leaving the launched page would end the SCO's session, so links to
    other modules keep their words only and the glossary opens in a new window (untracked)."""

    def page_href(self, slug: str, anchor: str) -> str | None:
        return None

    def term_link(self, term: GlossaryTerm, words: str) -> str:
        return f'<a class="term" target="_blank" rel="noopener" href="{self.term_href(term)}">{words}</a>'


class OneDocMode(OneDocLinks, PageMode):
    """A module body inside one document holding every page."""


class ScoMode(ScoLinks, PageMode):
    """A module body in a per-module SCO."""


class FilesInside(Mode):
    """The files a text uses carried inside the page as data URIs (the one-file edition): an image's
    source, and a link that downloads the file (browsers will not open a data URI as a page)."""

    files: dict[str, bytes] | None = None
    """The course assets by name (`assets/...`)."""

    def asset_src(self, src: str) -> str:
        name = unquote(src)
        return data_uri(name, self.files[name]) if self.files and name in self.files else super().asset_src(src)

    def link_attrs(self, token: Token) -> dict | None:
        attrs = super().link_attrs(token)
        name = unquote(str(attrs.get("href", ""))) if attrs else ""
        if not self.files or name not in self.files:
            return attrs
        rest = {key: value for key, value in attrs.items() if key != "href"}
        return {"href": data_uri(name, self.files[name]), "download": PurePosixPath(name).name, **rest}


class OneDocText(FilesInside, OneDocLinks):
    """A question's or glossary entry's text inside one document (its files inside in the one-file
    edition): its links go where the module bodies' go, and it holds no `::: check`."""

    def __init__(self, files: dict[str, bytes] | None) -> None:
        self.files = files


class ScoText(ScoLinks):
    """A question's or glossary entry's text in a per-module SCO."""


class ScoGlossaryText(Mode):
    """A definition on the glossary page of a per-module package, which opens in a window of its own:
    a glossary link jumps to its entry in the page; a link to a module keeps its words (its page
    outside the LMS's player would have no SCORM session)."""

    def page_href(self, slug: str, anchor: str) -> str | None:
        return None


class OneFileMode(FilesInside, OneDocMode):
    """A module body in the one-file edition: one document, with its files inside."""


BODY_MODES = {
    "site": lambda pages, files: PageMode(pages, files),
    "sco": lambda pages, files: ScoMode(pages, files),
    "onedoc": lambda pages, files: OneFileMode(pages, files) if files else OneDocMode(pages),
}
"""The mode of module bodies for each kind of page."""

TEXT_MODES = {
    "site": lambda files: BASE_MODE,  # the render stage's own: links between the site's pages
    "sco": lambda files: ScoText(),
    "onedoc": lambda files: OneDocText(files),
}
"""The mode of the other texts (questions, glossary definitions) for each kind of page."""


MODE_SYNTAX = ("](", "]:", "[[")
"""What a text that is not a module body needs to show differently in the pages' modes: a link or an
image (inline, or by a reference's definition) or a glossary link. Citations and settings show alike."""


def shows_by_mode(text: Markdown) -> bool:
    """Whether a text (not a module body) may show differently in a page's mode than the render stage
    made it: most question texts cannot, and are never filled again (a large course has thousands)."""
    return any(mark in text.source for mark in MODE_SYNTAX)


HTML_KEYS = frozenset({"x", "fc", "fi", "f", "h"})
"""The keys of a question's runtime data that hold a text's HTML (`runtime_data.question_data` and the
kinds' `runtime`: explanation, feedback, option and choice feedback, a scenario's texts); the others
hold answers and plain texts, which no mode changes."""


def replaced(value, swaps: dict[str, str]):
    """A question's runtime data (or a part of it) with the HTML under `HTML_KEYS` that is a key of
    `swaps` replaced by its value; the same object where nothing in it changes."""
    if isinstance(value, dict):
        items = {key: swaps.get(item, item) if key in HTML_KEYS and isinstance(item, str) else replaced(item, swaps)
                 for key, item in value.items()}
        return value if all(items[key] is item for key, item in value.items()) else items
    if isinstance(value, list):
        items = [replaced(item, swaps) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    return value


def data_uri(name: str, data: bytes) -> str:
    """A file as a `data:` URI."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


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
