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
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from collections.abc import Mapping
from typing import Callable

from builder.errors import CourseError, Diagnostic
from builder.i18n import translator
from builder.model import Course, Markdown, Question, Quiz
from builder.model import to_plain
from builder.questions import kind_of
from builder.sources import citation_text

log = logging.getLogger("course")

MOODLE_GRADES = frozenset(
    {Fraction(p, q) for q in range(1, 7) for p in range(1, q + 1)}
    | {Fraction(p, 10) for p in range(1, 11)}
    | {Fraction(1, q) for q in range(1, 11)}
    | {Fraction(1, 20)}
)
"""The positive answer grades Moodle accepts (`question_bank::fraction_options_full()`: p/q for q <= 6,
p/10, 1/q for q <= 10, 1/20; their negatives too): any other makes its importers skip the question."""

TERM_LINK_RE = re.compile(r'<a class="term"[^>]*>(.*?)</a>', re.S)
PAGE_LINK_RE = re.compile(r'<a href="(?!https?:|mailto:)[^"]*">(.*?)</a>', re.S)
CITE_RE = re.compile(r'<cite class="cite-inline"[^>]*>(.*?)</cite>', re.S)
ASSET_RE = re.compile(r'src="(assets/[^"]+)"')


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
            categories.append(Category([course.title, module.title if module else quiz.title], quiz, list(quiz.questions)))
    return categories


def bank_html(text: Markdown | None) -> str:
    """The rendered HTML of a text, with links to course pages and citation markup reduced to text."""
    if text is None:
        return ""
    out = TERM_LINK_RE.sub(r"\1", text.html)
    out = PAGE_LINK_RE.sub(r"\1", out)
    return CITE_RE.sub(r"\1", out).strip()


def prompt_html(question: Question, course: Course) -> str:
    """The question text after its content note, if it has one (the course's pages show it first too)."""
    note = content_note(question.content_warning, course)
    return f"{note}\n{bank_html(question.prompt)}" if note else bank_html(question.prompt)


def content_note(warning: str, course: Course) -> str:
    """`<p role="note"><strong>Content note:</strong> ...</p>` as the course's pages write it, or ''."""
    if not warning:
        return ""
    t, _ = translator(course.language)
    return f'<p role="note"><strong>{html.escape(t("content_warning"))}:</strong> {html.escape(warning, quote=False)}</p>'


def bank_plain(text: Markdown | None) -> str:
    """The text without markup (for formats or fields that take no HTML)."""
    return to_plain(bank_html(text)) if text else ""


def asset_paths(fragment: str) -> list[str]:
    """The course assets (`assets/...`) an HTML fragment shows, in order, each once."""
    return list(dict.fromkeys(ASSET_RE.findall(fragment)))


def asset_file(course: Course, src: str) -> Path:
    """Where an `assets/...` image of the HTML lives."""
    return course.root / "course" / src


def sources_of(question: Question, course: Course) -> list[str]:
    """`Short title, lines 1–5` for every citation of the explanation and every `sources:` entry, each once."""
    found = [html.unescape(c).strip("()") for c in CITE_RE.findall(question.explanation.html if question.explanation else "")]
    found += [citation_text(citation, course) for citation in question.sources]
    return list(dict.fromkeys(found))


def general_feedback_html(question: Question, course: Course) -> str:
    """The explanation followed by the list of its sources."""
    sources = sources_of(question, course)
    parts = [bank_html(question.explanation)]
    if sources:
        t, _ = translator(course.language)
        items = "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in sources)
        parts.append(f"<p>{html.escape(t('handout_sources'))}:</p><ul>{items}</ul>")
    return "\n".join(p for p in parts if p)


def fill_in_variants(question: Question) -> list[str]:
    """Every accepted answer, plus its spelling with е for ё when the question treats them as one."""
    variants: list[str] = []
    for answer in question.answers:
        variants.append(answer)
        if question.yo_equals_e:
            variants.append(answer.replace("ё", "е").replace("Ё", "Е"))
    return list(dict.fromkeys(variants))


def choice_shares(question: Question) -> tuple[Fraction, Fraction] | None:
    """(grade of each right option, grade of each wrong option) of a `multiple` question as the
    course scores it: each right option earns 1/right and each wrong one costs as much (the total
    never below 0); None when 1/right is not a grade Moodle accepts."""
    right = sum(o.correct for o in question.options)
    share = Fraction(1, right)
    return (share, -share) if share in MOODLE_GRADES else None


def percent(grade: Fraction) -> str:
    """A grade as Moodle writes it in `fraction="..."`: percent with up to 5 decimals (33.33333)."""
    value = f"{float(grade) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if value in ("-0", "") else value


def grade_error(question: Question) -> Diagnostic:
    """The located error for a `multiple` question whose option grades no LMS accepts."""
    right = sum(o.correct for o in question.options)
    return Diagnostic(
        question.loc,
        f"question '{question.id}' has {right} right options; each would be worth 1/{right} of the points, a grade Moodle refuses",
        "mark 1 to 10 or 20 options right, or split the question",
        "build.qbank",
    )


def check_expressible(course: Course) -> None:
    """Raise one `CourseError` listing every question the bank formats cannot express."""
    errors = [grade_error(q) for c in bank_categories(course) for q in c.questions if q.type == "multiple" and choice_shares(q) is None]
    if errors:
        raise CourseError(errors)


def write_bank(course: Course, out_dir: Path, target: str, suffix: str, render: Callable[[Course, "Notes"], bytes]) -> list[Path]:
    """Check every question can be expressed, write `<id>-<version>-questions.<suffix>`, then print
    what the format lost (only after a successful write, so a failed build warns about nothing)."""
    check_expressible(course)
    notes = Notes(target)
    path = out_dir / f"{course.id}-{course.version}-questions.{suffix}"
    path.write_bytes(render(course, notes))
    notes.report()
    return [path]


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
        """Log one warning per reason, naming each question by id and file:line."""
        for reason, questions in self.kinds.items():
            where = ", ".join(f"{q.id} ({q.loc})" for q in questions)
            log.warning("%s: %s: %d question%s: %s", self.target, reason, len(questions), "s" * (len(questions) != 1), where)


def left_out(question: Question, exporters: Mapping[str, object], reasons: Mapping[str, str] | None = None) -> str:
    """Why a bank format leaves a question out, or '' when the format's table of kinds exports it:
    the format's own reason, else the kind's (`bank_note`, the same in every format), else a general one."""
    if question.type in exporters:
        return ""
    kind = kind_of(question)
    return (reasons or {}).get(question.type) or kind.bank_note or f"left out: the format has no '{kind.name}' question type"


def has_option_feedback(question: Question) -> bool:
    """Whether any option of a choice question has feedback of its own."""
    return any(o.feedback for o in getattr(question, "options", ()))  # only choice kinds have options
