"""The bundled course's lessons: screens per lesson on a 375 × 667 phone, reported and held to the
target, and the Tab presses from a module's last lesson to its quiz.

A "screen" is the height of the viewport; a lesson's screens are its height (the lesson shown
alone, as the runtime shows it) over that. Run as a script for the table alone:
`python tests/browser/test_bundled_lessons.py [DIST]` (DIST: a built output folder, default dist).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from helpers import wait_for_step
from test_bundled_course import bundled_dist, module_slugs  # noqa: F401 (bundled_dist: fixture)
from test_lessons import tabs_to_first_quiz_control

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
TARGET = 8
"""Screens a lesson should fit in (issue 13: most lessons ≤ 8 at 375 px)."""

def lesson_screens(page, url: str) -> list[tuple[str, str, float]]:
    """(lesson id, its progress line, screens) of every lesson on one module page."""
    page.goto(url)
    page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")
    rows = []
    for lesson_id in page.evaluate("() => [...document.querySelectorAll('.module__body > .lesson')].map(l => l.id)"):
        page.evaluate("(id) => { location.hash = id; }", lesson_id)
        page.wait_for_function("(id) => document.getElementById(id).classList.contains('is-current')", arg=lesson_id)
        height = page.evaluate("(id) => document.getElementById(id).offsetHeight", lesson_id)
        rows.append((lesson_id, page.locator(f'[id="{lesson_id}"] .lesson__meta').inner_text(),
                     round(height / PHONE["height"], 1)))
    return rows


def report(rows: list[tuple[str, str, float]]) -> str:
    """The table: one line per lesson, then how many fit the target."""
    lines = [f"{screens:5.1f}  {lesson_id}  ({meta})" for lesson_id, meta, screens in rows]
    fit = sum(1 for *_, screens in rows if screens <= TARGET)
    lines.append(f"{fit} of {len(rows)} lessons fit in {TARGET} screens at 375 px; longest {max(s for *_, s in rows)}")
    return "\n".join(lines)


def test_most_lessons_of_the_bundled_course_fit_in_eight_phone_screens(bundled_dist, serve, new_page):
    server = serve(bundled_dist / "site")
    page, guard = new_page(viewport=PHONE)
    rows = [row for slug in module_slugs() for row in lesson_screens(page, f"{server.url}/{slug}.html")]
    print("\n" + report(rows))
    long = [row for row in rows if row[2] > TARGET]
    assert len(long) <= len(rows) // 10, report(long)  # most: nine in ten at least
    assert all(math.isfinite(screens) and screens > 0 for *_, screens in rows)
    guard.check()


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, LAUNCH_ARGS

    site = Path(sys.argv[1] if len(sys.argv) > 1 else "dist") / "site"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        phone = browser.new_page(viewport=PHONE)
        slugs = sorted(p.stem for p in site.glob("[0-9]*.html"))
        print(report([row for slug in slugs for row in lesson_screens(phone, (site / f"{slug}.html").resolve().as_uri())]))
        browser.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["375px", "1280px"])
def test_from_each_modules_last_lesson_the_first_quiz_control_is_at_most_15_tab_presses_away(bundled_dist, serve, new_page, viewport):
    server = serve(bundled_dist / "site")
    page, guard = new_page(viewport=viewport)
    presses = {}
    for slug in module_slugs():
        page.goto(f"{server.url}/{slug}.html")
        page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")
        last = page.evaluate("() => [...document.querySelectorAll('.module__body > .lesson')].pop().id")
        page.evaluate("(id) => { location.hash = id; }", last)
        wait_for_step(page, "#" + last)  # shown on hashchange, after the hash is set
        presses[slug] = tabs_to_first_quiz_control(page)
    assert max(presses.values()) <= 15, presses
    guard.check()
