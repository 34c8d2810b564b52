"""Bad input gets a located, actionable message: one case per defect, exact expected lines.

Regenerate the expected lines after a deliberate change of wording with
`COURSE_REGEN=1 pytest tests/test_errors.py` and review the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from builder.build import get_course
from builder.errors import Diagnostics
from fixtures_reader import FIXTURES, make_course, read_cases

CASES = read_cases(FIXTURES / "errors.md")


def diagnose(root) -> str:
    """Every diagnostic of loading, validating and rendering the course at `root`."""
    diags = Diagnostics()
    get_course(root, diags)
    return "\n".join(d.format() for d in diags.sorted())


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_error_message(case, tmp_path):
    root = make_course(tmp_path, case.input)
    output = diagnose(root)
    if os.environ.get("COURSE_REGEN"):
        pytest.skip("regenerating")
    assert output == case.expected, f"{FIXTURES / 'errors.md'}:{case.line}: {case.title}"


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_every_message_says_where_what_and_how(case):
    for line in case.expected.split("\n"):
        match = re.match(r"^(?P<path>[\w./-]+)(:\d+(:\d+)?)?: (warning: )?(?P<message>.+) \[(?P<code>[a-z.-]+)\]$", line)
        assert match, f"{case.title}: malformed line {line!r}"
        assert "; " in match["message"] or "did you mean" in match["message"], f"{case.title}: no hint in {line!r}"


def test_base_course_is_clean(tmp_path):
    assert diagnose(make_course(tmp_path)) == ""


def regenerate():
    """Rewrite errors.md with the current output as expected lines."""
    import tempfile
    from pathlib import Path

    path = FIXTURES / "errors.md"
    blocks = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            output = diagnose(make_course(Path(tmp), case.input))
        blocks.append(f"{case.title}\n.\n{case.input}\n.\n{output}\n.\n")
    path.write_text("".join(blocks), encoding="utf-8")


if __name__ == "__main__":
    regenerate()


def test_a_yaml_problem_is_reported_on_every_load_not_only_the_first():
    from builder.errors import Diagnostics
    from builder.yamlload import load_yaml

    text = "id: a\nid: b\n"
    for _ in range(2):
        diags = Diagnostics()
        load_yaml(text, "quizzes/x.yml", diags)
        assert [d.code for d in diags.errors] == ["yaml.duplicate-key"]
        assert diags.errors[0].loc.line == 2
