"""Citation markers with the keyboard (WCAG 2.1.1): Tab reaches each `[n]`, its name says what it is,
Enter opens the module's sources at its entry with the focus there, and Back returns to the marker."""

from __future__ import annotations

import pytest

from helpers import wait_ready

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement.outerHTML.slice(0, 120)"


@pytest.fixture
def site(sample_dist, serve):
    return serve(sample_dist / "site")


def tab_to(page, selector: str, limit: int = 30) -> int:
    """Tab presses until the focus is on `selector`."""
    for presses in range(1, limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector}")


def test_each_citation_marker_is_a_tab_stop_named_as_a_source(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert page.evaluate("[...document.querySelectorAll('.cite a')].every(a => a.tabIndex === 0)")
    marker = page.get_by_role("link", name="Источники [1]", exact=True)
    assert marker.inner_text() == "[1]"  # the words seen are in the name (WCAG 2.5.3)
    # Its description: the source's short name and lines, said at every marker (the list it leads to
    # gives the full title, «Памятка по консультированию (пример источника)»).
    assert marker.get_attribute("title") == "Памятка, строка 3"
    page.locator("#main h1").first.focus()  # (the lesson's own text begins with the two markers)
    tab_to(page, '.lesson.is-current .cite a[href$="-ref-1"]')
    tab_to(page, '.lesson.is-current .cite a[href$="-ref-2"]', limit=2)  # the next Tab stop: the next marker
    guard.check()


def test_enter_on_a_marker_focuses_its_source_and_back_returns_to_the_marker(site, new_page):
    page, guard = new_page(viewport={"width": 375, "height": 667})
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.locator("#main h1").first.focus()  # (the lesson's own text begins with the two markers)
    tab_to(page, '.lesson.is-current .cite a[href$="-ref-2"]')
    place = page.evaluate("scrollY")
    page.keyboard.press("Enter")
    # The target is an empty anchor inside the entry «строки 3–4 [1, 2]»: the entry takes the focus.
    page.wait_for_function("""() => document.activeElement.matches('.references__range')
        && document.activeElement.contains(document.getElementById('listening--ref-2'))""")
    assert page.locator(".references__details").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.textContent").startswith("строки 3–4")
    assert page.locator(".references__range").first.is_visible()
    page.go_back()  # the browser's Back (Alt+Left)
    page.wait_for_function("() => document.activeElement.matches('.cite a[href$=\"-ref-2\"]')")
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 5", arg=place)
    assert page.locator(".lesson.is-current").get_attribute("id") == "listening--lesson-1"
    guard.check()
