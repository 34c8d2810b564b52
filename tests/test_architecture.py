"""The house rules of the code, checked: targets never edit rendered HTML, a build leaves no trace in
any module, the list of outputs is written once, and whatever a build refuses `course check` refuses.

arch12r's tests are the `test_render_*`, `test_build_*`, `test_targets_*` and `test_check_*` ones.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import builder
from builder.build import build
from builder.cli import cli
from builder.context import BuildContext
from builder.model import OUTPUT_FORMATS
from builder.targets import DEV_TARGETS, TARGETS
from conftest import SAMPLE

TARGETS_DIR = Path(builder.__file__).parent / "targets"

REGEX_FUNCTIONS = {"sub", "subn", "search", "match", "fullmatch", "findall", "finditer", "split", "compile"}
"""`re` functions: in a target, each use must be over something other than rendered HTML (below)."""

REGEXES_OVER_OTHER_TEXT = {
    ("paper.py", "PUNCTUATION_RE"): "author text escaped for Typst markup",
    ("paper.py", "MARKUP_RE"): "Typst markup of our own, its printed characters counted (a block's height estimated)",
    ("paper.py", "LONG_RUN_RE"): "author text: where a long run without a space may break on paper",
    ("paper.py", "BREAK_AFTER_RE"): "author text: where a long run without a space may break on paper",
    ("paper.py", "SCHEME_RE"): "author text: a long run that is a web address, which Typst breaks itself",
    ("paper.py", "NARROW_RUN_RE"): "author text in a table: a run without a space that may not fit its column",
    ("paper.py", "NOT_A_WORD_RE"): "author text in a table: a run that is not a word, which hyphenation cannot break",
    ("paper.py", "NARROW_BREAK_RE"): "author text in a table: where such a run may break",
    ("paper.py", "ACRONYM_RE"): "author text escaped for Typst markup: a word with an abbreviation, kept whole",
    ("paper.py", "HAS_CAPITALS_RE"): "author text: whether it has an abbreviation at all (ACRONYM_RE's cost spared)",
    ("paper.py", "NUMBER_RANGE_RE"): "author text escaped for Typst markup: a number range, kept on one line",
    ("paper.py", "IDENTIFIER_RE"): "author text escaped for Typst markup: an identifier («fin-q32»), kept whole",
    ("review.py", "TERM_LINK_RE"): "a cited sentence as the Markdown source wrote it",
    ("review.py", "EMPHASIS_RE"): "a cited sentence as the Markdown source wrote it",
    ("paper.py", "re.split"): "a pocket card's Typst markup cut into its steps, to estimate the fold",
    ("review.py", "re.sub"): "whitespace of a cited sentence of the Markdown source",
    ("scorm_package.py", "INCLUDE"): "the XSD files shipped in a package",
    ("scorm_package.py", "re.sub"): "a manifest identifier made from the course id",
    ("scorm_package.py", "re.compile"): "the pattern of INCLUDE",
    ("paper.py", "re.compile"): "the patterns of PUNCTUATION_RE, MARKUP_RE, LONG_RUN_RE, BREAK_AFTER_RE, SCHEME_RE, the NARROW ones "
                                "and NUMBER_RANGE_RE",
    ("review.py", "re.compile"): "the patterns of TERM_LINK_RE and EMPHASIS_RE",
}
"""Every regular expression a target may use, and what it reads: none reads rendered HTML."""

HTML_PARSERS = ("lxml.html", "from lxml import html", "fragment_fromstring", "html.parser", "HTMLParser", "bs4",
                "html5lib")
"""Ways of parsing HTML again: a target renders its own mode from tokens instead."""


def regex_uses(path: Path) -> set[tuple[str, str]]:
    """(file, name) of every `re.<function>` call and every use of a module-level `*_RE`/compiled pattern."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    compiled = {node.targets[0].id for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and getattr(node.value.func, "attr", "") == "compile"}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "re" and node.attr in REGEX_FUNCTIONS:
                found.add((path.name, f"re.{node.attr}"))
            elif node.value.id in compiled or node.value.id.endswith("_RE"):
                found.add((path.name, node.value.id))
    return found


def test_render_no_target_applies_a_regular_expression_to_rendered_html():
    used = set().union(*(regex_uses(path) for path in sorted(TARGETS_DIR.glob("*.py"))))
    assert used - set(REGEXES_OVER_OTHER_TEXT) == set(), "a target edits text with a regex: render it in its own mode"


def test_render_no_target_parses_html_again():
    for path in sorted(TARGETS_DIR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        parsers = [name for name in HTML_PARSERS if name in source]
        assert not parsers, f"{path.name} parses HTML ({parsers}): render its mode from tokens"


def test_render_the_grep_tests_would_see_a_regex_over_html(tmp_path):
    # The checks above must be able to fail: the fix-ups this code used to have are found.
    old = tmp_path / "pages.py"
    old.write_text('import re\nREF_HREF_RE = re.compile(r\'href="#ref-(\\d+)"\')\n'
                   'def linked(html):\n    return REF_HREF_RE.sub("x", html)\n', encoding="utf-8")
    assert ("pages.py", "REF_HREF_RE") in regex_uses(old) and ("pages.py", "re.compile") in regex_uses(old)


def builder_modules() -> list[types.ModuleType]:
    """Every module of the `builder` package, imported."""
    names = [info.name for info in pkgutil.walk_packages(builder.__path__, "builder.")
             if info.name != "builder.__main__"]  # importing it runs the command line
    return [importlib.import_module(name) for name in sorted(names)]


def module_state() -> dict[str, str]:
    """What every module holds at its top level that a function could change: its data, by value."""
    state = {}
    for module in builder_modules():
        for name, value in vars(module).items():
            if name.startswith("__") or isinstance(value, types.ModuleType) or callable(value):
                continue
            state[f"{module.__name__}.{name}"] = repr(value)
    return state


def test_build_changes_no_module_level_state(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    formats = ["html", "scorm12", "scorm2004", "single", "moodle-xml", "gift", "qti"]
    build(SAMPLE, tmp_path / "warm", formats)  # imports and lazy constants settle first
    before = module_state()
    build(SAMPLE, tmp_path / "one", formats)
    build(SAMPLE, tmp_path / "two", ["lms-preview", "html"], ctx=BuildContext(keep=True))
    after = module_state()
    assert {name for name in before if before[name] != after.get(name)} == set()
    assert set(after) == set(before), "a build added a module-level name"


def test_build_state_lives_in_the_context_and_a_kept_one_serves_the_next_build(tmp_path):
    ctx = BuildContext(keep=True)
    build(SAMPLE, tmp_path / "one", ["html"], ctx=ctx)
    assert ctx.parsed and ctx.tokens and ctx.rendered
    kept = dict(ctx.tokens)
    build(SAMPLE, tmp_path / "two", ["html"], ctx=ctx)
    assert all(ctx.tokens[key] is parsed for key, parsed in kept.items()), "a kept text was parsed again"
    once = BuildContext()
    build(SAMPLE, tmp_path / "three", ["html"], ctx=once)
    assert not once.parsed and not once.rendered


def test_targets_are_the_formats_course_yml_accepts_in_the_same_order():
    from builder.schema import json_schemas

    schema = json_schemas()["course.schema.json"]["properties"]["outputs"]
    assert list(TARGETS) == list(OUTPUT_FORMATS) == schema["items"]["enum"]
    formats = next(p for p in cli.commands["build"].params if p.name == "formats")
    assert list(formats.type.choices) == list(TARGETS)
    assert not set(DEV_TARGETS) & set(OUTPUT_FORMATS), "the dev server's outputs are never a course's"


@pytest.mark.parametrize("name", [*TARGETS, *DEV_TARGETS])
def test_targets_share_one_signature(name):
    module = importlib.import_module((TARGETS | DEV_TARGETS)[name].module)
    assert list(inspect.signature(module.build).parameters) == ["course", "out_dir", "ctx"]
    assert list(inspect.signature(module.check).parameters) == ["course", "ctx", "diags"]


def test_check_refuses_the_300_module_course_with_the_lines_build_refuses_it_with(tmp_path):
    from test_packages import many_module_course

    root = many_module_course(tmp_path / "big", 300)
    course_yml = root / "course" / "course.yml"
    outputs = "outputs: [html, scorm12, scorm2004]\n"
    course_yml.write_text(course_yml.read_text(encoding="utf-8") + outputs, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--course", str(root)])
    built = runner.invoke(cli, ["build", "--course", str(root), "--out", str(tmp_path / "dist")])
    refusals = [[line for line in result.output.splitlines() if "[build." in line] for result in (checked, built)]
    assert checked.exit_code == built.exit_code == 1
    assert refusals[0] == refusals[1] and "more than SCORM 1.2's suspend_data holds (4096)" in refusals[0][0]
    assert not (tmp_path / "dist").exists(), "the refusal came before anything was written"


@pytest.fixture(scope="module")
def sample_bodies():
    """The sample's first module body as each page mode renders it (one context, tokens parsed once)."""
    from builder.build import get_course
    from builder.errors import Diagnostics
    from builder.targets.pages import Inline, PageRenderer

    ctx = BuildContext()
    course = get_course(SAMPLE, Diagnostics(), ctx)
    module = course.modules[0]
    parsed = dict(ctx.tokens)
    bodies = {mode: str(PageRenderer(course, ctx, mode=mode).module_body(module)) for mode in ("site", "onedoc", "sco")}
    bodies["single"] = str(PageRenderer(course, ctx, mode="onedoc", inline=Inline("", "")).module_body(module))
    assert all(ctx.tokens[key] is tokens for key, tokens in parsed.items()), "a mode parsed a text again"
    return module, bodies


def test_render_each_mode_answers_links_references_checks_and_images(sample_bodies):
    module, bodies = sample_bodies
    base = module.body.html
    assert 'href="02-questions.html"' in base and 'href="#ref-1"' in base
    assert '<div class="check" data-check="listen-q1"></div>' in base
    site, onedoc, sco, single = bodies["site"], bodies["onedoc"], bodies["sco"], bodies["single"]
    assert f'href="#{module.id}--ref-1"' in site and 'href="02-questions.html"' in site and 'data-practice="1"' in site
    assert 'href="#02-questions"' in onedoc and 'href="#term-active-listening"' in onedoc and ".html" not in onedoc
    assert "02-questions.html" not in sco and "модуль о вопросах" in sco
    assert '<a class="term" target="_blank" rel="noopener" href="glossary.html#term-active-listening">' in sco
    assert 'src="assets/listening.svg"' in onedoc and 'src="data:image/svg+xml;base64,' in single
    assert 'data-check="listen-q1"></div>' not in site + onedoc + sco, "a check left as the render stage's placeholder"


BUILDER_DIR = Path(builder.__file__).parent
MAX_LINE = 120


def builder_sources() -> list[Path]:
    """Every Python file of the compiler, in a stable order."""
    return sorted(BUILDER_DIR.rglob("*.py"))


def test_no_line_in_builder_is_over_120_characters():
    """Issue 12: a line of the compiler fits in 120 characters (characters, not UTF-8 bytes)."""
    long_lines = [
        f"{path.relative_to(BUILDER_DIR.parent)}:{number} ({len(line)} characters)"
        for path in builder_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert not long_lines, f"lines over {MAX_LINE} characters: " + ", ".join(long_lines)


def test_builder_functions_stay_short():
    """Issue 12: the compiler is made of short functions (median 6 and 90th percentile 18 lines when this was set)."""
    lengths = sorted(
        node.end_lineno - node.lineno + 1
        for path in builder_sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    )
    median = lengths[len(lengths) // 2]
    percentile_90 = lengths[int(len(lengths) * 0.9)]
    assert median <= 7, f"median function length {median} lines (of {len(lengths)} functions)"
    assert percentile_90 <= 20, f"90th percentile of function length {percentile_90} lines ({len(lengths)} functions)"
