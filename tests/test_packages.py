"""SCORM packages and the site as files: manifests valid and pinned, zips complete, static, deterministic."""

from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build
from builder.errors import CourseError
from builder.i18n import translator
from builder.runtime_data import SUSPEND_DATA_LIMIT_12, worst_case_state, worst_case_suspend_size
from builder.targets import BuildOptions
from builder.targets.scorm_package import FORBIDDEN_SUFFIXES
from scorm_xsd import SCHEMAS, validation_errors

SAMPLE = Path(__file__).resolve().parents[1] / "builder" / "sample"
REPO = Path(__file__).resolve().parents[1]
VARIANTS = [
    ("scorm12", "single", "4th", "1.2"),
    ("scorm12", "per-module", "4th", "1.2"),
    ("scorm2004", "single", "4th", "2004-4th"),
    ("scorm2004", "per-module", "4th", "2004-4th"),
    ("scorm2004", "single", "3rd", "2004-3rd"),
    ("scorm2004", "per-module", "3rd", "2004-3rd"),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    built = {}
    for kind, sco, edition, _ in VARIANTS:
        out = tmp_path_factory.mktemp(f"{kind}-{sco}-{edition}")
        build(SAMPLE, out, [kind], BuildOptions(scorm2004_edition=edition, sco=sco))
        built[(kind, sco, edition)] = next(out.glob("*.zip"))
    return built


def manifest_of(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read("imsmanifest.xml")


@pytest.mark.parametrize("kind,sco,edition,version", VARIANTS)
def test_manifest_is_valid_against_the_official_schemas(packages, kind, sco, edition, version):
    assert SCHEMAS.is_dir(), f"the SCORM schemas are missing from {SCHEMAS}"
    assert validation_errors(manifest_of(packages[(kind, sco, edition)]), version) == []


@pytest.mark.parametrize("kind,sco,edition,version", VARIANTS)
def test_manifest_matches_its_golden_file(packages, file_regression, kind, sco, edition, version):
    file_regression.check(manifest_of(packages[(kind, sco, edition)]).decode(), basename=f"manifest-{kind}-{sco}-{edition}", extension=".xml")


@pytest.mark.parametrize("kind,sco,edition,version", VARIANTS)
def test_zip_holds_exactly_the_files_the_manifest_lists_and_only_static_ones(packages, kind, sco, edition, version):
    with zipfile.ZipFile(packages[(kind, sco, edition)]) as archive:
        names = set(archive.namelist())
    listed = {f.get("href") for f in etree.fromstring(manifest_of(packages[(kind, sco, edition)])).iter("{*}file")}
    assert names - {"imsmanifest.xml"} == listed
    assert not [n for n in names if n.endswith(FORBIDDEN_SUFFIXES)]


def test_packages_are_byte_identical_across_builds(tmp_path):
    for name in ("one", "two"):
        build(SAMPLE, tmp_path / name, ["scorm12", "scorm2004", "single"])
    for package in (tmp_path / "one").iterdir():
        assert package.read_bytes() == (tmp_path / "two" / package.name).read_bytes(), package.name


def test_schemas_folder_ships_the_xsds_at_the_package_root(tmp_path):
    build(SAMPLE, tmp_path, ["scorm2004", "scorm12"], BuildOptions(schemas_dir=SCHEMAS / "scorm2004-4th"))
    with zipfile.ZipFile(next(tmp_path.glob("*-scorm2004.zip"))) as archive:
        assert {"imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd"} <= set(archive.namelist())
    build(SAMPLE, tmp_path / "12", ["scorm12"], BuildOptions(schemas_dir=SCHEMAS / "scorm12"))
    with zipfile.ZipFile(next((tmp_path / "12").glob("*.zip"))) as archive:
        assert "imscp_rootv1p1p2.xsd" in archive.namelist()


def test_worst_case_state_counts_every_quiz_and_page():
    from builder.build import get_course
    from builder.errors import Diagnostics
    course = get_course(SAMPLE, Diagnostics())
    state = worst_case_state(course)
    assert len(state["q"]) == len(course.ordered_quizzes())
    assert len(state["q"]["2"]["r"]) == course.final_quiz.draw_count
    assert worst_case_suspend_size(course) == len(json.dumps(state, ensure_ascii=False, separators=(",", ":")))


def many_module_course(root: Path, modules: int) -> Path:
    """A valid course of `modules` one-paragraph modules, each ending in a one-question quiz."""
    for folder in ("course", "modules", "quizzes"):
        (root / folder).mkdir(parents=True)
    ids = [f"m{i:03d}" for i in range(modules)]
    (root / "course" / "course.yml").write_text(
        "id: big\ntitle: Большой курс\nversion: 1.0.0\ngovernance: {owner: О, reviewer: Р, last_review: 2026-01-01, review_by: 2027-01-01}\n"
        f"modules: [{', '.join(ids)}]\n", encoding="utf-8")
    for i, mid in enumerate(ids):
        (root / "modules" / f"{mid}.md").write_text(
            f"---\nid: {mid}\ntitle: Модуль {i}\nsummary: Кратко.\nminutes: 1\nquiz: q-{mid}\n"
            f"objectives:\n  - id: {mid}-o\n    text: Знать.\n---\n\nТекст модуля {i}.\n", encoding="utf-8")
        (root / "quizzes" / f"{mid}.yml").write_text(
            f"id: q-{mid}\ntitle: Тест {i}\nquestions:\n  - id: {mid}-q\n    type: fill_in\n    objective: {mid}-o\n"
            "    prompt: Слово?\n    answers: [слово]\n", encoding="utf-8")
    return root


def test_a_course_too_big_for_one_scorm12_sco_is_refused_and_fits_with_one_sco_per_module(tmp_path):
    # 300 finished quizzes compact to about 16 characters each: more than 4096 in one SCO,
    # while each SCO of a per-module package saves only its own quiz.
    root = many_module_course(tmp_path / "big", 300)
    with pytest.raises(CourseError) as raised:
        build(root, tmp_path / "dist", ["scorm12"])
    assert raised.value.diagnostics[0].code == "build.budget"
    assert "--sco per-module" in raised.value.diagnostics[0].hint
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())
    build(root, tmp_path / "dist", ["scorm12"], BuildOptions(sco="per-module"))
    assert (tmp_path / "dist" / "big-1.0.0-scorm12.zip").is_file()


def test_a_quiz_too_big_for_scorm2004_suspend_data_is_refused(tmp_path):
    # 1,500 typed answers of up to 40 characters each: more than the 64,000 every 2004 LMS keeps.
    root = many_module_course(tmp_path / "big", 1)
    questions = "".join(f"  - id: q{i}\n    type: fill_in\n    objective: m000-o\n    prompt: Слово?\n    answers: [слово]\n" for i in range(1500))
    (root / "quizzes" / "m000.yml").write_text(f"id: q-m000\ntitle: Тест\nquestions:\n{questions}", encoding="utf-8")
    for sco in ("single", "per-module"):
        with pytest.raises(CourseError) as raised:
            build(root, tmp_path / "dist", ["scorm2004"], BuildOptions(sco=sco))
        assert raised.value.diagnostics[0].code == "build.budget"
        assert "SCORM 2004's suspend_data holds (64000)" in raised.value.diagnostics[0].message


def test_the_bundled_course_fits_scorm12_suspend_data_with_room_to_grow():
    from builder.build import get_course
    from builder.errors import Diagnostics
    diags = Diagnostics()
    course = get_course(REPO, diags)
    assert course is not None and not diags.errors
    # What the runtime writes at worst: the whole state while it fits, else the compacted state
    # (finished quizzes as "attempts.best.passed"); either way it must fit.
    assert worst_case_suspend_size(course, SUSPEND_DATA_LIMIT_12) <= SUSPEND_DATA_LIMIT_12
    # Room to grow: the compacted state, which the runtime falls back to once the whole state no longer
    # fits (a limit of 0 forces it), leaves half the limit free. The whole state alone may come close to
    # the limit without harm: the course then compacts instead of failing.
    assert worst_case_suspend_size(course, 0) <= SUSPEND_DATA_LIMIT_12 // 2


@pytest.mark.parametrize("n,ru", [(1, "1 вопрос"), (2, "2 вопроса"), (5, "5 вопросов"), (11, "11 вопросов"), (21, "21 вопрос"), (22, "22 вопроса"), (112, "112 вопросов")])
def test_russian_plurals(n, ru):
    _, plural = translator("ru")
    assert plural(n, "questions") == ru


def test_english_plurals():
    _, plural = translator("en")
    assert (plural(1, "questions"), plural(2, "questions")) == ("1 question", "2 questions")


def test_site_pages_carry_a_strict_csp_and_no_outside_urls(tmp_path):
    build(SAMPLE, tmp_path, ["html", "single"])
    for page in list((tmp_path / "site").glob("*.html")) + list(tmp_path.glob("*.html")):
        text = html.unescape(page.read_text())
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, page.name
