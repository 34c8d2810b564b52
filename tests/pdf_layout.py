"""Where a PDF's words sit: what the text alone does not show (the text layer keeps words that ran
off a page's foot, so a PDF can hold every word and still print some of them nowhere)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

PAGE_RE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
WORD_BOX_RE = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
BOTTOM_MARGIN_PT = 22 / 25.4 * 72
"""templates/handout/handout.typ: the page's bottom margin, where only the footer's line may be."""


def pages_with_text_below_the_body(pdf: Path) -> list[tuple[int, list[str]]]:
    """(page number, first words) of pages where words other than the footer's one line sit below
    the text area: what ran off the page's foot."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for number, (height, page) in enumerate(PAGE_RE.findall(boxes), 1):
        # A word's box takes the font's full depth: a last line that fits reaches up to 2 pt past
        # the text area by this measure.
        below = [(float(y0), word) for y0, y1, word in WORD_BOX_RE.findall(page)
                 if float(y1) > float(height) - BOTTOM_MARGIN_PT + 4]
        if len({round(y0) for y0, _ in below}) > 1:
            found.append((number, [word for _, word in below][:8]))
    return found
