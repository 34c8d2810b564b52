"""A question kind written outside the package (tests/fixtures/kinds/yes_no.py) brings its runtime
entry (yes_no.js, `QuestionKind.script`): in the built site its question is answered, checked and
scored like a built-in one."""

from __future__ import annotations

import pytest

from builder.build import build
from builder.questions import registered
from fixtures.kinds.yes_no import YES_NO
from helpers import check, choose, question, wait_ready
from test_questions import YES_NO_QUESTION, add_question

pytestmark = pytest.mark.browser


@pytest.fixture
def yes_no_site(sample_copy, tmp_path, serve):
    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        build(sample_copy, tmp_path / "dist", ["html"])
    return serve(tmp_path / "dist" / "site")


def test_the_plug_in_kind_s_question_is_answered_checked_and_scored_in_the_site(yes_no_site, new_page):
    page, guard = new_page()
    page.goto(f"{yes_no_site.url}/01-listening.html")
    wait_ready(page)
    assert page.evaluate("typeof CourseRuntime.engine.KINDS.yes_no.score") == "function"
    choose(page, "listen-yn", "n")
    assert check(page, "listen-yn").startswith("Верно"), "«Нельзя» is the right answer, scored by the kind's entry"
    assert page.evaluate("CourseRuntime.engine.scoreResponse({t: 'yes_no', a: false}, 'y')") == 0
    page.reload()
    wait_ready(page)
    restored = question(page, "listen-yn").locator('input[value="n"]')
    assert restored.is_checked() and restored.is_disabled(), "the saved answer is written back and stays locked"
    guard.check()


def test_a_course_without_the_kind_ships_the_runtime_without_its_entry(sample_dist):
    runtime = (sample_dist / "site" / "runtime" / "course.js").read_text(encoding="utf-8")
    assert "kinds.yes_no" not in runtime
