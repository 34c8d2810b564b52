"""`matching`: each left-hand item paired with its right-hand match."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Diagnostics, repeated
from builder.limits import QUOTE_MAX
from builder.model import Markdown, Question
from builder.questions import register
from builder.questions.kind import QuestionKind, field_loc, markdown, markdown_items
from builder.schema import MARKDOWN, Field, ListOf, Obj
from builder.yamlload import YMap


@dataclass
class Pair:
    """A left/right pair of a `matching` question."""

    left: Markdown
    """Item shown in the left column."""
    right: Markdown
    """Its match."""


@dataclass
class MatchingQuestion(Question):
    """A `matching` question."""

    pairs: list[Pair] = field(default_factory=list)
    """The right pairs."""
    distractors: list[Markdown] = field(default_factory=list)
    """Extra right-hand items that match nothing."""
    pairs_written: int = 0
    """How many pairs the file writes, those with an error (reported at them) included."""


class MatchingKind(QuestionKind):
    """Pairs to match; the course scores all pairs right or nothing."""

    name = "matching"
    model = MatchingQuestion
    fields = {
        "pairs": Field(
            ListOf(Obj(name="pair", fields={
                "left": Field(MARKDOWN, "Left-hand item.", required=True),
                "right": Field(MARKDOWN, "Its match.", required=True),
            }), editor_min_items=2),
            "The right pairs (2 or more).",
            required=True,
        ),
        "distractors": Field(ListOf(MARKDOWN), "Extra right-hand items that match nothing."),
    }
    abbreviation = "mat"

    def attributes(self, data: YMap) -> dict:
        pairs = [Pair(markdown(p, "left", True), markdown(p, "right", True)) for p in data["pairs"]]
        return {"pairs": pairs, "distractors": markdown_items(data, "distractors"),
                "pairs_written": len(pairs) + getattr(data["pairs"], "dropped", 0)}

    def check(self, question: MatchingQuestion, diags: Diagnostics) -> None:
        """Two or more pairs; left items distinct; right items (and distractors) distinct."""
        loc = field_loc(question, "pairs")
        # A pair with an error (`rigth:`) is reported at it: counting only the pairs that read would
        # tell the author to add one they wrote.
        if max(len(question.pairs), question.pairs_written) < 2:
            diags.error(loc, f"matching question '{question.id}' has {len(question.pairs)} pair(s)",
                        "give at least two pairs", "quiz.answer-key")
        for side, texts in (("left", [p.left for p in question.pairs]), ("right", self.rights(question))):
            for text in repeated(t.source.strip() for t in texts):
                diags.error(loc, f"matching question '{question.id}' has the {side} item '{text[:QUOTE_MAX]}' twice",
                            "make every item different, or the answer is ambiguous", "quiz.answer-key")

    @staticmethod
    def rights(question: MatchingQuestion) -> list[Markdown]:
        """The right-hand column: every pair's match, then the distractors."""
        return [p.right for p in question.pairs] + question.distractors

    def texts(self, question: MatchingQuestion) -> list[Markdown | None]:
        return [text for pair in question.pairs for text in (pair.left, pair.right)] + list(question.distractors)

    def runtime(self, question: MatchingQuestion) -> dict:
        return {"n": len(question.pairs), "l": [p.left.plain for p in question.pairs],
                "r": [text.plain for text in self.rights(question)]}

    def worst_response(self, question: MatchingQuestion) -> str:
        highest = str(len(question.pairs) + len(question.distractors) - 1)
        return ",".join(highest for _ in question.pairs)

    def worksheet(self, question: MatchingQuestion, paper) -> str:
        left = ", ".join(paper.content(paper.qtext(p.left)) for p in question.pairs)
        right = ", ".join(f"({paper.string(paper.letters[n])}, {paper.content(paper.text(words))})"
                          for n, (_, words) in enumerate(paper.matching_rights(question)))
        return paper.hint("handout_match_hint", extra=len(question.distractors)) + paper.call(
            "matching", f"({left},)", f"({right},)")

    def answer_key(self, question: MatchingQuestion, paper) -> str:
        # The letter the worksheet gives each right-hand item (they are shuffled there): a trainer
        # marks «1 — Д» at a glance instead of looking each text up.
        letter = {index: paper.letters[n] for n, (index, _) in enumerate(paper.matching_rights(question))}
        pairs = (paper.content(paper.text(f"{p.left.plain} → {letter[i]}) {p.right.plain}"))
                 for i, p in enumerate(question.pairs))
        return paper.key(":") + paper.call("enum", *pairs)


register(MatchingKind())
