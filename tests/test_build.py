"""Build discipline: nothing is written when the sources have errors, a failed build leaves the
previous output untouched, outputs never overlap the sources, and two builds are byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.build import build, publish
from builder.errors import CourseError
from fixtures_reader import apply_changes, make_course


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_dist_as_it_was(tmp_path):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    before = tree_digest(dist)
    assert before
    apply_changes(root, "=== quizzes/01-intro.yml ~ type: single => type: singel")
    with pytest.raises(CourseError):
        build(root, dist, ["html"])
    assert tree_digest(dist) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_a_build_that_fails_while_writing_leaves_dist_as_it_was(tmp_path, monkeypatch):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    before = tree_digest(dist)

    def explode(course, out, options):
        (out / "half-written.txt").write_text("partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr("builder.build.target_builder", lambda name: explode)
    with pytest.raises(RuntimeError):
        build(root, dist, ["html"])
    assert tree_digest(dist) == before


def test_two_builds_are_byte_identical(tmp_path):
    root = make_course(tmp_path)
    build(root, tmp_path / "one", ["html"])
    build(root, tmp_path / "two", ["html"])
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert one and one == two


def test_other_outputs_in_dist_are_kept(tmp_path):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "keep.zip").write_bytes(b"previous package")
    build(root, dist, ["html"])
    assert (dist / "keep.zip").read_bytes() == b"previous package"


@pytest.mark.parametrize("out", [".", "course", "modules", "quizzes"])
def test_output_may_not_overlap_the_sources(tmp_path, out):
    root = make_course(tmp_path)
    with pytest.raises(CourseError) as raised:
        build(root, root / out, ["html"])
    assert "overlaps the course sources" in raised.value.diagnostics[0].message


def test_publish_replaces_entries_and_leaves_the_rest(tmp_path):
    staging, out = tmp_path / "staging", tmp_path / "out"
    (staging / "site").mkdir(parents=True)
    (staging / "site" / "index.html").write_text("new")
    (out / "site").mkdir(parents=True)
    (out / "site" / "stale.html").write_text("old")
    (out / "other.zip").write_text("zip")
    publish(staging, out)
    assert tree_digest(out).keys() == {"site/index.html", "other.zip"}


def test_site_pages_share_the_course_data_and_carry_only_their_own(tmp_path):
    import json
    import re

    from builder.build import get_course
    from builder.errors import Diagnostics

    sample = Path(__file__).resolve().parents[1] / "builder" / "sample"
    build(sample, tmp_path / "dist", ["html"])
    site = tmp_path / "dist" / "site"
    script = (site / "runtime" / "course-data.js").read_text()
    assert script.startswith("window.COURSE_DATA=") and script.endswith(";\n")
    shared = json.loads(script[len("window.COURSE_DATA="):-2])
    assert [p["id"] for p in shared["pages"]] == ["index", "01-listening", "02-questions", "final", "glossary"]
    assert "questions" not in shared
    page = (site / "02-questions.html").read_text()
    own = json.loads(re.search(r'<script type="application/json" id="course-data">(.*?)</script>', page).group(1))
    assert own["page"] == "02-questions" and "pages" not in own
    course = get_course(sample, Diagnostics())
    assert sorted(own["questions"]) == sorted(q.id for q in course.quizzes["q-questions"].bank)
    assert page.index('src="runtime/course-data.js"') < page.index('src="runtime/course.js"')
