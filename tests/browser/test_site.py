"""The HTML site in Chromium: navigation, quizzes, progress, keyboard, no outside requests, axe."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import check, choose, press_continue, question, read_through_lessons, state, submit, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture
def site(sample_dist, serve):
    return serve(sample_dist / "site")


def test_navigation_from_home_through_every_page(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator("h1").inner_text() == "Пример курса"
    page.get_by_role("link", name="Начать курс").click()
    wait_ready(page)
    assert page.locator("h1").inner_text() == "Активное слушание"
    titles = []
    while page.locator("a[rel=next]").count():
        read_through_lessons(page)  # the pager to the next module comes with a module's last step
        page.locator("a[rel=next]").click()
        wait_ready(page)
        titles.append(page.locator("h1").inner_text())
    assert titles == ["Открытые и закрытые вопросы", "Итоговый тест", "Глоссарий"]
    page.locator("a.topbar__title").click()
    wait_ready(page)
    assert page.locator('[data-status="01-listening"]').inner_text() == "Просмотрен"
    guard.check()


def test_quiz_right_and_wrong_answers_score_and_feedback(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    choose(page, "listen-q1", "b")
    feedback = check(page, "listen-q1")
    assert "Неверно" in feedback and "Совет без понимания запроса редко помогает." in feedback
    assert "Консультант отражает сказанное своими словами" in feedback  # the explanation
    choose(page, "listen-q2", "a", "b")
    assert check(page, "listen-q2").splitlines()[0] == "Верно"  # both right options, no wrong one: full credit
    choose(page, "listen-q3", "t")
    assert "Верно" in check(page, "listen-q3")
    scenario = question(page, "listen-q4")
    scenario.locator(".scenario__choice").first.click()
    scenario.locator(".scenario__step").nth(1).locator(".scenario__choice").first.click()
    assert "Конец сценария" in scenario.inner_text()
    submit(page, "q-listening")
    result = page.locator('[data-quiz="q-listening"] [data-result]').inner_text()
    # 0 + 1 + 1 + 3 (best scenario path) of 6 points
    assert "Тест сдан" in result and "83\u00a0%" in result and "5 из 6" in result
    guard.check()


def check_text(page, qid):
    return question(page, qid).locator("[data-feedback]").inner_text()


def test_every_question_type_scores(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/02-questions.html")
    wait_ready(page)
    question(page, "quest-q1").locator("#quest-q1-input").fill("  Открытый  вопрос! ")
    assert "Верно" in check(page, "quest-q1")
    q2 = question(page, "quest-q2")
    q2.locator(".match").nth(0).get_by_label("открытый", exact=True).check()
    q2.locator(".match").nth(1).get_by_label("риторический", exact=True).check()
    feedback = check(page, "quest-q2")
    assert "Неверно" in feedback and "«Вам больно?» — закрытый" in feedback
    q3 = question(page, "quest-q3")
    wanted = ["Приветствие", "Открытый вопрос", "Отражение", "Подведение итогов"]
    for target, text in enumerate(wanted):
        while q3.locator(".order-item__text").nth(target).inner_text() != text:
            q3.locator(".order-item", has_text=text).locator("[data-move='-1']").click()
    assert "Верно" in check(page, "quest-q3")
    question(page, "quest-q4").locator("#quest-q4-input").fill("20")
    assert "Верно" in check(page, "quest-q4")
    submit(page, "q-questions")
    assert "75\u00a0%" in page.locator('[data-quiz="q-questions"] [data-result]').inner_text()
    guard.check()


def test_progress_and_answers_survive_a_reload(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    choose(page, "listen-q1", "a")
    check(page, "listen-q1")
    before = state(page)
    page.reload()
    wait_ready(page)
    assert question(page, "listen-q1").locator('input[value="a"]').is_checked()
    assert question(page, "listen-q1").locator('input[value="a"]').is_disabled()
    assert "Верно" in check_text(page, "listen-q1")
    assert state(page)["q"] == before["q"]
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator('[data-status="01-listening"]').inner_text() == "Просмотрен"
    assert "Активное слушание" in page.locator("[data-resume-link]").inner_text()
    guard.check()


def test_continue_leads_past_a_module_whose_quiz_is_passed(site, new_page):
    # With module 1's quiz passed, «Продолжить с места, где вы остановились» still led back to it,
    # under a «Начать курс» that no longer meant anything.
    from test_lms import play_quiz

    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    play_quiz(page, "q-listening")
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator('[data-status="01-listening"]').inner_text() == "Тест сдан (100\u00a0%)"
    link = page.locator("[data-resume-link]")
    assert link.inner_text() == "Продолжить: Открытые и закрытые вопросы"
    assert link.get_attribute("href") == "02-questions.html" and page.locator("[data-start]").is_hidden()
    guard.check()


def test_a_passed_module_quiz_leads_on_to_the_next_module_first(site, new_page):
    # The way on was the page's pager alone, under the completion rule's list of eleven modules and
    # the sources: under the result stood only «Пройти ещё раз» and «Назад: …».
    from test_lms import play_quiz

    page, guard = new_page(viewport={"width": 375, "height": 800})
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    quiz = page.locator('[data-quiz="q-listening"]')
    onward = quiz.locator("[data-quiz-next]")
    assert onward.count() == 1 and onward.is_hidden(), "not before the quiz is passed"
    play_quiz(page, "q-listening")
    assert onward.is_visible() and onward.inner_text() == "Далее: Открытые и закрытые вопросы"
    assert onward.get_attribute("href") == "02-questions.html"
    actions = quiz.locator(".quiz__actions > :visible").evaluate_all("(nodes) => nodes.map((n) => n.textContent.trim())")
    assert actions[0] == "Далее: Открытые и закрытые вопросы", actions
    page.reload()  # and still there when the page is opened again
    wait_ready(page)
    page.locator('[data-quiz="q-listening"] [data-quiz-next]').wait_for(state="visible")
    guard.check()


def test_a_course_with_every_step_finished_offers_no_way_in_but_its_record(sample_dist, new_page):
    from test_lms import go, play_whole_course

    single_file = next(sample_dist.glob("*.html"))
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True)
    page.goto(single_file.as_uri())
    wait_ready(page)
    play_whole_course(page)
    go(page, "index")
    assert page.locator("[data-completion]").is_visible()
    assert page.locator("[data-resume]").is_hidden() and page.locator("[data-start]").is_hidden()
    page.goto("about:blank")
    page.goto(single_file.as_uri())  # reopened: nothing is left to go on to; the page open last is
    wait_ready(page)
    assert page.locator(".resume-banner p").inner_text() == "Вы прошли этот курс. Последней была открыта страница «Глоссарий»."
    assert page.locator("[data-resume]").is_hidden() and page.locator("[data-start]").is_hidden()
    guard.check()


def test_final_quiz_draws_the_same_questions_after_reload(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/final.html")
    wait_ready(page)
    shown = page.locator('[data-quiz="q-final"] li.question:not([hidden])')
    assert shown.count() == 4
    first = [shown.nth(i).get_attribute("data-q") for i in range(4)]
    objectives = page.evaluate("(ids) => ids.map((id) => CourseRuntime.data.questions[id].obj)", first)
    assert set(objectives) == {"listen-o1", "listen-o2", "quest-o1"}, "the draw is stratified by objective"
    page.reload()
    wait_ready(page)
    assert [shown.nth(i).get_attribute("data-q") for i in range(4)] == first
    guard.check()


def test_a_module_can_be_completed_with_the_keyboard_alone(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")

    def tab_to(selector: str, limit: int = 200) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"never reached {selector} with Tab")

    while page.locator(".lesson.is-current [data-lesson-next]").count():  # lesson by lesson, then the quiz
        tab_to(".lesson.is-current [data-lesson-next]")
        press_continue(page, "Enter")
    tab_to("#listen-q1-a")
    page.keyboard.press("Space")
    tab_to('li[data-q="listen-q1"] [data-check-answer]')
    page.keyboard.press("Enter")
    tab_to("#listen-q2-a")
    page.keyboard.press("Space")
    tab_to("#listen-q2-b")
    page.keyboard.press("Space")
    tab_to('li[data-q="listen-q2"] [data-check-answer]')
    page.keyboard.press("Enter")
    tab_to("#listen-q3-t")
    page.keyboard.press("Space")
    tab_to('li[data-q="listen-q3"] [data-check-answer]')
    page.keyboard.press("Enter")
    tab_to('li[data-q="listen-q4"] .scenario__choice')
    page.keyboard.press("Enter")
    tab_to('li[data-q="listen-q4"] .scenario__step:nth-child(2) .scenario__choice')
    page.keyboard.press("Enter")
    tab_to('[data-quiz="q-listening"] [data-submit]')
    page.keyboard.press("Enter")
    assert "Тест сдан" in page.locator('[data-quiz="q-listening"] [data-result]').inner_text()
    assert state(page)["q"]["0"]["ok"] == 1
    guard.check()


def test_no_request_leaves_the_site(site, new_page):
    page, guard = new_page(allowed=(site.url,))
    for name in ("index", "01-listening", "02-questions", "final", "glossary"):
        page.goto(f"{site.url}/{name}.html")
        wait_ready(page)
        # The browser asks for /favicon.ico itself (outside the page's requests) unless a page names
        # its icon: a 404 in the server's log for every visit. The icon is inside the page.
        assert page.locator('link[rel="icon"]').get_attribute("href").startswith("data:"), name
    guard.check()
    assert all(url.startswith(site.url) for url in guard.requests)
    assert site.missing == []


def test_pages_are_readable_without_javascript(site, new_page):
    page, _ = new_page(java_script_enabled=False)
    page.goto(site.url + "/01-listening.html")
    assert page.locator("h1").inner_text() == "Активное слушание"
    assert page.get_by_text("Пауза в 3 секунды").is_visible()
    assert page.locator("noscript").count() == 1
    assert page.locator("li.question").count() == 4


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["index", "01-listening", "02-questions", "final", "glossary"])
def test_axe_finds_no_violations(site, new_page, name, scheme):
    page, _ = new_page(color_scheme=scheme)
    page.goto(f"{site.url}/{name}.html")
    wait_ready(page)
    if name == "01-listening":  # a quiz with feedback showing, too
        choose(page, "listen-q1", "b")
        check(page, "listen-q1")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_horizontal_scrolling_at_320_px(site, new_page):
    page, _ = new_page(viewport={"width": 320, "height": 640})
    for name in ("index", "01-listening", "02-questions"):
        page.goto(f"{site.url}/{name}.html")
        wait_ready(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320 px"


def test_pages_print_without_navigation_buttons_or_answers(site, new_page):
    page, _ = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    choose(page, "listen-q1", "a")
    check(page, "listen-q1")
    page.emulate_media(media="print")
    for selector in (".topbar", ".outline", ".pager", '[data-check-answer]', ".q__feedback", ".reflect__answer", ".check"):
        assert all(not el.is_visible() for el in page.locator(selector).all()), selector
    assert page.locator(".module__body").is_visible()


def stale_site(sample_dist, tmp_path, data_js):
    """A copy of the site whose runtime/course-data.js is `data_js(original)` (None: deleted)."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(sample_dist / "site", site)
    data = site / "runtime" / "course-data.js"
    changed = data_js(data.read_text())
    if changed is None:
        data.unlink()
    else:
        data.write_text(changed)
    return site


def test_a_course_data_file_from_another_version_is_reloaded_once_then_the_page_works(sample_dist, serve, new_page, tmp_path):
    # As after a republish, when the browser keeps the old data file: here it never revalidates,
    # so the page reloads once, then carries on with the data it has instead of looping.
    site = stale_site(sample_dist, tmp_path, lambda js: re.sub(r'"dv":"[0-9a-f]+"', '"dv":"0000"', js, count=1))
    server = serve(site)
    page, guard = new_page(allowed=(server.url,))
    page.goto(server.url + "/01-listening.html")
    # The runtime is ready only once it has decided not to reload, and the document has loaded:
    # no reload can follow, so the count of page requests is final.
    page.wait_for_function("() => window.CourseRuntime && CourseRuntime.ready === true && document.readyState === 'complete'")
    assert [u for u in guard.requests if u.endswith("/01-listening.html")] == [server.url + "/01-listening.html"] * 2
    assert page.evaluate("CourseRuntime.data.pages.length") == 5  # the runtime started on the merged data
    guard.check()


def test_a_missing_course_data_file_leaves_the_page_readable(sample_dist, serve, new_page, tmp_path):
    server = serve(stale_site(sample_dist, tmp_path, lambda js: None))
    page, guard = new_page(allowed=(server.url,))
    page.goto(server.url + "/01-listening.html")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Активное слушание"
    assert page.evaluate("!window.CourseRuntime || !window.CourseRuntime.ready")
    assert not [e for e in guard.errors if "Failed to load resource" not in e]


def test_the_way_into_the_course_comes_before_the_facts_and_the_rule(site, new_page):
    # On a phone «Начать курс» sat 2.5 screens down, below the facts and the rule's list of the twelve
    # modules not yet opened.
    page, guard = new_page(viewport={"width": 375, "height": 667})
    page.goto(site.url + "/index.html")
    wait_ready(page)
    order = page.evaluate("""() => ['[data-start] a', '.facts', '[data-completion-rule]', '.module-list']
        .map((s) => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)
    assert order[0] + 44 <= 667, "in the first screen"
    guard.check()
