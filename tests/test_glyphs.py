"""Glyphs learners see: every character has a glyph in DejaVu Sans (the stock Linux font; an emoji
such as the light bulb showed as a box), and symbols the stylesheet adds are hidden from speech."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

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
