"""Tabs, accordion, flashcards and steps in Chromium: the WAI-ARIA keyboard patterns, axe at a phone's
and a desktop's width, everything visible without JavaScript and in print, the same in the single file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from builder.build import build
from conftest import SAMPLE
from helpers import AXE_RULES, reveal, wait_ready

pytestmark = pytest.mark.browser

BLOCKS = (Path(__file__).parents[1] / "fixtures" / "interactive-blocks.md").read_text(encoding="utf-8")
"""One block of each kind, appended to the sample's first module (the handout test prints the same)."""

VIEWPORTS = {"375": {"width": 375, "height": 740}, "1280": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def blocks_dist(tmp_path_factory) -> Path:
    """The sample course with every interactive block in module 1, as a site and a single file."""
    root = tmp_path_factory.mktemp("blocks-course")
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    module = root / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n" + BLOCKS, encoding="utf-8")
    build(root, root / "dist", ["html", "single"])
    return root / "dist"


@pytest.fixture(params=VIEWPORTS)
def module_page(request, blocks_dist, serve, new_page):
    """Open module 1 of the site at a phone's and at a desktop's width; returns (page, guard)."""
    server = serve(blocks_dist / "site")

    def open_page(**context_args):
        context_args.setdefault("viewport", VIEWPORTS[request.param])
        page, guard = new_page(allowed=(server.url,), **context_args)
        page.goto(server.url + "/01-listening.html")
        if context_args.get("java_script_enabled", True):
            wait_ready(page)
            reveal(page, ".tabs")  # the blocks' lesson (a module shows one lesson at a time)
        return page, guard

    return open_page


def focused(page) -> str:
    """The text of the focused element."""
    return page.evaluate("document.activeElement.textContent.trim()")


def test_tabs_follow_the_arrow_keys_home_and_end_with_one_tab_stop(module_page):
    page, guard = module_page()
    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts() == ["Метамфетамин", "Мефедрон", "ГГБ"]
    assert page.get_by_role("tablist").get_attribute("aria-label") == "Вещества"
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Мефедрон"
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert page.get_by_role("tabpanel").inner_text().strip() == "Стимулятор катинонового ряда."
    page.keyboard.press("End")
    assert focused(page) == "ГГБ"
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Метамфетамин", "the arrow wraps from the last tab to the first"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Home")
    assert focused(page) == "Метамфетамин"
    assert page.evaluate("[...document.querySelectorAll('[role=tab]')].map(t => t.tabIndex)") == [0, -1, -1]
    page.keyboard.press("Tab")
    role = page.evaluate("document.activeElement.getAttribute('role')")
    assert role == "tabpanel", "Tab leaves the tab list for the panel"
    guard.check()


def test_accordion_buttons_expand_and_collapse_with_enter_and_space(module_page):
    page, guard = module_page()
    button = page.get_by_role("button", name="Что такое химсекс?")
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.get_by_text("Употребление веществ ради секса.").is_visible()
    title = page.locator(".accordion .block-item__title").first
    assert title.evaluate("n => n.tagName") == "H3", "a heading one level below the lesson's (an h2)"
    assert title.locator("button").count() == 1, "the button sits in the heading"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.get_by_text("Употребление веществ ради секса.").is_visible()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    guard.check()


def test_a_flashcard_turns_with_the_keyboard_and_says_so(module_page):
    page, guard = module_page()
    card = page.get_by_role("button", name="Тина")
    assert card.get_attribute("aria-expanded") == "false"
    assert not page.get_by_text("метамфетамин", exact=True).is_visible()
    assert page.locator(".flashcards__hint").is_visible()
    card.focus()
    page.keyboard.press("Enter")
    assert card.get_attribute("aria-expanded") == "true"
    assert page.get_by_text("метамфетамин", exact=True).is_visible()
    assert not page.get_by_text("мефедрон", exact=True).is_visible(), "each card turns on its own"
    guard.check()


def shown(status) -> str:
    """The words a status shows on screen (a screen reader is told more after a move)."""
    return status.evaluate("(n) => n.firstChild.textContent")


def test_steps_show_one_step_at_a_time_and_announce_the_position(module_page):
    page, guard = module_page()
    steps = page.locator(".steps__step")
    status = page.locator(".steps__status")
    assert status.get_attribute("role") == "status" and status.text_content() == "Шаг 1 из 3", "nothing more on load"
    assert [steps.nth(i).is_visible() for i in range(3)] == [True, False, False]
    assert steps.first.get_attribute("aria-current") == "step"
    back, forward = page.get_by_role("button", name="Назад"), page.get_by_role("button", name="Далее")
    assert back.get_attribute("aria-disabled") == "true"
    forward.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert shown(status) == "Шаг 3 из 3"
    # The focus stays on «Далее»: what the step says is said with its number, not only «Шаг 3 из 3».
    said = " ".join(steps.nth(2).text_content().split())
    assert status.text_content() == f"Шаг 3 из 3: {said}" and said
    assert status.locator(".visually-hidden").is_hidden() or status.locator(".visually-hidden").bounding_box()["width"] <= 1
    assert steps.nth(2).get_attribute("aria-current") == "step" and steps.nth(2).is_visible()
    assert forward.get_attribute("aria-disabled") == "true" and focused(page) == "Далее", "focus stays on the button"
    page.keyboard.press("Enter")
    assert shown(status) == "Шаг 3 из 3", "no step after the last"
    assert page.evaluate("document.querySelectorAll('.steps__step')[2].value") == 3, "the shown step keeps its number"
    back.click()
    assert shown(status) == "Шаг 2 из 3"
    guard.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_blocks_pass_axe_closed_and_open(module_page, scheme):
    page, guard = module_page(color_scheme=scheme)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    results = Axe().run(page, context={"include": [[".module__body"]]}, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()
    for button in page.locator(".accordion__button, .flashcard__turn").all():
        button.click()
    page.get_by_role("tab").last.click()
    page.get_by_role("button", name="Далее").click()
    results = Axe().run(page, context={"include": [[".module__body"]]}, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()
    guard.check()


def all_block_text_visible(page) -> bool:
    """Whether every tab, item, card meaning and step of the page is shown."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.block-item__title, .block-item__body, .flashcard__meaning, .steps__step')]
        .every(n => n.getClientRects().length > 0)""")


def test_without_javascript_every_part_is_visible(module_page):
    page, guard = module_page(java_script_enabled=False)
    assert page.locator(".block-item__title").count() == 5
    assert all_block_text_visible(page)
    assert page.locator(".flashcards__hint").is_hidden(), "no hint about pressing cards that do not turn"
    guard.check()


def test_print_shows_every_part_under_its_title(module_page):
    page, guard = module_page()
    page.emulate_media(media="print")
    assert all_block_text_visible(page)
    assert page.locator(".tabs__list").is_hidden() and page.locator(".steps__nav").is_hidden()
    guard.check()


def test_blocks_work_in_the_single_file(blocks_dist, new_page):
    page, guard = new_page(allowed=("file://",))
    single = next(blocks_dist.glob("*.html"))
    page.goto(single.as_uri() + "#01-listening")
    wait_ready(page)
    reveal(page, ".tabs")  # the blocks' lesson
    page.get_by_role("tab", name="Мефедрон").click()
    assert page.get_by_role("tabpanel").inner_text().strip() == "Стимулятор катинонового ряда."
    page.get_by_role("button", name="Далее").click()
    assert shown(page.locator(".steps__status")) == "Шаг 2 из 3"
    guard.check()


def test_callout_icons_and_decorative_symbols_are_not_read_aloud(module_page):
    page, guard = module_page()
    reveal(page, ".dialogue--good")  # the dialogue's lesson
    caption = page.locator(".dialogue--good .dialogue__caption").aria_snapshot()
    assert caption == '- text: "Так можно сказать: Отражение"', "the ✔ before the verdict is not read"
    icon = page.evaluate("getComputedStyle(document.querySelector('.callout__title'), '::before').maskImage")
    assert icon.startswith('url("data:image/svg+xml'), "the callout's icon is drawn"
    guard.check()


HIDDEN_PLACES = """
## Дозы и случаи

::: tabs Дозы
::: item Первая
Текст первой вкладки.
:::
::: item Вторая
### Дозировка ГГБ

Миллилитры, не граммы.
:::
:::

::: accordion
::: item Разбор
::: case Случай Ивана
Иван пришёл ночью.
:::
:::
:::

::: steps Порядок
1. **Первый шаг.** Спросить.
2. **Второй шаг.** Выслушать.

   ::: case Случай Олега
   Олег позвонил утром.
   :::
:::

Перейти: [к дозировке](#дозировка-ггб), [к случаю](#case-2), [к шагу](#case-3).
"""


@pytest.fixture(scope="module")
def hidden_places_dist(tmp_path_factory) -> Path:
    """The sample with a heading in a tab not selected and a case in a closed accordion item, each linked."""
    root = tmp_path_factory.mktemp("hidden-places-course")
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    module = root / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + HIDDEN_PLACES, encoding="utf-8")
    build(root, root / "dist", ["html", "single"])
    return root / "dist"


@pytest.mark.parametrize("edition", ["site", "single"])
def test_a_link_to_a_place_in_a_closed_tab_or_item_opens_it_and_takes_the_focus_there(hidden_places_dist, serve,
                                                                                        new_page, edition):
    # The address changed, but the place stayed hidden, nothing scrolled and the focus stayed on the body
    # (audit): the link went nowhere.
    if edition == "site":
        server = serve(hidden_places_dist / "site")
        page, guard = new_page(allowed=(server.url,), viewport=VIEWPORTS["375"])
        page.goto(server.url + "/01-listening.html")
    else:
        single = next(hidden_places_dist.glob("*.html"))
        page, guard = new_page(allowed=(single.as_uri(),), offline=True, viewport=VIEWPORTS["375"])
        page.goto(single.as_uri() + "#01-listening")
    wait_ready(page)
    reveal(page, ".tabs")
    page.get_by_role("link", name="к дозировке").click()
    heading = page.get_by_role("heading", name="Дозировка ГГБ")
    heading.wait_for(state="visible")
    assert page.get_by_role("tab", name="Вторая").get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Дозировка ГГБ"
    assert 0 <= heading.bounding_box()["y"] < 740
    page.get_by_role("link", name="к случаю").click()
    case = page.get_by_text("Иван пришёл ночью.")
    case.wait_for(state="visible")
    assert page.get_by_role("button", name="Разбор").get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('.case') !== null")
    # a step of a `::: steps` block not shown (review: no button controls it)
    page.get_by_role("link", name="к шагу").click()
    page.get_by_text("Олег позвонил утром.").wait_for(state="visible")
    assert page.locator(".steps__status").inner_text().startswith("Шаг 2 из 2")
    # followed again once closed: the address names it already, no hashchange comes (review)
    page.get_by_role("tab", name="Первая").click()
    page.get_by_role("link", name="к дозировке").click()
    heading.wait_for(state="visible")
    page.get_by_role("tab", name="Первая").click()
    assert heading.is_hidden()
    page.get_by_role("link", name="к дозировке").click()
    heading.wait_for(state="visible")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Дозировка ГГБ"
    guard.check()
