"""The bundled course against its source documents (issue: every fact keeps a reference to its source).

`course check --strict --sources ../shared/seeds` must pass with no warnings: every citation
resolves to lines that exist, and every figure written in a citing sentence occurs in those lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from builder.build import get_course
from builder.cli import cli
from builder.errors import Diagnostics
from shared_folder import SHARED

REPO = Path(__file__).resolve().parents[1]
SEEDS = SHARED / "seeds"


def test_bundled_course_passes_the_strict_source_check():
    assert SEEDS.is_dir(), f"the source documents are expected in {SEEDS}"
    result = CliRunner().invoke(cli, ["check", "--strict", "--course", str(REPO), "--sources", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "no warnings" in result.output
    cited = int(re.search(r"(\d+) citations? checked", result.output).group(1))
    assert cited >= 500, result.output


def test_every_module_cites_sources_and_every_question_explains_with_a_citation():
    course = get_course(REPO, Diagnostics())
    assert course is not None
    for module in course.modules:
        assert len(module.citations) >= 20, module.id
        for question in course.quizzes[module.quiz_id].questions:
            cited = question.sources or (question.explanation and "[@" in question.explanation.source)
            assert cited, f"{question.id}: explanation without a source"


def test_line_0_and_a_reversed_range_are_one_rule_wherever_written_even_with_sources(tmp_path):
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course", "\n".join([
        "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:0]",
        "=== course/glossary.yml ~   source: \"doc:1\" =>   source: \"doc:9-2\"",
        "=== quizzes/01-intro.yml ~     prompt: Which one? =>     prompt: Which one?\\n    sources: [\"doc:4-3\"]",
    ]))
    documents = tmp_path / "sources"
    documents.mkdir()
    (documents / "doc.txt").write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(documents)])
    assert result.exit_code == 1
    assert "past the end" not in result.output
    found = sorted(line.split(": ", 1)[0] + ": " + line.split("; ")[0].split(": ", 1)[1]
                   for line in result.output.splitlines() if "[ref.citation]" in line)
    assert found == ["course/glossary.yml:4:11: citation 'doc:9-2' ends before it starts",
                     "modules/01-intro.md:14:1: citation 'doc:0' cites line 0, but lines are numbered from 1",
                     "quizzes/01-intro.yml:8:15: citation 'doc:4-3' ends before it starts"], result.output


def test_a_citation_outside_module_bodies_is_its_words_alone():
    # Feedback, explanations and glossary definitions cite as «(Пособие…, строки 70–79)»: the words
    # name the document; a `title` with its full name repeated that name a thousand times in the
    # runtime's question data (10 KB of each SCORM package) and is in the module's reference list.
    from builder.runtime_data import question_data

    course = get_course(REPO, Diagnostics())
    explanation = question_data(next(q for q in course.all_questions() if q.id == "basics-q01"))["x"]
    assert '<cite class="cite-inline">(Пособие по химсекс-консультированию, строки 70–79)</cite>' in explanation
