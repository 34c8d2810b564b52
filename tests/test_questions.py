"""Question kinds as plug-ins (builder/questions/): the registry every stage iterates, and a kind
written in the tests (tests/fixtures/kinds/yes_no.py) that a course can use like a built-in one."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build, get_course
from builder.cli import cli
from builder.errors import CourseError, Diagnostics
from builder.model import Question
from builder.questions import KINDS, kind_names, kind_of, registered
from builder.runtime_data import course_data, worst_response
from builder.schema import json_schemas
from builder.stats import course_stats, format_stats
from fixtures.kinds.yes_no import YES_NO, YesNoQuestion

GUIDE_ORDER = ("single", "multiple", "true_false", "fill_in", "matching", "ordering", "numeric", "scenario")

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "site" / "questions"

YES_NO_QUESTION = """\
  - id: listen-yn
    type: yes_no
    objective: listen-o1
    prompt: Можно ли перебивать клиента, чтобы уточнить детали?
    answer: false
    labels: [Можно, Нельзя]
    reason: Перебивание обрывает рассказ; уточнить можно после паузы.
"""


def add_question(root: Path, text: str) -> None:
    """Append a question to the sample's first quiz."""
    quiz = root / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def problems(root: Path) -> list[str]:
    """Every diagnostic of loading and validating the course, formatted."""
    diags = Diagnostics()
    get_course(root, diags)
    return [d.format() for d in diags.sorted()]


def test_the_eight_kinds_are_registered_in_the_guide_s_order_each_with_its_dataclass_and_macro_file():
    assert kind_names() == GUIDE_ORDER
    for name, kind in KINDS.items():
        assert kind.name == name
        assert issubclass(kind.model, Question)
        assert (TEMPLATES / f"{name}.html.j2").is_file()
        assert len(kind.abbreviation) == 3


def test_every_sample_question_is_an_instance_of_its_kind_s_dataclass(sample_copy):
    course = get_course(sample_copy, Diagnostics())
    questions = course.all_questions()
    assert {q.type for q in questions} == set(KINDS)  # the sample uses every kind
    for question in questions:
        assert type(question) is kind_of(question).model


def test_a_kind_written_in_the_tests_builds_into_the_site_the_packages_and_the_single_file(sample_copy, tmp_path):
    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        assert problems(sample_copy) == []
        result = build(sample_copy, tmp_path / "dist", ["html", "scorm12", "single"])
        course = result.course
    question = course.quizzes["q-listening"].questions[-1]
    assert isinstance(question, YesNoQuestion) and question.labels == ["Можно", "Нельзя"]
    page = (tmp_path / "dist" / "site" / "01-listening.html").read_text(encoding="utf-8")
    assert '<div class="q__options q__options--yes-no">' in page
    assert ('<input type="radio" name="listen-yn" id="listen-yn-1" value="n" disabled>'
            '<label for="listen-yn-1">Нельзя</label>') in page
    # The page's question data: the common keys, then the kind's own.
    assert '"listen-yn":{"t":"yes_no","pts":1,"obj":"listen-o1","quiz":"q-listening",' in page
    assert '"a":false,"lb":["Можно","Нельзя"],"why":"\\u003cp\\u003eПеребивание' in page
    with zipfile.ZipFile(next((tmp_path / "dist").glob("*-scorm12.zip"))) as package:
        assert '"lb":["Можно","Нельзя"]' in package.read("index.html").decode()
    assert "q__options--yes-no" in next((tmp_path / "dist").glob("*.html")).read_text(encoding="utf-8")


def test_the_new_kind_s_reason_is_rendered_and_its_runtime_data_follows_the_common_keys(sample_copy):
    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        course = build_model(sample_copy)
        data = course_data(course)["questions"]["listen-yn"]
        question = course.quizzes["q-listening"].questions[-1]
        assert worst_response(question) == "y"
    assert list(data)[:4] == ["t", "pts", "obj", "quiz"] and list(data)[-3:] == ["a", "lb", "why"]
    assert data["why"] == "<p>Перебивание обрывает рассказ; уточнить можно после паузы.</p>\n"
    assert data["a"] is False


def build_model(root: Path):
    """The rendered course model (what every target reads)."""
    from builder.render import render_course

    diags = Diagnostics()
    course = get_course(root, diags)
    render_course(course, diags)
    assert diags.errors == []
    return course


def test_a_text_shown_without_markup_keeps_its_words_whole_where_markup_sat_inside_them(sample_copy):
    """A matching question's answers are shown in a list box, which takes no markup: «**Т**-лимфоцит»
    read «Т -лимфоцит» there, and «[linkage]{lang=en}» in guillemets «« linkage »» (a space for every tag)."""
    quiz = sample_copy / "quizzes" / "02-questions.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "right: открытый", "right: \"**Т**-лимфоцит, «[linkage to care]{lang=en}»\"").replace(
        "right: закрытый", "right: \"первая строка  \\nвторая\""), encoding="utf-8")
    course = build_model(sample_copy)
    matching = next(q for q in course.all_questions() if q.type == "matching")
    assert [p.right.plain for p in matching.pairs] == ["Т-лимфоцит, «linkage to care»", "первая строка вторая"]
    assert course_data(course)["questions"][matching.id]["r"][:2] == ["Т-лимфоцит, «linkage to care»", "первая строка вторая"]


def test_the_new_kind_s_keys_are_checked_by_the_schema_and_its_answer_key_by_its_own_check(sample_copy):
    add_question(sample_copy, YES_NO_QUESTION.replace("    reason:", "    reasn:").replace("Нельзя]", "Можно]"))
    with registered(YES_NO):
        found = problems(sample_copy)
    unknown = "unknown key 'reasn' in question 'listen-yn'; did you mean 'reason'? [schema.unknown-key]"
    assert any(unknown in p for p in found)
    # Written, misspelt: one error says so («missing required key 'reason'» repeated it).
    assert not any("missing required key 'reason'" in p for p in found), found


def test_the_new_kind_s_check_reports_two_equal_labels_at_the_labels_key(sample_copy):
    add_question(sample_copy, YES_NO_QUESTION.replace("Нельзя]", "Можно]"))
    with registered(YES_NO):
        found = problems(sample_copy)
    quiz = (sample_copy / "quizzes" / "01-listening.yml").read_text(encoding="utf-8")
    line = quiz.splitlines().index("    labels: [Можно, Можно]")
    assert found == [f"quizzes/01-listening.yml:{line + 1}:5: yes/no question 'listen-yn' needs two different labels; "
                     "write labels: [yes-label, no-label] [quiz.answer-key]"]


def test_outside_its_registration_the_kind_is_an_unknown_type(sample_copy):
    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        pass
    found = problems(sample_copy)
    expected = f"question 'listen-yn' 'type': expected one of: {', '.join(GUIDE_ORDER)} but received 'yes_no'"
    assert any(expected in p for p in found)


def test_the_json_schema_lists_a_registered_kind_and_is_unchanged_once_it_is_gone():
    before = json.dumps(json_schemas(), sort_keys=True)
    with registered(YES_NO):
        quiz = json_schemas()["quiz.schema.json"]
        question = quiz["properties"]["questions"]["items"]
        assert "yes_no" in question["properties"]["type"]["enum"]
        branch = next(b for b in question["allOf"] if b["if"]["properties"]["type"]["const"] == "yes_no")
        assert branch["then"]["required"] == ["answer", "reason"]
        assert branch["then"]["properties"]["options"] is False  # a key of another kind is flagged
    assert json.dumps(json_schemas(), sort_keys=True) == before


def test_question_banks_leave_a_kind_they_have_no_export_for_out_with_a_note(sample_copy, tmp_path):
    add_question(sample_copy, YES_NO_QUESTION)
    arguments = ["build", "--course", str(sample_copy), "--out", str(tmp_path / "dist"), "--format", "moodle-xml",
                 "--format", "gift"]
    with registered(YES_NO):
        result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    bank = next((tmp_path / "dist").glob("*-questions.xml")).read_text(encoding="utf-8")
    assert "listen-yn" not in bank and "listen-q1" in bank
    for target in ("moodle-xml", "gift"):
        assert re.search(rf"{target}: left out: the format has no 'yes_no' question type: 1 question: "
                         r"listen-yn \(quizzes/01-listening.yml:\d+:5\)", result.output)


def test_stats_give_a_registered_kind_its_own_column(sample_copy):
    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        rows = course_stats(get_course(sample_copy, Diagnostics()))
        table = format_stats(rows)
    lines = table.splitlines()
    assert lines[0].split()[4:13] == ["sgl", "mul", "t/f", "fil", "mat", "ord", "num", "scn", "y/n"]
    assert rows[0]["by_type"]["yes_no"] == 1
    total = next(line for line in lines if line.startswith("total"))
    assert len(total) == len(lines[0])  # the total line's columns stay under the header's


def test_a_build_without_the_kind_refuses_the_course_that_uses_it(sample_copy, tmp_path):
    add_question(sample_copy, YES_NO_QUESTION)
    with pytest.raises(CourseError) as refused:
        build(sample_copy, tmp_path / "dist", ["html"])
    assert any(d.code == "schema.enum" for d in refused.value.diagnostics)


def test_the_new_kind_lays_itself_out_on_the_worksheet_and_writes_its_own_answer_key(sample_copy, tmp_path):
    from builder.context import BuildContext
    from builder.targets.html_print import HandoutRenderer
    from test_handout import pdf_text

    add_question(sample_copy, YES_NO_QUESTION)
    with registered(YES_NO):
        result = build(sample_copy, tmp_path / "dist", ["handout"])
        question = result.course.quizzes["q-listening"].questions[-1]
        review = str(HandoutRenderer(result.course, BuildContext()).answer_question(question, number=7))
    handouts = tmp_path / "dist" / "handouts"
    worksheets = pdf_text(next(handouts.glob("*-worksheets.pdf")))
    block = worksheets[worksheets.index("Можно ли перебивать клиента"):][:160]
    assert "Отметьте один ответ" in block and "Можно" in block and "Нельзя" in block
    assert "Перебивание" not in worksheets, "a worksheet shows no answers"
    guide = pdf_text(next(handouts.glob("*-facilitator-guide.pdf")))
    key = guide[guide.index("Можно ли перебивать клиента"):][:300]
    assert "Правильный ответ: Нельзя" in key and "Перебивание обрывает рассказ" in key
    assert "Лучший путь" not in key, "the kind is not laid out as a scenario"
    assert '<span class="key__label">Правильный ответ:</span> Нельзя</p>' in review
    assert '<div class="key-explanation"><p>Перебивание обрывает рассказ' in review
