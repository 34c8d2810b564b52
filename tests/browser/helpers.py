"""Small helpers shared by the browser tests: answering each question type like a learner."""

from __future__ import annotations

import json

from playwright.sync_api import Page


def wait_ready(page: Page) -> None:
    page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")


def state(page: Page) -> dict:
    return page.evaluate("CourseRuntime.state()")


REVEAL_STEP = """(selector) => {
  const node = document.querySelector(selector);
  const step = node && node.closest('.module > .quiz, .module__body > .lesson');
  if (!step || step.classList.contains('is-current') || step.closest('section.page[hidden]')) return null;
  location.hash = step.id;
  return step.id;
}"""
"""Go to the step of a module (lesson or quiz) holding a node, the way a learner's link would; the
step's id, or null when there was nothing to do."""


def reveal(scope, selector: str) -> None:
    """Show the module step (lesson or quiz) holding `selector` and wait until it is the current
    one: the runtime shows it on `hashchange`, a task that runs after this call would return, and
    a test reading the step at once could still find it hidden (its labels 0 px wide, its controls
    unfocusable) or the previous step still current. `scope`: a page or a frame. A runtime that
    shows a module whole (an earlier version's, which some LMS tests play) marks no step current:
    there is nothing to wait for."""
    step = scope.evaluate(REVEAL_STEP, selector)
    if step:
        scope.wait_for_function("""(id) => { const step = document.getElementById(id);
            return step.classList.contains('is-current') || !step.closest('.module').querySelector('.is-current'); }""",
                                arg=step)


def show_page(scope, page_id: str) -> None:
    """Go to a page of the one-file edition or a SCO (`#<page id>`) and wait until it is shown."""
    scope.evaluate("(id) => { location.hash = id; }", page_id)
    scope.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)


def write_state(page: Page, site, saved: dict) -> None:
    """Put a saved state in the site's localStorage, from a page without a runtime that would save
    over it (a page with one saves its own state when it goes away, on `pagehide`)."""
    page.goto(site.url + "/runtime/course.css")
    page.evaluate("(text) => localStorage.setItem('course:sample-course', text)", json.dumps(saved))


def question(page: Page, qid: str):
    selector = f'li.question[id="{qid}"]'  # its own quiz's copy (a final bank may repeat it)
    reveal(page, selector)  # a module shows one lesson or its quiz at a time
    return page.locator(selector)


def check(page: Page, qid: str) -> str:
    """Press the question's Check button; return the feedback text."""
    q = question(page, qid)
    q.locator("[data-check-answer]").click()
    return q.locator("[data-feedback]").inner_text()


def choose(page: Page, qid: str, *values: str) -> None:
    for value in values:
        question(page, qid).locator(f'input[value="{value}"]').check()


CONTINUE = ".lesson.is-current [data-lesson-next]"
"""The current lesson's Continue link."""


def press_continue(page: Page, key: str | None = None, within: str = "") -> None:
    """Follow the current lesson's Continue (a click, or `key` on the focused link) and wait until its step
    is the one shown. Continue is a fragment link: the runtime shows the step on `hashchange`, a task that
    runs after the click returns, so a test that looked at once could still see the old lesson.
    `page`: a page or a frame; `within`: a selector (and a space) for one module of a one-document course."""
    link = page.locator(within + CONTINUE)
    href = link.get_attribute("href")
    if key:
        page.keyboard.press(key)
    else:
        link.click()
    wait_for_step(page, href)


def wait_for_step(page: Page, href: str) -> None:
    """Wait until the module step `href` (#id) is the current one."""
    page.wait_for_function("""(h) => { const step = document.getElementById(decodeURIComponent(h.slice(1)));
        return location.hash === h && !!step && step.classList.contains('is-current'); }""", arg=href)


def wait_for_outline(page: Page, opened: bool, label: str) -> None:
    """Wait until the outline drawer is open (or closed) and its toggle label reads `label`. The
    runtime changes the label (and the focus) on the details element's `toggle` event, a task that
    runs after the key press or click has returned, and after `open` has already changed: a test
    that looked once `open` changed could still read the old label."""
    page.wait_for_function("""([opened, label]) => { const d = document.querySelector('[data-outline]');
        return d.open === opened && d.querySelector('.outline__toggle').textContent === label; }""",
                           arg=[opened, label])


def read_through_lessons(page: Page) -> int:
    """Press each lesson's Continue until the module's last step shows; return how many were pressed."""
    pressed = 0
    while page.locator(CONTINUE).count():
        press_continue(page)
        pressed += 1
    return pressed


def pick_match(node, row: int, value) -> None:
    """Pick the right-hand item `value` (its index) for the left-hand item `row` of a matching question."""
    node.locator(".match").nth(row).locator(f'input[value="{value}"]').check()


def submit(scope, quiz_id: str) -> None:
    """Press «Завершить тест» and, when the quiz asks first (attempts at stake, unanswered questions), confirm."""
    quiz = scope.locator(f'[data-quiz="{quiz_id}"]')
    quiz.locator("[data-submit]").click()
    confirm = quiz.locator("[data-confirm-submit]")
    if confirm.count():
        confirm.click()


AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
"""axe-core options: WCAG 2.1 A and AA, and axe's best practices."""
