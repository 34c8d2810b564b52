"""The offer to resume («Вы уже начали этот курс…», «Продолжить», «Начать сначала») with the keyboard:
reached from the skip link, kept when starting over is cancelled, and never leaving the focus on the body."""

from __future__ import annotations

import pytest

from helpers import wait_ready

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement === document.body ? 'body' : document.activeElement.outerHTML.slice(0, 80)"


@pytest.fixture
def single_file(sample_dist):
    return next(sample_dist.glob("*.html"))


def reopen_with_the_offer(new_page, single_file):
    """The single file opened again (at its home page, where the offer is) by a learner who last read
    the second module."""
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True)
    page.goto(single_file.as_uri() + "#02-questions")
    wait_ready(page)
    page.goto("about:blank")  # the learner comes back another day
    page.goto(single_file.as_uri())
    wait_ready(page)
    assert page.locator(".resume-banner").count() == 1
    return page, guard


def test_the_skip_link_leads_to_the_offer_to_resume(single_file, new_page):
    page, guard = reopen_with_the_offer(new_page, single_file)
    assert page.locator("#main > .resume-banner").count() == 1, "the offer is inside the main landmark"
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-resume-yes]')"), page.evaluate(FOCUSED)
    guard.check()


def test_a_cancelled_start_over_keeps_the_offer_and_the_focus_on_its_button(single_file, new_page):
    page, guard = reopen_with_the_offer(new_page, single_file)
    before = page.evaluate("CourseRuntime.state()")
    restart = page.locator(".resume-banner [data-restart]")
    restart.focus()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.keyboard.press("Enter")  # returns once the confirmation has been answered
    # It said «удалить весь прогресс и ответы в этом браузере» in an LMS too, and quiz results stay.
    assert "браузер" not in asked[0] and "результаты пройденных тестов сохранятся" in asked[0], asked
    assert page.locator(".resume-banner").count() == 1, "cancelled: the offer stays"
    assert page.evaluate("document.activeElement.matches('.resume-banner [data-restart]')"), page.evaluate(FOCUSED)
    assert page.evaluate("CourseRuntime.state()") == before
    guard.check()


@pytest.mark.parametrize("button,page_id", [("[data-restart]", "01-listening"), ("[data-resume-yes]", "02-questions")],
                         ids=["start over, confirmed", "resume"])
def test_closing_the_offer_puts_the_focus_on_the_page_it_leads_to(single_file, new_page, button, page_id):
    # Starting over (confirmed) opens the first module; resuming, the module last read.
    page, guard = reopen_with_the_offer(new_page, single_file)
    page.locator(f".resume-banner {button}").focus()
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    shown = f'section.page[data-page="{page_id}"]'
    page.wait_for_function("(s) => !document.querySelector(s).hidden", arg=shown)
    assert page.locator(".resume-banner").count() == 0
    assert page.evaluate("(s) => document.activeElement.matches(s + ' h1')", shown), page.evaluate(FOCUSED)
    guard.check()


def test_the_offer_says_where_the_course_goes_on_and_is_the_home_pages_only_way_in(single_file, new_page):
    # Reopened at the home page, the learner met «Вы уже проходили этот курс» (as if it were finished)
    # and four buttons: the offer's two, the page's own «Продолжить…» and «Начать курс».
    page, guard = reopen_with_the_offer(new_page, single_file)
    banner = page.locator(".resume-banner")
    assert banner.locator("p").inner_text() == "Вы уже начали этот курс. Следующий шаг: Открытые и закрытые вопросы."
    home = page.locator('section.page[data-page="index"]')
    assert home.locator("[data-resume]").is_hidden() and home.locator("[data-start]").is_hidden()
    page.locator(".resume-banner [data-resume-yes]").click()
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"02-questions\"]').hidden")
    page.evaluate("location.hash = 'index'")  # back home: the page's own way in again
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"index\"]').hidden")
    assert home.locator("[data-resume-link]").inner_text() == "Продолжить: Открытые и закрытые вопросы"
    assert home.locator("[data-start]").is_hidden()
    guard.check()


def test_a_look_at_the_glossary_does_not_become_the_next_step(single_file, new_page):
    # A learner who last looked a term up was offered «Следующий шаг: Глоссарий», and both ways on
    # led there instead of to the module they were reading.
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True)
    page.goto(single_file.as_uri() + "#02-questions")
    wait_ready(page)
    page.evaluate("location.hash = 'glossary'")
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"glossary\"]').hidden")
    page.goto("about:blank")
    page.goto(single_file.as_uri())
    wait_ready(page)
    banner = page.locator(".resume-banner")
    assert banner.locator("p").inner_text() == "Вы уже начали этот курс. Следующий шаг: Открытые и закрытые вопросы."
    guard.check()
