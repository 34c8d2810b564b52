"""Where a PDF's words sit (`pdftotext -bbox`): what the text alone does not show. The text layer
keeps words that ran off a page's foot, so a PDF can hold every word and print some of them nowhere;
and whether options hang in one column is a matter of their left edges."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

PAGE_RE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
BOTTOM_MARGIN_PT = 22 / 25.4 * 72
"""templates/handout/handout.typ: the page's bottom margin, where only the footer's line may be."""

Word = tuple[float, float, float, float, str]
"""(left, top, right, bottom, text) in points from the page's top left corner."""


def word_boxes(pdf: Path) -> list[tuple[float, list[Word]]]:
    """(page height, its words in reading order) of every page."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [(float(height), [(float(x0), float(y0), float(x1), float(y1), word)
                             for x0, y0, x1, y1, word in WORD_RE.findall(page)])
            for height, page in PAGE_RE.findall(boxes)]


def pages_with_text_below_the_body(pdf: Path) -> list[tuple[int, list[str]]]:
    """(page number, first words) of pages where words other than the footer's one line sit below
    the text area: what ran off the page's foot."""
    found = []
    for number, (height, words) in enumerate(word_boxes(pdf), 1):
        # A word's box takes the font's full depth: a last line that fits reaches up to 2 pt past
        # the text area by this measure.
        below = [(top, word) for _, top, _, bottom, word in words if bottom > height - BOTTOM_MARGIN_PT + 4]
        if len({round(top) for top, _ in below}) > 1:
            found.append((number, [word for _, word in below][:8]))
    return found
