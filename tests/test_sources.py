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
