"""Completion and the certificate in Chromium: the rule stated, what is missing named, the
certificate's content and its verification code, and «Начать сначала» after a confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from helpers import CONTINUE, press_continue, state, submit, wait_ready
from test_bundled_course import bundled_dist  # noqa: F401 (a fixture)
from test_lms import answer, play_quiz

pytestmark = pytest.mark.browser

RULE = "Чтобы завершить курс: откройте все модули и сдайте «Итоговый тест» (нужно набрать 70\u00a0% баллов)."
DAY = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def site(sample_dist, serve):
    return serve(sample_dist / "site")


def pass_final(page, site) -> None:
    """Open the final and answer every drawn question rightly, then submit."""
    page.goto(site.url + "/final.html")
    wait_ready(page)
    shown = page.locator('[data-quiz="q-final"] li.question:not([hidden])')
    for qid in [shown.nth(i).get_attribute("data-q") for i in range(shown.count())]:
        answer(page.main_frame, qid, True, "q-final")
    submit(page, "q-final")


def test_passing_the_final_without_every_module_names_the_modules_missing(site, new_page):
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    pass_final(page, site)
    result_rule = page.locator('[data-quiz="q-final"] [data-completion-rule]')
    assert RULE in result_rule.inner_text()
    assert result_rule.locator("[data-completion-missing]").inner_text() == "Ещё не открыт модуль: 2. Открытые и закрытые вопросы."
    assert not result_rule.locator("[data-to-certificate]").is_visible()
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator(".home > [data-completion-rule]").inner_text().startswith(RULE)
    missing = page.locator(".home > [data-completion-rule] [data-completion-missing] a")
    assert missing.inner_text() == "2. Открытые и закрытые вопросы" and missing.get_attribute("href") == "02-questions.html"
    assert page.locator("[data-completion-state]").inner_text() == "Курс ещё не пройден"
    guard.check()


def test_before_any_module_is_opened_the_home_page_says_so_in_one_sentence(site, new_page):
    # It listed every module as a link (twelve in the bundled course) above the module list itself: a
    # screenful on a phone, and a dozen stops for the keyboard before the first module's card.
    page, guard = new_page(viewport={"width": 375, "height": 812})
    page.goto(site.url + "/index.html")
    wait_ready(page)
    missing = page.locator(".home > [data-completion-rule] [data-completion-missing]")
    assert missing.locator("p").first.inner_text() == "Ни один модуль ещё не открыт: начните с первого."
    assert missing.locator("a").count() == 1  # the final alone: «Ещё не сдан: «Итоговый тест»»
    page.goto(site.url + "/01-listening.html")
    wait_ready(page)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert missing.locator("p").first.inner_text() == "Ещё не открыт модуль: 2. Открытые и закрытые вопросы."
    guard.check()


def test_a_completed_course_links_to_a_certificate_with_hours_date_result_and_a_code_that_checks(site, new_page):
    page, guard = new_page()
    page.clock.set_fixed_time(DAY)
    for name in ("01-listening", "02-questions"):
        page.goto(f"{site.url}/{name}.html")
        wait_ready(page)
    pass_final(page, site)
    link = page.locator('[data-quiz="q-final"] [data-to-certificate] a')
    assert link.is_visible() and link.inner_text() == "Получить свидетельство"
    link.click()
    wait_ready(page)
    assert page.locator("[data-completion-state]").inner_text() == "Курс пройден"
    page.locator("#learner-name").fill("Анна Петрова")
    page.get_by_role("button", name="Сформировать свидетельство").click()
    assert page.evaluate("document.activeElement.textContent") == "Свидетельство о прохождении"
    lines = page.locator("[data-certificate]").inner_text().splitlines()
    assert "Анна Петрова" in lines and "Пример курса" in lines
    assert "Объём: 0,5 часа" in lines  # duration_minutes: 30
    assert "Дата: 5 декабря 2026 г." in lines
    assert "Итоговый тест: 100\u00a0%" in lines and not any(line.startswith("Проверьте себя") for line in lines)
    assert "Выдано организацией: ______________________________" in lines  # no organisation set: a line to fill in
    code = next(line for line in lines if line.startswith("Код проверки: ")).split(": ")[1]
    assert any("не доказывает, кто проходил курс" in line for line in lines)
    page.set_viewport_size({"width": 320, "height": 700})  # the narrowest phone: the code stays one piece
    assert page.locator(".certificate__code").inner_text() == code
    assert page.evaluate("() => document.querySelector('.certificate__code').getClientRects().length") == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    verify(page, "Анна Петрова", "5 декабря 2026 г.", "100", code)
    assert page.locator("[data-verify-result]").inner_text().startswith("Код совпадает")
    verify(page, "Анна Петрович", "5 декабря 2026 г.", "100", code)
    assert page.locator("[data-verify-result]").inner_text().startswith("Код не совпадает")
    guard.check()


def verify(page, name: str, date: str, result: str, code: str) -> None:
    """Check a printed record's code in the home page's verification form."""
    if page.locator(".verify").get_attribute("open") is None:
        page.locator(".verify summary").click()
    page.locator("#verify-name").fill(name)
    page.locator("#verify-date").fill(date)
    page.locator("#verify-results").fill(result)
    page.locator("#verify-code").fill(code)
    page.get_by_role("button", name="Проверить код").click()


def test_starting_over_asks_first_then_clears_the_reading_but_keeps_quiz_records(site, new_page):
    page, guard = new_page()
    for name in ("01-listening", "02-questions"):
        page.goto(f"{site.url}/{name}.html")
        wait_ready(page)
    pass_final(page, site)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    before = state(page)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".completion [data-restart]").click()
    assert state(page) == before  # cancelled: nothing changes
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".completion [data-restart]").click()
    page.wait_for_url("**/01-listening.html")
    wait_ready(page)
    after = state(page)
    assert after["s"] == "2" and after["l"] == 1  # only the page now open is read
    final = str(page.evaluate("Object.keys(CourseRuntime.data.quizzes).indexOf('q-final')"))
    assert after["q"][final]["ok"] == 1 and after["q"][final]["n"] == before["q"][final]["n"]
    assert page.locator(".lesson.is-current").get_attribute("id") == "listening--lesson-1"
    # The course stays completed (its record of completion with it): starting over is for reading again.
    assert after["c"] == 1
    page.goto(site.url + "/index.html")
    wait_ready(page)
    expect(page.locator("[data-completion-form]")).to_be_visible()
    expect(page.locator("[data-completion-missing]").first).to_be_hidden()
    guard.check()


def test_starting_over_in_the_single_file_shows_the_first_lesson_without_a_reload(sample_dist, new_page):
    single = next(sample_dist.glob("*.html"))
    page, guard = new_page(allowed=(single.as_uri(),), offline=True)
    page.goto(single.as_uri() + "#listening--lesson-2")
    wait_ready(page)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    page.evaluate("location.hash = 'index'")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".completion [data-restart]").click()
    page.wait_for_function("() => !document.querySelector('section.page[data-page=\"01-listening\"]').hidden")
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator(".lesson.is-current").get_attribute("id") == "listening--lesson-1"
    assert page.locator(".outline__progress").inner_text() == "Пройдено уроков: 0 из 3"
    guard.check()


def site_with_rule(folder, rule: str):
    """The sample course's site with `modules_seen: all` replaced by `rule` (course.yml lines)."""
    import shutil

    from builder.build import build
    from conftest import SAMPLE

    root = folder / "course"
    shutil.copytree(SAMPLE, root)
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("modules_seen: all", rule), encoding="utf-8")
    build(root, root / "dist", ["html"])
    return root / "dist" / "site"


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory):
    """The sample course with a rule that asks for every lesson of every module read to its end."""
    return site_with_rule(tmp_path_factory.mktemp("reading"), "modules_seen: all\n  modules_read: all")


def test_a_module_to_read_that_was_never_opened_is_named_as_not_opened(tmp_path, serve, new_page):
    site = serve(site_with_rule(tmp_path, "modules_seen: [listening]\n  modules_read: [questions]"))
    page, guard = new_page()
    page.goto(site.url + "/01-listening.html")  # (with none opened, the home page says so in one sentence)
    wait_ready(page)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    missing = page.locator(".home > [data-completion-rule] [data-completion-missing]")
    assert "Ещё не открыт модуль: 2. Открытые и закрытые вопросы." in missing.inner_text()
    guard.check()


def test_a_rule_that_asks_for_every_lesson_read_completes_once_the_lessons_are_read(reading_site, serve, new_page):
    site = serve(reading_site)
    page, guard = new_page(viewport={"width": 375, "height": 700})
    page.goto(site.url + "/01-listening.html")  # its first lesson only
    wait_ready(page)
    page.goto(site.url + "/02-questions.html")
    wait_ready(page)
    pass_final(page, site)
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator(".home > [data-completion-rule] p").first.inner_text() == (
        "Чтобы завершить курс: прочитайте до конца все уроки каждого модуля и сдайте «Итоговый тест» "
        "(нужно набрать 70\u00a0% баллов).")
    missing = page.locator(".home > [data-completion-rule] [data-completion-missing]")
    assert "Ещё не дочитаны уроки модул" in missing.inner_text() and "1. Активное слушание" in missing.inner_text()
    assert page.locator("[data-completion-state]").inner_text() == "Курс ещё не пройден"
    # Reading both modules to their end (Continue at each lesson's end) completes the course.
    for name in ("01-listening", "02-questions"):
        page.goto(f"{site.url}/{name}.html")
        wait_ready(page)
        while page.locator(CONTINUE).count():
            press_continue(page)
    assert state(page).get("d") == "6", "both module pages are counted read"
    page.goto(site.url + "/index.html")
    wait_ready(page)
    assert page.locator("[data-completion-state]").inner_text() == "Курс пройден"
    expect(missing).to_be_hidden()
    guard.check()


def test_with_many_modules_not_opened_a_quiz_result_says_how_many_and_links_the_next(bundled_dist, serve, new_page):
    # Under every module quiz of the bundled course the rule listed each module not yet opened: eleven
    # links after the first quiz, on a phone a screenful between the result and the way on.
    site = serve(bundled_dist / "site")
    page, guard = new_page(viewport={"width": 375, "height": 812})
    page.goto(site.url + "/index.html")
    wait_ready(page)
    pages = page.evaluate("CourseRuntime.data.pages")
    first = next(p for p in pages if p.get("quiz"))
    second = next(p for p in pages if p.get("kind") == "module" and p["module"] != first["module"])
    page.goto(f"{site.url}/{first['id']}.html")
    wait_ready(page)
    play_quiz(page.main_frame, first["quiz"], True)
    missing = page.locator(f'[data-quiz="{first["quiz"]}"] [data-completion-missing]')
    expect(missing).to_be_visible()
    closed = sum(1 for p in pages if p.get("kind") == "module") - 1
    assert missing.locator("p").first.inner_text() == (
        f"Ещё не открыто модулей: {closed}. Следующий: {pages.index(second)}. {second['title']}.")
    assert [missing.locator("a").nth(i).get_attribute("href") for i in range(missing.locator("a").count())][0] == (
        f"{second['id']}.html")
    assert missing.locator("p").first.locator("a").count() == 1
    guard.check()
