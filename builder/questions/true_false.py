"""`true_false`: a statement the learner marks true or false."""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Question
from builder.questions import register
from builder.questions.kind import QuestionKind
from builder.schema import Bool, Field
from builder.yamlload import YMap


@dataclass
class TrueFalseQuestion(Question):
    """A `true_false` question."""

    answer: bool = False
    """The right value."""


class TrueFalseKind(QuestionKind):
    """The statement is either true or false."""

    name = "true_false"
    model = TrueFalseQuestion
    fields = {"answer": Field(Bool(), "The right answer.", required=True)}
    abbreviation = "t/f"

    def attributes(self, data: YMap) -> dict:
        return {"answer": data["answer"]}

    def runtime(self, question: TrueFalseQuestion) -> dict:
        return {"a": bool(question.answer)}

    def worksheet(self, question: TrueFalseQuestion, paper) -> str:
        answers = f"({paper.content(paper.text(paper.t('true')))}, {paper.content(paper.text(paper.t('false')))})"
        return paper.hint("handout_tf_hint") + paper.call("inline-boxes", answers)

    def answer_key(self, question: TrueFalseQuestion, paper) -> str:
        return paper.key(":", paper.text(paper.t("true") if question.answer else paper.t("false")))


register(TrueFalseKind())
