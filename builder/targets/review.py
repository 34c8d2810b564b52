"""The review edition (`course build --format review --sources DIR`): what the clinician and the
lawyer read to sign the course off, without opening the source documents.

Per module: the statements flagged for clinical or legal sign-off first, then every cited sentence
beside the exact source lines it cites, the module quiz's answer key with the lines of its sources,
and a sign-off table filled from course.yml `reviews:` (with empty rows to sign). Then the glossary
entries with their sources and statements, and the final quiz's own bank.

Written into `review/`: `html/<id>-<version>-review.html` (with the handouts' stylesheet and fonts,
so it prints from a browser too) and `<id>-<version>-review.pdf`. The PDF is laid out by the
handouts' machinery through `write_review_pdf`, the one place to change when handouts move to
another layout engine.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from builder.errors import CourseError, Diagnostic, Diagnostics
from builder.markdown.lang import without_lang_spans
from builder.model import Citation, ClinicalNote, Course, Loc, Module, Question, Review
from builder.render import question_texts
from builder.sources import read_documents
from builder.context import BuildContext
from builder.targets.html_print import HandoutRenderer, copy_print_assets, render_pdfs, require_weasyprint
from builder.targets.pages import templates_root

REVIEW_STRINGS = {
    "ru": {
        "title": "Издание для рецензирования",
        "intro": "Для клинического рецензента и юриста. В каждом модуле сначала идут утверждения, требующие "
                 "клинической или юридической проверки, затем каждое утверждение с источником — рядом с теми "
                 "строками источника, на которые оно ссылается, затем ключ ответов к тесту модуля и лист подписей.",
        "clinical": "Утверждения для клинической и юридической проверки",
        "no_clinical": "В этом модуле нет утверждений, отмеченных для отдельной проверки.",
        "evidence": "Утверждения и строки источников",
        "sentence": "Утверждение курса",
        "source": "Строки источника",
        "no_text": "(ссылка без текста утверждения)",
        "answer_key": "Ключ ответов: {quiz}",
        "question_sources": "Источники вопроса",
        "signoff": "Подписи рецензентов",
        "reviewer": "Рецензент",
        "role": "Роль",
        "date": "Дата",
        "scope": "Что проверено",
        "signature": "Подпись",
        "clinician": "клинический рецензент",
        "lawyer": "юрист",
        "glossary": "Глоссарий",
        "definition_source": "Источник определения",
        "no_source": "Источник не указан.",
        "final_bank": "Итоговый тест: банк вопросов",
        "missing_lines": "строки {lines} отсутствуют в документе",
    },
    "en": {
        "title": "Review edition",
        "intro": "For the clinical reviewer and the lawyer. Each module starts with the statements flagged for "
                 "clinical or legal review, then every cited sentence beside the source lines it cites, then the "
                 "answer key of the module's quiz and the sign-off table.",
        "clinical": "Statements for clinical and legal review",
        "no_clinical": "No statement of this module is flagged for separate review.",
        "evidence": "Cited sentences and source lines",
        "sentence": "The course says",
        "source": "Source lines",
        "no_text": "(a citation without a sentence)",
        "answer_key": "Answer key: {quiz}",
        "question_sources": "Sources of the question",
        "signoff": "Sign-off",
        "reviewer": "Reviewer",
        "role": "Role",
        "date": "Date",
        "scope": "Scope",
        "signature": "Signature",
        "clinician": "clinical reviewer",
        "lawyer": "lawyer",
        "glossary": "Glossary",
        "definition_source": "Source of the definition",
        "no_source": "No source given.",
        "final_bank": "Final quiz: question bank",
        "missing_lines": "lines {lines} are not in the document",
    },
}
"""The review edition's own labels (not part of the learners' interface catalogue)."""

BLANK_SIGNOFF_ROLES = ("clinician", "lawyer")
"""Empty rows every sign-off table ends with: the two signatures a committee asks for."""

TERM_LINK_RE = re.compile(r"\[\[([^\]|]+)(?:\\?\|([^\]]*))?\]\]")
EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass
class SourceExcerpt:
    """The lines of one cited range, as the reviewer reads them."""

    label: str
    """`manual:585-586`."""
    title: str
    """The reference's short title."""
    lines: list[tuple[int, str]]
    """(line number, text) of every cited line; empty when the range is not in the document."""


@dataclass
class Evidence:
    """One cited sentence of a module with the source lines it cites."""

    sentence: str
    loc: Loc
    excerpts: list[SourceExcerpt]


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """The review edition needs the cited documents, readable, and WeasyPrint."""
    if ctx.options.sources_dir is None:
        # Reached when course.yml `outputs:` lists review (the CLI checks an explicit --format review).
        diags.items.append(Diagnostic(
            course.loc, "the review edition quotes the cited source lines, but no sources folder was given",
            "pass --sources DIR (the folder holding the documents named in references), "
            "or remove review from 'outputs:'",
            "build.review-sources"))
        return
    try:
        require_weasyprint(course)
    except CourseError as refused:
        diags.items += refused.diagnostics
    documents = read_documents(course, ctx.options.sources_dir, diags)
    ctx.shared("review:documents", lambda: documents)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the review edition's HTML and PDF into `out_dir/review`."""
    options = ctx.options
    documents = ctx.shared("review:documents", lambda: read_documents(course, options.sources_dir, Diagnostics()))
    folder = out_dir / "review"
    html_dir = folder / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    copy_print_assets(course, html_dir)
    shutil.copyfile(templates_root() / "review" / "review.css", html_dir / "review.css")
    renderer = ReviewRenderer(course, documents, options.paper, ctx)
    stem = f"{course.id}-{course.version}-review"
    whole = html_dir / f"{stem}.html"
    whole.write_text(renderer.document(), encoding="utf-8", newline="\n")
    jobs = []
    for name, modules, glossary, final in renderer.parts():
        html_path = html_dir / f"{stem}-{name}.html"
        html_path.write_text(renderer.document(modules, glossary, final), encoding="utf-8", newline="\n")
        jobs.append((html_path, folder / f"{stem}-{name}.pdf"))
    write_review_pdfs(jobs, course)
    return [whole] + [path for job in jobs for path in job]


def write_review_pdfs(jobs: list[tuple[Path, Path]], course: Course) -> None:
    """Lay out the review edition's PDFs (html path, pdf path) with the handouts' PDF machinery
    (WeasyPrint, in this process, cached): the one place to change with the layout engine."""
    render_pdfs(jobs, course)


class ReviewRenderer(HandoutRenderer):
    """The course's texts arranged for sign-off, with the cited source lines read from `documents`."""

    def __init__(self, course: Course, documents: dict[str, list[str]], paper: str = "A4",
                 ctx: BuildContext | None = None) -> None:
        super().__init__(course, ctx or BuildContext(), paper)
        self.documents = documents
        self.strings = REVIEW_STRINGS.get(course.language, REVIEW_STRINGS["ru"])

    @cached_property
    def context(self) -> dict:
        return dict(
            super().context, rt=self.rt, evidence=self.evidence, note_excerpts=self.note_excerpts,
            question_excerpts=self.question_excerpts, signoff_rows=self.signoff_rows, excerpt=self.excerpt,
        )

    def rt(self, key: str, **values: object) -> str:
        """A label of the review edition."""
        return self.strings[key].format(**values)

    def document(self, modules: list[Module] | None = None, glossary: bool = True, final: bool = True) -> str:
        """The review edition as one HTML document: the whole course, or the parts asked for."""
        return self.render(
            "review/review.html.j2", kind="review", doc_title=self.rt("title"),
            review_modules=self.course.modules if modules is None else modules, review_glossary=glossary,
            review_final=final,
        )

    def parts(self) -> list[tuple[str, list[Module], bool, bool]]:
        """(file name part, modules, with the glossary, with the final bank) of each PDF: one per
        module, which its reviewers sign, then the glossary and the final bank; laid out in parallel."""
        parts = [(module.slug, [module], False, False) for module in self.course.modules]
        if self.course.glossary:
            parts.append(("glossary", [], True, False))
        final = self.course.final_quiz
        if final and final.questions:
            parts.append(("final", [], False, True))
        return parts

    def excerpt(self, citation: Citation) -> SourceExcerpt:
        """The lines a citation points at."""
        start, end = citation.start, citation.end
        document = self.documents.get(citation.key, [])
        reference = self.course.references.get(citation.key)
        title = (reference.short or reference.title) if reference else citation.key
        cited = [(n, document[n - 1]) for n in range(start, end + 1) if 1 <= n <= len(document)]
        return SourceExcerpt(citation.label, title, cited if len(cited) == end - start + 1 else [])

    def evidence(self, module: Module) -> list[Evidence]:
        """Every cited sentence of the module body, in order, with all the ranges its marker cites."""
        grouped: dict[tuple[Loc, str], list[Citation]] = {}
        for citation in module.citations:
            grouped.setdefault((citation.loc, citation.sentence), []).append(citation)
        return [
            Evidence(readable(sentence, self.course), loc, [self.excerpt(c) for c in by_label(citations)])
            for (loc, sentence), citations in grouped.items()
        ]

    def note_excerpts(self, note: ClinicalNote) -> list[SourceExcerpt]:
        """The lines a clinical_review statement (or a glossary definition) rests on."""
        return [self.excerpt(note.source)] if note.source else []

    def question_excerpts(self, question: Question) -> list[SourceExcerpt]:
        """The lines of every source a question cites: `sources:` and the citations in its texts."""
        citations = list(question.sources)
        citations += [citation for text in question_texts(question) for citation in self.texts.citations(text)]
        return [self.excerpt(c) for c in by_label(citations) if c.key in self.course.references]

    def signoff_rows(self, subject: str) -> list[tuple[Review | None, str]]:
        """(review, role) rows of a sign-off table: the recorded reviews of a module (or the glossary),
        then an empty row to sign for each role a committee asks for."""
        recorded = [(review, review.role) for review in self.course.reviews_of(subject)]
        return recorded + [(None, self.rt(role)) for role in BLANK_SIGNOFF_ROLES]


def by_label(citations: list[Citation]) -> list[Citation]:
    """Each cited range once (the first citation of each label), in order."""
    first: dict[str, Citation] = {}
    for citation in citations:
        first.setdefault(citation.label, citation)
    return list(first.values())


def readable(sentence: str, course: Course) -> str:
    """A cited sentence as Markdown source wrote it, without the markup: `[[id|text]]` -> text."""
    def term(match: re.Match) -> str:
        if match[2]:
            return match[2]
        entry = course.term(match[1].strip())
        return entry.term if entry else match[1]

    text = TERM_LINK_RE.sub(term, without_lang_spans(sentence))
    text = EMPHASIS_RE.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()
