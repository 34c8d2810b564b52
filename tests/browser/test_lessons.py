"""Lessons and the outline in Chromium: one lesson at a time, Continue, the outline drawer and
sidebar, resume at the lesson and place, the whole module without JavaScript and in print, the
grouped references, and the single file's skip link and Back."""

from __future__ import annotations

import re

import pytest

from helpers import (CONTINUE, check, choose, press_continue, question, read_through_lessons, state, wait_for_outline,
                     wait_for_step, wait_ready, write_state)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def site(sample_dist, serve):
    return serve(sample_dist / "site")


@pytest.fixture
def single_file(sample_dist):
    return next(sample_dist.glob("*.html"))


def open_edition(site, single_file, new_page, edition: str, fragment: str):
    """A module page of the site, or the single file at `fragment`, on a phone; the page and its guard."""
    if edition == "site":
        page, guard = new_page(viewport=PHONE)
        page.goto(site.url + "/01-listening.html" + fragment)
    else:
        page, guard = new_page(allowed=(single_file.as_uri(),), offline=True, viewport=PHONE)
        page.goto(single_file.as_uri() + fragment)
    wait_ready(page)
    return page, guard


def visible_steps(page) -> list[str]:
    """Ids of the module steps (lessons, quiz) on screen."""
    return page.evaluate("""() => [...document.querySelectorAll('.module__body > .lesson, .module > .quiz')]
        .filter(s => s.offsetParent !== null).map(s => s.id)""")


def test_a_module_shows_one_lesson_at_a_time_and_continue_moves_on_with_focus(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert visible_steps(page) == ["listening--lesson-1"]
    assert re.fullmatch(r"Модуль 1 из 2 · урок 1 из 2 · ≈ \d+ мин", page.locator(".lesson.is-current .lesson__meta").inner_text())
    press_continue(page)
    assert visible_steps(page) == ["listening--lesson-2"]
    assert page.evaluate("document.activeElement.textContent") == "Попробуйте сами"
    assert not page.locator(".objectives").is_visible()  # the module's intro belongs to its first lesson
    assert not page.locator(".pager").is_visible()  # the next module comes after the quiz
    press_continue(page)
    assert visible_steps(page) == ["quiz-q-listening"]
    assert page.evaluate("document.activeElement.id") == "quiz-q-listening-title"
    assert page.locator(".pager").is_visible()
    page.go_back()
    wait_for_step(page, "#listening--lesson-2")  # routed on hashchange, after go_back returns
    assert visible_steps(page) == ["listening--lesson-2"]
    guard.check()


@pytest.mark.parametrize("edition", ["site", "single"])
def test_back_from_the_second_lesson_shows_the_first_at_its_place_with_the_focus_in_it(site, single_file, new_page,
                                                                                      edition):
    # Entered at a bare address, the module's first lesson had no address of its own: Back from the
    # second came to the bare address, which meant «the lesson saved», by then the second, shown again
    # at the first's place with the focus on its hidden heading (accessibility audit).
    page, guard = open_edition(site, single_file, new_page, edition, "" if edition == "site" else "#01-listening")
    assert visible_steps(page) == ["listening--lesson-1"]
    page.locator(CONTINUE).scroll_into_view_if_needed()  # where a learner taps it
    place = page.evaluate("scrollY")
    assert place > 0
    press_continue(page)
    assert visible_steps(page) == ["listening--lesson-2"]
    page.go_back()
    wait_for_step(page, "#listening--lesson-1")
    assert visible_steps(page) == ["listening--lesson-1"]
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 5", arg=place)  # the place it was left at
    assert page.evaluate("document.activeElement.closest('.lesson') && document.activeElement.closest('.lesson').id") \
        == "listening--lesson-1"
    guard.check()


def test_the_outline_s_link_to_the_lesson_shown_at_a_bare_address_moves_the_focus_there(site, new_page):
    # Leaving by a link names the lesson shown in the address: a link to that very lesson then changed
    # nothing, no hashchange came, and the focus fell to the body (review of the change above).
    page, guard = new_page(viewport={"width": 1280, "height": 800})
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert visible_steps(page) == ["listening--lesson-1"] and "#" not in page.url
    page.locator('.outline a[data-lesson-link="listening--lesson-1"]').click()
    page.wait_for_function("() => document.activeElement.closest('.lesson') !== null")
    assert page.evaluate("document.activeElement.closest('.lesson').id") == "listening--lesson-1"
    guard.check()


def test_the_skip_link_pressed_twice_goes_to_the_main_content_both_times(site, new_page):
    # A link to the place the address names already is routed again only when that place is hidden
    # (in a closed tab): the skip link's second press is the browser's, as the first.
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    for _ in range(2):
        page.locator(".skip-link").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.id === 'main'")
    guard.check()


def test_continue_brings_the_next_lesson_right_under_the_outline_bar(site, new_page):
    # The bar's height was added twice (a margin on each target and a padding on the scroller): the
    # lesson came 104 px down the phone's screen, under a 59 px gap, instead of just below the bar.
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    press_continue(page)
    gap = page.evaluate("""() => document.querySelector('.lesson.is-current').getBoundingClientRect().top
        - document.querySelector('.outline').getBoundingClientRect().bottom""")
    assert 0 <= gap <= 12, f"the lesson starts {gap} px below the bar"
    guard.check()


@pytest.mark.parametrize("edition", ["site", "single file"])
def test_a_link_to_a_heading_of_the_same_module_shows_the_lesson_that_holds_it(site, single_file, new_page, edition):
    # Written `[…](#как-это-звучит)`, it pointed at no id (a heading's id carries its module's prefix),
    # and in the single file a hash that names no element led to the course's home page.
    page, guard = open_edition(site, single_file, new_page, edition, "#listening--lesson-2")
    wait_for_step(page, "#listening--lesson-2")
    page.get_by_role("link", name="пример отражения").click()
    heading = page.locator('[id="listening--как-это-звучит"]')
    page.wait_for_function("() => decodeURIComponent(location.hash) === '#listening--как-это-звучит'")
    page.wait_for_function("() => document.querySelector('.lesson.is-current').id === 'listening--lesson-1'")
    assert heading.is_visible() and heading.inner_text() == "Как это звучит"
    assert heading.bounding_box()["y"] >= page.locator(".outline").bounding_box()["height"], "not under the bar"
    guard.check()


def test_without_javascript_the_whole_module_and_its_quiz_are_visible(site, new_page):
    page, _ = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    assert visible_steps(page) == ["listening--lesson-1", "listening--lesson-2", "quiz-q-listening"]
    assert re.fullmatch(r"Модуль 1 из 2 · урок 2 из 2 · ≈ \d+ мин", page.locator(".lesson__meta").nth(1).inner_text())


def test_printing_a_module_prints_every_lesson_and_its_sources(site, new_page):
    page, _ = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert visible_steps(page) == ["listening--lesson-1", "listening--lesson-2", "quiz-q-listening"]
    assert page.locator(".references__list").is_visible()
    assert not page.locator(".lesson__next").first.is_visible()


def test_the_outline_drawer_opens_on_the_current_lesson_and_escape_closes_it(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html#listening--lesson-2")
    wait_ready(page)
    summary = page.locator(".outline__toggle")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".outline__panel").is_visible()
    # The details element's toggle event, which moves focus, comes after the key press.
    page.wait_for_function("() => document.activeElement.getAttribute('data-lesson-link') === 'listening--lesson-2'")
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "location"
    assert summary.inner_text() == "Закрыть содержание"
    page.keyboard.press("Escape")
    assert not page.locator(".outline__panel").is_visible()
    assert page.evaluate("document.activeElement.className") == "outline__toggle"
    wait_for_outline(page, False, "Содержание")  # the label changes on the toggle event, after Escape returns
    guard.check()


def test_on_a_wide_screen_the_outline_is_a_sidebar_with_progress(site, new_page):
    page, guard = new_page(viewport=DESKTOP)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert page.locator(".outline__panel").is_visible() and not page.locator(".outline__toggle").is_visible()
    box = page.locator(".outline").bounding_box()
    assert box["x"] == 0 and box["width"] < 400  # beside the text, not above it
    assert page.locator(".module-steps").count() == 0  # the outline lists the lessons (a per-module SCO's own list)
    assert page.locator(".outline__progress").inner_text() == "Пройдено уроков: 0 из 3"
    read_through_lessons(page)
    assert page.locator(".outline__progress").inner_text() == "Пройдено уроков: 2 из 3"
    assert page.locator('[data-lesson-link="listening--lesson-1"] .outline__done').inner_text() == " (пройден)"
    guard.check()


def read_to_the_middle_of_lesson_2(page) -> int:
    """Scroll to the middle of the listening module's lesson 2 and wait until the place is in the
    runtime's state; return the scroll position."""
    lesson = page.locator("#listening--lesson-2")
    top = page.evaluate("document.getElementById('listening--lesson-2').getBoundingClientRect().top + scrollY")
    target = int(top + lesson.bounding_box()["height"] / 2)
    page.evaluate("(y) => window.scrollTo(0, y)", target)
    page.wait_for_function("() => /^2\\.1\\.1\\.[1-9]/.test(CourseRuntime.state().n || '')")  # the place is in the state
    return target


def test_a_reload_resumes_at_the_same_lesson_and_place(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    press_continue(page)
    target = read_to_the_middle_of_lesson_2(page)
    page.goto(site.url + "/index.html")  # leaving the page saves
    wait_ready(page)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert visible_steps(page) == ["listening--lesson-2"]
    assert abs(page.evaluate("scrollY") - target) < 40
    guard.check()


def test_an_old_saved_state_without_the_lesson_record_still_loads(site, new_page):
    # Written from a page without a runtime: a page with one saves its own state as it goes away,
    # over the one a test has just put there.
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    old = {"v": page.evaluate("CourseRuntime.data.sv"), "s": "1", "l": 0, "q": {}}
    write_state(page, site, old)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert visible_steps(page) == ["listening--lesson-1"]
    assert state(page)["s"] == "3", "the old record is kept (the home page seen) and this page added"
    write_state(page, site, dict(old, n="9.x.y"))
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert visible_steps(page) == ["listening--lesson-1"]  # a record of another version is ignored, not misread
    assert state(page)["s"] == "3"
    guard.check()


def test_citation_markers_are_links_the_keyboard_reaches_and_open_the_grouped_sources(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert page.evaluate("[...document.querySelectorAll('.cite a')].every(a => a.tabIndex === 0)")
    assert page.locator(".references__source").count() == 1  # one entry per document
    assert page.locator(".references__details").get_attribute("open") is None
    page.locator(".cite a").first.click()
    page.wait_for_function("() => document.querySelector('.references__details').open")  # opened on hashchange, a task
    assert page.locator(".references__range").first.is_visible()
    guard.check()


def test_tab_presses_from_the_last_lesson_to_the_first_quiz_control_are_few(site, new_page):
    for viewport in (PHONE, DESKTOP):
        page, _ = new_page(viewport=viewport)
        page.goto(site.url + "/01-listening.html#listening--lesson-2")
        wait_ready(page)
        assert tabs_to_first_quiz_control(page) <= 15


def tabs_to_first_quiz_control(page, limit: int = 400) -> int:
    """Tab presses from a lesson's heading to the first control of the module's quiz, pressing
    Enter on the Continue control when Tab reaches it (as a learner would). The text's citation
    markers are not counted: they are the lesson's own links (one per sourced sentence, 22 in the
    bundled course's longest last lesson), not controls put between the learner and the quiz."""
    page.locator(".lesson.is-current").locator("h2, h3, h4").first.focus()
    presses = 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.matches('.cite a')"):
            presses += 1
        if page.evaluate("document.activeElement.matches('[data-lesson-next]')"):
            press_continue(page, "Enter")
        elif page.evaluate("document.activeElement.matches('.module > .quiz input, .module > .quiz select, .module > .quiz button')"):
            return presses
    raise AssertionError("never reached the quiz with Tab")


def test_the_single_file_skip_link_stays_on_the_page_and_back_returns_to_the_place(single_file, new_page):
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True, viewport=PHONE)
    page.goto(single_file.as_uri() + "#01-listening")
    wait_ready(page)
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    assert page.locator('section.page[data-page="01-listening"]').is_visible()
    assert page.evaluate("document.activeElement.id") == "main"
    citation = page.locator(".lesson.is-current .cite a").last
    citation.scroll_into_view_if_needed()
    place = page.evaluate("scrollY")
    assert place > 0
    citation.click()  # to the module's sources, further down the same page
    assert page.evaluate("scrollY") != place
    page.go_back()
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 5", arg=place)  # restored on hashchange, a task
    assert visible_steps(page) == ["listening--lesson-1"]
    press_continue(page)
    page.locator(".lesson.is-current .reflect__answer summary").click()
    term = page.locator(".lesson.is-current a.term").first
    # In the middle of the screen, as a learner taps it: Playwright's own scroll may leave it under the
    # outline's sticky bar, from where the focus it gets back would scroll it clear (course.css).
    term.evaluate("(t) => t.scrollIntoView({ block: 'center' })")
    place = page.evaluate("scrollY")
    term.click()  # a glossary term: its definition opens in place, with a link to the glossary page
    page.locator(".term-popover__more").click()
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"glossary\"]').hidden")
    page.go_back()
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"01-listening\"]').hidden")
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 5", arg=place)
    assert visible_steps(page) == ["listening--lesson-2"]
    guard.check()


def test_landmarks_are_unique_on_every_page_of_the_single_file(single_file, new_page):
    page, _ = new_page(allowed=(single_file.as_uri(),), offline=True)
    page.goto(single_file.as_uri())
    wait_ready(page)
    for page_id in page.evaluate("CourseRuntime.data.pages.map(p => p.id)"):
        page.evaluate("(id) => { location.hash = id; }", page_id)
        page.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)
        names = page.evaluate("""() => [...document.querySelectorAll('nav, main, aside, header, footer, [role=region], section[aria-label], section[aria-labelledby]')]
            .filter(n => n.offsetParent !== null || n.tagName === 'MAIN')
            .map(n => n.tagName + ':' + (n.getAttribute('aria-label') || (n.getAttribute('aria-labelledby') && document.getElementById(n.getAttribute('aria-labelledby')).textContent) || ''))""")
        assert len(names) == len(set(names)), (page_id, names)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_home_pages_module_cards_count_the_lessons_done(site, new_page, viewport):
    page, guard = new_page(viewport=viewport)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    first, second = (page.locator(f'[data-module-card="{slug}"] [data-module-lessons]') for slug in ("01-listening", "02-questions"))
    assert first.inner_text() == "уроков: 0 из 2" and second.inner_text() == "уроков: 0 из 1"
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    read_through_lessons(page)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert first.inner_text() == "уроков: 2 из 2" and second.inner_text() == "уроков: 0 из 1"
    assert first.locator("xpath=..").inner_text().endswith(" · уроков: 2 из 2")
    guard.check()


def test_a_site_page_lists_its_own_lessons_and_the_course_data_numbers_every_lesson(site, new_page):
    # A site page's outline lists every module but only its own lessons; a lesson's bit in the
    # learner record is its place in the whole course, as when every page listed every lesson.
    page, guard = new_page(viewport=DESKTOP)
    page.goto(site.url + "/02-questions.html")
    wait_ready(page)
    links = page.locator(".outline [data-lesson-link]")
    assert [links.nth(i).get_attribute("data-lesson-link") for i in range(links.count())] == ["questions--lesson-1"]
    assert page.locator(".outline [data-outline-module]").count() == 2
    read_through_lessons(page)
    assert page.evaluate("() => CourseRuntime.nav.record().done") == "4", "the third lesson of the course: bit 2"
    assert page.locator(".outline__progress").inner_text() == "Пройдено уроков: 1 из 3"
    page.goto(site.url + "/index.html")
    wait_ready(page)
    first, second = (page.locator(f'[data-module-card="{slug}"] [data-module-lessons]') for slug in ("01-listening", "02-questions"))
    assert first.inner_text() == "уроков: 0 из 2" and second.inner_text() == "уроков: 1 из 1"
    assert page.locator(".outline [data-lesson-link]").count() == 0, "the home page lists modules only"
    guard.check()


def test_on_a_phone_the_drawer_opened_at_the_top_of_a_page_leaves_its_close_button_in_reach(site, new_page):
    # At the top of a site page the header sits above the outline's bar: a drawer opened from a
    # fixed height covered the bar, so a touch screen had no way to close it but to follow a link.
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert page.evaluate("() => window.scrollY") == 0
    toggle = page.locator(".outline__toggle")
    toggle.click()
    wait_for_outline(page, True, "Закрыть содержание")
    box = toggle.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('summary') !== null",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top, "the close button is not under the drawer"
    panel = page.locator(".outline__panel").bounding_box()
    assert panel["y"] >= box["y"] + box["height"] - 1
    toggle.click()
    wait_for_outline(page, False, "Содержание")
    guard.check()


def test_at_320_px_the_drawer_stays_under_its_bar_as_the_page_scrolls_and_each_entry_is_44_px(site, new_page):
    # Opened at the top of a page and the page scrolled: the bar went to the top of the screen, the
    # drawer stayed 187 px down, the page showing between them; its one-line entries were 18 px tall.
    page, guard = new_page(viewport={"width": 320, "height": 640})
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    toggle = page.locator(".outline__toggle")
    toggle.click()
    wait_for_outline(page, True, "Закрыть содержание")
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => window.scrollY > 0")
    page.wait_for_function("""() => Math.abs(document.querySelector('.outline__panel').getBoundingClientRect().top
        - document.querySelector('.outline__toggle').getBoundingClientRect().bottom) < 1""")
    heights = page.evaluate("[...document.querySelectorAll('.outline__panel a')].map((a) => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights
    guard.check()


def test_each_lesson_and_the_quiz_lead_back_to_the_lesson_before(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    assert page.locator(".lesson.is-current [data-lesson-prev]").count() == 0  # the first lesson has none
    press_continue(page)
    press_continue(page)
    back = page.locator(".quiz.is-current [data-lesson-prev]")
    assert back.inner_text() == "Назад: Попробуйте сами"
    back.click()
    wait_for_step(page, "#listening--lesson-2")
    page.locator(".lesson.is-current [data-lesson-prev]").click()
    wait_for_step(page, "#listening--lesson-1")
    assert page.locator(".objectives").is_visible()
    guard.check()


def test_a_reload_in_a_quiz_begun_opens_at_the_question_to_answer_next(site, new_page):
    # The place was a share of the quiz step's height, which changes as the answers come back with
    # their feedback: a learner on a phone came back at an earlier question's feedback (phone audit).
    # In a quiz begun the place is now the question to answer next, whatever the heights.
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    choose(page, "listen-q1", "a")
    check(page, "listen-q1")
    choose(page, "listen-q2", "a", "b")
    check(page, "listen-q2")
    question(page, "listen-q3").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")  # read on a little past it
    page.wait_for_function("() => +(CourseRuntime.state().n || '').split('.')[3] > 0")  # the place is in the state
    page.goto(site.url + "/index.html")  # leaving the page saves
    wait_ready(page)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    top = page.evaluate("document.getElementById('listen-q3').getBoundingClientRect().top")
    assert 0 <= top < 120, top
    guard.check()


def test_the_single_files_continue_returns_to_the_place_in_the_lesson(single_file, new_page):
    # «Продолжить» on the home page links to the module's section: the page scrolled to its top, the
    # place the learner had read to in the lesson (saved) was not restored, as a site page restores it.
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True, viewport=PHONE)
    page.goto(single_file.as_uri() + "#01-listening")
    wait_ready(page)
    press_continue(page)
    target = read_to_the_middle_of_lesson_2(page)
    page.goto(single_file.as_uri() + "#index")
    page.reload()  # the learner comes back another day
    wait_ready(page)
    # reopened, the home page's way in is the offer's «Продолжить» (its own link stands back meanwhile)
    assert page.locator("[data-resume-link]").is_hidden()
    page.locator("[data-resume-yes]").click()
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"01-listening\"]').hidden")
    assert visible_steps(page) == ["listening--lesson-2"]
    assert page.locator(".resume-banner").count() == 0, "the offer to resume, taken up, is gone"
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 40", arg=target)
    guard.check()


def test_another_page_opens_at_its_top_not_at_the_place_read_to_on_the_page_before(site, new_page):
    page, guard = new_page(viewport=PHONE)
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.evaluate("window.scrollTo(0, 600)")
    page.wait_for_function("() => /^2\\.1\\.0\\.[1-9]/.test(CourseRuntime.state().n || '')")  # the place is saved
    page.goto(site.url + "/02-questions.html")
    wait_ready(page)  # (the runtime routes, and would restore a place, before it is ready)
    assert page.evaluate("scrollY") == 0
    guard.check()


@pytest.mark.parametrize("edition", ["site", "single file"])
def test_the_window_title_names_the_lesson_shown(site, single_file, new_page, edition):
    # A module page shows one lesson at a time; its title named only the module (WCAG 2.4.2), so a
    # tab, a history entry or a screen reader's window list could not tell lesson 1 from the quiz.
    page, guard = open_edition(site, single_file, new_page, edition, "" if edition == "site" else "#listening--lesson-1")
    page.wait_for_function("() => document.querySelector('#listening--lesson-1.is-current')")
    # the first lesson's heading, as «Содержание» names it (the sample's «# Активное слушание» is left out)
    assert page.title() == "Как это звучит — Активное слушание — Пример курса"
    press_continue(page)
    assert page.title() == "Попробуйте сами — Активное слушание — Пример курса"
    press_continue(page)
    assert page.title() == "Проверьте себя — Активное слушание — Пример курса"
    page.go_back()
    wait_for_step(page, "#listening--lesson-2")
    assert page.title() == "Попробуйте сами — Активное слушание — Пример курса"
    guard.check()


def test_a_table_wider_than_the_screen_shows_a_shadow_at_the_edge_it_continues_past(site, new_page):
    # At 375 px module 6's scale table went on to the right with no sign of it. The wrap's covers
    # scroll with the content and its shadows stay at the edges (the CSS scroll-shadow technique).
    # (On a phone every table of two columns or more is now a card per row: the shadow is for a
    # table of many columns on a wider screen.)
    page, guard = new_page(viewport={"width": 800, "height": 700})
    page.goto(site.url + "/02-questions.html")
    wait_ready(page)
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.table-wrap'));
        return [s.backgroundAttachment, (s.backgroundImage.match(/gradient/g) || []).length, s.overflowX]; }""")
    assert style == ["local, local, scroll, scroll", 4, "auto"]
    guard.check()
