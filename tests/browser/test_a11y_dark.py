"""A phone set to dark gets the pages in dark colours (course.css, `prefers-color-scheme`), and paper
stays light. axe checks the contrast of every text in dark too, where the pages are checked in
light: the site's pages, answered questions, the blocks, the glossary and every bundled module."""

from __future__ import annotations

import pytest

from helpers import wait_ready

pytestmark = pytest.mark.browser

LUMINANCE = """(selector) => {
  const node = document.querySelector(selector);
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const of = (value) => { const [r, g, b] = value.match(/[\\d.]+/g).map(Number); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
  const style = getComputedStyle(node);
  return [of(style.backgroundColor), of(style.color)];
}"""
"""Relative luminance (WCAG) of a node's background and of its text."""


@pytest.fixture
def open_module(sample_dist, serve, new_page):
    """Module 1 of the sample site on a device set to `scheme` (and `media`, screen or print)."""
    site = serve(sample_dist / "site")

    def open_page(scheme: str, media: str = "screen", **context_args):
        page, guard = new_page(color_scheme=scheme, **context_args)
        page.emulate_media(media=media)
        page.goto(f"{site.url}/01-listening.html")
        wait_ready(page)
        return page, guard

    return open_page


def test_a_phone_set_to_dark_reads_light_text_on_a_dark_page(open_module):
    page, guard = open_module("dark", viewport={"width": 375, "height": 700})
    ground, text = page.evaluate(LUMINANCE, "body")
    assert ground < 0.02 and text > 0.7
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"  # form controls too
    ground, _ = page.evaluate(LUMINANCE, ".callout--tip")
    assert ground < 0.05, "a callout's tint is dark as well"
    button_ground, button_text = page.evaluate(LUMINANCE, "[data-lesson-next]")
    assert button_ground > 0.4 and button_text < 0.02, "a primary button: dark words on a light accent"
    guard.check()


def test_figures_keep_their_white_ground_in_dark(open_module):
    # Dark lines of a transparent figure drawn for a white page would vanish on a dark one.
    page, guard = open_module("dark")
    assert page.evaluate("getComputedStyle(document.querySelector('.module__body img')).backgroundColor") == "rgb(255, 255, 255)"
    guard.check()


def test_paper_stays_light_on_a_phone_set_to_dark(open_module):
    page, guard = open_module("dark", media="print")
    ground, text = page.evaluate(LUMINANCE, "body")
    assert ground == 1 and text < 0.02
    guard.check()


def test_light_is_unchanged_where_the_phone_is_light(open_module):
    page, guard = open_module("light")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") == "rgb(8, 67, 127)"
    guard.check()
