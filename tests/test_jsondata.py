"""The one serialiser of page data (`builder/jsondata.py`): text that would break a `<script>`
element or a JavaScript line, and numbers JSON cannot carry (findings: crashes 17 and 18)."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from builder.build import get_course
from builder.cli import cli
from builder.errors import CourseError, Diagnostics
from builder.jsondata import NonFiniteNumber, page_json
from builder.runtime_data import course_data, dumps

HOSTILE = {"title": "Слушание <!-- </script> & <b> \u2028 \u2029", "list": ["<!--", "-->", "]]>"], "n": 1.5}


def test_hostile_text_is_escaped_and_parses_back_unchanged():
    text = dumps(HOSTILE)
    assert json.loads(text) == HOSTILE
    assert not set("<>&\u2028\u2029") & set(text)
    assert "\\u003c!--" in text and "\\u003c/script\\u003e" in text and "\\u0026" in text and "\\u2028" in text


def test_the_serialiser_names_where_a_non_finite_number_is():
    with pytest.raises(NonFiniteNumber) as caught:
        page_json({"questions": {"q1": {"a": 1, "tol": math.inf}}, "pages": [{"x": math.nan}]})
    assert caught.value.path == ("questions", "q1", "tol")
    assert "questions → q1 → tol is inf" in str(caught.value)
    with pytest.raises(NonFiniteNumber) as caught:
        page_json([0, [1, -math.inf]])
    assert caught.value.path == (1, 1)


@pytest.mark.parametrize("field,value,shown", [("answer", math.nan, "answer is nan"), ("tolerance", math.inf, "tolerance is inf")])
def test_a_non_finite_number_in_a_question_is_refused_at_the_question_s_line(sample_copy, field, value, shown):
    # The schema refuses `.nan` and `.inf` in YAML; this is the last gate, for any way one gets into the model.
    course = get_course(sample_copy, Diagnostics())
    numeric = next(q for q in course.quizzes["q-questions"].questions if q.id == "quest-q4")
    setattr(numeric, field, value)
    with pytest.raises(CourseError) as caught:
        course_data(course)
    [diagnostic] = caught.value.diagnostics
    assert str(diagnostic.loc) == f"{numeric.loc}" and numeric.loc.path == "quizzes/02-questions.yml" and numeric.loc.line
    assert f"question 'quest-q4': {shown}" in diagnostic.message and diagnostic.hint


@pytest.mark.parametrize("written", ["answer: .nan", "answer: .inf", "answer: -.inf", "tolerance: .inf"])
def test_a_build_with_nan_or_infinity_in_a_quiz_stops_with_a_located_message(sample_copy, tmp_path, written):
    quiz = sample_copy / "quizzes" / "02-questions.yml"
    key = written.split(":")[0]
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace("answer: 20" if key == "answer" else "tolerance: 0", written, 1), encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(sample_copy), "--out", str(out), "--format", "html"])
    assert result.exit_code == 1, result.output
    assert "quizzes/02-questions.yml:" in result.output and key in result.output
    assert not out.exists()
