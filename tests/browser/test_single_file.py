"""The one-file edition opened from file:// with the network blocked."""

from __future__ import annotations

import pytest

from builder.build import build
from fixtures_reader import FIXTURES, apply_changes
from helpers import check, choose, pick_match, question, show_page, state, submit, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture
def single_file(sample_dist):
    return next(sample_dist.glob("*.html"))


def test_single_file_works_offline_from_file_url(single_file, new_page):
    page, guard = new_page(allowed=(single_file.as_uri(),), offline=True)
    page.goto(single_file.as_uri())
    wait_ready(page)
    data = page.evaluate("CourseRuntime.data")
    for entry in data["pages"]:
        page.evaluate("(id) => { location.hash = id; }", entry["id"])
        page.wait_for_function("(id) => !document.getElementById(id).hidden", arg=entry["id"])
        assert page.locator(f'section.page[data-page="{entry["id"]}"] h1').is_visible()
    assert page.locator('img[src^="data:image/svg+xml;base64,"]').count() == 1

    show_page(page, "01-listening")
    choose(page, "listen-q1", "a")
    assert "Верно" in check(page, "listen-q1")
    page.reload()
    wait_ready(page)
    assert state(page)["q"]["0"]["r"] == {"0": "a"}
    assert not page.locator('section.page[data-page="01-listening"]').is_hidden(), "the reload reopens the same page"
    assert page.locator('[data-quiz="q-listening"] #listen-q1-a').is_checked()

    # Complete the course: every page seen, the final quiz passed (answers read from the course data).
    final = data["quizzes"]["q-final"]
    page.evaluate("location.hash = 'final'")
    shown = page.locator('[data-quiz="q-final"] li.question:not([hidden])')
    for i in range(shown.count()):
        qid = shown.nth(i).get_attribute("data-q")
        q = data["questions"][qid]
        node = shown.nth(i)
        if q["t"] in ("single", "multiple"):
            for option in q["o"]:
                if option["c"]:
                    node.locator(f'input[value="{option["id"]}"]').check()
        elif q["t"] == "true_false":
            node.locator(f'input[value="{"t" if q["a"] else "f"}"]').check()
        elif q["t"] in ("fill_in", "numeric"):
            node.locator("input[type=text]").fill(str(q["a"][0] if q["t"] == "fill_in" else q["a"]))
        elif q["t"] == "matching":
            for n in range(q["n"]):
                pick_match(node, n, n)
        elif q["t"] == "ordering":
            for position in range(q["n"]):
                while int(node.locator(".order-item").nth(position).get_attribute("data-index")) != position:
                    node.locator(f'.order-item[data-index="{position}"] [data-move="-1"]').click()
        if q["t"] == "scenario":
            while node.locator(".scenario__choice:not([disabled])").count():
                node.locator(".scenario__step").last.locator(".scenario__choice").first.click()
        else:
            node.locator("[data-check-answer]").click()
    submit(page, "q-final")
    assert final["pass"] <= int(page.locator('[data-quiz="q-final"] [data-result]').inner_text().split("Результат: ")[1].split("%")[0])

    page.evaluate("location.hash = 'index'")
    record = page.locator("[data-completion]")
    assert "Курс пройден" in record.inner_text()
    page.locator("#learner-name").fill("Анна Петрова")
    page.get_by_role("button", name="Сформировать свидетельство").click()
    certificate = page.locator("[data-certificate]").inner_text()
    assert "Анна Петрова" in certificate and data["title"] in certificate and data["version"] in certificate
    assert "Код проверки: " in certificate  # a code over the record's fields and the content hash
    assert "Итоговый тест" in certificate
    assert guard.requests == [single_file.as_uri()] * len(guard.requests)
    guard.check()


def test_a_jump_to_a_module_on_a_phone_leaves_its_title_below_the_outline_bar(single_file, new_page):
    # The outline's bar stays at the top of a phone's screen; a module opened from a link or the
    # outline must start below it, not under it.
    page, guard = new_page(allowed=(single_file.as_uri(), "about:blank"), offline=True,
                           viewport={"width": 375, "height": 812})
    for module in ("01-listening", "02-questions"):
        page.goto("about:blank")
        page.goto(f"{single_file.as_uri()}#{module}")  # a link from outside the file, or a bookmark
        wait_ready(page)
        title = page.locator(f'section.page[data-page="{module}"] h1')
        page.wait_for_function("(h) => h.getBoundingClientRect().top < window.innerHeight / 2", arg=title.element_handle())
        bar = page.locator(".outline__toggle").bounding_box()
        assert title.bounding_box()["y"] >= bar["y"] + bar["height"], module
    guard.check()


def test_a_question_s_image_and_module_link_work_inside_the_one_file(sample_copy, tmp_path, new_page):
    # A question's texts showed as the site shows them: its explanation's image was `assets/…`, a file
    # the one-file edition does not carry, and its link to a module was `02-questions.html`.
    apply_changes(sample_copy, (FIXTURES / "question-links.txt").read_text(encoding="utf-8"))
    build(sample_copy, tmp_path / "dist", ["single"])
    single = next((tmp_path / "dist").glob("*.html"))
    page, guard = new_page(allowed=(single.as_uri(),), offline=True, viewport={"width": 375, "height": 812})
    page.goto(single.as_uri())
    wait_ready(page)
    show_page(page, "01-listening")
    choose(page, "listen-q1", "a")
    check(page, "listen-q1")
    image = question(page, "listen-q1").locator("[data-feedback] img")
    image.wait_for()
    assert image.evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
    question(page, "listen-q1").locator('[data-feedback] a[href="#02-questions"]').click()
    page.wait_for_function("() => !document.getElementById('02-questions').hidden")
    assert page.evaluate("location.href") == f"{single.as_uri()}#02-questions"
    guard.check()


@pytest.mark.parametrize("fragment", ["constructor", "__proto__", "toString", "%E0%A4%A"])
def test_an_address_naming_no_page_opens_the_home_page_with_the_runtime_running(single_file, new_page, fragment):
    # `#constructor` found Object.prototype's in the page index and stopped the runtime (a blank page);
    # `#%E0%A4%A` threw a URIError, leaving every page of the document shown and nothing saved.
    page, guard = new_page(allowed=(single_file.as_uri(), "about:blank"), offline=True)
    page.goto("about:blank")
    page.goto(f"{single_file.as_uri()}#{fragment}")
    wait_ready(page)
    shown = page.evaluate("() => [...document.querySelectorAll('section.page')].filter(s => !s.hidden).map(s => s.dataset.page)")
    assert shown == ["index"]
    guard.check()
