"""`single`: one right option among two or more."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Diagnostics, repeated
from builder.limits import QUOTE_MAX
from builder.model import Markdown, Question
from builder.questions import register
from builder.questions.kind import QuestionKind, field_loc, html_of, markdown
from builder.schema import MARKDOWN, Bool, Field, ListOf, Obj
from builder.yamlload import YList, YMap

OPTION = Obj(name="option", fields={
    "text": Field(MARKDOWN, "The option (Markdown).", required=True),
    "correct": Field(Bool(), "Whether it is a right answer.", default=False),
    "feedback": Field(MARKDOWN, "Shown when the learner picks it: say why it is right or wrong."),
})


@dataclass
class Option:
    """An answer option of a `single` or `multiple` question."""

    id: str
    """Stable option id within its question (`a`, `b`, ... in written order)."""
    text: Markdown
    """The option label."""
    correct: bool = False
    """Whether choosing it is right."""
    feedback: Markdown | None = None
    """What the learner reads after choosing it."""


@dataclass
class ChoiceQuestion(Question):
    """A `single` or `multiple` question (one dataclass: outputs treat the two alike)."""

    options: list[Option] = field(default_factory=list)
    """The options, in written order."""
    partial_credit: bool = False
    """`multiple`: points per right choice rather than all-or-nothing (always False for `single`)."""
    options_dropped: bool = False
    """Some written options had errors and were left out (reported at them): the counts are not checked."""


def option_id(index: int) -> str:
    """`a` ... `z`, then `o26`, `o27`, ...: short, because the learner's saved state keeps them."""
    return chr(ord("a") + index) if index < 26 else f"o{index}"


class SingleKind(QuestionKind):
    """Exactly one option is right."""

    name = "single"
    model = ChoiceQuestion
    fields = {"options": Field(ListOf(OPTION, editor_min_items=2), "Answer options; exactly one correct.",
                               required=True)}
    abbreviation = "sgl"

    def attributes(self, data: YMap) -> dict:
        options = data.get("options", YList())
        return {"options": [
            Option(option_id(i), markdown(o, "text", True), o["correct"], markdown(o, "feedback", True))
            for i, o in enumerate(options)
        # (an option whose `correct:` had an error reads as wrong: «marks 0 options correct» would repeat it)
        ], "options_dropped": getattr(options, "dropped", 0) > 0 or any("correct" in o.defaulted for o in options)}

    def check(self, question: ChoiceQuestion, diags: Diagnostics) -> None:
        """Two or more distinct options, and as many marked right as the kind takes."""
        loc = field_loc(question, "options")
        if question.options_dropped:
            return  # an option with an error is reported at it: «1 option(s)», «none marked right» would repeat it
        if len(question.options) < 2:
            diags.error(loc, f"question '{question.id}' has {len(question.options)} option(s)",
                        "give at least two options", "quiz.options")
        for text in repeated(o.text.source.strip() for o in question.options):
            diags.error(loc, f"question '{question.id}' has the option '{text[:QUOTE_MAX]}' twice",
                        "make every option different", "quiz.options")
        self.check_correct(question, sum(o.correct for o in question.options), diags)

    def check_correct(self, question: ChoiceQuestion, correct: int, diags: Diagnostics) -> None:
        """Exactly one option marked right."""
        if correct != 1:
            hint = "mark one, or use type: multiple" if correct > 1 else "mark the right option with 'correct: true'"
            diags.error(field_loc(question, "options"),
                        f"question '{question.id}' is 'single' but marks {correct} options correct", hint,
                        "quiz.single-correct")

    def texts(self, question: ChoiceQuestion) -> list[Markdown | None]:
        return [text for option in question.options for text in (option.text, option.feedback)]

    def runtime(self, question: ChoiceQuestion) -> dict:
        return {"o": [{"id": o.id, "c": int(o.correct), "f": html_of(o.feedback), "txt": o.text.plain}
                      for o in question.options]}

    def worksheet(self, question: ChoiceQuestion, paper) -> str:
        options = printed_options(question, paper)
        items = ", ".join(f"({paper.string(paper.letters[i])}, {paper.content(paper.qtext(o.text))})"
                          for i, o in enumerate(options))
        single = question.type == "single"
        boxes = paper.call("boxes", str(single).lower(), f"({items},)")
        return paper.hint("handout_tick_one" if single else "handout_tick_many") + boxes

    def answer_key(self, question: ChoiceQuestion, paper) -> str:
        options = printed_options(question, paper)
        letters = ", ".join(paper.letters[i] for i, o in enumerate(options) if o.correct)
        partial = f" ({paper.t('handout_partial')})" if question.partial_credit else ""
        items = []
        for i, o in enumerate(options):
            mark = " " + paper.call("key-mark", paper.content(paper.text("✓ " + paper.t("handout_correct_mark"))))
            feedback = paper.call("feedback", paper.content(paper.qtext(o.feedback))) if o.feedback else ""
            items.append(f"({paper.string(paper.letters[i])}, [{paper.qtext(o.text)}{mark if o.correct else ''}"
                         f"{feedback}])")
        return paper.key(":", paper.text(letters + partial)) + paper.call("key-options", f"({', '.join(items)},)")


def printed_options(question: ChoiceQuestion, paper) -> list[Option]:
    """The options in the order the paper prints them (the writer's `printed_order`)."""
    return [question.options[i] for i in paper.printed_order(question, len(question.options))]


register(SingleKind())
