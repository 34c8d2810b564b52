"""`multiple`: one or more right options, scored all or nothing or per right choice."""

from __future__ import annotations

from builder.errors import Diagnostics
from builder.questions import register
from builder.questions.kind import field_loc
from builder.questions.single import OPTION, ChoiceQuestion, SingleKind
from builder.schema import Bool, Field, ListOf
from builder.yamlload import YMap


class MultipleKind(SingleKind):
    """Any number of options is right, at least one."""

    name = "multiple"
    fields = {
        "options": Field(ListOf(OPTION, editor_min_items=2), "Answer options; one or more correct.", required=True),
        "partial_credit": Field(Bool(), "Points per right choice instead of all or nothing.", default=False),
    }
    abbreviation = "mul"

    def attributes(self, data: YMap) -> dict:
        return dict(super().attributes(data), partial_credit=data["partial_credit"])

    def check_correct(self, question: ChoiceQuestion, correct: int, diags: Diagnostics) -> None:
        """At least one option marked right."""
        if correct == 0:
            diags.error(field_loc(question, "options"),
                        f"question '{question.id}' is 'multiple' but marks no option correct",
                        "mark the right options with 'correct: true'", "quiz.no-correct")

    def runtime(self, question: ChoiceQuestion) -> dict:
        data = super().runtime(question)
        if question.partial_credit:
            data["pc"] = 1
        return data

    def worst_response(self, question: ChoiceQuestion) -> str:
        return "".join(o.id for o in question.options)


register(MultipleKind())
