"""`fill_in`: a typed word or phrase, compared with the accepted answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Diagnostics
from builder.limits import FREE_TEXT_LIMIT
from builder.model import Question
from builder.questions import register
from builder.questions.kind import QuestionKind, field_loc
from builder.schema import Bool, Field, ListOf, Str
from builder.yamlload import YMap

WIDEST_LETTER = "ж"
"""Typed text may be Cyrillic: "ж" counts two bytes where bytes matter."""


@dataclass
class FillInQuestion(Question):
    """A `fill_in` question."""

    answers: list[str] = field(default_factory=list)
    """Accepted answers."""
    case_sensitive: bool = False
    """Whether case matters."""
    ignore_spaces: bool = True
    """Whether spaces and punctuation around words are ignored."""
    yo_equals_e: bool = True
    """Whether ё and е count as the same letter."""


class FillInKind(QuestionKind):
    """The learner types the answer."""

    name = "fill_in"
    model = FillInQuestion
    fields = {
        "answers": Field(ListOf(Str(), min_items=1), "Accepted answers.", required=True),
        "case_sensitive": Field(Bool(), "Whether case matters.", default=False),
        "ignore_spaces": Field(Bool(), "Ignore spaces and punctuation around words.", default=True),
        "yo_equals_e": Field(Bool(), "Treat ё and е as the same letter.", default=True),
    }
    abbreviation = "fil"

    def attributes(self, data: YMap) -> dict:
        return {"answers": [str(a) for a in data["answers"]], "case_sensitive": data["case_sensitive"],
                "ignore_spaces": data["ignore_spaces"], "yo_equals_e": data["yo_equals_e"]}

    def check(self, question: FillInQuestion, diags: Diagnostics) -> None:
        """Accepted answers are not blank."""
        if any(not a.strip() for a in question.answers):
            diags.error(field_loc(question, "answers"), f"fill-in question '{question.id}' accepts an empty answer",
                        "remove the empty answer", "quiz.answer-key")

    def runtime(self, question: FillInQuestion) -> dict:
        return {"a": question.answers, "cs": int(question.case_sensitive), "sp": int(question.ignore_spaces),
                "yo": int(question.yo_equals_e)}

    def worst_response(self, question: FillInQuestion) -> str:
        # The state keeps 40 characters, or a longer right answer whole (course.js `storedLimit`).
        return WIDEST_LETTER * max([FREE_TEXT_LIMIT] + [len(a) for a in question.answers])

    def answer_key(self, question: FillInQuestion, paper) -> str:
        any_case = f" ({paper.t('handout_any_case')})" if not question.case_sensitive else ""
        return paper.key(":", paper.text(" / ".join(question.answers) + any_case))


register(FillInKind())
