"""The question bank in GIFT (`--format gift`): `<course-id>-<version>-questions.gift`.

GIFT is the plain-text format of Moodle's importer that many LMSs and editors read. The bank has the
same categories, ids (`// [id:...]`), HTML texts (`[html]`), per-answer and general feedback as the
Moodle XML one. GIFT has no place for points, penalties, shuffling, right/wrong feedback, case
sensitivity, units or files, and no ordering type: each loss is listed as a build warning, naming the
questions it concerns. Every `~ = # { } :` and `\\` inside a text is escaped with `\\`, and texts are
kept on one line (a blank line would end the question).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course, Markdown, Question
from builder.targets.moodle_xml import number_text, shorten
from builder.targets.qbank import (
    Bank,
    Notes,
    bank_categories,
    check_expressible,
    choice_shares,
    fill_in_variants,
    left_out,
    percent,
    write_bank,
)

SPECIAL = "\\~=#{}:"
"""Characters GIFT gives a meaning to; `\\` first, so escapes are not escaped again."""

NO_ORDERING = "left out: GIFT has no ordering question type (use the Moodle XML or QTI bank)"
NO_POINTS = "GIFT has no default mark: Moodle gives every question 1 point, the course gives more"
NO_CASE = "GIFT short answers ignore case; the course's answer is case-sensitive"
NO_UNIT = "GIFT numerical questions have no unit; the unit is added to the question text"
NO_RIGHT_WRONG = "GIFT keeps no right/wrong feedback for this type; the course's is left out"
NO_FILES = "GIFT cannot embed files: images are left as links to the course's assets"


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """Every question must be one the bank's LMS can grade as the course does."""
    check_expressible(course, diags)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the GIFT question bank into `out_dir`."""
    # GIFT cannot carry files: images keep their course path (`assets/...`), as the note says.
    return write_bank(Bank(course, ctx), out_dir, "gift", "gift", lambda bank, notes: gift(bank, notes).encode("utf-8"))


def gift(bank: Bank, notes: Notes) -> str:
    """The whole file: a `$CATEGORY:` line before each quiz's questions, a blank line between entries."""
    blocks = []
    for category in bank_categories(bank.course):
        blocks.append("$CATEGORY: " + "/".join(["$course$", *(name.replace("/", "//") for name in category.path)]))
        for question in category.questions:
            reason = left_out(question, ANSWERS, {"ordering": NO_ORDERING})
            if reason:
                notes.add(reason, question)
                continue
            blocks.append(question_block(question, bank, notes))
    return "\n\n".join(blocks) + "\n"


def escape(text: str) -> str:
    """Text safe inside GIFT: special characters escaped, on one line."""
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def question_block(question: Question, bank: Bank, notes: Notes) -> str:
    """`// [id:...]`, `::name::[html]prompt{answers####general feedback}`."""
    if question.points != 1:
        notes.add(NO_POINTS, question)
    prompt, feedback = bank.prompt_html(question), bank.general_feedback_html(question)
    images = prompt.images + feedback.images
    if question.type == "numeric" and question.unit:
        notes.add(NO_UNIT, question)
        prompt += f" <p>({question.unit})</p>"
    texts = [prompt, feedback]
    if images:
        notes.add(NO_FILES, question)
    name = escape(f"{question.id}: {shorten(bank.plain(question.prompt), 80)}")
    answers = ANSWERS[question.type](question, bank, notes)
    return f"// [id:{question.id}]\n::{name}::[html]{escape(prompt)}{{\n{answers}\n####{escape(texts[1])}\n}}"


def with_feedback(text: str, feedback: Markdown | None, bank: Bank) -> str:
    """An answer's text and its `#feedback`."""
    html = bank.html(feedback)
    return escape(text) + (f"#{escape(html)}" if html else "")


def choice_answers(question: Question, bank: Bank, notes: Notes) -> str:
    """`=right ~wrong` for single choice, `~%33.33333%right ~%-33.33333%wrong` for multiple."""
    if question.feedback_correct or question.feedback_incorrect:
        notes.add(NO_RIGHT_WRONG, question)
    lines = []
    shares = (Fraction(1), Fraction(0)) if question.type == "single" else choice_shares(question)
    for option in question.options:
        text = with_feedback(bank.html(option.text), option.feedback, bank)
        if question.type == "single":
            lines.append(("=" if option.correct else "~") + text)
        else:
            lines.append(f"~%{percent(shares[0] if option.correct else shares[1])}%{text}")
    return "\n".join(lines)


def true_false_answers(question: Question, bank: Bank, notes: Notes) -> str:
    """`TRUE#feedback when wrong#feedback when right`."""
    value = "TRUE" if question.answer else "FALSE"
    return f"{value}#{escape(bank.html(question.feedback_incorrect))}#{escape(bank.html(question.feedback_correct))}"


def fill_in_answers(question: Question, bank: Bank, notes: Notes) -> str:
    """`=answer` for every accepted spelling (GIFT short answers are never case-sensitive; `*`, Moodle's
    wildcard, written `\\*`, as the XML bank does), then `=%0%*#wrong feedback` for any other answer."""
    if question.case_sensitive:
        notes.add(NO_CASE, question)
    right = bank.html(question.feedback_correct)
    lines = ["=" + escape(v).replace("*", "\\*") + (f"#{escape(right)}" if right else "")
             for v in fill_in_variants(question)]
    if question.feedback_incorrect:
        lines.append("=%0%*#" + escape(bank.html(question.feedback_incorrect)))
    return "\n".join(lines)


def numeric_answers(question: Question, bank: Bank, notes: Notes) -> str:
    """`#value:tolerance`, then `~#wrong feedback` for any other answer (as Moodle's own export)."""
    return f"#{number_text(float(question.answer))}:{number_text(question.tolerance)}" + (
        f"#{escape(bank.html(question.feedback_correct))}" if question.feedback_correct else ""
    ) + (f"\n~#{escape(bank.html(question.feedback_incorrect))}" if question.feedback_incorrect else "")


def matching_answers(question: Question, bank: Bank, notes: Notes) -> str:
    """`=left -> right` per pair; a distractor has no left side."""
    if question.feedback_correct or question.feedback_incorrect:
        notes.add(NO_RIGHT_WRONG, question)
    pairs = [f"={escape(bank.html(p.left))} -> {escape(bank.plain(p.right))}" for p in question.pairs]
    return "\n".join(pairs + [f"= -> {escape(bank.plain(d))}" for d in question.distractors])


ANSWERS = {
    "single": choice_answers,
    "multiple": choice_answers,
    "true_false": true_false_answers,
    "fill_in": fill_in_answers,
    "numeric": numeric_answers,
    "matching": matching_answers,
}
"""The `{...}` part of each type GIFT can hold."""
