"""Question kinds as plug-ins: one module per kind, and the registry every stage iterates.

`KINDS` maps each `type:` value to its `QuestionKind` (builder/questions/kind.py), in the order
the authoring guide lists the kinds. A kind registers itself when its module is imported; the
eight built-in kinds are imported at the end of this file. ARCHITECTURE.md says what a new kind
adds: one module here, one macro file, one entry in the runtime's table of kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from builder.model import Question
from builder.questions.kind import QuestionKind

KINDS: dict[str, QuestionKind] = {}
"""Every question kind by its `type:` value, in registration order."""


def register(kind: QuestionKind) -> QuestionKind:
    """Make a kind known to every stage (schema, load, validate, render, runtime data)."""
    KINDS[kind.name] = kind
    return kind


@contextmanager
def registered(kind: QuestionKind) -> Iterator[QuestionKind]:
    """A kind known only inside the `with` block (a plug-in tried out in a test)."""
    register(kind)
    try:
        yield kind
    finally:
        KINDS.pop(kind.name, None)


def kind_of(question: Question) -> QuestionKind:
    """The kind of a loaded question (its `type` was checked against `KINDS` by the schema)."""
    return KINDS[question.type]


def kind_names() -> tuple[str, ...]:
    """Every `type:` value a quiz may use, in the guide's order."""
    return tuple(KINDS)


TEMPLATE_NAME = "site/questions/{}.html.j2"
"""Where `_question.html.j2` finds a kind's macro file."""


def kind_template(name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """The macro file of a kind that keeps its own (`QuestionKind.template`), for Jinja's FunctionLoader:
    (source, file name, whether it is still up to date); None for any other template name."""
    kind = next((k for k in KINDS.values() if TEMPLATE_NAME.format(k.name) == name), None)
    if kind is None or kind.template is None:
        return None
    path = kind.template
    mtime = path.stat().st_mtime
    return path.read_text(encoding="utf-8"), str(path), lambda: path.exists() and path.stat().st_mtime == mtime


def kind_scripts(questions: list[Question]) -> str:
    """The runtime entries (`QuestionKind.script`) of the kinds these questions use, in registry order."""
    used = {question.type for question in questions}
    return "".join("\n" + kind.script.read_text(encoding="utf-8") for kind in KINDS.values()
                   if kind.name in used and kind.script is not None)

# The built-in kinds, in the order the authoring guide lists them (imported for their registration).
from builder.questions import single, multiple, true_false, fill_in  # noqa: E402,F401,I001
from builder.questions import matching, ordering, numeric, scenario  # noqa: E402,F401,I001
