"""While a page is parsed, only what the runtime will show first is laid out (templates/runtime/boot.js).

The runtime's script ends the body, so a page is parsed whole before it runs. The browser lays out
what it has read meanwhile, again and again: in the SCORM package's one document that was every
page of the course, a second of layout on a phone before the runtime hid all but the home page.
These tests hold the runtime's script back, look at the page as the parser left it, and then let
the runtime run (or fail).
"""

from __future__ import annotations

import zipfile

import pytest

from helpers import wait_ready

pytestmark = pytest.mark.browser

SHOWN = """(selector) => [...document.querySelectorAll(selector)].map(node => getComputedStyle(node).display !== 'none')"""
"""For each node the selector finds, whether it is laid out."""

PARSED = """() => document.querySelector('script[src$="runtime/course.js"]') !== null"""
"""The parser has reached the runtime's script: everything above it is in the document."""


@pytest.fixture
def site_root(sample_dist, serve, tmp_path):
    """The sample's site and its SCORM 1.2 package (opened without an LMS) on one server."""
    root = tmp_path / "root"
    (root / "pkg").mkdir(parents=True)
    with zipfile.ZipFile(next(sample_dist.glob("*-scorm12.zip"))) as archive:
        archive.extractall(root / "pkg")
    (root / "site").symlink_to(sample_dist / "site")
    return serve(root)


def held_runtime(page) -> list:
    """Requests for the runtime's script, held until the test lets them go."""
    held: list = []
    page.route("**/runtime/course.js", lambda route, request: held.append(route))
    return held


def test_the_one_document_lays_out_only_its_home_page_until_the_runtime_has_run(site_root, new_page):
    page, guard = new_page()
    held = held_runtime(page)
    page.goto(f"{site_root.url}/pkg/index.html", wait_until="commit")
    page.wait_for_function(PARSED)
    pages = page.evaluate("() => [...document.querySelectorAll('section.page')].map(s => s.dataset.page)")
    assert len(pages) >= 4 and pages[0] == "index"
    assert page.evaluate("() => document.documentElement.classList.contains('booting')")
    assert page.evaluate(SHOWN, "section.page") == [True] + [False] * (len(pages) - 1)

    held[0].continue_()
    wait_ready(page)
    page.wait_for_function("() => document.readyState !== 'loading'")  # DOMContentLoaded has fired
    assert not page.evaluate("() => document.documentElement.classList.contains('booting')")
    assert page.evaluate(SHOWN, "section.page") == [True] + [False] * (len(pages) - 1)
    page.evaluate("location.hash = '01-listening'")
    page.wait_for_function("() => !document.getElementById('01-listening').hidden")
    assert page.evaluate(SHOWN, "section.page")[1:3] == [True, False]
    guard.check()


def test_a_module_page_lays_out_its_first_lesson_and_no_question_until_the_runtime_has_run(site_root, new_page):
    page, guard = new_page()
    held = held_runtime(page)
    page.goto(f"{site_root.url}/site/01-listening.html", wait_until="commit")
    page.wait_for_function(PARSED)
    lessons = page.evaluate(SHOWN, ".module__body > .lesson")
    assert len(lessons) >= 2 and lessons == [True] + [False] * (len(lessons) - 1)
    assert page.evaluate(SHOWN, ".quiz, .quiz__questions") and not any(page.evaluate(SHOWN, ".quiz, .quiz__questions"))

    held[0].continue_()
    wait_ready(page)
    page.evaluate("location.hash = document.querySelectorAll('.module__body > .lesson')[1].id")
    page.wait_for_function("() => document.querySelectorAll('.module__body > .lesson')[1].classList.contains('is-current')")
    assert page.evaluate(SHOWN, ".module__body > .lesson")[:2] == [False, True]
    guard.check()


@pytest.mark.parametrize("path", ["pkg/index.html", "site/01-listening.html"])
def test_a_page_whose_runtime_never_runs_shows_everything_as_without_javascript(site_root, new_page, path):
    page, guard = new_page()
    page.route("**/runtime/course.js", lambda route, request: route.abort())
    page.goto(f"{site_root.url}/{path}")
    page.wait_for_function("() => document.readyState === 'complete'")
    assert not page.evaluate("() => document.documentElement.classList.contains('booting')")
    assert all(page.evaluate(SHOWN, "section.page, .module__body > .lesson, .quiz__questions"))
    assert [e for e in guard.errors if "ERR_FAILED" not in e] == []


def test_a_stalled_runtime_script_leaves_the_whole_page_shown_after_four_seconds(site_root, new_page):
    """The runtime's request hangs (a slow LMS server): the parser waits on it, DOMContentLoaded with
    it, and without a time limit the learner would see the first lesson alone for as long as it hangs."""
    page, guard = new_page()
    page.clock.install()
    held = held_runtime(page)
    page.goto(f"{site_root.url}/site/01-listening.html", wait_until="commit")
    page.wait_for_function(PARSED)
    page.clock.run_for(3500)
    assert page.evaluate("() => document.documentElement.classList.contains('booting')")
    page.clock.run_for(600)
    assert not page.evaluate("() => document.documentElement.classList.contains('booting')")
    assert all(page.evaluate(SHOWN, ".module__body > .lesson, .quiz, .quiz__questions"))

    held[0].continue_()
    wait_ready(page)
    assert page.evaluate(SHOWN, ".module__body > .lesson")[:2] == [True, False]
    guard.check()


def test_a_page_still_being_parsed_after_four_seconds_keeps_its_mark_until_it_is(site_root, new_page):
    """A slow phone still parsing a long page at four seconds: showing everything then would lay out
    the whole page the mark saves it from. The mark waits until the parser reaches the runtime."""
    from builder.targets.pages import boot_script

    page, guard = new_page()
    page.clock.install()
    held: list = []
    page.route("**/synthetic.html", lambda route, request: route.fulfill(content_type="text/html", body=(
        f"<!DOCTYPE html><html><head><script>{boot_script()}</script><script src='parser-blocker.js'></script>"
        "</head><body><p>Text</p><script src='runtime/course.js'></script></body></html>")))
    page.route("**/parser-blocker.js", lambda route, request: held.append(route))
    page.route("**/runtime/course.js", lambda route, request: held.append(route))
    page.goto(f"{site_root.url}/synthetic.html", wait_until="commit")
    page.wait_for_function("() => document.documentElement.classList.contains('booting')")
    page.clock.run_for(6000)
    assert page.evaluate("() => document.documentElement.classList.contains('booting')"), "not parsed yet"
    held.pop(0).fulfill(content_type="text/javascript", body="")
    page.wait_for_function("() => document.querySelector('script[src$=\"runtime/course.js\"]') !== null")
    page.clock.run_for(1100)  # the parser now waits on a runtime that stalls: the page shows
    assert not page.evaluate("() => document.documentElement.classList.contains('booting')")
    guard.check()


def test_no_timer_is_left_running_once_the_page_is_shown(site_root, new_page):
    # A page whose runtime is inline (the single file) or absent (a glossary page) has no runtime
    # script to wait for: the fallback checked for one every second for as long as the page was open.
    from builder.targets.pages import boot_script

    page, guard = new_page()
    page.clock.install()  # first: the counter below wraps the clock's own setTimeout
    page.add_init_script("""(() => { window.__timers = 0; const set = window.setTimeout;
        window.setTimeout = function (f, ms) {
          if (f && f.name === 'showIfStalled') window.__timers++;
          return set.apply(window, arguments);
        }; })()""")
    page.route("**/synthetic.html", lambda route, request: route.fulfill(content_type="text/html", body=(
        f"<!DOCTYPE html><html><head><script>{boot_script()}</script></head><body><p>Text</p></body></html>")))
    page.goto(f"{site_root.url}/synthetic.html")
    assert not page.evaluate("() => document.documentElement.classList.contains('booting')")
    page.clock.run_for(10000)
    assert page.evaluate("window.__timers") == 1, "the first check finds the page shown and sets no other"
    guard.check()
