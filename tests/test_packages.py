"""SCORM packages and the site as files: manifests valid and pinned, zips complete, static, deterministic."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from builder.build import build, get_course
from builder.errors import CourseError, Diagnostic, Diagnostics
from builder.i18n import translator
from builder.limits import RESENT_FIELD_LIMIT
from builder.runtime_data import (
    FINAL_SAVE_LIMIT, SUSPEND_DATA_LIMIT_12, compact_size, compacted_state, final_save_reserve, worst_case_state, worst_case_suspend_size)
from builder.targets import BuildOptions
from builder.targets.scorm_package import FORBIDDEN_SUFFIXES, SCALAR_FIELDS, full_pass_fields
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


def first_error(raised: pytest.ExceptionInfo) -> Diagnostic:
    """The first error of a refused build (its warnings come with it: everything is checked before writing)."""
    return next(d for d in raised.value.diagnostics if d.severity == "error")


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
    manifest = etree.fromstring(manifest_of(packages[(kind, sco, edition)]))
    listed = {unquote(f.get("href")) for f in manifest.iter("{*}file")}
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
    # A quiz that holds a scenario may keep one begun (`p`): its wrapper counts; compacted, it goes.
    with_scenario = {key for key, quiz in enumerate(course.ordered_quizzes()) if any(q.type == "scenario" for q in quiz.bank)}
    assert with_scenario and {int(key) for key, part in state["q"].items() if "p" in part} == with_scenario
    assert not [part for part in compacted_state(state)["q"].values() if "p" in part and part["r"] == {}]
    # Whether the figure bounds what the runtime really writes is checked in the test LMS
    # (tests/browser/test_lms.py compares it with the suspend_data the LMS stored).
    # The learner record keeps the layout it refers to: every module's in one SCO, its own per module
    # (the whole course's made a 1000-module course's per-module SCOs too large for SCORM 1.2).
    whole, own = (worst_case_state(course, per)["n"].split(".")[6] for per in (False, True))
    assert whole.count("-") == len(course.modules) - 1 and "-" not in own and own in whole.split("-")


def test_pages_ship_no_plain_copy_of_the_texts_they_show_but_the_quiz_identity_still_counts_them(tmp_path):
    """A prompt or option edited is another question (saved answers are not replayed onto it), though
    the runtime data no longer carries the plain texts the page shows."""
    from builder.runtime_data import course_data, quiz_identity
    course = get_course(SAMPLE, Diagnostics())
    shipped = course_data(course)["questions"]
    assert not [qid for qid, q in shipped.items() if "txt" in q or any("txt" in o for o in q.get("o", []))]
    quiz = course.quizzes["q-listening"]
    before = quiz_identity(quiz)
    root = tmp_path / "edited"
    shutil.copytree(SAMPLE, root)
    path = root / "quizzes" / "01-listening.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("text: Сразу даёт совет.", "text: Сразу даёт совет врача."),
                    encoding="utf-8")
    edited = get_course(root, Diagnostics())
    assert quiz_identity(edited.quizzes["q-listening"])[:3] == before[:3]
    assert quiz_identity(edited.quizzes["q-listening"])[3:] != before[3:]


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
    assert first_error(raised).code == "build.budget"
    assert "--sco per-module" in first_error(raised).hint
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
        assert first_error(raised).code == "build.budget"
        assert "SCORM 2004's suspend_data holds (64000)" in first_error(raised).message


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


def test_every_inline_script_and_style_is_allowed_by_its_page_s_csp_and_nothing_more(tmp_path):
    # The boot script runs in every page's head (templates/runtime/boot.js); the one-file edition
    # inlines the runtime too. A browser refuses an inline script whose SHA-256 the CSP does not
    # name: the page would then lay out every hidden page while it is parsed, or not run at all.
    build(SAMPLE, tmp_path, ["html", "scorm12", "scorm2004", "single"])
    build(SAMPLE, tmp_path / "per-module", ["scorm12"], BuildOptions(sco="per-module"))
    pages = [p.read_text() for p in sorted((tmp_path / "site").glob("*.html")) + sorted(tmp_path.glob("*.html"))]
    for package in sorted(tmp_path.glob("*-scorm*.zip")) + sorted((tmp_path / "per-module").glob("*.zip")):
        with zipfile.ZipFile(package) as archive:
            pages += [archive.read(name).decode() for name in archive.namelist() if name.endswith(".html")]
    assert len(pages) >= 12
    for text in pages:
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        allowed = {part for directive in html.unescape(policy).split(";") for part in directive.split()[1:]}
        inline = [m.group(1) for m in re.finditer(r"<(?:script|style)>(.*?)</(?:script|style)>", text, re.S)]
        hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'" for code in inline}
        assert any("booting" in code for code in inline)
        assert hashes <= allowed
        assert {a for a in allowed if a.startswith("'sha256-")} == hashes, "a hash allows a script the page no longer has"


IMSSS = "{http://www.imsglobal.org/xsd/imsss}"


@pytest.mark.parametrize("kind,sco,edition,version", VARIANTS)
def test_manifests_import_in_moodle_and_never_let_the_lms_pass_a_learner_on_a_score(packages, kind, sco, edition, version):
    # Moodle 4.5 cannot import a manifest holding imsss:mapInfo (PHP 8 crash in scorm_get_manifest);
    # another LMS refuses a resource without href; a 1.2 masteryscore makes the LMS pass a learner
    # whose score meets it, whatever the course's completion rule says.
    root = etree.fromstring(manifest_of(packages[(kind, sco, edition)]))
    assert not list(root.iter(f"{IMSSS}mapInfo"))
    assert all(r.get("href") for r in root.iter("{*}resource"))
    assert not list(root.iter("{*}masteryscore"))


def test_prerequisites_disable_a_module_while_the_previous_one_is_unknown_or_unsatisfied(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(SAMPLE, course_dir)
    yml = course_dir / "course" / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "scorm: {prerequisites: true}\n", encoding="utf-8")
    build(course_dir, tmp_path / "dist", ["scorm2004"], BuildOptions(sco="per-module"))
    root = etree.fromstring(manifest_of(next((tmp_path / "dist").glob("*.zip"))))
    items = list(root.iter("{*}item"))
    first, second = items[0], items[1]
    conditions = [(c.get("operator"), c.get("condition")) for c in second.iter(f"{IMSSS}ruleCondition")]
    assert conditions == [("not", "objectiveStatusKnown"), ("not", "satisfied")]
    assert [m.get("writeSatisfiedStatus") for m in first.iter(f"{IMSSS}mapInfo")] == ["true"]
    assert not list(items[-1].iter(f"{IMSSS}primaryObjective"))[0].findall(f"{IMSSS}mapInfo"), "nobody reads the last SCO's status"
    assert validation_errors(manifest_of(next((tmp_path / "dist").glob("*.zip"))), "2004-4th") == []


def test_the_build_prints_suspend_data_and_final_save_budgets_per_package(tmp_path):
    # A handler of our own: the CLI's set-up (other tests) may stop "course" propagating to caplog.
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = logging.getLogger("course")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # setLevel, not .level =: it clears the logger's enabled-for cache
    try:
        build(SAMPLE, tmp_path, ["scorm12", "scorm2004"])
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = [r.getMessage() for r in records]
    assert any(line.startswith("SCORM 1.2 suspend_data: the runtime writes at most") for line in lines), lines
    final_2004 = next(line for line in lines if line.startswith("SCORM 2004 final save: at most"))
    assert "answers are committed before" in final_2004
    assert any(line.startswith("SCORM 1.2 final save: at most") for line in lines)
    resent = next(line for line in lines if line.startswith("SCORM 2004 resent record: a full pass takes at most "))
    assert int(resent.split("at most ")[1].split(" of ")[0]) == full_pass_fields(get_course(SAMPLE, Diagnostics()))
    assert " of 4990 fields" in resent


def test_the_runtime_s_resent_record_budget_is_the_builder_s():
    scorm = (Path(__file__).resolve().parents[1] / "templates" / "runtime" / "scorm.js").read_text(encoding="utf-8")
    assert f"var FIELD_LIMIT = {RESENT_FIELD_LIMIT};" in scorm
    assert f"var SCALAR_FIELDS = {SCALAR_FIELDS};" in scorm


def test_a_full_pass_of_the_bundled_course_fits_what_moodle_reads_of_a_resent_record():
    # 196 answers, 63 objectives: Moodle 4.5.6 stored 1,791 rows for that pass (README).
    course = get_course(REPO, Diagnostics())
    assert 1791 <= full_pass_fields(course) <= RESENT_FIELD_LIMIT
    assert full_pass_fields(course, per_module=True) < full_pass_fields(course)


def test_a_course_whose_final_save_cannot_fit_is_refused(tmp_path):
    # One module whose quiz keeps 1,200 typed Cyrillic answers: the state alone is over 60 KB of
    # final save, which Chromium's beacon would refuse at page exit.
    root = many_module_course(tmp_path / "big", 1)
    questions = "".join(f"  - id: q{i}\n    type: fill_in\n    objective: m000-o\n    prompt: Слово?\n    answers: [слово]\n" for i in range(1200))
    (root / "quizzes" / "m000.yml").write_text(f"id: q-m000\ntitle: Тест\nquestions:\n{questions}", encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        build(root, tmp_path / "dist", ["scorm2004"])
    assert first_error(raised).code == "build.final_save"
    assert final_save_reserve(get_course(root, Diagnostics()), "scorm2004") > FINAL_SAVE_LIMIT


def test_a_folder_of_several_editions_ships_each_package_its_own_edition_with_every_included_file(tmp_path):
    build(SAMPLE, tmp_path / "4th", ["scorm2004", "scorm12"], BuildOptions(schemas_dir=SCHEMAS))
    build(SAMPLE, tmp_path / "3rd", ["scorm2004"], BuildOptions(schemas_dir=SCHEMAS, scorm2004_edition="3rd"))
    # (the 3rd edition's file is named so: an administrator tells it from the 4th's; the same identifier)
    assert [p.name for p in (tmp_path / "3rd").glob("*.zip")] == ["sample-course-0.1.0-scorm2004-3rd.zip"]
    identifiers = [re.search(rb'<manifest[^>]* identifier="([^"]+)"', zipfile.ZipFile(zip_path).read("imsmanifest.xml"))[1]
                   for zip_path in (next((tmp_path / e).glob("*-scorm2004*.zip")) for e in ("4th", "3rd"))]
    assert identifiers[0] == identifiers[1], "an LMS that has the package keeps its records on a republish"
    for edition in ("4th", "3rd"):
        with zipfile.ZipFile(next((tmp_path / edition).glob("*-scorm2004*.zip"))) as archive:
            names = set(archive.namelist())
            for name in ("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "lom.xsd"):
                assert archive.read(name) == (SCHEMAS / f"scorm2004-{edition}" / name).read_bytes(), (edition, name)
        assert {"common/anyElement.xsd", "common/dataTypes.xsd", "vocab/strict.xsd", "unique/strict.xsd", "extend/strict.xsd"} <= names
        assert ("lomStrict.xsd" in names) == (edition == "4th")
    with zipfile.ZipFile(next((tmp_path / "4th").glob("*-scorm12.zip"))) as archive:
        assert archive.read("imscp_rootv1p1p2.xsd") == (SCHEMAS / "scorm12" / "imscp_rootv1p1p2.xsd").read_bytes()


def test_the_course_schemas_setting_is_read_from_the_course_folder_and_a_missing_one_is_an_error(tmp_path, monkeypatch):
    course_dir = tmp_path / "course"
    shutil.copytree(SAMPLE, course_dir)
    shutil.copytree(SCHEMAS / "scorm12", course_dir / "xsd")
    yml = course_dir / "course" / "course.yml"
    original = yml.read_text(encoding="utf-8")
    yml.write_text(original + "scorm: {schemas: xsd}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    build(course_dir, tmp_path / "dist", ["scorm12"])
    with zipfile.ZipFile(next((tmp_path / "dist").glob("*.zip"))) as archive:
        assert "adlcp_rootv1p2.xsd" in archive.namelist()
    yml.write_text(original + "scorm: {schemas: nowhere}\n", encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        build(course_dir, tmp_path / "dist2", ["scorm12"])
    assert "nowhere" in raised.value.diagnostics[0].message and raised.value.diagnostics[0].loc.path


def schemas_setting(tmp_path, folder: str) -> Path:
    """A copy of the sample course whose course.yml names `folder` as its SCORM schemas."""
    course_dir = tmp_path / "course"
    shutil.copytree(SAMPLE, course_dir)
    yml = course_dir / "course" / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + f"scorm: {{schemas: {folder}}}\n", encoding="utf-8")
    return course_dir


def test_a_schemas_folder_ships_only_schemas_never_a_page_of_its_own_or_a_file_it_links_to(tmp_path):
    # An XSD that "included" index.html and runtime/course.js put the author's files over the package's
    # launch page and runtime; a link named as an XSD shipped the file it pointed at (/etc/hostname).
    course_dir = schemas_setting(tmp_path, "xsd")
    xsd = course_dir / "xsd"
    xsd.mkdir()
    (xsd / "imscp_rootv1p1p2.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="index.html"/>'
        '<xs:include schemaLocation="runtime/course.js"/></xs:schema>')
    (xsd / "index.html").write_text("<script>document.title='PWNED'</script>")
    (xsd / "runtime").mkdir()
    (xsd / "runtime" / "course.js").write_text("document.title='PWNED'")
    build(course_dir, tmp_path / "dist", ["scorm12"])
    with zipfile.ZipFile(next((tmp_path / "dist").glob("*.zip"))) as archive:
        assert b"PWNED" not in archive.read("index.html") and b"PWNED" not in archive.read("runtime/course.js")
        assert "imscp_rootv1p1p2.xsd" in archive.namelist()
    outside = tmp_path / "hostname"
    outside.write_text("secret-host\n")
    (xsd / "adlcp_rootv1p2.xsd").symlink_to(outside)
    with pytest.raises(CourseError) as raised:
        build(course_dir, tmp_path / "dist2", ["scorm12"])
    assert "adlcp_rootv1p2.xsd" in raised.value.diagnostics[0].message
    assert "outside" in raised.value.diagnostics[0].message


def test_a_schemas_folder_outside_the_course_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(CourseError) as raised:
        build(schemas_setting(tmp_path, "../elsewhere"), tmp_path / "dist", ["scorm12"])
    assert raised.value.diagnostics[0].code == "path.outside"


@pytest.mark.parametrize("kind,version", [("scorm12", "1.2"), ("scorm2004", "2004-4th")])
def test_a_file_name_with_cyrillic_letters_and_a_space_is_listed_as_a_url(sample_copy, tmp_path, kind, version):
    # A manifest's file href is a URL: `assets/схема 1.svg` is written `assets/%D1%81…%201.svg`.
    (sample_copy / "course" / "assets" / "схема 1.svg").write_bytes(
        (sample_copy / "course" / "assets" / "listening.svg").read_bytes())
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n\n![Схема](<assets/схема 1.svg>)\n", encoding="utf-8")
    build(sample_copy, tmp_path / "out", [kind])
    package = next((tmp_path / "out").glob("*.zip"))
    manifest = manifest_of(package)
    assert validation_errors(manifest, version) == []
    hrefs = [f.get("href") for f in etree.fromstring(manifest).iter("{*}file")]
    assert "assets/%D1%81%D1%85%D0%B5%D0%BC%D0%B0%201.svg" in hrefs
    with zipfile.ZipFile(package) as archive:
        assert "assets/схема 1.svg" in archive.namelist()
