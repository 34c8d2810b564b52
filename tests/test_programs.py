"""A text is rendered once into a program (its HTML with holes where the output's mode decides),
and every output fills the holes in its mode: the result is exactly what rendering the whole token
stream again in that mode gives, for every text of the course and every mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import get_course
from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.markdown.holes import HOLE
from builder.render import BASE_MODE, Texts, is_plain, question_texts
from builder.targets.pages import OneDocText, PageRenderer, ScoText, asset_files
from builder.targets.qbank import BankMode

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "builder" / "sample"


def every_text(course):
    """(text, module, numbered) for every Markdown text of the course."""
    for module in course.modules:
        yield module.body, module, True
    for quiz in course.quizzes.values():
        module = course.module(quiz.module_id) if quiz.module_id else None
        for question in quiz.questions:
            for text in question_texts(question):
                yield text, module, False
    for term in course.glossary:
        yield term.definition, None, False


def modes(course, ctx):
    files = dict(asset_files(course))
    yield "base", BASE_MODE
    for mode in ("site", "sco", "onedoc"):
        yield mode, PageRenderer(course, ctx, mode=mode).body_mode
    yield "onefile", PageRenderer(course, ctx, mode="onedoc", inline=object()).body_mode
    yield "onedoc-text", OneDocText(None)
    yield "onefile-text", OneDocText(files)
    yield "sco-text", ScoText()
    yield "bank", BankMode("media/")


def whole_render(texts: Texts, text, module, numbered, mode) -> str:
    """What the outputs did before programs: the token stream rendered again in `mode`."""
    parsed = texts.parsed(text, module, numbered)
    env = texts.quiet.make_env(text.loc, module, numbered, mode)
    if "footnotes" in parsed.env:
        env["footnotes"] = parsed.env["footnotes"]
    return texts.quiet.md.renderer.render(parsed.tokens, texts.quiet.md.options, env)


@pytest.mark.parametrize("root", [REPO, SAMPLE], ids=["bundled", "sample"])
def test_filling_a_program_in_a_mode_is_rendering_the_text_in_that_mode(root):
    ctx = BuildContext()
    diags = Diagnostics()
    course = get_course(root, diags, ctx)
    assert course is not None and not diags.errors
    texts = Texts(course, ctx)
    holes = 0
    for name, mode in modes(course, ctx):
        for text, module, numbered in every_text(course):
            if is_plain(text):
                continue  # a plain line is never parsed
            filled = texts.html(text, mode, module, numbered) if mode is not BASE_MODE else text.html
            assert filled == whole_render(texts, text, module, numbered, mode), f"{name}: {text.loc}"
            assert HOLE not in filled
            holes += len(texts.quiet.program(texts.parsed(text, module, numbered),
                                             texts.quiet.key(text, module, numbered)).holes)
    assert holes > 100, "the course's links, citations, terms and checks are holes"


def test_a_mode_that_differs_changes_only_the_holes():
    ctx = BuildContext()
    course = get_course(SAMPLE, Diagnostics(), ctx)
    module = course.modules[0]
    texts = Texts(course, ctx)
    site = texts.html(module.body, PageRenderer(course, ctx, mode="site").body_mode, module, True)
    sco = texts.html(module.body, PageRenderer(course, ctx, mode="sco").body_mode, module, True)
    assert 'href="glossary.html#term-active-listening"' in site
    assert 'target="_blank" rel="noopener" href="glossary.html#term-active-listening"' in sco
    program = texts.quiet.program(texts.parsed(module.body, module, True), texts.quiet.key(module.body, module, True))
    assert all(piece in site and piece in sco for piece in program.pieces)


def test_an_autolink_that_decodes_to_a_nul_builds_and_leaves_no_nul_in_the_page(sample_copy, tmp_path):
    # markdown-it percent-decodes an autolink's text; a NUL there would be taken for a hole.
    from builder.build import build

    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text() + "\nСм. <http://example.com/%00x> и <mailto:a%00@b.c>.\n")
    build(sample_copy, tmp_path / "dist", ["html", "single"])
    page = (tmp_path / "dist" / "site" / "01-listening.html").read_text()
    assert "\x00" not in page and "example.com/\ufffdx" in page


def test_making_a_program_leaves_the_kept_parse_env_as_the_parse_left_it():
    ctx = BuildContext()
    course = get_course(SAMPLE, Diagnostics(), ctx)
    texts = Texts(course, ctx)
    module = course.modules[0]
    key = texts.quiet.key(module.body, module, True)
    first = texts.html(module.body, PageRenderer(course, ctx, mode="site").body_mode, module, True)
    ctx.programs.clear()  # made again from the kept tokens and env: the same anchors
    assert texts.html(module.body, PageRenderer(course, ctx, mode="site").body_mode, module, True) == first
    assert "holes" not in ctx.tokens[key].env
