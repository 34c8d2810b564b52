"""Golden tests for every Markdown extension: tests/fixtures/markdown/*.md.

Each case is rendered as the body of the base course's module; regenerate the expected HTML
after a deliberate change with `python tests/test_markdown.py` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.errors import Diagnostics
from builder.load import load_course
from builder.model import Markdown
from builder.render import Renderer
from fixtures_reader import FIXTURES, read_cases

FILES = sorted((FIXTURES / "markdown").glob("*.md"))
CASES = [(path, case) for path in FILES for case in read_cases(path)]
ERROR_FILE = FIXTURES / "markdown-errors.md"
"""Malformed blocks: the Markdown of a module body / the exact located lines it must report."""
ERROR_CASES = read_cases(ERROR_FILE)


@pytest.fixture
def renderer():
    """A fresh course and renderer per case: no case sees another's citations, assets or diagnostics."""
    diags = Diagnostics()
    course = load_course(FIXTURES / "base", diags)
    assert not diags.items
    return Renderer(course, diags)


def render(renderer: Renderer, source: str) -> str:
    text = Markdown(source, renderer.course.modules[0].body.loc)
    renderer.render(text, renderer.course.modules[0], numbered=True)
    assert not renderer.diags.items, [d.format() for d in renderer.diags.items]
    return text.html.rstrip("\n")


@pytest.mark.parametrize("path,case", CASES, ids=[f"{p.stem}: {c.title}" for p, c in CASES])
def test_markdown_extension(renderer, path, case):
    assert render(renderer, case.input) == case.expected, f"{path}:{case.line}"


def diagnose(renderer: Renderer, source: str) -> str:
    """The formatted diagnostics of one module body, in source order."""
    renderer.render(Markdown(source, renderer.course.modules[0].body.loc), renderer.course.modules[0], numbered=True)
    return "\n".join(d.format() for d in renderer.diags.sorted())


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.title for c in ERROR_CASES])
def test_malformed_block_is_reported_with_its_line(renderer, case):
    assert diagnose(renderer, case.input) == case.expected, f"{ERROR_FILE}:{case.line}"


def test_a_citation_in_a_flashcard_supports_the_term_and_its_meaning(renderer):
    """The review edition prints each cited sentence beside its source: a card's is "term — meaning"."""
    source = "::: flashcards\nТина\n: метамфетамин [@doc:1-2]\n\nМеф [@doc:3]\n: мефедрон\n:::\n\nТекст [@doc:4]."
    text = Markdown(source, renderer.course.modules[0].body.loc)
    env = renderer.render(text, renderer.course.modules[0], numbered=True)
    assert [c.sentence for c in env["citations"]] == ["Тина — метамфетамин", "Меф", "Текст"]


def test_the_review_edition_prints_a_cited_sentence_without_the_span_markup(renderer):
    from builder.targets.review import readable

    sentence = "Термин [chemsex]{lang=en} и [[term-a|его смысл]] появились"
    assert readable(sentence, renderer.course) == "Термин chemsex и его смысл появились"


def test_a_heading_under_a_tab_s_title_is_a_level_below_it_and_the_next_item_starts_from_outside(renderer):
    """A tab's title is an h3 in a `##` lesson: a `####` under it was told «jumps from ## to ####; use
    ###» (a sibling of the title to a screen reader), and the accordion after the tabs took its titles'
    level from that `####`, h5 (audit)."""
    source = ("## Урок\n\n::: tabs Дозы\n::: item Первая\nТекст.\n:::\n::: item Вторая\n#### Дозировка\n\nТекст.\n:::\n"
              ":::\n\n::: accordion\n::: item Разбор\nТекст.\n:::\n:::\n\n##### Слишком глубоко\n")
    assert diagnose(renderer, source) == ("modules/01-intro.md:30:1: warning: heading level jumps from ## to #####; use ###: "
                                          "screen readers list and navigate headings by level [md.heading-level]")
    text = Markdown(source, renderer.course.modules[0].body.loc)
    renderer.render(text, renderer.course.modules[0], numbered=True)
    levels = re.findall(r"<h(\d)[^>]*>(Первая|Вторая|Дозировка|Разбор)", text.html)
    assert levels == [("3", "Первая"), ("3", "Вторая"), ("4", "Дозировка"), ("3", "Разбор")]


def test_tabs_inside_an_accordion_item_after_its_own_heading_stand_below_that_heading(renderer):
    """An item's tabs after a `####` in the item: their titles were one level below the item's title
    (h4, beside the `####`), while the check took them as below the `####`; a `######` in a tab then
    followed an h4 on the page, unwarned. The titles are now below the heading they follow, as the
    check has it, so the page's levels never jump and the check's silence is true. A pocket protocol
    in a tab stands below the tab's title (it looked past the tab, into an item closed before)."""
    source = ("## Урок\n\n::: accordion\n::: item Разбор\n#### Подробно\n\nТекст.\n\n::: tabs Варианты\n"
              "::: item Первый\n###### Деталь\n\nТекст.\n:::\n::: item Второй\nТекст.\n:::\n:::\n:::\n"
              "::: item Итог\n::: tabs Ещё\n::: item Один\nТекст.\n:::\n::: item Два\n::: pocket Памятка\nТекст.\n:::\n"
              ":::\n:::\n:::\n:::\n")
    assert diagnose(renderer, source) == ""
    text = Markdown(source, renderer.course.modules[0].body.loc)
    renderer.render(text, renderer.course.modules[0], numbered=True)
    levels = [int(level) for level in re.findall(r"<h(\d)", text.html)]
    assert levels == [2, 3, 4, 5, 6, 5, 3, 4, 4, 5], levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_every_extension_has_fixtures():
    assert {p.stem for p in FILES} >= {"callouts", "dialogue", "reflect", "case", "check", "citations", "glossary",
                                       "commonmark", "pocket", "local", "interactive", "lang", "lessons"}


if __name__ == "__main__":
    diags = Diagnostics()
    shared = Renderer(load_course(FIXTURES / "base", diags), diags)
    for path in FILES:
        blocks = [f"{c.title}\n.\n{c.input}\n.\n{render(shared, c.input)}\n.\n" for c in read_cases(path)]
        path.write_text("\n".join(blocks), encoding="utf-8")
    def fresh() -> Renderer:
        diags = Diagnostics()
        return Renderer(load_course(FIXTURES / "base", diags), diags)

    cases = [f"{c.title}\n.\n{c.input}\n.\n{diagnose(fresh(), c.input)}\n.\n" for c in ERROR_CASES]
    ERROR_FILE.write_text("\n".join(cases), encoding="utf-8")


def test_a_citation_group_in_place_is_one_bracket_naming_each_document_once(renderer):
    """Outside a module's body (an explanation, a feedback) a group printed one bracket per range:
    «(Document, строки 1–2)(Document, строка 5)». The facilitator's guide did the same on paper."""
    from builder.sources import cited_group_text

    text = Markdown("Слова [@doc:1-2; @doc:5; @doc:3-4].", renderer.course.modules[0].body.loc)
    renderer.render(text, renderer.course.modules[0], numbered=False)
    assert not renderer.diags.items, [d.format() for d in renderer.diags.items]
    assert text.html.count("<cite") == 1, text.html
    # each range kept on one line (a phone broke «строки 229–» from «231)»)
    assert ('<cite class="cite-inline">(Document, строки <span class="nowrap">1–2</span>, 5, '
            '<span class="nowrap">3–4</span>)</cite>') in text.html
    assert cited_group_text(renderer.course, [("doc", 7, 7)]) == "Document, строка 7"
