"""Print documents made from HTML and laid out by WeasyPrint: today only the review edition
(`builder.targets.review`). The handouts are laid out by Typst (`builder.targets.typeset`); the
review edition moves there too by writing its documents as Typst markup and calling
`typeset.typeset` / `typeset.typeset_all`, after which this module and the WeasyPrint dependency go.

PDFs are laid out one after another in the build's own process: no worker process can outlive a
killed build or leave its temporary folders behind. A PDF laid out before comes from the handouts'
cache, whose entries are checked against their digest before they are copied.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from builder.context import BuildContext
from builder.errors import CourseError, Diagnostic
from builder.model import Course, Question
from builder.questions.scenario import best_path, step_numbers
from builder.targets.pages import PageRenderer, templates_root
from builder.targets.typeset import Job, PdfCache, report_progress

PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


def require_weasyprint(course: Course) -> None:
    """WeasyPrint needs the Pango library of the system: say how to get it instead of a traceback."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        raise CourseError([Diagnostic(
            course.loc,
            f"the review edition needs WeasyPrint, which cannot be loaded: {str(error).splitlines()[0]}",
            "install it (pip install weasyprint; on Debian/Ubuntu it needs apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0), or build without --format review",
            "build.handout-deps",
        )]) from None


def copy_print_assets(course: Course, html_dir: Path) -> None:
    """The stylesheet, the bundled fonts (with their licence) and the images the course uses: nothing
    else of course/assets."""
    source = templates_root() / "handout"
    shutil.copyfile(source / "handout.css", html_dir / "handout.css")
    shutil.copytree(source / "fonts", html_dir / "fonts", dirs_exist_ok=True)
    for name in course.assets:
        target = html_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(course.root / "course" / name, target)


def render_pdfs(jobs: list[tuple[Path, Path]], course: Course) -> None:
    """Lay out (html path, pdf path) jobs with WeasyPrint in this process, or copy them from the cache."""
    import weasyprint  # slow to import: only when the review edition is built

    html_dir = jobs[0][0].parent if jobs else None
    shared = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
    for path in sorted(p for p in html_dir.rglob("*") if p.is_file() and p.suffix != ".html") if html_dir else []:
        shared.update(path.relative_to(html_dir).as_posix().encode() + b"\0" + path.read_bytes())
    keyed = [(html, Job(pdf, shared.hexdigest() + "\0" + html.read_text(encoding="utf-8"))) for html, pdf in jobs]
    cache = PdfCache.open(course.root / "course", course.assets, 0)
    todo = [(html, job) for html, job in keyed if not (cache and cache.restore(job))]
    for done, (html, job) in enumerate(todo, 1):
        identifier = hashlib.md5(html.read_bytes()).hexdigest().encode()
        weasyprint.HTML(filename=str(html)).write_pdf(str(job.pdf), pdf_tags=True, pdf_identifier=identifier,
                                                      uncompressed_pdf=False)
        report_progress(done, len(todo), job.pdf.name)
        if cache:
            cache.store(job)
    if cache:
        cache.prune()


class HandoutRenderer(PageRenderer):
    """HTML for paper: what the review edition's template calls (answer keys, source labels)."""

    def __init__(self, course: Course, ctx: BuildContext, paper: str = "A4") -> None:
        super().__init__(course, ctx, mode="onedoc", backend="none")
        self.paper = PAGE_SIZES.get(paper, "A4")

    @cached_property
    def context(self) -> dict:
        return dict(
            super().context, paper=self.paper, answer_question=self.answer_question, quiz_of=self.course.quiz_of,
            final=self.course.final_quiz, letters=self.t("handout_letters"), step_numbers=step_numbers,
            best_path=best_path,
        )

    def answer_question(self, question: Question, number: int | None = None) -> Markup:
        """A question with its key: correct answer, per-option feedback, explanation, sources."""
        return Markup(self.render("handout/_answer_question.html.j2", q=question, number=number))
