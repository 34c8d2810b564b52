"""Lessons, grouped references and the completion rule, without a browser: what the model holds
and what the pages say (the browser tests in tests/browser/test_lessons.py play them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build, get_course
from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.targets.pages import PageRenderer, grouped_citations, merged_ranges

REPO = Path(__file__).resolve().parents[1]


CTX = BuildContext()
"""One build context for the bundled course and its page renderer (the renderer reads what rendering kept)."""


@pytest.fixture(scope="module")
def bundled():
    diags = Diagnostics()
    course = get_course(REPO, diags, CTX)
    assert not diags.errors
    return course


def test_every_lesson_of_the_bundled_course_starts_at_a_section_heading(bundled):
    for module in bundled.modules:
        lines = (REPO / module.loc.path).read_text(encoding="utf-8").splitlines()
        assert len(module.lessons) >= 3, module.id
        for lesson in module.lessons[1:]:
            heading = lines[lesson.line - 1]
            assert heading.startswith("## ") or heading.endswith(" {.lesson}"), (module.id, lesson.line, heading)
            # (a dash between words is kept with the word before it: keep_dashes_with_the_word_before)
            assert lesson.title.replace("\xa0", " ") in heading and "{" not in lesson.title


def test_lesson_minutes_share_out_the_module_s_minutes(bundled):
    for module in bundled.modules:
        total = sum(lesson.minutes for lesson in module.lessons)
        assert abs(total - module.minutes) <= len(module.lessons) / 2 + 1, (module.id, total, module.minutes)
        assert all(lesson.minutes >= 1 for lesson in module.lessons)


def test_overlapping_and_touching_line_ranges_merge_with_their_marker_numbers():
    spans = [(10, 12, 3), (1, 3, 1), (4, 6, 2), (2, 5, 4), (20, 20, 5)]
    assert merged_ranges(spans) == [(1, 6, [1, 2, 4]), (10, 12, [3]), (20, 20, [5])]


def test_a_module_s_references_are_one_entry_per_document_behind_one_disclosure(bundled):
    module = bundled.modules[0]
    groups = grouped_citations(module)
    numbers = sorted(n for ranges in groups.values() for *_, ns in ranges for n in ns)
    assert numbers == sorted({c.number for c in module.citations})  # every marker has its place
    html = str(PageRenderer(bundled, CTX, mode="site").references(module))
    assert html.count('<li class="references__source">') == len(groups) == len({c.key for c in module.citations})
    assert html.count("<details") == 1
    for number in numbers:
        assert f'id="{module.id}--ref-{number}"' in html
    ranges = sum(len(r) for r in groups.values())
    assert ranges < len(numbers)  # merged where they overlap or touch (never widened over lines no one cites)


def test_the_module_page_splits_into_its_lessons_with_the_progress_line(bundled):
    renderer = PageRenderer(bundled, CTX, mode="site")
    module = bundled.modules[2]
    page = renderer.page_file(module.slug).decode()
    sections = re.findall(r'<section class="lesson" id="([^"]+)" data-lesson="(\d+)">', page)
    assert [s[0] for s in sections] == [lesson.anchor for lesson in module.lessons]
    assert f"Модуль 3 из 12 · урок 2 из {len(module.lessons)} · ≈ {module.lessons[1].minutes} мин" in page
    assert "<!--lesson-->" not in page
    # The outline: every module, and only this module's lessons (the course data numbers them all).
    assert page.count('data-lesson-link="') == len(module.lessons)
    assert page.count('data-outline-module="') == len(bundled.modules)


def test_a_rule_that_asks_for_every_lesson_read_is_stated_and_shipped_only_then(sample_copy, tmp_path):
    course_yml = sample_copy / "course" / "course.yml"
    build(sample_copy, tmp_path / "plain", ["html"])
    assert '"read"' not in (tmp_path / "plain" / "site" / "runtime" / "course-data.js").read_text(encoding="utf-8")
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace(
        "modules_seen: all", "modules_seen: all\n  modules_read: [questions]"), encoding="utf-8")
    build(sample_copy, tmp_path / "dist", ["html"])
    home = (tmp_path / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    assert ("Чтобы завершить курс: прочитайте до конца все уроки модуля 2, откройте модуль 1 и сдайте «Итоговый тест» "
            "(нужно набрать 70\u00a0% баллов).") in home
    data = (tmp_path / "dist" / "site" / "runtime" / "course-data.js").read_text(encoding="utf-8")
    assert '"completion":{"modules":["listening","questions"],"quizzes":["q-final"],"read":["questions"]}' in data
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("modules_read: [questions]", "modules_read: all"),
                          encoding="utf-8")
    build(sample_copy, tmp_path / "all", ["html"])
    home = (tmp_path / "all" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Чтобы завершить курс: прочитайте до конца все уроки каждого модуля и сдайте «Итоговый тест»" in home


def test_the_completion_rule_is_stated_from_the_course_s_own_rule(sample_copy, tmp_path):
    course_yml = sample_copy / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("modules_seen: all", "modules_seen: [questions]"),
                          encoding="utf-8")
    build(sample_copy, tmp_path / "dist", ["html"])
    home = (tmp_path / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    assert ("Чтобы завершить курс: откройте модуль 2 и сдайте «Итоговый тест» (нужно набрать 70\u00a0% баллов).") in home
    final = (tmp_path / "dist" / "site" / "final.html").read_text(encoding="utf-8")
    assert "Чтобы завершить курс: откройте модуль 2 и" in final  # under the result, too


def test_a_title_heading_at_the_top_is_left_out_and_any_other_level_one_heading_is_a_warning(sample_copy, tmp_path):
    # The first lesson showed «# Что такое химсекс» as its heading while «Содержание» named it after its
    # `##` («Определение»); the sample's «# Активное слушание» repeated the page's h1 under it.
    module = sample_copy / "modules" / "01-listening.md"
    text = module.read_text(encoding="utf-8")
    assert "\n# Активное слушание\n" in text
    diags = Diagnostics()
    course = get_course(sample_copy, diags)
    assert not [d for d in diags.warnings if d.code == "md.title-heading"]
    assert course.modules[0].lessons[0].title == "Как это звучит"
    build(sample_copy, tmp_path / "dist", ["html"])
    page = (tmp_path / "dist" / "site" / "01-listening.html").read_text(encoding="utf-8")
    assert re.findall(r"<h(\d)[^>]*>Активное слушание</h\d>", page) == ["1"]

    lines = text.replace("\n# Активное слушание\n", "\n# Слушать и слышать\n").splitlines()
    lines.insert(lines.index("## Как это звучит"), "# Ещё один заголовок\n")
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    diags = Diagnostics()
    get_course(sample_copy, diags)
    found = [(d.loc.line, d.code) for d in diags.warnings if d.code == "md.title-heading"]
    expected = [n for n, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("# ")]
    assert found == [(n, "md.title-heading") for n in expected] and len(expected) == 2


def test_the_home_page_says_how_much_of_the_course_s_time_is_the_final_s(sample_copy, tmp_path):
    # A learner adding up the modules' minutes found fewer than the course's: the rest is the final's.
    build(sample_copy, tmp_path / "dist", ["html"])
    home = (tmp_path / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<dd>30 минут · 2 модуля · итоговый тест — 10 минут</dd>" in home
    course_yml = sample_copy / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("duration_minutes: 30", "duration_minutes: 20"),
                          encoding="utf-8")
    build(sample_copy, tmp_path / "exact", ["html"])
    home = (tmp_path / "exact" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<dd>20 минут · 2 модуля</dd>" in home, "no time left over: nothing said of the final"
