"""The review edition (`course build --format review --sources DIR`): what the clinician and the
lawyer read to sign the course off, without opening the source documents.

Per module: the statements flagged for clinical or legal sign-off first, then every cited sentence
beside the exact source lines it cites, the module quiz's answer key with the lines of its sources,
and a sign-off table filled from course.yml `reviews:` (with empty rows to sign). Then the glossary
entries with their sources and statements, and the final quiz's own bank.

Written into `review/`: one PDF per module (which its reviewers sign), one for the glossary and
one for the final bank, laid out by Typst with the handouts' look (`ReviewWriter`); and
`html/<id>-<version>-review.html`, all of it as one document with the handouts' stylesheet and
fonts, to read or print from a browser (`ReviewRenderer`). Both show what `ReviewMaterial` finds.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from builder.context import BuildContext
from builder.errors import Diagnostic, Diagnostics
from builder.fingerprint import text_fingerprint
from builder.glyphs import report_unprintable
from builder.markdown.lang import without_lang_spans
from builder.model import Citation, ClinicalNote, Course, Loc, Module, Question, Review
from builder.render import Texts, question_texts
from builder.sources import check_citations, cited_text, missing_numbers, read_documents
from builder.targets.handout import Document, HandoutWriter, check_engine, lay_out
from builder.targets.html_print import HandoutRenderer, copy_print_assets
from builder.targets.pages import templates_root
from builder.targets.paper import PaperText, call, content, string, text

REVIEW_STRINGS = {
    "ru": {
        "title": "Издание для рецензирования",
        "intro": "Для клинического рецензента и юриста. В каждом модуле сначала идут утверждения, требующие "
                 "клинической или юридической проверки, затем весь текст модуля, как его читает слушатель, затем "
                 "каждое утверждение с источником — рядом с теми строками источника, на которые оно ссылается, "
                 "затем ключ ответов к тесту модуля и лист подписей.",
        "text": "Текст модуля",
        "text_intro": "Весь текст модуля, как его читает слушатель: врезки, диалоги, случаи и карманный протокол "
                      "тоже. Номер [n] отсылает к источнику (список — в конце текста, цитируемые строки — в таблице "
                      "ниже). Абзац без номера не опирается на источники курса: его проверяет рецензент.",
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
        "missing_figures": "Проверьте: числа {numbers} не найдены в цитируемых строках",
        "fingerprint": ("Подпись относится к тексту с отпечатком {fp}. Запишите его с подписью в course.yml "
                        "(reviews: … fingerprint: {fp}): если текст потом изменится, отпечаток станет другим и "
                        "подпись перестанет засчитываться."),
        "stale": "подписан прежний текст (отпечаток {fp})",
        "decision": "Решение",
        "approved": "одобрено",
        "approved_with_changes": "одобрено с условиями",
        "rejected": "не одобрено",
    },
    "en": {
        "title": "Review edition",
        "intro": "For the clinical reviewer and the lawyer. Each module starts with the statements flagged for "
                 "clinical or legal review, then the module's whole text as learners read it, then every cited "
                 "sentence beside the source lines it cites, then the answer key of the module's quiz and the "
                 "sign-off table.",
        "text": "The module's text",
        "text_intro": "The module's whole text as learners read it, callouts, dialogues, cases and the pocket "
                      "protocol included. A number [n] points to a source (listed after the text, its cited lines in "
                      "the table below). A paragraph without a number rests on none of the course's sources: the "
                      "reviewer checks it.",
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
        "missing_figures": "Check: the numbers {numbers} are not in the cited lines",
        "fingerprint": ("This sign-off covers the text with fingerprint {fp}. Record it with the sign-off in "
                        "course.yml (reviews: … fingerprint: {fp}): if the text changes later, its fingerprint "
                        "changes and the sign-off no longer counts."),
        "stale": "signed an earlier text (fingerprint {fp})",
        "decision": "Decision",
        "approved": "approved",
        "approved_with_changes": "approved with conditions",
        "rejected": "rejected",
    },
}
"""The review edition's own labels (not part of the learners' interface catalogue)."""

KEEP_ROW_LINES = 20
"""Source lines an evidence row may quote and still be kept on one page (a quoted line wraps to
two or three in its column: a longer row could be taller than a page, and is let run on)."""

BLANK_SIGNOFF_ROLES = ("clinician", "lawyer")
"""Empty rows a sign-off table ends with when the course names no `governance.required_roles`."""

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
    missing: list[str]
    """Numbers of the sentence that none of its cited lines hold (`course check --sources` warns)."""


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """The review edition needs the cited documents, readable, and the PDF engine."""
    if ctx.options.sources_dir is None:
        # Reached when course.yml `outputs:` lists review (the CLI checks an explicit --format review).
        diags.items.append(Diagnostic(
            course.loc, "the review edition quotes the cited source lines, but no sources folder was given",
            "pass --sources DIR (the folder holding the documents named in references), "
            "or remove review from 'outputs:'",
            "build.review-sources"))
        return
    check_engine(course, diags)
    report_unprintable(course, diags)
    documents = read_documents(course, ctx.options.sources_dir, diags, ctx.options.sources_own)
    # What `course check --sources` warns of, said here too: a figure the cited lines do not hold
    # (also marked in the edition, beside its sentence). A range missing from its document is printed
    # as such in the edition, for the reviewer to see, rather than refusing to build it.
    found = Diagnostics()
    check_citations(course, documents, found)
    diags.items += [d for d in found.items if d.severity == "warning"]
    ctx.shared("review:documents", lambda: documents)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the review edition's PDFs and its HTML into `out_dir/review`."""
    options = ctx.options
    documents = ctx.shared("review:documents",
                           lambda: read_documents(course, options.sources_dir, Diagnostics(), options.sources_own))
    material = ReviewMaterial(course, documents, Texts(course, ctx))
    folder = out_dir / "review"
    html_dir = folder / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    copy_print_assets(course, html_dir)
    shutil.copyfile(templates_root() / "review" / "review.css", html_dir / "review.css")
    whole = html_dir / f"{course.id}-{course.version}-review.html"
    whole.write_text(ReviewRenderer(course, material, options.paper, ctx).document(), encoding="utf-8", newline="\n")
    return [whole] + lay_out(course, ReviewWriter(course, material, options.paper, ctx).documents(), folder, ctx)


class ReviewMaterial:
    """What the review edition shows, however it is written: the lines each citation points at
    (read from `documents`), grouped as the reviewer reads them, and the rows of a sign-off table."""

    def __init__(self, course: Course, documents: dict[str, list[str]], texts: Texts | None = None) -> None:
        self.course, self.documents = course, documents
        self.texts = texts or Texts(course, BuildContext())
        self.strings = REVIEW_STRINGS.get(course.language, REVIEW_STRINGS["ru"])

    def rt(self, key: str, **values: object) -> str:
        """A label of the review edition."""
        return self.strings[key].format(**values)

    def excerpt(self, citation: Citation) -> SourceExcerpt:
        """The lines a citation points at."""
        start, end = citation.start, citation.end
        document = self.documents.get(citation.key, [])
        reference = self.course.references.get(citation.key)
        title = reference.name if reference else citation.key
        cited = [(n, document[n - 1]) for n in range(start, end + 1) if 1 <= n <= len(document)]
        return SourceExcerpt(citation.label, title, cited if len(cited) == end - start + 1 else [])

    def evidence(self, module: Module) -> list[Evidence]:
        """Every cited sentence of the module body, in order, with all the ranges its marker cites."""
        grouped: dict[tuple[Loc, str], list[Citation]] = {}
        for citation in module.citations:
            grouped.setdefault((citation.loc, citation.sentence), []).append(citation)
        return [
            Evidence(readable(sentence, self.course), loc, [self.excerpt(c) for c in by_label(citations)],
                     missing_numbers(sentence, "\n".join(cited_text(c, self.documents.get(c.key, []))
                                                         for c in citations)) if sentence else [])
            for (loc, sentence), citations in grouped.items()
        ]

    def note_excerpts(self, note: ClinicalNote) -> list[SourceExcerpt]:
        """The lines a clinical_review statement (or a glossary definition) rests on."""
        return [self.excerpt(note.source)] if note.source else []

    def note_missing(self, note: ClinicalNote) -> str:
        """The mark beside a flagged statement whose figures its lines do not hold ("" when they do)."""
        if not note.source:
            return ""
        missing = missing_numbers(note.text, cited_text(note.source, self.documents.get(note.source.key, [])))
        return self.rt("missing_figures", numbers=", ".join(missing)) if missing else ""

    def question_excerpts(self, question: Question) -> list[SourceExcerpt]:
        """The lines of every source a question cites: `sources:` and the citations in its texts."""
        citations = list(question.sources)
        citations += [citation for text in question_texts(question) for citation in self.texts.citations(text)]
        return [self.excerpt(c) for c in by_label(citations) if c.key in self.course.references]

    def signoff_rows(self, subject: str) -> list[tuple[Review | None, str]]:
        """(review, role) rows of a sign-off table: the recorded reviews of a module (or the glossary),
        those signed for an earlier text saying so, then an empty row to sign for each role the course
        requires and no review has signed in yet (a clinician and a lawyer when it names none)."""
        recorded = [(review, review.role) for review in self.course.reviews_of(subject)]
        recorded += [(review, f"{review.role}: {self.rt('stale', fp=review.fingerprint)}")
                     for review in self.course.stale_reviews_of(subject)]
        recorded += [(review, review.role) for review in self.course.rejections_of(subject)
                     if self.course.is_current(review)]
        if self.course.required_roles:
            return recorded + [(None, role) for role in self.course.unsigned_roles(subject)]
        return recorded + [(None, self.rt(role)) for role in BLANK_SIGNOFF_ROLES]

    def fingerprint_line(self, subject: str) -> str:
        """What a sign-off covers: the text with this fingerprint."""
        return self.rt("fingerprint", fp=text_fingerprint(self.course, subject))


class ReviewRenderer(HandoutRenderer):
    """The review edition as one HTML document, to read or print from a browser."""

    def __init__(self, course: Course, material: ReviewMaterial, paper: str = "A4",
                 ctx: BuildContext | None = None) -> None:
        super().__init__(course, ctx or BuildContext(), paper)
        self.material = material

    @cached_property
    def context(self) -> dict:
        m = self.material
        return dict(
            super().context, rt=m.rt, evidence=m.evidence, note_excerpts=m.note_excerpts,
            question_excerpts=m.question_excerpts, signoff_rows=m.signoff_rows, excerpt=m.excerpt,
            fingerprint_line=m.fingerprint_line, note_missing=m.note_missing, opened=opened,
            flagged_in=self.course.flagged_in, flagged_in_final=self.course.flagged_in_final,
            final_reviewed_apart=self.course.final_reviewed_apart(), final_own=self.course.own_final_questions(),
        )

    def document(self) -> str:
        """The whole review edition: every module, the glossary and the final bank."""
        return self.render(
            "review/review.html.j2", kind="review", doc_title=self.material.rt("title"),
            review_modules=self.course.modules, review_glossary=True, review_final=True,
        )


class ReviewWriter(HandoutWriter):
    """The review edition's PDFs as Typst markup: the handouts' look and their answer keys, with
    the source lines beside what the course says."""

    def __init__(self, course: Course, material: ReviewMaterial, paper: str = "A4",
                 ctx: BuildContext | None = None) -> None:
        super().__init__(course, paper, ctx)
        self.material, self.rt = material, material.rt

    def documents(self) -> Iterator[Document]:
        """One PDF per module, which its reviewers sign, then the glossary's and the final bank's."""
        stem = f"{self.course.id}-{self.course.version}-review"
        for module in self.course.modules:
            yield Document(f"{stem}-{module.slug}", self.module_part(module))
        if self.course.glossary:
            yield Document(f"{stem}-glossary", self.glossary_part())
        if self.course.final_reviewed_apart():
            yield Document(f"{stem}-final", self.final_part())

    def opening(self, single: Module | None = None, part: str = "") -> str:
        """Metadata, running header and footer, and the cover that says what the edition is for."""
        kind = self.rt("title")
        return self.head(kind, single, part) + self.cover(kind, single, warning=self.rt("intro"))

    def heading(self, title: str) -> str:
        return call("heading", content(text(title)), level="2") + "\n"

    def module_part(self, module: Module) -> str:
        out = [self.opening(module), self.module_heading(module, module.title, f"review-{module.slug}")]
        out.append(self.heading(self.rt("clinical")))
        if notes := self.course.flagged_in(module):
            out.append(self.notes(notes) + "\n")
        else:
            out.append(text(self.rt("no_clinical")) + "\n\n")
        out.append(self.module_text(module))
        out.append(self.heading(self.rt("evidence")))
        out.append(self.evidence(module) + "\n")
        quiz = self.course.quiz_of(module)
        if quiz:
            out.append(self.heading(self.rt("answer_key", quiz=quiz.title)))
            # (with the questions of the banks it includes: their statements are signed here too)
            out += [self.keyed(q, i) for i, q in enumerate(quiz.bank, 1)]
        out.append(self.signoff_table(module.id))
        return "".join(out)

    def module_text(self, module: Module) -> str:
        """The whole module as the learner handout prints it: what no citation covers (a first-aid
        box, a pocket protocol's steps, a legal remark) was reviewed nowhere while only cited
        sentences were shown."""
        labels = {f"{module.id}--ref-{c.number}" for c in module.citations}
        # A reflection's model answer where the learner's handout has lines to write on: the reviewer
        # signs what learners are shown on request (first-aid advice, in module 7).
        how = PaperText(labels, module, numbered=True, check=lambda qid: self.practice(qid),
                        reflect_after=self.model_answer)
        return (self.heading(self.rt("text")) + text(self.rt("text_intro")) + "\n\n"
                + self.paper.markup(module.body, how) + "\n\n" + self.references(module))

    def glossary_part(self) -> str:
        title = self.rt("glossary")
        out = [self.opening(part=title), self.part(text(title), title, "review-glossary")]
        for entry in self.glossary_terms:
            body = [self.paper.markup(entry.definition, PaperText(set()))]  # its links keep their words
            body.append(self.excerpt(self.material.excerpt(entry.source)) if entry.source
                        else call("excerpt", "[]", "()", missing=content(text(self.rt("no_source")))))
            if entry.clinical_review:
                body.append(call("label-line", content(text(self.rt("clinical")))))
                body.append(self.notes(entry.clinical_review))
            out.append(call("review-term", string(f"review-term-{entry.id}"), content(text(entry.term)),
                            content("\n".join(body))) + "\n")
        out.append(self.signoff_table("glossary"))
        return "".join(out)

    def final_part(self) -> str:
        title = self.rt("final_bank")
        out = [self.opening(part=title), self.part(text(title), title, "review-final")]
        final = self.course.final_quiz
        own = self.course.own_final_questions()  # its own, and those of banks only it asks
        if flagged := self.course.flagged_in_final():
            out += [self.heading(self.rt("clinical")), self.notes(flagged) + "\n"]
            if own:
                out.append(self.heading(self.rt("answer_key", quiz=final.title)))
        out += [self.keyed(q, i) for i, q in enumerate(own, 1)]
        out.append(self.signoff_table("course"))  # its cover promises one: the whole course's reviews sign it
        return "".join(out)

    def notes(self, notes: list[ClinicalNote]) -> str:
        """Statements for sign-off, numbered, each with the lines it rests on."""
        return call("enum", *(content(self.note(note)) for note in notes))

    def note(self, note: ClinicalNote) -> str:
        """A statement for sign-off with the lines it rests on, or a plain word that it rests on none."""
        sources = "".join(self.excerpt(x) for x in self.material.note_excerpts(note))
        missing = self.material.note_missing(note)
        mark = call("missing-figures", content(text(missing))) if missing else ""
        return call("review-note", content(text(note.text) + mark), content(sources or text(self.rt("no_source"))))

    def excerpt(self, x: SourceExcerpt) -> str:
        """One cited range and its numbered lines, or a plain statement that they are not there."""
        title = content(text(f"{x.title} · {x.label}"))
        if not x.lines:
            return call("excerpt", title, "()", missing=content(text(self.rt("missing_lines", lines=x.label))))
        lines = ", ".join(f"({content(str(n))}, {content(text(line))})" for n, line in x.lines)
        return call("excerpt", title, f"({lines},)")

    def evidence(self, module: Module) -> str:
        """The two-column table: each cited sentence (with where it is) beside the lines it cites."""
        rows = []
        for row in self.material.evidence(module):
            sentence = text(row.sentence or self.rt("no_text"))
            if row.missing:
                missing = self.rt("missing_figures", numbers=", ".join(row.missing))
                sentence += call("missing-figures", content(text(missing)))
            sentence = content(sentence)
            place = content(text(f"{row.loc.path}:{row.loc.line}"))
            sources = content("".join(self.excerpt(x) for x in row.excerpts))
            keep = sum(len(x.lines) for x in row.excerpts) <= KEEP_ROW_LINES
            rows.append(f"({sentence}, {place}, {sources}, {str(keep).lower()})")
        titles = content(text(self.rt("sentence"))), content(text(self.rt("source")))
        return call("evidence", *titles, f"({', '.join(rows)},)" if rows else "()")

    def keyed(self, question: Question, number: int) -> str:
        """A question with its answer key (as in the facilitator's guide), then the lines its sources cite."""
        excerpts = "".join(self.excerpt(x) for x in self.material.question_excerpts(question))
        sources = call("question-sources", content(text(self.rt("question_sources"))),
                       content(excerpts or text(self.rt("no_source"))))
        return self.answer_question(question, number) + "\n" + sources + "\n"

    def signoff_table(self, subject: str) -> str:
        """Who signed what, with an empty row for each role still to sign (`ReviewMaterial.signoff_rows`)."""
        columns = ("reviewer", "role", "scope", "decision", "date", "signature")
        head = ", ".join(content(text(self.rt(key))) for key in columns)
        filled, roles = [], []
        for review, role in self.material.signoff_rows(subject):
            if review is None:
                roles.append(content(text(role)))
                continue
            cells = (review.reviewer, role, review.scope or "", self.rt(review.decision), review.date.isoformat(), "")
            filled.append("(" + ", ".join(content(text(cell)) for cell in cells) + ")")
        intro = content(text(self.material.fingerprint_line(subject)))
        return (self.heading(self.rt("signoff"))
                + call("signoff-table", intro, f"({head},)", f"({', '.join(filled)},)" if filled else "()",
                       f"({', '.join(roles)},)" if roles else "()") + "\n")


def opened(html: Markup) -> Markup:
    """A page's HTML with its disclosures open: what learners open on request (a model answer, the
    sources) is read, and printed, by the reviewer too."""
    return Markup(str(html).replace("<details", "<details open"))


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
