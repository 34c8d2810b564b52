"""What the three question-bank targets share (`moodle-xml`, `gift`, `qti`): the bank's categories,
LMS-safe HTML of a text, the sources list of the general feedback, grade fractions an LMS accepts,
and the notes a target prints about what its format cannot express.

A question bank leaves the course's pages behind: glossary links and links between modules would
point nowhere, so they become their text; citations keep their short inline form
`(Short title, lines 1–5)` without the markup; images are handed to the target to embed.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from fractions import Fraction
from collections.abc import Mapping
from pathlib import Path
from typing import Callable

from markdown_it.token import Token

from builder.context import BuildContext
from builder.errors import Diagnostic, Diagnostics
from builder.i18n import translator
from builder.model import Course, GlossaryTerm, Markdown, Question, Quiz, to_plain
from builder.questions import kind_of
from builder.render import Mode, Texts
from builder.sources import citation_text, line_span

log = logging.getLogger("course")

MOODLE_GRADES = frozenset(
    {Fraction(p, q) for q in range(1, 7) for p in range(1, q + 1)}
    | {Fraction(p, 10) for p in range(1, 11)}
    | {Fraction(1, q) for q in range(1, 11)}
    | {Fraction(1, 20)}
)
"""The positive answer grades Moodle accepts (`question_bank::fraction_options_full()`: p/q for q <= 6,
p/10, 1/q for q <= 10, 1/20; their negatives too): any other makes its importers skip the question."""

OUTSIDE_LINKS = ("http:", "https:", "mailto:")
"""Links a bank keeps: every other one pointed into the course's pages or files."""


class BankMode(Mode):
    """A question bank leaves the course's pages behind: links to its pages, files and glossary keep
    their words, citations their short inline form without markup, and images load from where the
    target puts them (`asset_prefix` before `assets/...`)."""

    def __init__(self, asset_prefix: str = "") -> None:
        self.asset_prefix = asset_prefix

    def link_attrs(self, token: Token) -> dict | None:
        attrs = super().link_attrs(token)
        return attrs if attrs and str(attrs.get("href", "")).startswith(OUTSIDE_LINKS) else None

    def term_link(self, term: GlossaryTerm, words: str) -> str:
        return words

    def cite_span(self, start: int, end: int) -> str:
        return line_span(start, end)  # an LMS's question bank has no stylesheet of ours

    def cite_inline(self, words: str) -> str:
        return f"({words})"

    def asset_src(self, src: str) -> str:
        return self.asset_prefix + src


class BankHtml(str):
    """The HTML of a bank text, with the course images it shows (each target embeds or lists them)."""

    images: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, images: list[str] | tuple[str, ...] = ()) -> BankHtml:
        made = cls(text)
        made.images = tuple(images)
        return made


class Bank:
    """What a bank target reads of the course: every text rendered in the bank mode."""

    def __init__(self, course: Course, ctx: BuildContext, asset_prefix: str = "") -> None:
        self.course = course
        self.texts = Texts(course, ctx)
        self.mode = BankMode(asset_prefix)

    def html(self, text: Markdown | None) -> BankHtml:
        """A text's HTML for the bank (empty for no text)."""
        if text is None:
            return BankHtml.of("")
        return BankHtml.of(self.texts.html(text, self.mode).strip(), self.texts.images(text))

    def plain(self, text: Markdown | None) -> str:
        """The text without markup (for formats or fields that take no HTML)."""
        return to_plain(self.html(text)) if text else ""

    def prompt_html(self, question: Question) -> BankHtml:
        """The question text after its content note, if it has one (the course's pages show it first too)."""
        note = content_note(question.content_warning, self.course)
        prompt = self.html(question.prompt)
        return BankHtml.of(f"{note}\n{prompt}", prompt.images) if note else prompt

    def sources_of(self, question: Question) -> list[str]:
        """`Short title, lines 1–5` for every citation of the explanation and every `sources:` entry, each once."""
        cited = self.texts.citations(question.explanation) + list(question.sources)
        return list(dict.fromkeys(citation_text(citation, self.course) for citation in cited))

    def general_feedback_html(self, question: Question) -> BankHtml:
        """The explanation followed by the list of its sources."""
        sources = self.sources_of(question)
        explanation = self.html(question.explanation)
        parts = [explanation]
        if sources:
            t, _ = translator(self.course.language)
            items = "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in sources)
            parts.append(f"<p>{html.escape(t('handout_sources'))}:</p><ul>{items}</ul>")
        return BankHtml.of("\n".join(p for p in parts if p), explanation.images)


@dataclass
class Category:
    """One quiz's questions in the bank, under `$course$/<course title>/<module or quiz>`."""

    path: list[str]
    """Category names from the course down (each may hold `/`; targets escape it)."""
    quiz: Quiz
    """The quiz whose own questions it holds."""
    questions: list[Question]
    """The questions, in quiz order (each question of the course is in exactly one category)."""


def bank_categories(course: Course) -> list[Category]:
    """One category per quiz that has questions of its own, in course order (module quizzes, the
    final quiz, then any other quiz by id); a question included by several quizzes stays in its own."""
    ordered = course.ordered_quizzes()
    placed = {quiz.id for quiz in ordered}
    others = sorted((quiz for quiz in course.quizzes.values() if quiz.id not in placed), key=lambda quiz: quiz.id)
    categories = []
    for quiz in ordered + others:
        if quiz.questions:
            module = course.module(quiz.module_id) if quiz.module_id else None
            categories.append(Category([course.title, module.title if module else quiz.title], quiz,
                                       list(quiz.questions)))
    return categories


def content_note(warning: str, course: Course) -> str:
    """`<p role="note"><strong>Content note:</strong> ...</p>` as the course's pages write it, or ''."""
    if not warning:
        return ""
    t, _ = translator(course.language)
    label = html.escape(t("content_warning"))
    return f'<p role="note"><strong>{label}:</strong> {html.escape(warning, quote=False)}</p>'


def asset_file(course: Course, src: str) -> Path:
    """Where an `assets/...` image of the HTML lives."""
    return course.root / "course" / src


def fill_in_variants(question: Question) -> list[str]:
    """Every accepted answer, plus its spelling with е for ё when the question treats them as one,
    and with the hyphens a phone's keyboard or a copied text may give (U+2010, U+2011), which the
    course reads as a hyphen and an LMS compares as other letters."""
    variants: list[str] = []
    for answer in question.answers:
        spellings = [answer] + ([answer.replace("ё", "е").replace("Ё", "Е")] if question.yo_equals_e else [])
        variants += spellings + [spelling.replace("-", hyphen) for hyphen in ("\u2010", "\u2011")
                                 for spelling in spellings if "-" in spelling]
    return list(dict.fromkeys(variants))


def choice_shares(question: Question) -> tuple[Fraction, Fraction] | None:
    """(grade of each right option, grade of each wrong option) of a `multiple` question as the
    course scores it: each right option earns 1/right and each wrong one costs as much (the total
    never below 0); None when 1/right is not a grade Moodle accepts. Without partial credit a wrong
    option costs the whole mark: the course gives nothing then, and Moodle gave 2/3 for all three
    right options and a wrong one (only some right options and no wrong one still earn a part, which
    the build warns about)."""
    right = sum(o.correct for o in question.options)
    share = Fraction(1, right)
    return (share, -share if question.partial_credit else Fraction(-1)) if share in MOODLE_GRADES else None


def percent(grade: Fraction) -> str:
    """A grade as Moodle writes it in `fraction="..."`: percent with up to 5 decimals (33.33333)."""
    value = f"{float(grade) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if value in ("-0", "") else value


def grade_error(question: Question) -> Diagnostic:
    """The located error for a `multiple` question whose option grades no LMS accepts."""
    right = sum(o.correct for o in question.options)
    return Diagnostic(
        question.loc,
        f"question '{question.id}' has {right} right options; "
        f"each would be worth 1/{right} of the points, a grade Moodle refuses",
        "mark 1 to 10 or 20 options right, or split the question",
        "build.qbank",
    )


def check_expressible(course: Course, diags: Diagnostics) -> None:
    """Report every question the bank formats cannot express."""
    questions = [q for c in bank_categories(course) for q in c.questions]
    diags.items += [grade_error(q) for q in questions if q.type == "multiple" and choice_shares(q) is None]


def write_bank(bank: Bank, out_dir: Path, target: str, suffix: str,
               render: Callable[[Bank, "Notes"], bytes]) -> list[Path]:
    """Write `<id>-<version>-questions.<suffix>` (its questions were checked with the sources), then
    print what the format lost (only after a successful write, so a failed build warns about nothing)."""
    notes = Notes(target)
    path = out_dir / f"{bank.course.id}-{bank.course.version}-questions.{suffix}"
    path.write_bytes(render(bank, notes))
    notes.report()
    return [path]


NAMED_PER_NOTE = 5
"""How many questions a bank warning names before it says how many more it concerns."""


@dataclass
class Notes:
    """What one target could not carry over, printed once per kind as a build warning."""

    target: str
    """The format's name as the CLI knows it."""
    kinds: dict[str, list[Question]] = field(default_factory=dict)
    """Reason -> the questions it concerns, in bank order."""

    def add(self, reason: str, question: Question) -> None:
        """Note that `question` loses or changes something in this format, and why."""
        self.kinds.setdefault(reason, []).append(question)

    def report(self) -> None:
        """Log one warning per reason, naming the first questions by id and file:line (a reason that
        concerns the whole bank would otherwise print two hundred of them on one line)."""
        for reason, questions in self.kinds.items():
            where = ", ".join(f"{q.id} ({q.loc})" for q in questions[:NAMED_PER_NOTE])
            if len(questions) > NAMED_PER_NOTE:
                where += f" and {len(questions) - NAMED_PER_NOTE} more"
            log.warning("%s: %s: %d question%s: %s", self.target, reason, len(questions), "s" * (len(questions) != 1),
                        where)


def left_out(question: Question, exporters: Mapping[str, object], reasons: Mapping[str, str] | None = None) -> str:
    """Why a bank format leaves a question out, or '' when the format's table of kinds exports it:
    the format's own reason, else the kind's (`bank_note`, the same in every format), else a general one."""
    if question.type in exporters:
        return ""
    kind = kind_of(question)
    fallback = f"left out: the format has no '{kind.name}' question type"
    return (reasons or {}).get(question.type) or kind.bank_note or fallback
