"""What a question kind is: the one class every stage asks instead of switching on `type`.

A kind module (`builder/questions/single.py`, ...) subclasses `QuestionKind` and registers one
instance. The loader, the validator, the renderer, the runtime data and the question banks then
ask the kind of each question for its part; the default of every method is "nothing more", so a
kind overrides only what it has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from builder.errors import Diagnostics
from builder.model import Loc, Markdown, Question
from builder.schema import Field
from builder.yamlload import YList, YMap, in_file


class QuestionKind:
    """One question kind: its YAML keys, its dataclass, its checks, its texts, its runtime data,
    its worst-case stored response and (for kinds outside the package) its template file."""

    name: ClassVar[str] = ""
    """The `type:` value that selects the kind (`single`)."""
    model: ClassVar[type[Question]] = Question
    """The dataclass of its questions (a subclass of `Question` with the kind's attributes)."""
    fields: ClassVar[dict[str, Field]] = {}
    """The YAML keys this kind adds to every question's own (schema and JSON Schema)."""
    abbreviation: ClassVar[str] = ""
    """Three characters for the columns of `course stats`."""
    bank_note: ClassVar[str] = ""
    """Why a question bank format leaves the kind out when it has no equivalent ('' when it has one)."""
    template: ClassVar[Path | None] = None
    """The kind's macro file when it lives outside `templates/site/questions/` (a plug-in's own);
    it is served as `site/questions/<name>.html.j2`, which defines `controls(q, qid)`, `hinted`
    (the hint describes the fieldset) and `checked_alone` (the question has its own Check button)."""

    script: ClassVar[Path | None] = None
    """A JS file that adds the kind's entry to the runtime's table of kinds, for a kind outside the
    package (`CourseRuntime.engine.KINDS.<name> = {type, form, score, report, read, write}`, as
    `engine.js` and `course.js` write the built-in ones); appended to `runtime/course.js` when the
    course asks such a question."""
    breakable: ClassVar[bool] = False
    """True when the printed question may run over a page break (a long scenario)."""

    def attributes(self, data: YMap) -> dict:
        """The kind's own attributes from validated YAML, as keyword arguments of `model`."""
        return {}

    def build(self, common: dict, data: YMap) -> Question:
        """The question from its common attributes and the kind's own."""
        return self.model(**common, **self.attributes(data))

    def check(self, question: Question, diags: Diagnostics) -> None:
        """Report what the answer key gets wrong (the schema has checked the types)."""

    def texts(self, question: Question) -> list[Markdown | None]:
        """The kind's own Markdown texts, in reading order (the renderer renders them)."""
        return []

    def printed_parts(self, question: Question, key: bool) -> int:
        """How many lines the kind's printed block starts (options, replies, steps), for the estimate of
        whether it fits a page (`key`: with its answer key, each option's feedback too)."""
        return len(self.texts(question))

    def runtime(self, question: Question) -> dict:
        """What the learner runtime needs to show and score the kind (added to the common keys)."""
        return {}

    def worst_response(self, question: Question) -> str:
        """The longest response the runtime can store for a question (the suspend_data budget)."""
        return "x"

    def worksheet(self, question: Question, paper: Any) -> str:
        """The Typst markup to answer the question with a pen, without the answer (default: a line to
        write on). `paper` is the handout's writer: `hint`, `key`, `qtext`, `t`, `letters` (any index:
        past the alphabet's end they go on АА, АБ …), `fits_a_page` (whether a block it keeps on one
        page surely fits one) and the markup helpers `call`, `content`, `text`, `string`
        (`builder/targets/paper.py`). The question's whole block is let run on over pages when it
        would not fit one."""
        return paper.hint("handout_fill_hint") + paper.call("blank")

    def answer_key(self, question: Question, paper: Any) -> str:
        """The Typst markup of the answer key (default: the «Correct:» label alone; the question's
        feedback, explanation and sources follow it for every kind)."""
        return paper.key(":")


def markdown(data: YMap, key: str, inline: bool = False) -> Markdown | None:
    """The Markdown value of `key` with its location, or None when absent."""
    if key not in data:
        return None
    return Markdown(str(data[key]), data.value_loc(key), inline=inline, in_file=in_file(data[key]))


def html_of(text: Markdown | None) -> str:
    """The rendered HTML of an optional text ('' when absent)."""
    return text.html if text else ""


def markdown_items(data: YMap, key: str) -> list[Markdown]:
    """A list of inline Markdown texts (`items:`, `distractors:`), each with its own location."""
    values = data.get(key, YList())
    return [Markdown(str(value), values.item_loc(index), inline=True, in_file=in_file(value))
            for index, value in enumerate(values)]


def field_loc(question: Question, key: str) -> Loc:
    """Where a key of the question is written (the question itself when the key is not)."""
    return question.field_locs.get(key, question.loc)
