"""`ordering`: items the learner puts in the right order."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Diagnostics, repeated
from builder.limits import QUOTE_MAX
from builder.model import Markdown, Question
from builder.questions import register
from builder.questions.kind import QuestionKind, field_loc, markdown_items
from builder.schema import MARKDOWN, Field, ListOf
from builder.yamlload import YMap


@dataclass
class OrderingQuestion(Question):
    """An `ordering` question."""

    items: list[Markdown] = field(default_factory=list)
    """The items in the right order."""


class OrderingKind(QuestionKind):
    """The items are written in the right order; the learner sees them shuffled."""

    name = "ordering"
    model = OrderingQuestion
    fields = {"items": Field(ListOf(MARKDOWN, editor_min_items=2), "Items in the right order (2 or more).",
                             required=True)}
    abbreviation = "ord"

    def attributes(self, data: YMap) -> dict:
        return {"items": markdown_items(data, "items")}

    def check(self, question: OrderingQuestion, diags: Diagnostics) -> None:
        """Two or more distinct items."""
        loc = field_loc(question, "items")
        if len(question.items) < 2:
            diags.error(loc, f"ordering question '{question.id}' has {len(question.items)} item(s)",
                        "give at least two items, in the right order", "quiz.answer-key")
        for text in repeated(i.source.strip() for i in question.items):
            diags.error(loc, f"ordering question '{question.id}' has the item '{text[:QUOTE_MAX]}' twice",
                        "make every item different", "quiz.answer-key")

    def texts(self, question: OrderingQuestion) -> list[Markdown | None]:
        return list(question.items)

    def runtime(self, question: OrderingQuestion) -> dict:
        return {"n": len(question.items), "i": [item.plain for item in question.items]}

    def worst_response(self, question: OrderingQuestion) -> str:
        return ",".join(str(i) for i in range(len(question.items)))

    def worksheet(self, question: OrderingQuestion, paper) -> str:
        items = ", ".join(paper.content(paper.qtext(item)) for _, item in paper.ordering_start(question))
        return paper.hint("handout_order_hint") + paper.call("ordering", f"({items},)")

    def answer_key(self, question: OrderingQuestion, paper) -> str:
        return paper.key(":") + paper.call("enum", *(paper.content(paper.qtext(item)) for item in question.items))


register(OrderingKind())
