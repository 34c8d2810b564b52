"""`course serve` without a browser: what a rebuild redoes and what it skips."""

from __future__ import annotations

import shutil

import pytest

from builder.serve import DevServer


@pytest.fixture
def server(sample_copy):
    dev = DevServer(sample_copy, 0)
    dev.rebuild("start")
    yield dev
    shutil.rmtree(dev.out, ignore_errors=True)


def test_unchanged_sources_are_not_built_again(server):
    generation = server.state.generation
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text())  # a save without a change
    assert server.rebuild("save").generation == generation


def test_an_edit_rebuilds_and_names_the_changed_pages(server):
    generation = server.state.generation
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 4 секунды"))
    state = server.rebuild("edit")
    assert state.generation == generation + 1 and not state.errors
    assert "01-listening.html" in state.changed
    assert "02-questions.html" not in state.changed
    assert "Пауза в 4 секунды" in (server.out / "site" / "01-listening.html").read_text()


def test_a_broken_build_is_retried_even_when_the_fix_restores_the_last_good_bytes(server):
    quiz = server.root / "quizzes" / "02-questions.yml"
    good = quiz.read_text()
    quiz.write_text(good.replace("type: numeric", "type: numerik"))
    assert server.rebuild("break").errors
    quiz.write_text(good)
    state = server.rebuild("fix")
    assert not state.errors


def test_the_lms_preview_is_written_when_first_asked_for_and_after_each_build(server):
    preview = server.out / "lms" / "scorm12" / "index.html"
    assert not preview.exists()
    server.ensure_previews()
    assert preview.is_file()
    module = server.root / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 5 секунд"))
    server.rebuild("edit")
    assert "Пауза в 5 секунд" not in preview.read_text()
    server.ensure_previews()
    assert "Пауза в 5 секунд" in preview.read_text()
