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
TOP_MARGIN_PT = 22 / 25.4 * 72
"""templates/handout/handout.typ: the page's top margin, where only the running header's line is."""

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


def overlapping_words(pdf: Path, slack: float = 0.3) -> list[tuple[int, str, str]]:
    """(page number, word, word) of every two words whose boxes overlap by more than `slack` points
    both across and down: letters printed over letters, as when a block starts too close under the
    line before it. (A word's box is its font's full height, ascenders to descenders: a paragraph's
    own lines leave a gap between them.)"""
    found = []
    for number, (_, words) in enumerate(word_boxes(pdf), 1):
        ordered = sorted(words, key=lambda word: word[1])
        for i, (left, top, right, bottom, word) in enumerate(ordered):
            for other in ordered[i + 1:]:
                if other[1] >= bottom - slack:
                    break
                if min(right, other[2]) - max(left, other[0]) > slack and min(bottom, other[3]) - max(top, other[1]) > slack:
                    found.append((number, word, other[4]))
    return found


def filled_to(pdf: Path) -> list[float]:
    """How far down each page's text goes, as a share of the text area (the running header's line and
    the footer's left out): 1.0 for a full page."""
    shares = []
    for height, words in word_boxes(pdf):
        body = [bottom for _, top, _, bottom, _ in words if TOP_MARGIN_PT < top and bottom < height - BOTTOM_MARGIN_PT + 4]
        shares.append((max(body, default=TOP_MARGIN_PT) - TOP_MARGIN_PT) / (height - TOP_MARGIN_PT - BOTTOM_MARGIN_PT))
    return shares


def words_in_order(pdf: Path) -> list[tuple[int, Word]]:
    """(page number, word) of every word of the PDF, in reading order."""
    return [(number, word) for number, (_, words) in enumerate(word_boxes(pdf), 1) for word in words]


def page_of(words: list[tuple[int, Word]], text: str, after: int = 0) -> tuple[int, int]:
    """(index in `words`, page number) of the first word from index `after` on that is `text`."""
    index = next(i for i in range(after, len(words)) if words[i][1][4] == text)
    return index, words[index][0]


def colour_widths(pdf: Path, colour: tuple[int, int, int], dpi: int = 72) -> list[float]:
    """The widths, in points, of the areas of one pure colour on a PDF's pages, one per page that has
    any: how wide a figure filled with that colour was printed (pdftoppm's image, read as PPM)."""
    widths = []
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    for page in range(1, int(re.search(r"^Pages:\s+(\d+)", pages, re.M)[1]) + 1):
        ppm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                             check=True, capture_output=True).stdout
        header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
        width, pixels = int(header[1]), ppm[header.end():]
        columns = {i // 3 % width for i in range(0, len(pixels) - 2, 3)
                   if all(abs(pixels[i + k] - colour[k]) < 16 for k in range(3))}
        if columns:
            widths.append((max(columns) - min(columns) + 1) * 72 / dpi)
    return widths


A4_TEXT_RIGHT = 595.28 - 18 / 25.4 * 72
"""templates/handout/handout.typ: where the text area of an A4 page ends."""
CELL_INSET = 5.7
"""handout.typ's table cells: 2 mm of inset each side."""


def table_cells(words: list[Word], headers: str, last_word: str) -> list[tuple[int, float, str]]:
    """(column, how far its right edge passes its column's text, word) of each word of a table on
    one page, whose header row is the one-letter `headers` and whose last row holds `last_word`.
    Columns begin where their header letters do; the last ends at the page's text area."""
    starts = sorted(left for left, _, _, _, word in words if len(word) == 1 and word in headers)
    # Past the next column's text (less 4 pt: a line's last hyphen hangs), or the page's edge.
    ends = [start - 4 for start in starts[1:]] + [A4_TEXT_RIGHT + CELL_INSET - 4]
    top = min(y for _, y, _, _, word in words if word == headers[0])
    bottom = min(y for _, y, _, _, word in words if word == last_word and y > top) + 30  # its lines too
    cells = []
    for left, y, right, _, word in words:
        if top < y < bottom and left >= starts[0] - 1 and not (len(word) == 1 and word in headers):
            column = max(i for i, start in enumerate(starts) if start <= left + 0.5)
            cells.append((column, right - ends[column], word))
    return cells

