"""A keyboard-only learner completes the whole bundled course: every lesson of every module read with
Continue, the final assessment answered and submitted, and the certificate made, at a phone's 375 px
(the outline a closed drawer) and a laptop's 1280 px. No click, no focus() call: only Tab, Shift+Tab,
Enter, Space, arrows and typing. The draws are seeded."""

from __future__ import annotations

import pytest

from helpers import CONTINUE, press_continue
from test_bundled_course import bundled_dist  # noqa: F401 (fixture)
from test_lms import best_path

pytestmark = pytest.mark.browser

SEEDED_RANDOM = """(() => {
  let a = 20261205;
  Math.random = () => { a = (a + 0x6D2B79F5) >>> 0; let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
})();"""
"""Every draw of the page (the final's questions and order) from one seed."""


class Keyboard:
    """A learner with a keyboard: Tab until a control is focused, then act on it."""

    def __init__(self, page) -> None:
        self.page = page
        self.presses = 0

    def focused(self, selector: str) -> bool:
        return self.page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)

    def tab_to(self, selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.presses += 1
            if self.focused(selector):
                return
        raise AssertionError(f"never reached {selector} with Tab")

    def follow(self) -> None:
        """Enter on the focused link to another page, and wait for that page's runtime: a key pressed
        while the old page is still up would be lost, and the next search would start from the top."""
        with self.page.expect_navigation():
            self.press("Enter")
        self.page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.presses += 1


def read_module(keys: Keyboard) -> None:
    """Every lesson of the module on screen, Continue by Continue, then on to the next page."""
    page = keys.page
    while page.locator(CONTINUE).count():
        keys.tab_to(CONTINUE)
        press_continue(page, "Enter")
        keys.presses += 1
    keys.tab_to("a[rel=next]")
    keys.follow()


def answer_by_keyboard(keys: Keyboard, quiz_id: str, qid: str) -> None:
    """Answer one question rightly with the keyboard alone (its right answer read from the course data)."""
    q = keys.page.evaluate("(id) => CourseRuntime.data.questions[id]", qid)
    node = f'[data-quiz="{quiz_id}"] li.question[data-q="{qid}"]'
    kind = q["t"]
    if kind in ("single", "true_false"):
        wanted = next(o["id"] for o in q["o"] if o["c"]) if kind == "single" else ("t" if q["a"] else "f")
        keys.tab_to(f"{node} input[type=radio]")
        choose_radio(keys, node, wanted)
    elif kind == "multiple":
        for option in (o for o in q["o"] if o["c"]):
            keys.tab_to(f'{node} input[value="{option["id"]}"]')
            keys.press("Space")
    elif kind in ("fill_in", "numeric"):
        keys.tab_to(f"{node} input[type=text]")
        keys.page.keyboard.type(str(q["a"][0] if kind == "fill_in" else q["a"]))
    elif kind == "matching":
        for i in range(q["n"]):  # each left-hand item: a group of radio buttons, its right item's value is i
            row = f"{node} .match:nth-of-type({i + 1})"
            keys.tab_to(f"{row} input[type=radio]")
            choose_radio(keys, row, str(i))
    elif kind == "ordering":
        order_by_keyboard(keys, node, q["n"])
    elif kind == "scenario":
        for step, choice in enumerate(best_path(q)):
            keys.tab_to(f'{node} .scenario__step:nth-child({step + 1}) .scenario__choice[data-choice="{choice}"]')
            keys.press("Enter")
    if keys.page.locator(f"{node} [data-check-answer]:not([hidden])").count():  # an answer the quiz takes on Check
        keys.tab_to(f"{node} [data-check-answer]")
        keys.press("Enter")


def choose_radio(keys: Keyboard, node: str, wanted: str) -> None:
    """From the first radio of a group, arrows move and check; Space checks the first one."""
    values = keys.page.evaluate("(n) => [...document.querySelectorAll(n + ' input[type=radio]')].map(r => r.value)", node)
    index = values.index(wanted)
    if index == 0:
        keys.press("Space")
    else:
        keys.press("ArrowDown", index)


def order_by_keyboard(keys: Keyboard, node: str, count: int) -> None:
    """Move each item up with its own button until the items read in their right order."""
    for position in range(count):
        while True:
            current = keys.page.evaluate("(n) => [...document.querySelectorAll(n + ' .order-item')].map(i => +i.dataset.index)", node)
            at = current.index(position)
            if at == position:
                break
            keys.tab_to(f'{node} .order-item[data-index="{position}"] [data-move="-1"]')
            keys.press("Enter")


@pytest.mark.parametrize("width", [375, 1280])  # a phone, where the outline is a drawer, and a laptop
def test_a_keyboard_only_learner_completes_the_bundled_course_and_gets_the_certificate(bundled_dist, serve, new_page, width):
    server = serve(bundled_dist / "site")
    page, guard = new_page(viewport={"width": width, "height": 800})
    page.add_init_script(SEEDED_RANDOM)
    page.goto(server.url + "/index.html")
    page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")
    keys = Keyboard(page)
    keys.tab_to("[data-start] a")
    keys.follow()
    while page.locator("article.module").count():
        read_module(keys)
    assert page.evaluate("CourseRuntime.data.page") == "final"
    shown = page.locator('[data-quiz="q-final"] li.question:not([hidden])')
    for qid in [shown.nth(i).get_attribute("data-q") for i in range(shown.count())]:
        answer_by_keyboard(keys, "q-final", qid)
    keys.tab_to('[data-quiz="q-final"] [data-submit]')
    keys.press("Enter")
    if page.locator('[data-quiz="q-final"] [data-confirm-submit]').count():  # the final asks before it counts
        keys.tab_to('[data-quiz="q-final"] [data-confirm-submit]')
        keys.press("Enter")
    assert "Тест сдан" in page.locator('[data-quiz="q-final"] [data-result]').inner_text()
    keys.tab_to('[data-quiz="q-final"] [data-to-certificate] a')
    keys.follow()
    assert page.locator("[data-completion-state]").inner_text() == "Курс пройден"
    keys.tab_to("#learner-name")
    page.keyboard.type("Анна Петрова")
    keys.press("Enter")  # submits the form
    certificate = page.locator("[data-certificate]")
    assert certificate.is_visible() and "Анна Петрова" in certificate.inner_text()
    assert "Итоговый тест: " in certificate.inner_text() and "Код проверки: " in certificate.inner_text()
    print(f"\n{keys.presses} key presses from the home page to the certificate")
    guard.check()
