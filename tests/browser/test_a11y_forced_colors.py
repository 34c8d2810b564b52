"""Forced colours (a Windows contrast theme): every fill and colour is the user's, so the selected tab
and the «Назад» that does nothing on the first step must differ from the others by something else."""

from __future__ import annotations

import pytest

from helpers import reveal, wait_ready
from test_blocks import blocks_dist  # noqa: F401 (a fixture: the sample with one interactive block of each kind)

pytestmark = pytest.mark.browser

LOOK = """(selector) => { const c = getComputedStyle(document.querySelector(selector));
    return ['color', 'borderTopColor', 'borderBottomColor', 'borderTopStyle', 'borderTopWidth', 'borderBottomWidth',
            'textDecorationLine', 'outlineStyle', 'outlineColor'].map((p) => p + ': ' + c[p]); }"""
"""What still tells two controls apart once their background is the same: colours, lines, underline."""


@pytest.mark.parametrize("selected,other", [
    ('.tabs__tab[aria-selected="true"]', '.tabs__tab[aria-selected="false"]'),
    ('.steps__nav [aria-disabled="true"]', '.steps__nav button:not([aria-disabled="true"])'),
], ids=["selected tab", "disabled step button"])
def test_a_state_shown_by_a_fill_has_another_cue_in_forced_colours(blocks_dist, serve, new_page, selected, other):  # noqa: F811
    server = serve(blocks_dist / "site")
    page, guard = new_page(allowed=(server.url,), forced_colors="active")
    page.goto(server.url + "/01-listening.html")
    wait_ready(page)
    reveal(page, ".tabs")  # the blocks' lesson
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    assert page.locator(selected).first.is_visible() and page.locator(other).first.is_visible()
    assert page.evaluate(LOOK, selected) != page.evaluate(LOOK, other)
    guard.check()


@pytest.mark.parametrize("forced", ["none", "active"])
def test_the_drawers_menu_icon_is_drawn_in_forced_colours_too(sample_dist, serve, new_page, forced):
    """The phone's outline toggle draws three bars as a background, which forced colours drop: the
    icon was gone, its word alone left. Told by a picture: hiding the icon must change it."""
    server = serve(sample_dist / "site")
    page, guard = new_page(allowed=(server.url,), forced_colors=forced, viewport={"width": 375, "height": 600})
    page.goto(server.url + "/01-listening.html")
    wait_ready(page)
    toggle = page.locator(".outline__toggle")
    drawn = toggle.screenshot()
    # (by the CSSOM: the page's CSP refuses a style element)
    page.evaluate("""() => { const sheet = document.styleSheets[0];
        sheet.insertRule('.outline__toggle::before { visibility: hidden; }', sheet.cssRules.length); }""")
    assert toggle.screenshot() != drawn, "the icon is painted"
    guard.check()
