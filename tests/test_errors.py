"""Bad input gets a located, actionable message: one case per defect, exact expected lines.

Regenerate the expected lines after a deliberate change of wording with
`COURSE_REGEN=1 pytest tests/test_errors.py` (it rewrites tests/fixtures/errors.md, then checks
the new lines) and review the diff.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from builder.build import get_course
from builder.errors import Diagnostics
from fixtures_reader import FIXTURES, make_course, read_cases



def diagnostics_of(root) -> list:
    """Every diagnostic of loading, validating and rendering the course at `root`, in source order."""
    diags = Diagnostics()
    get_course(root, diags)
    return diags.sorted()


def diagnose(root) -> str:
    """Every diagnostic of the course at `root`, one formatted line each."""
    return "\n".join(d.format() for d in diagnostics_of(root))


def regenerate(path: Path) -> None:
    """Rewrite the expected lines of every case in `path` with what the builder says now."""
    blocks = []
    for case in read_cases(path):
        with tempfile.TemporaryDirectory() as tmp:
            output = diagnose(make_course(Path(tmp), case.input))
        blocks.append(f"{case.title}\n.\n{case.input}\n.\n{output}\n.\n")
    path.write_text("".join(blocks), encoding="utf-8")


if os.environ.get("COURSE_REGEN"):
    regenerate(FIXTURES / "errors.md")  # before the cases are read: the run then checks the new lines

CASES = read_cases(FIXTURES / "errors.md")


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_error_message(case, tmp_path):
    root = make_course(tmp_path, case.input)
    output = diagnose(root)
    assert output == case.expected, f"{FIXTURES / 'errors.md'}:{case.line}: {case.title}"


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_every_message_says_where_what_and_how(case, tmp_path):
    for line in filter(None, case.expected.split("\n")):
        assert re.match(r"^[\w./-]+(:\d+(:\d+)?)?: (warning: )?.+ \[[a-z.-]+\]$", line), f"{case.title}: malformed line {line!r}"
    for diagnostic in diagnostics_of(make_course(tmp_path, case.input)):
        assert diagnostic.loc.path and diagnostic.message.strip(), f"{case.title}: {diagnostic}"
        assert diagnostic.hint.strip(), f"{case.title}: no hint in {diagnostic.format()!r}"
        assert "\n" not in diagnostic.format(), f"{case.title}: a message over two lines"


def test_regeneration_rewrites_the_expected_lines_from_the_builder(tmp_path):
    corpus = tmp_path / "errors.md"
    original = (FIXTURES / "errors.md").read_text(encoding="utf-8")
    corpus.write_text(original.replace("did you mean 'passing_score'?", "a stale hint", 1), encoding="utf-8")
    regenerate(corpus)
    assert corpus.read_text(encoding="utf-8") == original


def test_base_course_is_clean(tmp_path):
    assert diagnose(make_course(tmp_path)) == ""


def test_a_yaml_problem_is_reported_on_every_load_not_only_the_first():
    from builder.errors import Diagnostics
    from builder.yamlload import load_yaml

    text = "id: a\nid: b\n"
    for _ in range(2):
        diags = Diagnostics()
        load_yaml(text, "quizzes/x.yml", diags)
        assert [d.code for d in diags.errors] == ["yaml.duplicate-key"]
        assert diags.errors[0].loc.line == 2


def test_a_scenario_of_450_chained_steps_is_checked_without_running_out_of_stack(tmp_path):
    steps = "".join(
        f"      - id: s{i}\n        text: Step {i}.\n        choices:\n          - text: Go on\n            points: 1\n            next: s{i + 1}\n"
        for i in range(450)
    ) + "      - id: s450\n        end: true\n        text: The end.\n"
    quiz = (
        "id: q-intro\ntitle: Intro quiz\nquestions:\n  - id: q2\n    type: scenario\n    objective: intro-o1\n"
        f"    prompt: A long talk.\n    start: s0\n    steps:\n{steps}"
    )
    root = make_course(tmp_path, "=== quizzes/01-intro.yml\n" + quiz)
    assert diagnose(root) == ""
    from builder.questions.scenario import best_path_points

    course = get_course(root, Diagnostics())
    assert best_path_points(course.quizzes["q-intro"].questions[0]) == 450


def test_a_loop_in_a_long_scenario_is_still_found(tmp_path):
    root = make_course(tmp_path, r"=== quizzes/01-intro.yml ~ - text: Bad reply\n            next: s3 => - text: Bad reply\n            next: s1")
    assert "scenario 'q2' loops: s1 -> s1" in diagnose(root)


def test_a_citation_supports_the_text_since_the_previous_one_in_a_dense_paragraph():
    from builder.markdown.inline import citing_sentence

    src = " ".join(f"Fact {i} [@doc:{i}]" for i in range(1, 2001)) + " Last 7 [@doc:1]"
    assert citing_sentence(src, src.rindex("[@")) == "Last 7"
    assert citing_sentence("One 5. Two 6 [@a:1] [@b:2]", 20) == ""
    assert citing_sentence("Open [@x no close. Then 9 [@a:1]", 26) == "Then 9"


if __name__ == "__main__":
    regenerate(FIXTURES / "errors.md")


def test_a_missing_modules_folder_is_one_error_not_one_more_for_each_module_named(tmp_path):
    # Every module course.yml lists, every quiz's use and every objective would be missing too: they
    # are all in the folder, which is the one thing to mend.
    import shutil

    root = make_course(tmp_path)
    shutil.rmtree(root / "modules")
    assert diagnose(root) == ("modules: the modules/ folder does not exist; create modules/ with one .md file per "
                              "module [file.missing]")
