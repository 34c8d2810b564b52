"""The review edition's HTML (`builder.targets.review`): one document, with the handouts'
stylesheet and fonts, to read or print from a browser. Its PDFs, like the handouts, are laid out
by Typst (`builder.targets.review.ReviewWriter`).
"""

from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from builder.context import BuildContext
from builder.model import Course, Question
from builder.questions.scenario import best_path, step_numbers
from builder.targets.pages import OneDocMode, PageRenderer, templates_root
from builder.targets.paper import Letters

PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


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


class ReviewTextMode(OneDocMode):
    """A module's text in the review edition, under the «Текст модуля» h2 of its module: a lesson's
    title is an h3 there (an h2 beside that heading, the text read as no part of it)."""

    heading_offset = 1


class HandoutRenderer(PageRenderer):
    """HTML for paper: what the review edition's template calls (answer keys, source labels)."""

    def __init__(self, course: Course, ctx: BuildContext, paper: str = "A4") -> None:
        super().__init__(course, ctx, mode="onedoc", backend="none")
        self.paper = PAGE_SIZES.get(paper, "A4")
        self.body_mode = ReviewTextMode(self)

    @cached_property
    def context(self) -> dict:
        return dict(
            super().context, paper=self.paper, answer_question=self.answer_question, quiz_of=self.course.quiz_of,
            final=self.course.final_quiz, letters=Letters(self.t("handout_letters")), step_numbers=step_numbers,
            best_path=best_path,
        )

    def answer_question(self, question: Question, number: int | None = None) -> Markup:
        """A question with its key: correct answer, per-option feedback, explanation, sources."""
        return Markup(self.render("handout/_answer_question.html.j2", q=question, number=number))
