"""`course serve` in Chromium: live reload keeping the place, the error overlay, the LMS inspector."""

from __future__ import annotations

import time

import pytest

from builder.serve import DevServer
from helpers import reveal, show_page, wait_ready

pytestmark = pytest.mark.browser


EDITED = "(правка)"


def edit_module(root) -> None:
    """A save of the first module's text, with words a reloaded page shows."""
    module = root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", f"Пауза в 3 секунды {EDITED}"))


def wait_for_the_edit(page) -> None:
    # (between two documents there is no body: a reload caught there failed on `null.innerText`)
    page.wait_for_function(f"() => document.body && document.body.innerText.indexOf('{EDITED}') >= 0",
                           timeout=10000)


@pytest.fixture
def dev(sample_copy):
    root = sample_copy
    server = DevServer(root, 0)
    url = server.start()
    assert server.watching.wait(30), "the watcher never started"
    yield root, url, server
    server.stop()


def test_an_edit_reloads_the_page_and_keeps_its_place(dev, new_page):
    root, url, _ = dev
    page, guard = new_page(viewport={"width": 800, "height": 500})
    page.goto(url + "01-listening.html")
    wait_ready(page)
    page.evaluate("window.scrollTo(0, 400)")
    started = time.perf_counter()
    edit_module(root)
    wait_for_the_edit(page)
    seconds = time.perf_counter() - started
    wait_ready(page)
    # dev.js is deferred: it restores the place after the runtime has started.
    page.wait_for_function("() => document.documentElement.hasAttribute('data-dev-restored')")
    assert page.evaluate("document.documentElement.getAttribute('data-dev-restored')") == "400"
    print(f"save-to-reloaded-page: {seconds * 1000:.0f} ms")
    guard.check()


def test_a_yaml_error_shows_an_overlay_with_file_and_line_until_fixed(dev, new_page):
    root, url, _ = dev
    page, _ = new_page()
    page.goto(url + "index.html")
    wait_ready(page)
    quiz = root / "quizzes" / "02-questions.yml"
    good = quiz.read_text()
    quiz.write_text(good.replace("type: numeric", "type: numerik"))
    overlay = page.locator("#course-dev-overlay")
    overlay.wait_for(timeout=10000)
    assert "quizzes/02-questions.yml:" in overlay.inner_text()
    line = good.splitlines().index("    type: numeric") + 1
    assert f"quizzes/02-questions.yml:{line}" in overlay.inner_text()
    # A warning in the same build is said to be one, in words, and not counted as an error
    module = root / "modules" / "01-listening.md"
    text = module.read_text()
    module.write_text(text.replace("Пауза в 3 секунды", "Пауза в 5 секунд"))
    page.wait_for_function("() => (document.querySelector('#course-dev-overlay h2') || {}).textContent"
                           " === 'The course did not build: 1 error, 1 warning'")
    assert "warning: " in overlay.locator("li.course-dev-warning").inner_text()
    module.write_text(text)
    quiz.write_text(good)
    page.wait_for_selector("#course-dev-overlay", state="detached", timeout=10000)


def test_a_good_build_s_warnings_wait_in_a_corner_panel_with_file_and_line(dev, new_page):
    root, url, _ = dev
    page, guard = new_page(viewport={"width": 375, "height": 700})
    page.goto(url + "01-listening.html")
    wait_ready(page)
    assert page.locator("#course-dev-warnings").count() == 0
    module = root / "modules" / "01-listening.md"
    good = module.read_text()
    module.write_text(good.replace("Пауза в 3 секунды", "Пауза в 5 секунд"))  # line 8 of the guide says 3
    panel = page.locator("#course-dev-warnings")
    panel.wait_for(timeout=10000)
    assert page.locator("#course-dev-overlay").count() == 0, "a warning does not cover the page"
    assert panel.locator("summary").inner_text() == "\u26a0 1 warning"
    panel.locator("summary").click()
    line = good.splitlines().index("Пауза в 3 секунды даёт собеседнику время подумать [@guide:8].") + 1
    assert f"modules/01-listening.md:{line}" in panel.inner_text() and "[sources.number]" in panel.inner_text()
    module.write_text(good)
    page.wait_for_selector("#course-dev-warnings", state="detached", timeout=10000)
    guard.check()


def test_a_course_broken_from_the_start_shows_its_errors_and_reloads_into_the_page_once_fixed(sample_copy, new_page):
    module = sample_copy / "modules" / "01-listening.md"
    good = module.read_text()
    module.write_text(good.replace("::: tip\n", "::: tipp\n"))
    server = DevServer(sample_copy, 0)
    url = server.start()
    try:
        assert server.watching.wait(30), "the watcher never started"
        page, _ = new_page()
        page.goto(url + "01-listening.html")
        overlay = page.locator("#course-dev-overlay")
        overlay.wait_for(timeout=10000)
        line = good.splitlines().index("::: tip") + 1
        assert f"modules/01-listening.md:{line}:1" in overlay.inner_text()
        assert "unknown block '::: tipp'" in overlay.inner_text()
        module.write_text(good)
        page.wait_for_selector("#course-dev-overlay", state="detached", timeout=10000)
        wait_ready(page)
        assert "Пауза в 3 секунды" in page.locator("body").inner_text()
    finally:
        server.stop()


@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_the_inspector_shows_the_calls_and_data_of_a_quiz_answered_in_the_preview(dev, new_page, kind):
    _, url, _ = dev
    page, _ = new_page()
    page.goto(url + f"__course__/inspector?v={kind}")
    page.wait_for_function("() => { var f = document.getElementById('lms-frame'); return f.contentWindow.CourseRuntime && f.contentWindow.CourseRuntime.ready; }")
    frame = page.frames[1]
    assert frame.locator("#storage-note").inner_text() == "Прогресс сохраняется в системе обучения."
    show_page(frame, "01-listening")
    reveal(frame, '[data-quiz="q-listening"]')  # the quiz is the step after the module's lessons
    frame.locator('[data-quiz="q-listening"] #listen-q1-a').check()
    frame.locator('[data-quiz="q-listening"] li[data-q="listen-q1"] [data-check-answer]').click()
    page.wait_for_function("() => document.getElementById('lms-interactions').textContent.indexOf('listen-q1') >= 0")
    calls = page.locator("#lms-calls").inner_text()
    assert ("LMSInitialize" if kind == "scorm12" else "Initialize") in calls
    assert "cmi.interactions.0.id" in calls and "listen-q1" in calls
    assert "01-listening" in page.locator("#lms-cmi").inner_text()
    size = page.evaluate("document.getElementById('lms-suspend').value")
    assert size > 0 and f"{size} / " in page.locator("#lms-suspend-size").inner_text()
    assert page.locator("#lms-calls tr.error").count() == 0
    # Close and relaunch: the course offers to continue where the learner stopped.
    page.locator("#lms-relaunch").click()
    page.wait_for_function("() => { var f = document.getElementById('lms-frame'); return f.contentWindow.CourseRuntime && f.contentWindow.CourseRuntime.ready && f.contentWindow.document.querySelector('[data-resume-yes]'); }")
    # A save reloads the course in the frame: a new launch that resumes, not a second Initialize of
    # the session it finished (which failed with 101, every later call with 301; author audit).
    frame_page = page.evaluate("() => document.getElementById('lms-frame').contentWindow.performance.timeOrigin")
    edit_module(dev[0])
    page.wait_for_function("""(before) => { var f = document.getElementById('lms-frame').contentWindow;
        return f.performance.timeOrigin !== before && f.CourseRuntime && f.CourseRuntime.ready; }""", arg=frame_page)
    assert page.locator("#lms-calls tr.error").count() == 0, page.locator("#lms-calls tr.error").all_inner_texts()
    assert page.evaluate("window.courseInspector.cmi().__entry") == "resume"


def test_a_build_that_ends_before_the_page_connects_still_reloads_it(dev, new_page):
    # The page took the server's generation at its greeting as its own: a build ending after the page
    # was served and before its events connected left it showing the save before, for good (5 of 8
    # quick saves in the author audit). The page is told which build it is.
    root, url, server = dev
    page, guard = new_page()
    events = server.events.subscribe()

    def late_dev_script(route):
        edit_module(root)
        while events.get(timeout=60)["type"] != "build":
            pass
        route.continue_()

    page.route("**/__course__/dev.js*", late_dev_script, times=1)
    page.goto(url + "01-listening.html")
    wait_for_the_edit(page)
    server.events.unsubscribe(events)
    guard.check()


def test_a_build_that_changes_no_page_leaves_the_page_as_it_is(dev, new_page):
    # A save that builds the same pages (a YAML comment, a fix back to the last good text) reloaded the
    # page, and with it a quiz being tried or a block opened (author audit).
    root, url, server = dev
    page, guard = new_page()
    page.goto(url + "01-listening.html")
    wait_ready(page)
    page.evaluate("window.notReloaded = true")
    generation = server.state.generation
    quiz = root / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text() + "\n# a comment builds nothing new\n")
    page.wait_for_function("(g) => +document.documentElement.getAttribute('data-dev-generation') > g", arg=generation)
    assert server.state.changed == [] and page.evaluate("window.notReloaded") is True
    guard.check()
