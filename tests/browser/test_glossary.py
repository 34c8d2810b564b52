"""Glossary in Chromium: term links open a definition popover by keyboard and by touch (Escape closes it,
it links to the entry), the glossary page has a letter index and a search box, and without scripts
it is the plain list."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import AXE_RULES, wait_ready

pytestmark = pytest.mark.browser

VIEWPORTS = {"375": {"width": 375, "height": 740}, "1280": {"width": 1280, "height": 900}}
DEFINITION = "Способ слушать, при котором консультант отражает и уточняет сказанное собеседником."


@pytest.fixture
def open_site(sample_dist, serve, new_page):
    """Open a page of the sample site; returns (page, guard)."""
    server = serve(sample_dist / "site")

    def open_page(path: str, **context_args):
        page, guard = new_page(allowed=(server.url,), **context_args)
        page.goto(f"{server.url}/{path}")
        if context_args.get("java_script_enabled", True):
            wait_ready(page)
        return page, guard

    return open_page


def active(page, script: str = "document.activeElement.className"):
    return page.evaluate(script)


def test_a_term_link_opens_its_definition_by_keyboard_and_escape_returns_to_the_link(open_site):
    page, guard = open_site("01-listening.html")
    link = page.locator("a.term").first
    assert link.get_attribute("title") is None, "no tooltip only a mouse can reach"
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="активное слушание")
    assert dialog.is_visible() and DEFINITION in dialog.inner_text()
    assert active(page) == "term-popover", "focus moves into the popover"
    assert link.get_attribute("aria-expanded") == "true"
    assert page.url.endswith("01-listening.html"), "the page did not navigate"
    page.keyboard.press("Escape")
    assert page.locator(".term-popover").count() == 0
    assert active(page, "document.activeElement.classList.contains('term')"), "focus is back on the link"
    guard.check()


def test_the_popover_links_to_the_entry_and_tab_past_it_returns_to_the_text(open_site):
    page, guard = open_site("01-listening.html")
    page.locator("a.term").first.focus()
    page.keyboard.press("Enter")
    more = page.get_by_role("link", name="Открыть в глоссарии")
    assert more.get_attribute("href") == "glossary.html#term-active-listening"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active(page, "document.activeElement.textContent") == "Закрыть"
    page.keyboard.press("Tab")
    assert page.locator(".term-popover").count() == 0, "Tab past the last control closes the popover"
    assert active(page, "document.activeElement.classList.contains('term')")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Открыть в глоссарии").click()
    page.wait_for_url("**/glossary.html#term-active-listening")
    assert page.locator("#term-active-listening").is_visible()
    guard.check()


def test_a_tap_opens_the_popover_and_a_tap_elsewhere_closes_it(open_site):
    page, guard = open_site("01-listening.html", viewport=VIEWPORTS["375"], has_touch=True, is_mobile=True)
    page.locator("a.term").first.tap()
    assert page.get_by_role("dialog").is_visible()
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "the popover fits the phone's width"
    page.locator("h1").tap()
    assert page.locator(".term-popover").count() == 0
    guard.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_popover_and_the_glossary_page_pass_axe(open_site, width, scheme):
    page, guard = open_site("01-listening.html", viewport=VIEWPORTS[width], color_scheme=scheme)
    page.locator("a.term").first.click()
    results = Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()
    page.goto(page.url.replace("01-listening.html", "glossary.html"))
    wait_ready(page)
    page.get_by_label("Найти термин").fill("слуш")
    results = Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()
    guard.check()


def test_the_letter_index_jumps_to_its_letter(open_site):
    page, guard = open_site("glossary.html")
    index = page.get_by_role("navigation", name="Алфавитный указатель")
    assert index.get_by_role("link").all_inner_texts() == ["А", "О"]
    index.get_by_role("link", name="О").click()
    assert page.url.endswith("#glossary-letter-2")
    assert page.get_by_role("heading", name="О", exact=True).is_visible()
    guard.check()


def test_search_filters_the_entries_and_says_how_many_it_found(open_site):
    page, guard = open_site("glossary.html")
    search = page.get_by_label("Найти термин")
    search.fill("ВОПРОС")
    assert page.locator(".glossary__entry:visible").all_inner_texts()[0].startswith("открытый вопрос")
    assert page.locator(".glossary__entry:visible").count() == 1
    assert page.get_by_role("status").filter(has_text="Найдено").inner_text() == "Найдено терминов: 1"
    assert page.locator("#glossary-letter-1").is_hidden(), "a letter with no match hides its heading"
    index = page.get_by_role("navigation", name="Алфавитный указатель")
    assert index.get_by_role("link").all_inner_texts() == ["О"], "and its link, which went nowhere (audit)"
    search.fill("active listening")
    assert page.locator(".glossary__entry:visible").count() == 1, "aliases are searched too"
    search.fill("щщщ")
    assert page.locator(".glossary__entry:visible").count() == 0
    assert "Ничего не найдено" in page.locator(".glossary__count").inner_text()
    search.fill("")
    assert page.locator(".glossary__entry:visible").count() == 2
    assert index.get_by_role("link").all_inner_texts() == ["А", "О"]
    guard.check()


def test_english_aliases_are_marked_as_english(open_site):
    page, guard = open_site("glossary.html")
    assert page.locator('#term-active-listening [lang="en"]').inner_text() == "active listening"
    guard.check()


def test_without_javascript_the_glossary_is_the_plain_list(open_site):
    page, guard = open_site("glossary.html", java_script_enabled=False)
    assert page.locator(".glossary__search").is_hidden()
    assert page.locator(".glossary__entry:visible").count() == 2
    page.goto(page.url.replace("glossary.html", "01-listening.html"))
    page.locator("a.term").first.click()
    page.wait_for_url("**/glossary.html#term-active-listening")
    guard.check()


def test_the_single_file_opens_popovers_from_its_own_glossary(sample_dist, new_page):
    page, guard = new_page(allowed=("file://",))
    single = next(sample_dist.glob("*.html"))
    page.goto(single.as_uri() + "#01-listening")
    wait_ready(page)
    page.locator('section[data-page="01-listening"] a.term').first.click()
    dialog = page.get_by_role("dialog", name="активное слушание")
    assert DEFINITION in dialog.inner_text()
    assert "active listening" not in dialog.locator(".term-popover__title").inner_text(), "the title is the term alone"
    dialog.get_by_role("link", name="Открыть в глоссарии").click()
    page.wait_for_function("() => location.hash === '#term-active-listening'")
    page.locator("#term-active-listening").wait_for(state="visible")  # shown on hashchange, after the hash
    page.get_by_role("navigation", name="Алфавитный указатель").get_by_role("link", name="О").click()
    page.wait_for_function("() => location.hash === '#glossary-letter-2'")
    page.locator("#glossary-letter-2").wait_for(state="visible")
    guard.check()
