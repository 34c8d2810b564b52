"""Glyphs learners see: every character has a glyph in DejaVu Sans (the stock Linux font; an emoji
such as the light bulb showed as a box), and symbols the stylesheet adds are hidden from speech."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from fontTools.ttLib import TTFont

from builder.cli import cli
from builder.glyphs import PRINTED_RANGES, engine_refuses, needs_glyph

REPO = Path(__file__).resolve().parents[1]
FONT = REPO / "templates" / "handout" / "fonts" / "DejaVuSans.ttf"
"""The DejaVu Sans of fonts-dejavu-core, bundled for the handouts."""
LEARNER_TEXT = ["templates/site/*.j2", "templates/runtime/*.css", "templates/runtime/*.js", "builder/i18n.py",
                "builder/render.py", "builder/markdown/*.py", "modules/*.md", "quizzes/*.yml", "course/*.yml",
                "builder/sample/*/*.md", "builder/sample/*/*.yml"]
"""Files whose characters reach a learner's screen."""
CSS = REPO / "templates" / "runtime" / "course.css"


def test_every_character_a_learner_sees_has_a_glyph_in_dejavu_sans():
    cmap = TTFont(FONT).getBestCmap()
    missing = {}
    for pattern in LEARNER_TEXT:
        for path in sorted(REPO.glob(pattern)):
            for char in set(path.read_text(encoding="utf-8")):
                if ord(char) > 127 and ord(char) not in cmap and not unicodedata.category(char).startswith("C"):
                    missing.setdefault(f"{char} U+{ord(char):04X} {unicodedata.name(char, '?')}", []).append(path.name)
    assert not missing, f"characters DejaVu Sans cannot show (draw them as CSS icons or SVG): {missing}"


def test_symbols_the_stylesheet_adds_are_hidden_from_assistive_technology():
    """`content: "✔ " / ""` (CSS generated-content alt text): shown, not read aloud."""
    unspoken = []
    for match in re.finditer(r"([^{}]+)\{[^}]*?content:\s*([^;]+);", CSS.read_text(encoding="utf-8")):
        selector, value = match[1].strip(), match[2]
        strings = "".join(re.findall(r'"([^"]*)"', value.split("/")[0]))
        if any(unicodedata.category(c).startswith(("S", "P")) and ord(c) > 127 for c in strings) and "/" not in value:
            unspoken.append(f"{selector}: content: {value}")
    assert not unspoken, f"decorative symbols a screen reader would read aloud: {unspoken}"


def test_callout_icons_are_drawn_not_typed():
    css = CSS.read_text(encoding="utf-8")
    for kind in ("note", "tip", "warning", "important"):
        assert re.search(rf"\.callout--{kind} \{{\s*--icon: url\(\"data:image/svg\+xml,", css), kind
    assert "💡" not in css and "❗" not in css


def test_a_character_the_pdfs_cannot_print_is_a_located_error_of_course_check(sample_copy, tmp_path):
    """An emoji in a module passed `course check`, then stopped the handouts' build naming course.yml:1
    and calling it a bug (author audit). Now `check` names each file, line and column; a YAML
    comment's emoji is not printed anywhere and is not reported; the HTML builds as before."""
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "Консультант отражает сказанное", "Консультант 👉👉 отражает сказанное").replace(
        "своими словами [@guide:4]", "своими словами (₾, ₮) [@guide:4]"), encoding="utf-8")
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text("# заметка 🙂 для себя\n" + quiz.read_text(encoding="utf-8").replace(
        "prompt: Что делает консультант при активном слушании?",
        "prompt: Что делает консультант при активном слушании? 🤔 中文  # 🙂"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "check", "--course", str(sample_copy)])
    assert result.exit_code == 1, result.output
    glyphs = [line for line in result.output.splitlines() if line.endswith("[text.glyph]")]
    assert [line.split(": the PDFs")[0] for line in glyphs] == [
        "modules/01-listening.md:17:13", "modules/01-listening.md:17:54", "quizzes/01-listening.yml:10:59",
        "quizzes/01-listening.yml:10:61"], glyphs
    assert "'👉👉' (U+1F449, U+1F449)" in glyphs[0] and "'🤔' (U+1F914 thinking face)" in glyphs[2]
    assert "Traceback" not in result.output and "bug" not in result.output
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["-q", "build", "--course", str(sample_copy), "--out", str(out), "--format", "html"]).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    built = CliRunner().invoke(cli, ["-q", "build", "--course", str(sample_copy), "--out", str(out), "--format", "handout"])
    assert built.exit_code == 1 and built.output.count("[text.glyph]") == 4, built.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_what_the_pdfs_can_print_is_asked_of_the_pdf_engine():
    """A font's character list was wrong both ways: the engine refuses ₮ in body text, which DejaVu Sans
    has (the build then failed after check had passed), and prints ₾ from a font of its own."""
    assert engine_refuses(list("абв«»—№₾₮👉中")) == {"₮", "👉", "中"}


def test_the_characters_taken_as_printed_without_asking_are_printed():
    """PRINTED_RANGES spare the engine's start-up on a course that uses only them: each is asked here."""
    chars = [chr(i) for first, last in PRINTED_RANGES for i in range(first, last + 1) if needs_glyph(chr(i))]
    assert len(chars) > 300 and engine_refuses(chars) == set()
