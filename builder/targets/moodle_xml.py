"""The question bank as Moodle XML (`--format moodle-xml`): `<course-id>-<version>-questions.xml`.

For Moodle's "Question bank > Import" (qformat_xml). One category per quiz, under
`$course$/<course title>/<module title>` (the final quiz under its own title); every question keeps its
id as `idnumber`, its points as the default mark, per-option feedback, right/wrong feedback, and the
explanation with its sources as general feedback. Images are embedded as base64 `<file>` elements.

Grading follows the course's runtime where Moodle can: `multiple` options are worth 1/right each and a
wrong option costs as much (Moodle adds the grades and keeps the total between 0 and 1, as the runtime
does for partial credit); `ordering` is all-or-nothing. The penalty per extra try is 0 when the quiz may
be retaken (the runtime keeps the best attempt without deductions) and 1 when it allows one attempt.
What Moodle grades differently, and the scenarios it cannot hold, are listed as build warnings.
"""

from __future__ import annotations

import base64
import html
from fractions import Fraction
from pathlib import Path

from lxml import etree

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course, Markdown, Question, Quiz
from builder.targets.qbank import (
    Bank,
    BankHtml,
    Notes,
    asset_file,
    bank_categories,
    check_expressible,
    choice_shares,
    content_note,
    fill_in_variants,
    left_out,
    percent,
    write_bank,
)

QTYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "fill_in": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}
"""Course question type -> Moodle XML question type (scenarios have none)."""

NO_SUBSET_CREDIT = ("Moodle gives part of the mark for some right options and no wrong one; "
                    "the course gives none unless the question allows partial credit")
MATCHING_PARTIAL = ("Moodle gives part of the mark for each right pair; "
                    "the course gives the mark only for all pairs right")
MOODLE_FILES = "@@PLUGINFILE@@/"
"""Where Moodle serves the files embedded in a question (before their `assets/...` path)."""
FILL_IN_SPACES = ("Moodle ignores only spaces around the answer (the course also ignores punctuation and repeated "
                  "spaces) and takes ё for е only where the answer has ё")


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """Every question must be one the bank's LMS can grade as the course does."""
    check_expressible(course, diags)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the Moodle XML question bank into `out_dir`."""
    return write_bank(Bank(course, ctx, MOODLE_FILES), out_dir, "moodle-xml", "xml", moodle_xml)


def moodle_xml(bank: Bank, notes: Notes) -> bytes:
    """The whole `<quiz>` document."""
    root = etree.Element("quiz")
    for category in bank_categories(bank.course):
        root.append(category_element(category.path, category.quiz, bank))
        for question in category.questions:
            reason = left_out(question, TYPE_FIELDS)
            if reason:
                notes.add(reason, question)
                continue
            root.append(question_element(question, category.quiz, bank, notes))
    kept_whole(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def kept_whole(root: etree._Element) -> None:
    """Every `<text>` as a CDATA section, as Moodle's own export writes it. Moodle's reader
    (lib/xmlize.php) drops each piece of character data that is only whitespace, and its parser hands
    over a space after an escaped `<` or `&`, or at a 4096-byte boundary of the file, as a piece of its
    own: «…:</strong> В вопросе» was imported as «…:</strong>В вопросе» (11 questions of the bundled
    course). (A text holding `]]>`, which a CDATA section cannot, stays escaped.)"""
    for element in root.iter("text"):
        if element.text and "]]>" not in element.text:
            element.text = etree.CDATA(element.text)


def category_element(path: list[str], quiz: Quiz, bank: Bank) -> etree._Element:
    """The `type="category"` pseudo-question that puts the next questions into `path`; its info is the
    quiz's title and content note."""
    question = etree.Element("question", type="category")
    category = etree.SubElement(question, "category")
    escaped = [name.replace("/", "//") for name in path]  # Moodle reads `//` as a `/` inside a name
    etree.SubElement(category, "text").text = "/".join(["$course$", *escaped])
    info = etree.SubElement(question, "info", format="html")
    note = content_note(quiz.content_warning, bank.course)
    etree.SubElement(info, "text").text = f"<p>{html.escape(quiz.title)}</p>" + note
    return question


def question_element(question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> etree._Element:
    """One `<question>` with the fields every type shares, then its type's own."""
    element = etree.Element("question", type=QTYPES[question.type])
    name = etree.SubElement(element, "name")
    etree.SubElement(name, "text").text = f"{question.id}: {shorten(bank.plain(question.prompt), 80)}"
    text_element(element, "questiontext", bank.prompt_html(question), bank)
    text_element(element, "generalfeedback", bank.general_feedback_html(question), bank)
    etree.SubElement(element, "defaultgrade").text = str(question.points)
    etree.SubElement(element, "penalty").text = "1" if quiz.attempts == 1 else "0"
    etree.SubElement(element, "hidden").text = "0"
    etree.SubElement(element, "idnumber").text = question.id
    TYPE_FIELDS[question.type](element, question, quiz, bank, notes)
    return element


def text_element(parent: etree._Element, tag: str, fragment: str, bank: Bank, **attrs: str) -> etree._Element:
    """`<tag format="html"><text>...</text><file .../></tag>`, images moved into embedded files."""
    element = etree.SubElement(parent, tag, format="html", **attrs)
    add_text(element, fragment, bank)
    return element


def add_text(element: etree._Element, fragment: str, bank: Bank) -> None:
    """`<text>` and a base64 `<file>` for each image it shows (its `src` already says `@@PLUGINFILE@@/path`)."""
    etree.SubElement(element, "text").text = fragment
    for src in fragment.images if isinstance(fragment, BankHtml) else ():
        folder, _, name = src.rpartition("/")
        file = etree.SubElement(element, "file", name=name, path=f"/{folder}/", encoding="base64")
        file.text = base64.b64encode(asset_file(bank.course, src).read_bytes()).decode()


def combined_feedback(element: etree._Element, question: Question, bank: Bank, shownumcorrect: bool = True) -> None:
    """Right / partly right / wrong feedback (the course shows its wrong feedback for a partly right answer)."""
    wrong = bank.html(question.feedback_incorrect)
    text_element(element, "correctfeedback", bank.html(question.feedback_correct), bank)
    text_element(element, "partiallycorrectfeedback", wrong, bank)
    text_element(element, "incorrectfeedback", wrong, bank)
    if shownumcorrect:
        etree.SubElement(element, "shownumcorrect")


def answer_element(parent: etree._Element, grade: Fraction, fragment: str, feedback: Markdown | None,
                   bank: Bank) -> etree._Element:
    """An `<answer fraction="...">` with its HTML text and optional feedback."""
    answer = etree.SubElement(parent, "answer", fraction=percent(grade), format="html")
    add_text(answer, fragment, bank)
    text_element(answer, "feedback", bank.html(feedback), bank)
    return answer


def choice_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """multichoice: one right answer (single) or 1/right for each right option and as much off for a wrong one."""
    single = question.type == "single"
    right, wrong = (Fraction(1), Fraction(0)) if single else choice_shares(question)
    etree.SubElement(element, "single").text = "true" if single else "false"
    etree.SubElement(element, "shuffleanswers").text = "true" if quiz.shuffle else "false"
    etree.SubElement(element, "answernumbering").text = "none"
    etree.SubElement(element, "showstandardinstruction").text = "0"
    combined_feedback(element, question, bank)
    for option in question.options:
        answer_element(element, right if option.correct else wrong, bank.html(option.text), option.feedback, bank)
    if not single and not question.partial_credit:
        notes.add(NO_SUBSET_CREDIT, question)


def true_false_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """truefalse: the right value earns the mark; each answer carries the right or wrong feedback."""
    for value in (True, False):
        right = value == question.answer
        feedback = question.feedback_correct if right else question.feedback_incorrect
        answer = etree.SubElement(element, "answer", fraction="100" if right else "0", format="moodle_auto_format")
        etree.SubElement(answer, "text").text = "true" if value else "false"
        text_element(answer, "feedback", bank.html(feedback), bank)


def fill_in_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """shortanswer: every accepted spelling at 100 % (`*` is Moodle's wildcard, so it is escaped)."""
    etree.SubElement(element, "usecase").text = "1" if question.case_sensitive else "0"
    for variant in fill_in_variants(question):
        answer = etree.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
        etree.SubElement(answer, "text").text = variant.replace("*", "\\*")
        text_element(answer, "feedback", bank.html(question.feedback_correct), bank)
    any_other_answer(element, question, bank)
    if question.ignore_spaces:
        notes.add(FILL_IN_SPACES, question)


def any_other_answer(element: etree._Element, question: Question, bank: Bank) -> None:
    """The wrong-answer feedback as Moodle's short-answer and numerical questions hold it: an answer
    `*` (any other response) at 0 %, after the right ones (Moodle tries them in order)."""
    if question.feedback_incorrect:
        answer = etree.SubElement(element, "answer", fraction="0", format="moodle_auto_format")
        etree.SubElement(answer, "text").text = "*"
        text_element(answer, "feedback", bank.html(question.feedback_incorrect), bank)
        if question.type == "numeric":
            etree.SubElement(answer, "tolerance").text = "0"


def numeric_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """numerical: the number with its tolerance; the unit may be typed after it or left out."""
    answer = etree.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
    etree.SubElement(answer, "text").text = number_text(float(question.answer))
    text_element(answer, "feedback", bank.html(question.feedback_correct), bank)
    etree.SubElement(answer, "tolerance").text = number_text(question.tolerance)
    any_other_answer(element, question, bank)
    if question.unit:
        units = etree.SubElement(element, "units")
        unit = etree.SubElement(units, "unit")
        etree.SubElement(unit, "multiplier").text = "1"
        etree.SubElement(unit, "unit_name").text = question.unit
    etree.SubElement(element, "unitgradingtype").text = "0"  # the unit is optional, as in the course
    etree.SubElement(element, "unitpenalty").text = "0"
    etree.SubElement(element, "showunits").text = "0" if question.unit else "3"
    etree.SubElement(element, "unitsleft").text = "0"


def matching_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """matching: one subquestion per pair; distractors are answers without a question."""
    # Right-hand items in written order would give the pairs away.
    etree.SubElement(element, "shuffleanswers").text = "true"
    combined_feedback(element, question, bank)
    rights = [(bank.html(pair.left), bank.plain(pair.right)) for pair in question.pairs]
    for left, right in rights + [("", bank.plain(d)) for d in question.distractors]:
        sub = text_element(element, "subquestion", left, bank)
        answer = etree.SubElement(sub, "answer")
        etree.SubElement(answer, "text").text = right
    notes.add(MATCHING_PARTIAL, question)


def ordering_fields(element: etree._Element, question: Question, quiz: Quiz, bank: Bank, notes: Notes) -> None:
    """ordering (core since Moodle 4.4): every item, in the right order, graded all-or-nothing."""
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", str(len(question.items))),
        ("gradingtype", "ALL_OR_NOTHING"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        etree.SubElement(element, tag).text = value
    combined_feedback(element, question, bank, shownumcorrect=False)
    etree.SubElement(element, "shownumcorrect").text = "1"  # without it Moodle 4.5 fails to save the hints
    for position, item in enumerate(question.items, start=1):
        add_text(etree.SubElement(element, "answer", fraction=str(position), format="html"), bank.html(item), bank)


TYPE_FIELDS = {
    "single": choice_fields,
    "multiple": choice_fields,
    "true_false": true_false_fields,
    "fill_in": fill_in_fields,
    "numeric": numeric_fields,
    "matching": matching_fields,
    "ordering": ordering_fields,
}
"""The type-specific part of each exported question type."""


def number_text(value: float) -> str:
    """`6` rather than `6.0`; `0.5` as written."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def shorten(text: str, limit: int) -> str:
    """The text cut at a word boundary to at most `limit` characters, with `…` when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
