"""Print handouts (`--format handout`): print-ready HTML and PDF made with WeasyPrint.

Written into `handouts/`:
- `<id>-<version>-learner.pdf`: the learner handout for the whole course (cover, contents with page
  numbers, every module, glossary, references);
- `module-NN-<slug>.pdf`: the same for one module, for a workshop on that module;
- `<id>-<version>-worksheets.pdf`: every quiz laid out for paper, without answers;
- `<id>-<version>-facilitator-guide.pdf`: statements needing clinical sign-off, every question with its
  answer, feedback, explanation and sources, reflection prompts with model answers, case discussion questions;
- `html/`: the HTML each PDF is made from, with its stylesheet and fonts (prints from a browser too).

Paper is not a screen: nothing here is interactive. Reflection answers become lines to write on
(learner) or the model answer (facilitator); inline checks become printed questions; links to the
glossary and between modules stay clickable inside the PDF. Output is deterministic: no dates but
the course's own review date, a fixed PDF identifier.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import lxml.html
from markupsafe import Markup, escape

from builder.errors import CourseError, Diagnostic
from builder.model import Course, Module, Question, best_path
from builder.targets import BuildOptions
from builder.targets.pages import PageRenderer, environment, matching_rights, ordering_start, templates_root

log = logging.getLogger("course")

TERM_HREF_RE = re.compile(r'href="#term-([\w-]+)"')
RELATIVE_LINK_RE = re.compile(r'<a (?:class="[^"]*" )?href="(?!#|https?:|mailto:)[^"]*"(?: [a-z-]+="[^"]*")*>(.*?)</a>', re.S)
"""A link to a page file: on paper there is no such file (questions link the glossary page), keep the words."""
CITE_RE = re.compile(r'<sup class="cite"><a href="#ref-\d+" title="([^"]*)">\[\d+\]</a></sup>')
"""A citation inside a question: on paper it names its source in place (questions have no reference list)."""
PAGE_SIZES = {"A4": "A4", "Letter": "letter"}
WRITE_LINES = 5
"""Lines to write on under a reflection prompt."""


@dataclass(frozen=True)
class Document:
    """One print document: its file stem, kind and HTML."""

    stem: str
    kind: str
    title: str
    html: str


def build(course: Course, out_dir: Path, options: BuildOptions | None = None) -> list[Path]:
    """Write the handouts' HTML and PDFs into `out_dir/handouts`."""
    options = options or BuildOptions()
    require_weasyprint(course)
    folder = out_dir / "handouts"
    html_dir = folder / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    copy_print_assets(course, html_dir)
    jobs, written = [], []
    for document in HandoutRenderer(course, options.paper).documents():
        html_path = html_dir / f"{document.stem}.html"
        html_path.write_text(document.html, encoding="utf-8", newline="\n")
        pdf_path = folder / f"{document.stem}.pdf"
        jobs.append((html_path, pdf_path))
        written += [html_path, pdf_path]
    render_pdfs(jobs)
    return written


def render_pdfs(jobs: list[tuple[Path, Path]]) -> None:
    """Lay out the PDFs, in parallel when there are cores to spare (layout is CPU-bound and
    WeasyPrint holds the GIL). Largest first, so the long course handout does not finish last.

    A PDF whose HTML, stylesheet, fonts and images were laid out before (by this WeasyPrint) is
    copied from the cache instead: PDFs are deterministic, so the bytes are the same.
    """
    cache = PdfCache.open(jobs[0][0].parent) if jobs else None
    if cache:
        total = len(jobs)
        jobs = [job for job in jobs if not cache.restore(*job)]
        if len(jobs) < total:
            log.info("handouts: %d of %d PDFs unchanged since an earlier build, copied from %s", total - len(jobs), total, cache.folder)
    jobs = sorted(jobs, key=lambda job: job[0].stat().st_size, reverse=True)
    lay_out(jobs)
    if cache:
        for html_path, pdf_path in jobs:
            cache.store(html_path, pdf_path)
        cache.prune()


def lay_out(jobs: list[tuple[Path, Path]]) -> None:
    """Write the PDFs of `jobs` with WeasyPrint, reporting progress as each one is done."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for done, job in enumerate(jobs, 1):
            write_pdf(*job)
            report_progress(done, len(jobs), job[1].name)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(write_pdf_job, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            report_progress(done, len(jobs), future.result().name)


def report_progress(done: int, total: int, name: str) -> None:
    """One progress record (the CLI shows it as a line that updates itself, on a terminal only)."""
    log.info("handouts: %d of %d PDFs laid out (%s)", done, total, name, extra={"progress": done < total})


CACHE_KEEP = 200
"""PDFs the cache keeps (the most recently used): a few builds' worth of a large course."""


@dataclass
class PdfCache:
    """Laid-out PDFs by a digest of everything their layout reads.

    Lives in `$COURSE_CACHE_DIR` (default `$XDG_CACHE_HOME/course-builder`, else
    `~/.cache/course-builder`); `COURSE_NO_CACHE=1` turns it off (the benchmark's cold figures).
    """

    folder: Path
    shared: bytes
    """Digest of the stylesheet, fonts and images every document of the build uses, and the WeasyPrint version."""

    @classmethod
    def open(cls, html_dir: Path) -> PdfCache | None:
        if os.environ.get("COURSE_NO_CACHE"):
            return None
        import weasyprint

        root = os.environ.get("COURSE_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-builder"
        folder = Path(root) / "handouts"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.debug("no PDF cache: %s", error)
            return None
        digest = hashlib.sha256(weasyprint.__version__.encode())
        for path in sorted(p for p in html_dir.rglob("*") if p.is_file() and p.suffix != ".html"):
            digest.update(path.relative_to(html_dir).as_posix().encode() + b"\0" + path.read_bytes())
        return cls(folder, digest.digest())

    def entry(self, html_path: Path) -> Path:
        return self.folder / (hashlib.sha256(self.shared + html_path.read_bytes()).hexdigest() + ".pdf")

    def restore(self, html_path: Path, pdf_path: Path) -> bool:
        """Copy a cached PDF into place; False when there is none."""
        entry = self.entry(html_path)
        try:
            shutil.copyfile(entry, pdf_path)
            os.utime(entry)  # recently used: pruned last
        except OSError:
            return False
        log.debug("%s: laid out before, taken from the cache", pdf_path.name)
        return True

    def store(self, html_path: Path, pdf_path: Path) -> None:
        entry = self.entry(html_path)
        partial = entry.with_suffix(f".{os.getpid()}.part")
        try:
            shutil.copyfile(pdf_path, partial)
            partial.replace(entry)  # atomic: a reader never sees half a PDF
        except OSError as error:
            log.debug("could not cache %s: %s", pdf_path.name, error)

    def prune(self) -> None:
        entries = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)


def write_pdf_job(job: tuple[Path, Path]) -> Path:
    write_pdf(*job)
    return job[1]


def require_weasyprint(course: Course) -> None:
    """WeasyPrint needs the Pango library of the system: say how to get it instead of a traceback."""
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        raise CourseError([Diagnostic(
            course.loc,
            f"handouts need WeasyPrint, which cannot load a system library: {str(error).splitlines()[0]}",
            "install Pango (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or build without handouts: --format html --format scorm12 ...",
            "build.handout-deps",
        )]) from None


def copy_print_assets(course: Course, html_dir: Path) -> None:
    """The stylesheet, the bundled fonts (with their licence) and the course's images."""
    source = templates_root() / "handout"
    shutil.copyfile(source / "handout.css", html_dir / "handout.css")
    shutil.copytree(source / "fonts", html_dir / "fonts", dirs_exist_ok=True)
    assets = course.root / "course" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, html_dir / "assets", dirs_exist_ok=True)


def write_pdf(html_path: Path, pdf_path: Path) -> None:
    """Render one document with WeasyPrint: tagged, with an outline and an identifier from its content."""
    import weasyprint  # slow to import: only when handouts are built

    identifier = hashlib.md5(html_path.read_bytes()).hexdigest().encode()
    weasyprint.HTML(filename=str(html_path)).write_pdf(
        str(pdf_path), pdf_tags=True, pdf_identifier=identifier, uncompressed_pdf=False)


class HandoutRenderer(PageRenderer):
    """Paper versions of the course's pages: the same module HTML, made static."""

    def __init__(self, course: Course, paper: str = "A4") -> None:
        super().__init__(course, mode="onedoc", backend="none")
        self.paper = PAGE_SIZES.get(paper, "A4")

    @cached_property
    def context(self) -> dict:
        return dict(
            super().context, paper=self.paper, paper_body=self.paper_body, worksheet_question=self.worksheet_question,
            answer_question=self.answer_question, reflections=self.reflections, cases=self.cases,
            module_terms=self.module_terms, modules=self.course.modules, quiz_of=self.course.quiz_of,
            final=self.course.final_quiz,
            letters=self.t("handout_letters"), step_numbers=step_numbers, best_path=best_path, matching_rights=matching_rights,
            ordering_start=ordering_start,
        )

    def documents(self) -> list[Document]:
        """Every print document of the course, in a fixed order."""
        base = f"{self.course.id}-{self.course.version}"
        documents = [
            self.document(f"{base}-learner", "learner", self.t("handout_learner"), modules=self.course.modules),
            self.document(f"{base}-worksheets", "worksheets", self.t("handout_worksheets")),
            self.document(f"{base}-facilitator-guide", "guide", self.t("handout_guide")),
        ]
        for module in self.course.modules:
            documents.append(self.document(f"module-{module.slug}", "learner", self.t("handout_learner"), modules=[module], single=module))
        return documents

    def document(self, stem: str, kind: str, title: str, modules: list[Module] | None = None, single: Module | None = None) -> Document:
        html = self.render(f"handout/{kind}.html.j2", kind=kind, doc_title=title, doc_modules=modules or [], single=single)
        return Document(stem, kind, title, RELATIVE_LINK_RE.sub(r"\1", html))

    # ---- module text for paper ----

    def paper_body(self, module: Module, single: bool = False) -> Markup:
        """The module's HTML with reflection answers turned into writing lines and checks into printed questions."""
        root = lxml.html.fragment_fromstring(self.linked_body(module), create_parent="div")
        for details in root.xpath('//details[contains(@class, "reflect__answer")]'):
            details.getparent().replace(details, lxml.html.fragment_fromstring(writing_lines(self.t("handout_write_here"))))
        for check in root.xpath('//div[contains(@class, "check")][@data-check]'):
            printed = self.worksheet_question(self.questions[check.get("data-check")], label=self.t("practice"))
            check.getparent().replace(check, lxml.html.fragment_fromstring(str(printed)))
        if single:
            unlink_other_modules(root, module)
        return Markup("".join(lxml.html.tostring(child, encoding="unicode") for child in root) + (root.text or ""))

    def module_terms(self, modules: list[Module]) -> list:
        """Glossary terms the given modules link to, in alphabetical order."""
        used = {term for module in modules for term in TERM_HREF_RE.findall(self.linked_body(module))}
        return [g for g in self.context["glossary_terms"] if g.id in used]

    def reflections(self, module: Module) -> list[tuple[str, Markup, Markup]]:
        """(title, prompt, model answer) of each reflection block of a module."""
        root = lxml.html.fragment_fromstring(module.body.html, create_parent="div")
        found = []
        for block in root.xpath('//div[@class="reflect"]'):
            title = block.xpath('string(./p[@class="reflect__title"])')
            prompt = block.xpath('./div[@class="reflect__prompt"]')
            answer = block.xpath('./details[contains(@class, "reflect__answer")]')
            if answer:
                for summary in answer[0].xpath("./summary"):
                    answer[0].remove(summary)
            found.append((title, inner_html(prompt[0]) if prompt else Markup(""), inner_html(answer[0]) if answer else Markup("")))
        return found

    def cases(self, module: Module) -> list[Markup]:
        """The case vignettes of a module, as they are printed in the learner handout."""
        root = lxml.html.fragment_fromstring(module.body.html, create_parent="div")
        cases = []
        for block in root.xpath('//div[@class="case"]'):
            block.attrib.pop("aria-labelledby", None)
            for titled in block.xpath('.//*[@id]'):
                del titled.attrib["id"]  # the learner text already holds these ids
            cases.append(Markup(lxml.html.tostring(block, encoding="unicode")))
        return cases

    # ---- questions for paper ----

    def worksheet_question(self, question: Question, label: str = "", number: int | None = None) -> Markup:
        """A question laid out to answer with a pen: boxes, blanks, columns, numbered steps. No answers."""
        return Markup(cite_in_place(self.render("handout/_worksheet_question.html.j2", q=question, label=label, number=number)))

    def answer_question(self, question: Question, number: int | None = None) -> Markup:
        """A question with its key: correct answer, per-option feedback, explanation, sources."""
        return Markup(cite_in_place(self.render("handout/_answer_question.html.j2", q=question, number=number)))


def step_numbers(question: Question) -> dict[str, int]:
    """Scenario steps numbered 1, 2, … in the order a reader meets them from the start step."""
    steps = {s.id: s for s in question.steps}
    order, queue = [], [question.start]
    while queue:
        step_id = queue.pop(0)
        if step_id in order or step_id not in steps:
            continue
        order.append(step_id)
        queue += [c.next for c in steps[step_id].choices]
    order += [s.id for s in question.steps if s.id not in order]
    return {step_id: i + 1 for i, step_id in enumerate(order)}


def cite_in_place(html: str) -> str:
    return CITE_RE.sub(r' <span class="cite-inline">(\1)</span>', html)


def writing_lines(label: str) -> str:
    lines = "".join('<span class="write-lines__line"></span>' for _ in range(WRITE_LINES))
    return f'<div class="write-lines"><p class="write-lines__label">{escape(label)}</p>{lines}</div>'


def unlink_other_modules(root, module: Module) -> None:
    """In a one-module handout, links to other modules have nowhere to go: keep their text only."""
    own = f"#{module.slug}"
    for link in root.xpath('//a[starts-with(@href, "#")]'):
        href = link.get("href")
        if href.startswith(("#term-", f"#{module.id}--", "#fn")) or href == own:
            continue
        link.drop_tag()


def inner_html(element) -> Markup:
    text = escape(element.text or "")
    return Markup(str(text) + "".join(lxml.html.tostring(child, encoding="unicode") for child in element))
