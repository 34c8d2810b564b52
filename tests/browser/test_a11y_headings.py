"""The outline a screen reader lists for each lesson of the bundled course, shown alone: from the page's
h1 down, no heading is more than one level below the one before it (a pocket protocol's title once
read h1 → h3 → h2, module 5 lesson 8). The markup holds that outline itself: a lesson's title is an
h2, beside the objectives' (it was an h3 under them, and the runtime announced a lesson shown alone
a level up with aria-level, which reader modes, print and pages without the runtime do not read)."""

from __future__ import annotations

import pytest

from helpers import wait_for_step, wait_ready
from test_bundled_course import bundled_dist, module_slugs  # noqa: F401 (bundled_dist: a fixture)

pytestmark = pytest.mark.browser

OUTLINE = """() => [...document.querySelectorAll('#main h1, #main h2, #main h3, #main h4, #main h5, #main h6')]
    .filter((h) => h.checkVisibility())
    .map((h) => [+(h.getAttribute('aria-level') || h.tagName.charAt(1)), h.textContent.trim().slice(0, 50),
                 +h.tagName.charAt(1)])"""
"""The headings on screen, in document order, each as [the level announced, its text, its tag's level]."""


def skips(outline: list) -> list:
    """The headings more than one level below the heading before them."""
    return [(before, heading) for before, heading in zip(outline, outline[1:]) if heading[0] > before[0] + 1]


def test_no_lesson_of_the_bundled_course_skips_a_heading_level(bundled_dist, serve, new_page):  # noqa: F811
    server = serve(bundled_dist / "site")
    page, guard = new_page()
    found = {}
    for slug in module_slugs():
        page.goto(f"{server.url}/{slug}.html")
        wait_ready(page)
        for lesson in page.evaluate("() => [...document.querySelectorAll('.module__body > .lesson')].map((l) => l.id)"):
            page.evaluate("(id) => { location.hash = id; }", lesson)
            wait_for_step(page, "#" + lesson)
            outline = page.evaluate(OUTLINE)
            assert outline[0][0] == 1, (lesson, outline)
            assert outline[1][2] == 2, ("a lesson's title is an h2", lesson, outline)
            as_tagged = [[tag, text, tag] for _, text, tag in outline]
            if skips(outline) or skips(as_tagged):
                found[lesson] = skips(outline) or skips(as_tagged)
    assert found == {}
    guard.check()
