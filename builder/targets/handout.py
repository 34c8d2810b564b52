"""Print handouts (`--format handout`): PDFs laid out by Typst from the course model.

Written into `handouts/`:
- `<id>-<version>-learner.pdf`: the learner handout for the whole course (cover, contents with page
  numbers, every module, glossary, references);
- `module-NN-<slug>.pdf`: the same for one module, for a workshop on that module;
- `<id>-<version>-worksheets.pdf`: every quiz laid out for paper, without answers;
- `<id>-<version>-facilitator-guide.pdf`: statements needing clinical sign-off, every question with its
  answer, feedback, explanation and sources, reflection prompts with model answers, case discussion questions;
- `<id>-<version>-pocket.pdf`: the one-page pocket card, when a module has a `::: pocket` block.

Paper is not a screen: nothing here is interactive. Module text is written from the Markdown token
stream (`builder.targets.paper`); reflection answers become lines to write on (learner) or the model
answer (facilitator); inline checks become printed questions; links to the glossary and between
modules stay clickable inside the PDF. Output is deterministic: the creation date is
SOURCE_DATE_EPOCH or the course's last review date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

from builder.context import BuildContext
from builder.errors import CourseError, Diagnostics
from builder.glossary_index import new_aliases, sort_key
from builder.glyphs import report_unprintable
from builder.i18n import catalogue, long_date, review_state, translator
from builder.model import Citation, Course, Module, Question, Quiz
from builder.questions import kind_of
from builder.sources import citation_text
from builder.targets import typeset
from builder.targets.pages import grouped_citations, matching_rights, ordering_start, seeded_order
from builder.targets.paper import (KEY_LINES, PAGE_LINES, Letters, PaperText, PaperWriter, call, content, fits_a_page,
                                   fits_the_fold, label, reflect_box, string, text)
from builder.targets.typeset import Job, creation_timestamp, known_creation_timestamp, require_typst


def check_engine(course: Course, diags: Diagnostics) -> None:
    """Report a PDF engine that cannot be loaded (`require_typst` says how to get it)."""
    try:
        require_typst(course)
    except CourseError as refused:
        diags.items += refused.diagnostics

PAPER_SIZES = {"A4": "a4", "Letter": "us-letter"}
WRITE_LINES = 5
"""Lines to write on under a reflection prompt."""


@dataclass(frozen=True)
class Document:
    """One print document: its file stem and its Typst markup (after the handout prelude)."""

    stem: str
    markup: str


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """The PDF engine must load (a missing wheel is a located error, found before writing), and the
    fonts must hold every character the handouts print."""
    check_engine(course, diags)
    report_unprintable(course, diags)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Lay out every handout into `out_dir/handouts`."""
    folder = out_dir / "handouts"
    folder.mkdir(parents=True, exist_ok=True)
    return lay_out(course, HandoutWriter(course, ctx.options.paper, ctx).documents(), folder, ctx)


def lay_out(course: Course, documents: Iterator[Document], folder: Path, ctx: BuildContext) -> list[Path]:
    """Lay out each document into `folder/<stem>.pdf` (or copy it from the PDF cache); the PDFs' paths."""
    written: list[Path] = []

    def jobs() -> Iterator[Job]:
        for document in documents:
            written.append(folder / f"{document.stem}.pdf")
            yield Job(written[-1], document.markup)

    typeset.typeset_all(jobs(), root=course.root / "course", assets=course.assets, timestamp=creation_timestamp(course),
                        where=course.loc, workbench=ctx.workbench)
    return written


def final_draw(final: Quiz) -> dict[str, int]:
    """How many questions each attempt of the final draws (`draw`) from how many (`bank`)."""
    return {"draw": final.pool.draw if final.pool else len(final.bank), "bank": len(final.bank)}


class HandoutWriter:
    """The course's print documents as Typst markup."""

    def __init__(self, course: Course, paper: str = "A4", ctx: BuildContext | None = None) -> None:
        self.course, self.paper_size = course, PAPER_SIZES.get(paper, "a4")
        self.t, self.plural = translator(course.language)
        self.strings = catalogue(course.language)
        self.paper = PaperWriter(course, self.strings, self.t, ctx or BuildContext())
        self.letters = Letters(self.t("handout_letters"))

    def documents(self) -> Iterator[Document]:
        """Every print document of the course, longest first (each is laid out while the next is written)."""
        base = f"{self.course.id}-{self.course.version}"
        yield Document(f"{base}-learner", self.learner(self.course.modules))
        yield Document(f"{base}-facilitator-guide", self.guide())
        yield Document(f"{base}-worksheets", self.worksheets())
        for module in self.course.modules:
            yield Document(f"module-{module.slug}", self.learner([module], single=module))
        pockets = [(module, block) for module in self.course.modules
                   for block in self.paper.blocks_of(module, "pocket")]
        if pockets:
            yield Document(f"{base}-pocket", self.pocket_card(pockets))

    # ---- the parts every document has ----

    def head(self, kind: str, single: Module | None = None, part: str = "") -> str:
        """The document's metadata, paper, running header and footer. The title names the module
        (`single`) or the `part` a document holds alone."""
        prefix = f"{self.t('module_n', n=single.number)}. {single.title} — " if single else ""
        prefix = prefix or (f"{part} — " if part else "")
        before, middle, after = self.t("handout_page", page="\0", pages="\0").split("\0")
        named = dict(
            title=string(f"{prefix}{self.course.title}: {kind}"),
            author=f"({', '.join(string(a.name) for a in self.course.authors)},)" if self.course.authors else "()",
            keywords=f"({', '.join(string(k) for k in self.course.keywords)},)" if self.course.keywords else "()",
            # The PDF's Subject: what a library or an LMS lists under the title.
            description=string(" ".join((single.summary if single else self.course.description).split())),
            lang=string(self.course.language), paper=string(self.paper_size), kind=string(kind),
            course=string(self.course.title),
            page_label=f"({string(before)}, {string(middle)}, {string(after)})",
            # No date rather than a made-up one: Document Properties said «1 января 1980» for a
            # course with no review recorded and no SOURCE_DATE_EPOCH.
            dated="true" if known_creation_timestamp(self.course) is not None else "false",
        )
        return "#show: handout.with(" + ", ".join(f"{k.replace('_', '-')}: {v}" for k, v in named.items()) + ")\n"

    def cover(self, kind: str, single: Module | None = None, warning: str = "", name_line: str = "") -> str:
        course = self.course
        facts = [(self.t("version"), course.version),
                 (self.t("authors"), "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in course.authors))]
        facts += self.review_facts()
        if course.licence:
            facts.append((self.t("licence"), course.licence))
        named = dict(kind=string(kind), title=content(text(single.title if single else course.title)),
                     facts="(" + ", ".join(f"({content(text(k))}, {content(text(v))})" for k, v in facts) + ",)")
        if single:
            named.update(module=content(text(self.t("module_n", n=single.number))), course=content(text(course.title)))
        if warning:
            named["warning"] = content(text(warning))
        if name_line:
            named["name_line"] = content(text(name_line))
        return call("cover", **named) + "\n"

    def review_facts(self) -> list[tuple[str, str]]:
        """Who owns and issues the course and its real review state: recorded reviews only, never a
        planned date as done."""
        course, facts = self.course, []
        if course.governance:
            facts.append((self.t("owner"), course.governance.owner))
        if course.organisation:
            facts.append((self.t("issued_by"), course.organisation))
        if course.governance or course.reviews:
            facts.append((self.t("review_state"), review_state(course, self.t)))
            facts += [(self.t("reviewer"), f"{r.reviewer} ({r.role}), {self.dated(r.date)}"
                       + (f": {r.scope}" if r.scope else "")) for r in course.signed_reviews]
            if not course.signed_reviews and course.governance and course.governance.reviewer:
                facts.append((self.t("reviewer_planned"), course.governance.reviewer))
            if course.last_review:
                facts.append((self.t("last_review"), self.dated(course.last_review)))
            if course.governance:
                facts.append((self.t("review_by"), self.dated(course.governance.review_by)))
        return facts

    def dated(self, day: dt.date) -> str:
        """A date as the reader writes it («23 мая 2027 г.»)."""
        return long_date(self.course.language, day)

    def part(self, title: str, running: str, target: str, number: str | None = None, recto: bool = False) -> str:
        """A level-1 heading (a new page, a bookmark, a contents line) and the running header's title.
        A `number` («Модуль 3.») is the heading's numbering, not its text: the contents set numbers in
        a column of their own, a title that wraps under its title (handout.typ), and the bookmark
        starts with it as Typst writes a numbered heading's. `recto`: on an odd page, a blank one
        before it if need be (a worksheet printed on both sides splits into modules' sheets)."""
        named = {"level": "1"}
        if number:
            named["numbering"] = f"(..n) => {content(text(number))}"
        heading = f"{call('heading', content(title), **named)}#{label(target)}"
        to = ', to: "odd"' if recto else ""
        return f"#pagebreak(weak: true{to})\n{heading}\n{call('running', string(running))}\n\n"

    def module_heading(self, module: Module, title: str, target: str, recto: bool = False) -> str:
        return self.part(text(title), module.title, target, number=self.t("module_n", n=module.number) + ".",
                         recto=recto)

    # ---- learner handouts ----

    def learner(self, modules: list[Module], single: Module | None = None) -> str:
        kind = self.t("handout_learner")
        terms = self.module_terms(single) if single else self.glossary_terms
        labels = self.learner_labels(modules, terms)
        out = [self.head(kind, single), self.cover(kind, single)]
        if not single:
            out.append(call("contents", content(text(self.t("handout_toc")))) + "\n")
        for module in modules:
            out.append(self.learner_module(module, labels, terms if single else None))
        if not single and terms:
            out.append(self.part(text(self.t("glossary")), self.t("glossary"), "glossary"))
            out.append(self.glossary(terms, sources=True))
        return "".join(out)

    def learner_labels(self, modules: list[Module], terms: list) -> set[str]:
        """Every label a learner handout defines: modules, their headings and references, glossary terms."""
        labels = {f"term-{g.id}" for g in terms}
        for module in modules:
            labels.add(module.slug)
            labels.update(h.anchor for h in module.headings)
            labels.update(f"{module.id}--ref-{c.number}" for c in module.citations)
        return labels

    def learner_module(self, module: Module, labels: set[str], terms: list | None) -> str:
        out = [self.module_heading(module, module.title, module.slug)]
        if module.summary:
            out.append(call("summary", content(text(module.summary))) + "\n")
        if module.content_warnings:
            warnings = call("list", *(content(text(w)) for w in module.content_warnings))
            out.append(call("callout", string("warning"), content(text(self.t("content_warning"))),
                            content(warnings)) + "\n")
        out.append(self.objectives(module) + "\n")
        how = PaperText(labels, module, numbered=True, check=lambda qid: self.practice(qid),
                        reflect_after=self.writing_lines, cited=set())
        out.append(self.paper.markup(module.body, how) + "\n\n")
        if terms:
            out.append(call("heading", content(text(self.t("handout_glossary_module"))), level="2",
                            outlined="false") + "\n")
            out.append(self.glossary(terms, sources=False))
        out.append(self.references(module, how.cited))
        return "".join(out)

    def objectives(self, module: Module, with_ids: bool = False) -> str:
        items = []
        for o in module.objectives:
            ident = call("text", content(text(o.id)), font="sans", size="7.5pt", fill="muted") + " " if with_ids else ""
            items.append(content(ident + text(o.text)))
        return call("objectives", content(text(self.t("objectives"))), f"({', '.join(items)},)")

    def writing_lines(self, answer: str) -> str:
        return call("write-lines", content(text(self.t("handout_write_here"))), str(WRITE_LINES))

    def practice(self, question_id: str) -> str:
        question = self.questions.get(question_id)
        if question is None:
            return ""
        return call("practice", content(self.worksheet_question(question, label=self.t("practice"))))

    def references(self, module: Module, printed: set[int] | None = None) -> str:
        """The module's sources as the site lists them: one entry per document, its cited lines
        merged into ranges, each range carrying the numbers of the `[n]` that cite it (and their
        link targets); of the numbers `printed` only, when given. One entry per marker printed the
        document's full title a hundred times a module: a quarter of the learner handout's pages."""
        groups = grouped_citations(module, printed)
        if not groups:
            return ""
        items = []
        for key, ranges in groups.items():
            parts = []
            for start, end, numbers in ranges:
                targets = "".join(f"#box[]#{label(f'{module.id}--ref-{n}')}" for n in numbers)
                lines = f"{self.t('line')} {start}" if start == end else f"{self.t('lines')} {start}–{end}"
                parts.append(targets + text(f"{lines} [{', '.join(str(n) for n in numbers)}]"))
            items.append(content(call("emph", content(text(self.course.references[key].title))) + text(": ")
                                 + text("; ").join(parts)))
        return call("references", content(text(self.t("references"))), f"({', '.join(items)},)") + "\n"

    @cached_property
    def glossary_terms(self) -> list:
        """The glossary in alphabetical order: a term in quotes («ломка») sorts by its first letter."""
        latin_last = self.course.language != "en"
        return sorted(self.course.glossary, key=lambda g: sort_key(g, latin_last))  # the site's index order

    def module_terms(self, module: Module) -> list:
        """Glossary terms a module's text links to, in alphabetical order."""
        used = {node.meta["id"] for node in self.paper.tree(module.body, module, True).walk() if node.type == "term"}
        return [g for g in self.glossary_terms if g.id in used]

    def glossary(self, terms: list, sources: bool) -> str:
        how = PaperText(set())
        entries = []
        for g in terms:
            shown = new_aliases(g.term, g.aliases)
            aliases = content(text(", ".join(shown))) if shown else "none"
            source = content(text(self.source_label(g.source))) if sources and g.source else "none"
            definition = content(self.paper.markup(g.definition, how))
            entries.append(f"({string(f'term-{g.id}')}, {content(text(g.term))}, {aliases}, {definition}, {source})")
        return call("glossary", f"({', '.join(entries)},)") + "\n"

    # ---- the pocket card ----

    def pocket_card(self, pockets: list) -> str:
        """The course's `::: pocket` protocols on one page, with the sources they cite (short names)."""
        title = pockets[0][1].meta.get("args", "") if len(pockets) == 1 else self.course.title
        out = [self.head(title)]
        body = []
        for module, block in pockets:
            how = PaperText(set(), module, numbered=True, renumbered={})
            if len(pockets) > 1:
                body.append(call("heading", content(text(block.meta.get("args", ""))), level="2",
                                 outlined="false") + "\n")
            body.append(self.paper.block_body(block, how) + "\n\n")
            body.append(self.short_references(module, how.renumbered or {}))
        # The version under the title: a card kept in a pocket outlives the course's next edition.
        # (kept whole: «1.0.0» alone on a line read as a stray figure)
        version = call("box", content(text(f"{self.t('version')} {self.course.version}")))
        course = f"{text(self.course.title + ' · ')}{version}"
        markup = "".join(body)
        folded = fits_the_fold(markup)
        out.append(call("pocket-fold" if folded else "pocket", content(text(title)), content(course),
                        content(markup), cut=string(self.t("handout_pocket_fold" if folded else "handout_pocket_cut")))
                   + "\n")
        return "".join(out)

    def short_references(self, module: Module, printed: dict[int, int]) -> str:
        """`[n] Short name, lines a–b` in small type, for each module reference number cited and the
        number printed for it (`printed`), in the printed order."""
        by_number = {c.number: c for c in module.citations}
        items = []
        for number, shown in sorted(((n, shown) for n, shown in printed.items() if n in by_number), key=lambda p: p[1]):
            # as every other document writes it: «строки 733–744» (the card wrote a bare «733–744»)
            items.append(text(f"[{shown}] {citation_text(by_number[number], self.course)}"))
        return call("pocket-sources", content("; ".join(items))) + "\n" if items else ""

    # ---- worksheets ----

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for quiz in self.course.quizzes.values() for q in quiz.bank}

    def name_line(self) -> str:
        """«Имя и фамилия: ____ Дата: ____» at the top of a quiz's sheets: a trainer hands out one
        module's pages, not the whole file with its cover."""
        return call("block", content(text(self.t("handout_name_date"))), above="3mm", below="5mm") + "\n"

    def worksheets(self) -> str:
        kind = self.t("handout_worksheets")
        out = [self.head(kind), self.cover(kind, name_line=self.t("handout_name_date")),
               call("contents", content(text(self.t("handout_toc")))) + "\n"]
        for module in self.course.modules:
            quiz = self.course.quiz_of(module)
            if not quiz:
                continue
            out.append(self.module_heading(module, quiz.title, f"ws-{module.slug}", recto=True))
            rules = self.t("handout_quiz_rules", score=quiz.passing_score)
            meta = f"{module.title} · {self.plural(len(quiz.bank), 'questions')} · {rules}"
            out.append(call("meta-line", content(text(meta))) + "\n")
            out.append(self.name_line())
            if quiz.content_warning:
                out.append(self.content_note(quiz.content_warning)[1:-1] + "\n")
            # (with the questions of the banks it includes: the learner meets them in this quiz)
            out += [self.worksheet_question(q, number=i) + "\n" for i, q in enumerate(quiz.bank, 1)]
        final = self.course.final_quiz
        if final:
            out.append(self.part(text(final.title), final.title, "ws-final", recto=True))
            out.append(self.name_line())
            if final.content_warning:
                out.append(self.content_note(final.content_warning)[1:-1] + "\n")
            # What the final asks, as it is: its own questions (printed here), the module quizzes' (on their
            # sheets), or both (the sheet sent learners with a bank of its own to the module worksheets).
            own = self.course.own_final_questions()
            kind = ("handout_final_own" if len(own) == len(final.bank) else "handout_final_mixed" if own
                    else "handout_final_bank")
            out.append(text(self.t(kind, **final_draw(final))) + "\n\n")
            if own:
                out.append(call("heading", content(text(self.t("handout_own_questions"))), level="2") + "\n")
                out += [self.worksheet_question(q, number=i) + "\n" for i, q in enumerate(own, 1)]
        return "".join(out)

    def qtext(self, source) -> str:
        """A question's Markdown text, its citations named in place (questions have no reference list)."""
        return self.paper.markup(source, PaperText(set()))

    def printed_order(self, q: Question, count: int) -> list[int]:
        """The order a question's options are printed in: as written, or, when its quiz shuffles them
        on screen, a fixed shuffle of its own (the final's options were written with the right one
        first, all 47 of them: on paper, every answer was «А»). Worksheet and key use the same."""
        quiz = self.course.quizzes.get(q.quiz_id)
        return seeded_order(q.id, count) if quiz and quiz.shuffle else list(range(count))

    def worksheet_question(self, q: Question, number: int | None = None, label: str = "") -> str:
        """A question laid out to answer with a pen (its kind's `worksheet`). No answers."""
        return self.question(q, number, label, kind_of(q).worksheet(q, self))

    # The markup helpers a kind's `worksheet` and `answer_key` call on the writer they are given.
    call, content, text, string = staticmethod(call), staticmethod(content), staticmethod(text), staticmethod(string)
    fits_a_page = staticmethod(fits_a_page)
    matching_rights, ordering_start = staticmethod(matching_rights), staticmethod(ordering_start)

    def hint(self, key: str, extra: int = 0) -> str:
        """How to answer, above a worksheet question; `extra`: how many items on the right of a
        matching question match nothing (the hint once said «one is extra» whatever their number)."""
        words = self.t(key)
        if extra:
            words += f" ({self.plural(extra, 'handout_match_extra')})"
        return call("hint", content(text(words)))

    def key(self, words: str, extra: str = "") -> str:
        """«Correct<words>» in bold, then `extra` markup: the first line of an answer key."""
        return call("key", content(call("strong", content(text(self.t("handout_correct") + words))) + " " + extra))

    def question(self, q: Question, number: int | None, label: str, body: str, lines: int = PAGE_LINES,
                 key: bool = False) -> str:
        """A question kept on one page when it surely fits `lines` of it (a worksheet's: a page; `key`:
        `body` holds its answer key)."""
        prompt = self.qtext(q.prompt)
        kind = kind_of(q)
        breakable = kind.breakable or not fits_a_page(prompt + body, kind.printed_parts(q, key), lines)
        return call("question", str(number) if number else "none", content(text(label)) if label else "none",
                    content(prompt), content(body), breakable=str(breakable).lower(),
                    warning=self.content_note(q.content_warning) if q.content_warning else "none")

    def content_note(self, warning: str) -> str:
        """A question's or quiz's content warning, shown before it."""
        return content(call("content-note", content(text(self.t("content_warning") + ":")), content(text(warning))))

    # ---- facilitator's guide ----

    def guide(self) -> str:
        kind = self.t("handout_guide")
        out = [self.head(kind), self.cover(kind, warning=self.t("handout_guide_note")),
               call("contents", content(text(self.t("handout_toc")))) + "\n"]
        out.append(self.session_plan())
        out.append(self.signoff())
        for module in self.course.modules:
            out.append(self.guide_module(module))
        final = self.course.final_quiz
        own = self.course.own_final_questions()  # (the module quizzes' are keyed with their modules)
        if final and own:
            out.append(self.part(text(final.title), final.title, "guide-final"))
            out += [self.answer_question(q, i) + "\n" for i, q in enumerate(own, 1)]
        out.append(self.sources_list())
        return "".join(out)

    def sources_list(self) -> str:
        """The course's documents by the short names the guide cites them with, each with its full title
        (the name once, when the title starts with it: «Médecins du Monde: Médecins du Monde: …»). A part
        of its own: in the contents, and under its own running header, not the final's."""
        items = [content((text(f"{ref.name}: ") if not ref.title.startswith(f"{ref.name}:") else "")
                         + call("emph", content(text(ref.title)))) for ref in self.course.references.values()]
        if not items:
            return ""
        title = self.t("references")
        return self.part(text(title), title, "guide-sources") + call("source-list", f"({', '.join(items)},)") + "\n"

    def session_plan(self) -> str:
        """What a trainer plans a session with: per module its time, lessons, quiz questions, cases
        and reflection prompts (the guide's sections that follow), then the final and the total."""
        out = [self.part(text(self.t("handout_plan")), self.t("handout_plan"), "plan"),
               text(self.t("handout_plan_intro")) + "\n\n"]
        header = ", ".join(content(text(column)) for column in self.strings["handout_plan_columns"])
        rows, totals = [], [0, 0, 0, 0]
        for module in self.course.modules:
            quiz = self.course.quiz_of(module)
            counts = (len(module.lessons), len(quiz.bank) if quiz else 0,
                      len(self.paper.blocks_of(module, "case")), len(self.paper.blocks_of(module, "reflect")))
            totals = [a + b for a, b in zip(totals, counts)]
            title = f"{self.t('module_n', n=module.number)}. {module.title}"
            cells = [title, self.plural(module.minutes, "minutes")] + [str(n) if n else "—" for n in counts]
            rows.append(", ".join(content(text(cell)) for cell in cells))
        modules_time = sum(module.minutes for module in self.course.modules)
        final_time = self.course.final_minutes
        final = self.course.final_quiz
        if final:
            counts = final_draw(final)
            drawn = self.t("handout_plan_final", title=final.title, questions=self.plural(counts["draw"], "questions"),
                           bank=counts["bank"], score=final.passing_score)
            totals[1] += counts["draw"]
            time = self.plural(final_time, "minutes") if final_time else "—"
            # Wrapped at a space, not hyphenated («по-/рог»): the cell is the narrow first column now.
            first = call("text", content(text(drawn)), hyphenate="false")
            cells = (time, "—", str(counts["draw"]), "—", "—")
            rows.append(", ".join([content(first)] + [content(text(cell)) for cell in cells]))
        total = self.plural(modules_time + (final_time if final else 0), "minutes")
        rows.append(", ".join(content(call("strong", content(text(cell))))
                              for cell in (self.t("handout_plan_total"), total, *(str(n) for n in totals))))
        table = call("table", f"table.header({header})", *rows, columns="(1fr, auto, auto, auto, auto, auto)")
        return "".join(out) + table + "\n\n"

    def signoff(self) -> str:
        out = [self.part(text(self.t("handout_signoff")), self.t("handout_signoff"), "signoff")]
        notes = [(f"{self.t('module_n', n=m.number)}. {m.title}", note)
                 for m in self.course.modules for note in self.course.flagged_in(m)]
        final = self.course.final_quiz
        notes += [(final.title, note) for note in self.course.flagged_in_final()] if final else []
        if not notes:
            return out[0] + text(self.t("handout_signoff_none")) + "\n\n"
        out.append(text(self.t("handout_signoff_intro")) + "\n\n")
        items = []
        for place, note in notes:
            basis = f"{self.t('handout_signoff_basis')}: {self.source_label(note.source)}" if note.source else ""
            where = content(text(place))
            mark = content(text(self.t("handout_signoff_mark")))
            shown_basis = content(text(basis)) if basis else "none"
            items.append(content(call("signoff", where, content(text(note.text)), shown_basis, mark)))
        out.append(call("enum", *items) + "\n\n")
        return "".join(out)

    def guide_module(self, module: Module) -> str:
        out = [self.module_heading(module, module.title, f"guide-{module.slug}"),
               self.objectives(module, with_ids=True) + "\n"]
        quiz = self.course.quiz_of(module)
        if quiz:
            out.append(call("heading", content(text(self.t("handout_answer_key", quiz=quiz.title))), level="2") + "\n")
            out += [self.answer_question(q, i) + "\n" for i, q in enumerate(quiz.bank, 1)]
        how = PaperText(set(), module)
        reflections = self.paper.blocks_of(module, "reflect")
        if reflections:
            out.append(call("heading", content(text(self.t("handout_model_answers"))), level="2") + "\n")
            for block in reflections:
                prompt, answer = self.paper.block_parts(block, how)
                title = text(block.meta.get("args") or self.strings["reflect"])
                out.append(reflect_box(title, prompt, self.model_answer(answer)) + "\n")
        cases = self.paper.blocks_of(module, "case")
        if cases:
            # The questions are the same for every case: said once, above the cases. Printed under
            # each, they came apart from their case at a page break and repeated down the guide.
            out.append(call("heading", content(text(self.t("handout_discussion"))), level="2") + "\n")
            # with the questions it introduces: on Letter it ended a page under its heading, alone
            out.append(call("block", content(text(self.t("handout_discuss_each"))), sticky="true") + "\n\n")
            # and they with the first case: four guide pages ended with them, the cases all overleaf
            questions = call("enum", *(content(text(self.t(f"handout_discuss_{n}"))) for n in (1, 2, 3)))
            out.append(call("block", content(questions), sticky="true") + "\n\n")
            for block in cases:
                out.append(self.paper.block_markup(block, how) + "\n\n")
        return "".join(out)

    def model_answer(self, answer: str) -> str:
        """A reflection's model answer, under its prompt (the guide's, and the review edition's text)."""
        return call("model-answer", content(text(self.t("handout_model_answer"))), content(answer))

    def answer_question(self, q: Question, number: int) -> str:
        """A question with its key: correct answer, per-option feedback, explanation, sources."""
        objectives = ", ".join(q.objectives or [q.objective])
        meta = f"{q.id} · {self.t('handout_objective')}: {objectives} · {self.plural(q.max_points, 'points')}"
        body = [call("meta-line", content(text(meta))), kind_of(q).answer_key(q, self)]
        for title, feedback in (("handout_feedback_correct", q.feedback_correct),
                                ("handout_feedback_incorrect", q.feedback_incorrect), ("explanation", q.explanation)):
            if feedback:
                body.append(call("key-note", content(text(self.t(title))), content(self.qtext(feedback))))
        if q.sources:
            sources = "; ".join(self.source_label(s) for s in q.sources)
            body.append(call("key-note", "none", content(text(f"{self.t('handout_sources')}: {sources}"))))
        return self.question(q, number, "", "".join(body), KEY_LINES, key=True)

    def source_label(self, source: Citation) -> str:
        """A YAML citation as «(Пособие…, строки 500–513)»."""
        return f"({citation_text(source, self.course)})"

