"""The bundled course against its source documents (issue: every fact keeps a reference to its source).

`course check --strict --sources ../shared/seeds` must pass with no warnings: every citation
resolves to lines that exist, and every figure written in a citing sentence occurs in those lines.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
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
                     "modules/01-intro.md:14:23: citation 'doc:0' cites line 0, but lines are numbered from 1",
                     "quizzes/01-intro.yml:8:15: citation 'doc:4-3' ends before it starts"], result.output


def test_a_citation_outside_module_bodies_is_its_words_alone():
    # Feedback, explanations and glossary definitions cite as «(Пособие…, строки 70–79)»: the words
    # name the document; a `title` with its full name repeated that name a thousand times in the
    # runtime's question data (10 KB of each SCORM package) and is in the module's reference list.
    from builder.runtime_data import question_data

    course = get_course(REPO, Diagnostics())
    explanation = question_data(next(q for q in course.all_questions() if q.id == "basics-q01"))["x"]
    assert ('<cite class="cite-inline">(Пособие по химсекс-консультированию, строки <span class="nowrap">70–79</span>)'
            '</cite>') in explanation


def test_a_footnote_marker_is_not_a_figure_to_find_in_the_cited_lines(tmp_path):
    # `словами[^9] [@doc:4].` warned that 9 is not in line 4: the benchmark's course got a thousand.
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course", "=== modules/01-intro.md ~ [@doc:1-2] and a [[term-a]]. => [^9] [@doc:1-2].\\n\\n[^9]: A note.")
    documents = tmp_path / "sources"
    documents.mkdir()
    (documents / "doc.txt").write_text("line one\nline two\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(documents)])
    assert result.exit_code == 0, result.output
    assert "[sources.number]" not in result.output
    (root / "modules" / "01-intro.md").write_text(
        (root / "modules" / "01-intro.md").read_text().replace("[^9] [@doc:1-2]", "in 9 cases [^9] [@doc:1-2]"))
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(documents)])
    assert "number(s) 9" in result.output, "a figure in the words is still checked"


def test_the_course_folder_s_own_sources_that_lack_a_document_warn_and_named_ones_fail(tmp_path):
    # The course's own sources/ may hold the originals (PDFs): read without a flag, a missing text is
    # a warning and its citations go unchecked; a folder named with --sources must hold it.
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    (root / "sources").mkdir()
    (root / "sources" / "doc.pdf").write_bytes(b"%PDF-1.7")
    own = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert own.exit_code == 0, own.output
    assert "warning: source document 'doc.txt' of reference 'doc' is not in" in own.output
    named = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(root / "sources")])
    assert named.exit_code == 1 and "[sources.missing]" in named.output


@pytest.mark.parametrize("encoding,named", [("cp1251", "Windows-1251"), ("utf-16", "UTF-16")])
def test_a_source_document_not_in_utf_8_is_an_error_at_its_first_bad_letter(tmp_path, encoding, named):
    # Read with stand-ins for its letters, a Windows-1251 document passed every check («12 citations
    # checked») and the review edition quoted «�������» for each cited line (the author audit).
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    (root / "sources").mkdir()
    (root / "sources" / "doc.txt").write_bytes("Line one\nСтрока два\n".encode(encoding))
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 1
    line, column = (2, 1) if encoding == "cp1251" else (1, 1)  # UTF-16: its byte-order mark
    assert (f"sources/doc.txt:{line}:{column}: source document 'doc.txt' of reference 'doc' is not valid UTF-8: "
            f"its lines cannot be quoted; save the file as UTF-8: it looks like {named}") in result.output
    assert "[file.encoding]" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["file", "broken link"])
def test_a_sources_that_is_no_folder_is_said_not_passed_over(tmp_path, kind):
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    if kind == "file":
        (root / "sources").write_text("not a folder")
    else:
        (root / "sources").symlink_to(tmp_path / "gone")
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 0
    said = "is a file, not a folder of cited documents" if kind == "file" else f"is a link to {tmp_path / 'gone'}, which does not exist"
    assert f"sources: warning: sources {said}: its citations are not checked" in result.output


def test_a_document_of_the_own_sources_must_really_lie_inside_the_course_folder(tmp_path):
    # The rule is the reading gate's, not only a look at the folder before reading: a sources/
    # swapped for a link to elsewhere after that look still reads nothing from there.
    from builder.sources import read_documents
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "doc.txt").write_text("SECRET\n")
    (root / "sources").symlink_to(elsewhere)
    course = get_course(root, Diagnostics())
    diags = Diagnostics()
    assert read_documents(course, root / "sources", diags, own=True) == {}
    assert [d.message for d in diags.errors] == [f"source document 'doc.txt' of reference 'doc': doc.txt is a link to "
                                                 f"{(elsewhere / 'doc.txt').resolve()}, outside the course folder"]
    assert read_documents(course, root / "sources", Diagnostics()) == {"doc": ["SECRET"]}, "named, it is read"


def test_a_build_with_the_documents_at_hand_stops_at_a_citation_past_a_document_s_end(tmp_path):
    # `course check` refused it, `course build` published it: the learner's [n] led to lines that do
    # not exist. With the course's own sources/ (or --sources) a build checks its citations too.
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    (root / "sources").mkdir()
    (root / "sources" / "doc.txt").write_text("".join(f"line {n}\n" for n in range(1, 10)), encoding="utf-8")
    out = tmp_path / "dist"
    built = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "html"])
    assert built.exit_code == 0, built.output
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    module = next((root / "modules").glob("*.md"))
    module.write_text(module.read_text(encoding="utf-8") + "\nЕщё факт [@doc:80].\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "html"])
    assert refused.exit_code == 1, refused.output
    assert "citation 'doc:80' points past the end of the document (9 lines)" in refused.output
    assert "[sources.range]" in refused.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before, "dist/ keeps what it had"
    # Without the documents the build cannot know, and says nothing of it.
    shutil.rmtree(root / "sources")
    assert CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "html"]).exit_code == 0


def test_a_figure_s_warning_quotes_its_sentence_on_one_line_without_the_comma_before_it(tmp_path):
    # It quoted «",\nкурс длится 30 дней"»: the comma left by the previous citation and the line break.
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course",
                       "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:1-2],\\nкурс длится 30 дней [@doc:2]")
    documents = tmp_path / "sources"
    documents.mkdir()
    (documents / "doc.txt").write_text("line one\nline two\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(documents)])
    assert "number(s) 30 in \"курс длится 30 дней\" do not occur in doc:2" in result.output, result.output


def test_a_figure_s_warning_in_a_yaml_block_is_at_its_own_line_whatever_the_order_it_is_checked_in(tmp_path):
    # A footnote is checked after the text that follows it: the nth citation asked for was given the nth
    # place in the text, and the footnote's figure was reported at the next paragraph's line.
    from fixtures_reader import make_course

    explanation = ("    explanation: |\\n      Сначала сноска[^1].\\n\\n      [^1]: В сноске 777 [@doc:1].\\n\\n"
                   "      Потом снова 888 [@doc:1].\\n  - id: q2")
    root = make_course(tmp_path / "course", f"=== quizzes/01-intro.yml ~ \\n  - id: q2 => \\n{explanation}")
    documents = tmp_path / "sources"
    documents.mkdir()
    (documents / "doc.txt").write_text("line one\nline two\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(documents)])
    lines = (root / "quizzes" / "01-intro.yml").read_text(encoding="utf-8").split("\n")
    for figure in ("777", "888"):
        warning = next(line for line in result.output.splitlines() if f"number(s) {figure}" in line)
        line, column = map(int, warning.split(":")[1:3])
        assert lines[line - 1][column - 1:].startswith("@doc:1") and figure in lines[line - 1], (figure, warning)


def test_the_texts_of_files_with_errors_have_their_citations_checked_against_the_documents(tmp_path):
    # A module whose front matter had an error, and a question with one of its own: their citations past
    # a document's end came up only once those errors were mended, in a second run (the author audit).
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course", "=== modules/01-intro.md ~ summary: Short. => sumary: Short.\n"
                                            "=== modules/01-intro.md ~ [@doc:1-2] => [@doc:40]\n"
                                            "=== quizzes/01-intro.yml ~ type: single => type: singel\n"
                                            "=== quizzes/01-intro.yml ~ prompt: Which one? => prompt: Which one [@doc:99]?")
    (root / "sources").mkdir()
    (root / "sources" / "doc.txt").write_text("".join(f"line {n}\n" for n in range(1, 10)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 1
    past = [line for line in result.output.splitlines() if line.endswith("[sources.range]")]
    assert [line.split(": ")[0] for line in past] == ["modules/01-intro.md:14:23", "quizzes/01-intro.yml:7:24"], past
