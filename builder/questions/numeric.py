"""`numeric`: a typed number, right within a tolerance."""

from __future__ import annotations

from dataclasses import dataclass

from builder.limits import FREE_TEXT_LIMIT
from builder.model import Question
from builder.questions import register
from builder.questions.fill_in import WIDEST_LETTER
from builder.questions.kind import QuestionKind
from builder.schema import Field, Number, Str
from builder.yamlload import YMap


@dataclass
class NumericQuestion(Question):
    """A `numeric` question."""

    answer: float = 0.0
    """The right number."""
    tolerance: float = 0.0
    """Accepted distance from `answer`."""
    unit: str = ""
    """Unit shown after the field."""


class NumericKind(QuestionKind):
    """The learner types a number."""

    name = "numeric"
    model = NumericQuestion
    fields = {
        "answer": Field(Number(), "The right number.", required=True),
        "tolerance": Field(Number(0), "Accepted distance from the answer.", default=0.0),
        "unit": Field(Str(), "Unit shown after the field."),
    }
    abbreviation = "num"

    def attributes(self, data: YMap) -> dict:
        return {"answer": data["answer"], "tolerance": data["tolerance"], "unit": data.get("unit", "")}

    def runtime(self, question: NumericQuestion) -> dict:
        return {"a": question.answer, "tol": question.tolerance}

    def worst_response(self, question: NumericQuestion) -> str:
        return WIDEST_LETTER * FREE_TEXT_LIMIT

    def worksheet(self, question: NumericQuestion, paper) -> str:
        unit = " " + paper.text(question.unit) if question.unit else ""
        return paper.hint("handout_numeric_hint") + paper.call("blank", width="40mm") + unit

    def answer_key(self, question: NumericQuestion, paper) -> str:
        unit = f" {question.unit}" if question.unit else ""
        tolerance = f" ({paper.t('handout_tolerance', n=f'{question.tolerance:g}')})" if question.tolerance else ""
        return paper.key(":", paper.text(f"{question.answer:g}{unit}{tolerance}"))


register(NumericKind())
